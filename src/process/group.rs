//! Process groups: kill one and wait until it is gone. The lowest layer: both the signal
//! watcher ([`super::interrupt`]) and the children ([`super::Running`]) use it.

use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::sys::wait::{WaitPidFlag, waitpid};
use nix::unistd::Pid;

/// Sends SIGKILL to every process of the group; a group already gone is not an error.
pub fn kill_group(pgid: i32) {
    let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
}

/// Kills the group and waits (up to `limit`) until none of it is left, reaping the members
/// that are this process's children: used on Ctrl-C, just before exiting.
pub fn kill_group_and_wait(pgid: i32, limit: Duration) {
    kill_group(pgid);
    let deadline = Instant::now() + limit;
    while group_alive(pgid) && Instant::now() < deadline {
        let _ = waitpid(Pid::from_raw(-pgid), Some(WaitPidFlag::WNOHANG));
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// True while any process of the group is alive.
pub(crate) fn group_alive(pgid: i32) -> bool {
    killpg(Pid::from_raw(pgid), None).is_ok()
}
