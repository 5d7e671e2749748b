//! Child processes in their own process group, so that a whole tree can be stopped.

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Sends SIGKILL to every process of the group; a group already gone is not an error.
pub fn kill_group(pgid: i32) {
    let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
}
