//! Child processes in their own process group, so that a whole tree (a shell, npm, the
//! server it starts) can be stopped at once: on timeout, on failure, on drop and on Ctrl-C.

use std::fs::File;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};

use nix::unistd::Pid;

pub mod group;
pub mod interrupt;

use group::{group_alive, kill_group};

/// A shell command line running in its own process group, its output going to a log file.
pub struct Running {
    child: Child,
    pgid: i32,
    stopped: bool,
}

impl Running {
    /// Starts `sh -c LINE` in `dir` with `env` added, stdout and stderr appended to `log`.
    pub fn spawn(
        line: &str,
        dir: &Path,
        env: &[(String, String)],
        log: &Path,
    ) -> io::Result<Running> {
        let out = File::options().create(true).append(true).open(log)?;
        let err = out.try_clone()?;
        let child = interrupt::spawn_group(|| {
            Command::new("sh")
                .arg("-c")
                .arg(line)
                .current_dir(dir)
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .process_group(0)
                .spawn()
        })?;
        let pgid = i32::try_from(child.id()).unwrap_or(i32::MAX);
        Ok(Running {
            child,
            pgid,
            stopped: false,
        })
    }

    /// The process group id: the shell's pid, shared by everything it starts.
    pub fn pgid(&self) -> i32 {
        self.pgid
    }

    /// The exit status if the shell has ended.
    pub fn try_status(&mut self) -> io::Result<Option<ExitStatus>> {
        self.child.try_wait()
    }

    /// Waits up to `limit` for the shell to end; `None` when it is still running.
    pub fn wait_for(&mut self, limit: Duration) -> io::Result<Option<ExitStatus>> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Ok(Some(status));
            }
            if start.elapsed() >= limit {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the whole group: SIGTERM, up to five seconds' grace, then SIGKILL.
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        let _ = killpg(Pid::from_raw(self.pgid), Signal::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        while group_alive(self.pgid) && Instant::now() < deadline {
            let _ = self.child.try_wait();
            std::thread::sleep(Duration::from_millis(50));
        }
        kill_group(self.pgid);
        let _ = self.child.wait();
        while group_alive(self.pgid) && Instant::now() < deadline + Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(20));
        }
        interrupt::unregister_group(self.pgid);
        self.stopped = true;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How a command that was run to completion ended.
pub enum Ended {
    Exited(ExitStatus),
    TimedOut,
}

/// Runs a command line to its end, or stops it after `limit`.
pub fn run(
    line: &str,
    dir: &Path,
    env: &[(String, String)],
    log: &Path,
    limit: Duration,
) -> io::Result<Ended> {
    let mut running = Running::spawn(line, dir, env, log)?;
    let ended = match running.wait_for(limit)? {
        Some(status) => Ended::Exited(status),
        None => Ended::TimedOut,
    };
    running.stop();
    Ok(ended)
}

/// True when `program` is an executable file in one of PATH's directories.
pub fn on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::metadata(dir.join(program))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_ends_the_whole_group() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("log");
        let mut r =
            Running::spawn("sleep 30 & sleep 30 & wait", dir.path(), &[], &log).expect("spawn");
        let pgid = r.pgid;
        assert!(group_alive(pgid));
        r.stop();
        assert!(!group_alive(pgid));
    }

    #[test]
    fn run_reports_exit_and_timeout() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("log");
        let env = [("GREETING".to_string(), "hi".to_string())];
        match run(
            "echo $GREETING; exit 3",
            dir.path(),
            &env,
            &log,
            Duration::from_secs(5),
        )
        .expect("runs")
        {
            Ended::Exited(s) => assert_eq!(s.code(), Some(3)),
            Ended::TimedOut => panic!("timed out"),
        }
        assert_eq!(std::fs::read_to_string(&log).expect("log"), "hi\n");
        assert!(matches!(
            run(
                "sleep 10",
                dir.path(),
                &[],
                &log,
                Duration::from_millis(200)
            )
            .expect("runs"),
            Ended::TimedOut
        ));
        assert!(on_path("sh"));
        assert!(!on_path("no-such-program-here"));
    }
}
