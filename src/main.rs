use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use scaffold::catalog::{Catalog, Template};
use scaffold::cli::{Cli, ColorChoice, Command, NewArgs};
use scaffold::error::Error;
use scaffold::generate::{self, Request};
use scaffold::render::Plan;
use scaffold::{bakeoff, config, git, interrupt, list, prompt, verify, write};

fn main() -> ExitCode {
    interrupt::install();
    let cli = Cli::parse();
    let (color, verbose) = (cli.color, cli.verbose);
    console::set_colors_enabled_stderr(color.enabled(std::io::stderr().is_terminal()));
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let prefix = if color.enabled(std::io::stderr().is_terminal()) {
                "\x1b[1;31merror:\x1b[0m"
            } else {
                "error:"
            };
            eprintln!("{prefix} {e}");
            if verbose {
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    eprintln!("  caused by: {s}");
                    source = s.source();
                }
                eprintln!("  debug: {e:?}");
            }
            let code = if interrupt::interrupted() {
                interrupt::exit_code()
            } else {
                e.exit_code()
            };
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
    }
}

/// Writes to stdout; a closed pipe (`scaffold list | head -1`) ends output quietly.
fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

fn print_plan(plan: &Plan) {
    let lines: String = plan
        .files
        .iter()
        .map(|f| format!("{:>8}  {}\n", f.contents.len(), f.path))
        .collect();
    out(&lines);
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let mut catalog = Catalog::load()?;
    let brought = match &cli.command {
        Command::New(a) => a.template.as_deref(),
        Command::Bakeoff(a) => a.template.as_deref(),
        Command::Verify(a) => a.template.as_deref(),
        _ => None,
    };
    let mut brought_id = None;
    if let Some(dir) = brought {
        let template = Template::from_dir(dir)?;
        brought_id = Some(template.manifest.id.clone());
        catalog = catalog.with(template);
    }
    let quiet = cli.quiet;
    match cli.command {
        Command::List { json } => {
            out(&if json {
                list::json(&catalog) + "\n"
            } else {
                list::table(&catalog)
            });
        }
        Command::New(mut args) => {
            if args.framework.is_none() {
                args.framework = brought_id;
            }
            new(&catalog, &args, quiet, cli.color)?
        }
        Command::Bakeoff(args) => {
            let mut request = Request::from_args(args.name.as_deref(), None, &args.spec)?;
            config::apply_defaults(&mut request)?;
            if request.name.is_none() {
                request.name = Some("bakeoff".into());
            }
            let plan = bakeoff::run(
                &catalog,
                request,
                &args.frameworks,
                &args.dir,
                args.spec.dry_run,
            )?;
            if args.spec.dry_run {
                print_plan(&plan);
            } else if !quiet {
                out(&format!(
                    "Created bake-off at {}; next: scaffold verify {}\n",
                    args.dir.display(),
                    args.dir.display()
                ));
            }
        }
        Command::Verify(args) => {
            let options = verify::Options {
                skip_install: args.skip_install,
                progress: !quiet,
            };
            let reports = verify::run(&args.path, &catalog, options)?;
            if args.json {
                out(&(serde_json::to_string_pretty(&reports).unwrap_or_default() + "\n"));
            } else {
                out(&verify::table(
                    &reports,
                    cli.color.enabled(std::io::stdout().is_terminal()),
                ));
            }
            if !reports.iter().all(|r| r.passed) {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "scaffold", &mut script);
            out(&String::from_utf8_lossy(&script));
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|e| Error::Other(format!("cannot render the man page: {e}")))?;
            out(&String::from_utf8_lossy(&page));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn new(catalog: &Catalog, args: &NewArgs, quiet: bool, color: ColorChoice) -> Result<(), Error> {
    let mut request =
        Request::from_args(args.name.as_deref(), args.framework.as_deref(), &args.spec)?;
    config::apply_defaults(&mut request)?;
    let interactive = prompt::available(args.no_input) && prompt::wanted(&request);
    if interactive {
        prompt::fill(&mut request, catalog)?;
    }
    let dry_run = args.spec.dry_run;
    let created = generate::run(
        catalog,
        request,
        args.output.as_deref(),
        dry_run || interactive,
    )?;
    let shown = created.target.display();
    if dry_run {
        print_plan(&created.plan);
        if !quiet {
            eprintln!(
                "Dry run: {} files would be written to {shown}; nothing was written.",
                created.plan.files.len()
            );
        }
        return Ok(());
    }
    if interactive {
        prompt::confirm(
            &created.spec,
            created.template,
            &created.plan,
            &created.target,
        )?;
        write::write(&created.plan, &created.target)?;
    }
    if args.git {
        if git::available() {
            if let Err(e) = git::init(&created.target) {
                eprintln!("warning: {e}; the project is written, without a git repository");
            }
        } else {
            eprintln!("warning: git is not installed; skipped `--git`");
        }
    }
    if !quiet {
        let m = &created.template.manifest;
        let tty = std::io::stdout().is_terminal();
        let check = if color.enabled(tty) {
            "\x1b[32m✓\x1b[0m "
        } else {
            ""
        };
        let mut text = format!(
            "{check}Created {} ({}) at {shown}\n\nNext steps:\n  cd {shown}\n",
            created.spec.name, m.id
        );
        for step in m.commands.steps() {
            text.push_str(&format!("  {step}\n"));
        }
        text.push_str("\nDevelopment loop:\n");
        for (what, step) in m.commands.loop_steps() {
            text.push_str(&format!("  {step:<40} # {what}\n"));
        }
        out(&text);
    }
    Ok(())
}
