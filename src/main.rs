//! The `scaffold` binary: everything lives in the library; this only hands it the arguments.

fn main() -> std::process::ExitCode {
    scaffold::run(std::env::args_os())
}
