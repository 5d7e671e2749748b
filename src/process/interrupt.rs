//! SIGINT and SIGTERM: nothing half-written stays behind and no child keeps running.
//!
//! A watcher thread receives the signals. Outside a critical section it stops the children
//! `verify` registered and exits at once (130 or 143). Inside one (the write of a project) it
//! only raises a flag; the writer polls it, removes its temporary directory and returns
//! [`crate::error::WriteError::Interrupted`].

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static SIGNAL: AtomicI32 = AtomicI32::new(0);
static CRITICAL: AtomicUsize = AtomicUsize::new(0);
static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Starts the watcher; call once, early in `main`.
pub fn install() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            SIGNAL.store(sig, Ordering::SeqCst);
            INTERRUPTED.store(true, Ordering::SeqCst);
            kill_groups();
            if CRITICAL.load(Ordering::SeqCst) == 0 {
                let _ = console::Term::stderr().show_cursor();
                std::process::exit(exit_code());
            }
        }
    });
}

/// The exit code a process stopped by the received signal reports.
pub fn exit_code() -> i32 {
    128 + SIGNAL.load(Ordering::SeqCst).max(2)
}

/// True once SIGINT or SIGTERM arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// While alive, a signal only raises the flag: the holder cleans up and returns.
pub struct Critical(());

impl Critical {
    pub fn enter() -> Critical {
        CRITICAL.fetch_add(1, Ordering::SeqCst);
        Critical(())
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        CRITICAL.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Starts a child that leads its own process group, with the registry locked: a signal
/// either arrives before (nothing is started) or finds the new group to kill. Without the
/// lock a signal between the spawn and the registration left that child running.
pub fn spawn_group(
    spawn: impl FnOnce() -> std::io::Result<std::process::Child>,
) -> std::io::Result<std::process::Child> {
    let mut groups = GROUPS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if interrupted() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted before the start",
        ));
    }
    let child = spawn()?;
    groups.push(i32::try_from(child.id()).unwrap_or(i32::MAX));
    Ok(child)
}

/// Forgets a process group once it has been stopped.
pub fn unregister_group(pgid: i32) {
    if let Ok(mut g) = GROUPS.lock() {
        g.retain(|p| *p != pgid);
    }
}

fn kill_groups() {
    if let Ok(groups) = GROUPS.lock() {
        for pgid in groups.iter() {
            super::group::kill_group_and_wait(*pgid, std::time::Duration::from_secs(3));
        }
    }
}
