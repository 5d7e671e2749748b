//! The command line: parse it, turn it into requests for the library, print what comes back.
//!
//! `run` is the binary's only call. Everything that knows clap, the terminal or colour lives
//! here; the library below never imports `cli`.

pub mod args;
mod bench_cmd;
pub mod list;
mod output;
pub mod prompt;
mod update_cmd;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::error::Error;
use crate::generate::catalog::{Catalog, Template};
use crate::generate::{self, bakeoff, config, git};
use crate::process::interrupt;
use crate::verify;
use args::{Cli, ColorChoice, Command, NewArgs, TemplateCommand};
use output::{out, print_plan};

/// Runs the command line `args` (the program name first) and returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    interrupt::install();
    let cli = Cli::parse_from(args);
    let (color, verbose) = (cli.color, cli.verbose);
    console::set_colors_enabled_stderr(color.enabled(std::io::stderr().is_terminal()));
    console::set_colors_enabled(color.enabled(std::io::stdout().is_terminal()));
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            output::report(&e, verbose);
            let code = if interrupt::interrupted() {
                interrupt::exit_code()
            } else {
                e.exit_code()
            };
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
    }
}

/// The catalog, with the template a user brought (`--template DIR`) in place of a built-in one.
fn catalog(brought: Option<&std::path::Path>) -> Result<(Catalog, Option<String>), Error> {
    let catalog = Catalog::load()?;
    Ok(match brought {
        Some(dir) => {
            let template = Template::from_dir(dir)?;
            let id = template.manifest.id.clone();
            (catalog.with(template), Some(id))
        }
        None => (catalog, None),
    })
}

fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    let quiet = cli.quiet;
    match cli.command {
        Command::List { json } => {
            let (catalog, _) = catalog(None)?;
            out(&if json {
                list::json(&catalog) + "\n"
            } else {
                list::table(&catalog)
            });
        }
        Command::New(args) => new(&args, quiet, cli.color)?,
        Command::Bakeoff(args) => {
            let (catalog, _) = catalog(args.template.as_deref())?;
            let mut request = args.spec.request(args.name.as_deref(), None)?;
            config::apply_defaults(&mut request)?;
            if request.name.is_none() {
                request.name = Some("bakeoff".into());
            }
            let prepared = bakeoff::prepare(&catalog, request, &args.frameworks, &args.dir)?;
            if args.spec.dry_run {
                print_plan(&prepared.plan);
            } else {
                prepared.write()?;
                if !quiet {
                    out(&format!(
                        "Created bake-off at {}; next: scaffold verify {}\n",
                        args.dir.display(),
                        args.dir.display()
                    ));
                }
            }
        }
        Command::Verify(args) => {
            let (catalog, _) = catalog(args.template.as_deref())?;
            let options = verify::Options {
                skip_install: args.skip_install,
                progress: !quiet,
                fuzz: args.fuzz.clone(),
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
        Command::Bench(args) => return bench_cmd::run(&args, quiet),
        Command::Update(args) => return update_cmd::run(&args, quiet, cli.color),
        Command::Template(TemplateCommand::Check { dir }) => {
            let (template, manifest_problems) = Template::from_dir_unchecked(&dir)?;
            let mut problems: Vec<generate::check::Problem> = manifest_problems
                .into_iter()
                .map(|message| generate::check::Problem {
                    place: "template.toml".into(),
                    message,
                })
                .collect();
            problems.extend(generate::check::check(&template));
            if problems.is_empty() {
                if !quiet {
                    out(&format!(
                        "template `{}` at {}: no problem ({} files, rendered for 3 specs)\n",
                        template.manifest.id,
                        dir.display(),
                        template.files().len()
                    ));
                }
            } else {
                for p in &problems {
                    out(&format!("{}: {}\n", p.place, p.message));
                }
                eprintln!(
                    "{} template `{}` has {} problem(s)",
                    console::style("error:").red().bold().for_stderr(),
                    template.manifest.id,
                    problems.len()
                );
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
                .map_err(Error::Man)?;
            out(&String::from_utf8_lossy(&page));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `new`: request -> (prompts) -> prepared -> print (dry run), confirm (prompts) or write.
fn new(args: &NewArgs, quiet: bool, color: ColorChoice) -> Result<(), Error> {
    let mut request = args
        .spec
        .request(args.name.as_deref(), args.framework.as_deref())?;
    let brought = args
        .template
        .as_deref()
        .map(Template::from_dir)
        .transpose()?;
    if let Some(t) = &brought {
        request.framework = Some(t.manifest.id.clone());
    }
    config::apply_defaults(&mut request)?;
    let interactive = prompt::available(args.no_input) && prompt::wanted(&request);
    // Prompts list every framework; otherwise only the chosen template is read.
    let mut catalog = if interactive {
        Catalog::load()?
    } else {
        Catalog::load_for(
            request
                .framework
                .as_deref()
                .unwrap_or(generate::DEFAULT_FRAMEWORK),
        )?
    };
    if let Some(t) = brought {
        catalog = catalog.with(t);
    }
    if interactive {
        prompt::fill(&mut request, &catalog)?;
    }
    let prepared = generate::prepare(&catalog, request, args.output.as_deref())?;
    let shown = prepared.target.display();
    if args.spec.dry_run {
        print_plan(&prepared.plan);
        if !quiet {
            eprintln!(
                "Dry run: {} files would be written to {shown}; nothing was written.",
                prepared.plan.files.len()
            );
        }
        return Ok(());
    }
    if interactive {
        prompt::confirm(&prepared)?;
    }
    prepared.write()?;
    if args.git {
        if git::available() {
            if let Err(e) = git::init(&prepared.target) {
                eprintln!("warning: {e}; the project is written, without a git repository");
            }
        } else {
            eprintln!("warning: git is not installed; skipped `--git`");
        }
    }
    if !quiet {
        let tty = std::io::stdout().is_terminal();
        out(&output::next_steps(&prepared, color.enabled(tty)));
    }
    Ok(())
}
