use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use scaffold::catalog::Catalog;
use scaffold::cli::{Cli, Command};
use scaffold::error::Error;
use scaffold::generate::{self, Request};
use scaffold::{interrupt, list};

fn main() -> ExitCode {
    interrupt::install();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let prefix = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                "\x1b[1;31merror:\x1b[0m"
            } else {
                "error:"
            };
            eprintln!("{prefix} {e}");
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let catalog = Catalog::load()?;
    match cli.command {
        Command::List { json } => {
            print!("{}", if json { list::json(&catalog) + "\n" } else { list::table(&catalog) });
            Ok(())
        }
        Command::New(args) => {
            let request = Request::from_args(&args)?;
            let created = generate::run(&catalog, request, args.output.as_deref(), args.dry_run)?;
            let shown = created.target.display();
            if args.dry_run {
                for f in &created.plan.files {
                    println!("{:>8}  {}", f.contents.len(), f.path);
                }
                if !cli.quiet {
                    eprintln!("Dry run: {} files would be written to {shown}; nothing was written.", created.plan.files.len());
                }
                return Ok(());
            }
            if !cli.quiet {
                let m = &created.template.manifest;
                println!("Created {} ({}) at {shown}", created.spec.name, m.id);
                println!("\nNext steps:\n  cd {shown}");
                for step in m.commands.steps() {
                    println!("  {step}");
                }
            }
            Ok(())
        }
        Command::Verify(_) => Err(Error::Usage("verify is not available yet".into())),
    }
}
