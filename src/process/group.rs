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

/// True while any process of the group is alive. A member that has exited but not been
/// reaped yet (a zombie, whose parent is init once its own parent died) holds no port and no
/// file, so it does not count: waiting for init to reap it took 2 s per stop on this VM.
pub(crate) fn group_alive(pgid: i32) -> bool {
    if killpg(Pid::from_raw(pgid), None).is_err() {
        return false;
    }
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return true;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .any(|stat| live_member(&stat, pgid))
}

/// Whether a `/proc/PID/stat` line is of a process in group `pgid` that is not a zombie.
/// The command name is in parentheses and may hold spaces or parentheses: the fields are
/// read after the last `)`: state, parent, group.
fn live_member(stat: &str, pgid: i32) -> bool {
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return false;
    };
    let mut fields = rest.split_whitespace();
    let state = fields.next();
    let group = fields.nth(1).and_then(|g| g.parse::<i32>().ok());
    group == Some(pgid) && state != Some("Z") && state != Some("X")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_are_read_after_the_command_name() {
        assert!(live_member("42 (node) S 1 42 42 0 -1", 42));
        assert!(!live_member("42 (node) Z 1 42 42 0 -1", 42));
        assert!(!live_member("42 (node) S 1 43 43 0 -1", 42));
        assert!(live_member("42 (a) b (c)) R 7 42 42 0", 42));
        assert!(!live_member("garbage", 42));
    }
}
