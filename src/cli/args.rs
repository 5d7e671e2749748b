//! The command line, as clap sees it, and the [`Request`] it makes. clap stays in `cli`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::SpecError;
use crate::generate::Request;
use crate::generate::request::read_spec_file;
use crate::generate::spec::Resource;

const EXAMPLES: &str = "\
Examples:
  scaffold new users-api --framework fastapi
  scaffold new shop -f express --resource book=title:string,price:float,published:datetime?
  scaffold new --spec examples/bookstore.toml --framework django --output ./bookstore
  scaffold list --json
  scaffold bakeoff team-bakeoff --spec examples/bookstore.toml
  scaffold verify users-api";

/// Generate real, runnable backend starter projects from one project spec.
#[derive(Debug, Parser)]
#[command(name = "scaffold", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Cli {
    /// Print nothing but errors (progress goes to stderr otherwise).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Explain errors in full (their sources); RUST_BACKTRACE adds backtraces to crashes.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a new starter project.
    #[command(after_help = EXAMPLES)]
    New(NewArgs),
    /// List the frameworks, their versions, verification level and commands.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write one starter per framework from the same spec, side by side.
    Bakeoff(BakeoffArgs),
    /// Install, test, start and check a generated starter (or a folder of starters).
    Verify(VerifyArgs),
    /// Measure starters side by side: req/s, latency, CPU, memory, start-up.
    Bench(BenchArgs),
    /// Re-render starters after a spec or template change, merging in the team's edits.
    #[command(after_help = UPDATE_EXAMPLES)]
    Update(UpdateArgs),
    /// Work on a template directory of your own.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    Man,
}

/// `scaffold template ...`.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Report every problem of a template directory at once: its manifest, every `.hbs` file,
    /// and renders for the example specs and hostile text (rendered JSON and TOML parsed).
    Check {
        /// A folder laid out like `templates/<id>/`: `template.toml` and `files/`.
        dir: PathBuf,
    },
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (or is not) a terminal.
    pub fn enabled(self, tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// The spec's values as flags; they override the spec file.
#[derive(Debug, Args, Default, Clone)]
pub struct SpecArgs {
    /// Read the project spec from a TOML file; flags override it.
    #[arg(short, long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// One-line description of the project.
    #[arg(short, long)]
    pub description: Option<String>,
    /// Author named in package metadata.
    #[arg(long)]
    pub author: Option<String>,
    /// Default port the starter listens on (1-65535).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// A resource and its fields: `user=name:string,email:string,age:int?` (repeatable).
    /// Types: string text int float bool datetime; `?` marks a field optional.
    #[arg(short, long = "resource", value_name = "SPEC")]
    pub resources: Vec<String>,
    /// Print the files that would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args, Default, Clone)]
pub struct NewArgs {
    /// Project name: letters, digits, `-` and `_`, starting with a letter (e.g. users-api).
    pub name: Option<String>,
    /// Framework id or alias (see `scaffold list`); default fastapi.
    #[arg(short, long, value_name = "ID", conflicts_with = "template")]
    pub framework: Option<String>,
    /// Render a template directory (`template.toml` + `files/`) instead of a built-in one.
    #[arg(short, long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Directory to create (default ./NAME); it must not exist or be empty.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Never prompt; missing values take their defaults (a missing NAME is an error).
    #[arg(long)]
    pub no_input: bool,
    /// Initialise a git repository with one commit (skipped with a warning without git).
    #[arg(long)]
    pub git: bool,
}

#[derive(Debug, Args, Clone)]
pub struct BakeoffArgs {
    /// Directory to create, one subfolder per framework.
    #[arg(default_value = "bakeoff")]
    pub dir: PathBuf,
    /// Project name used in every starter (default: the spec file's, else `bakeoff`).
    #[arg(short, long)]
    pub name: Option<String>,
    /// Only these frameworks (repeatable); default all.
    #[arg(short, long = "framework", value_name = "ID")]
    pub frameworks: Vec<String>,
    /// Also use this template directory; it replaces a built-in template with the same id.
    #[arg(short, long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    #[command(flatten)]
    pub spec: SpecArgs,
}

const UPDATE_EXAMPLES: &str = "\
Examples:
  scaffold update users-api --resource invoice=total:float,placed_at:datetime
  scaffold update users-api --resource user=name:string,email:string,age:int?,nickname:string?
  scaffold update users-api --spec new-spec.toml
  scaffold update users-api                  # newer templates, or after editing .scaffold.toml
  scaffold update team --spec examples/bookstore.toml --dry-run --diff

Edited files are merged three ways (the last render, the new render, the file on disk);
overlapping edits are written with conflict markers, listed, and make the exit code 1.
Only additions reach the schema: new resources, new optional fields.";

#[derive(Debug, Args, Clone)]
pub struct UpdateArgs {
    /// A generated starter, or a bake-off folder whose subfolders are starters.
    pub path: PathBuf,
    /// Read spec values from a TOML file; they replace the recorded ones (resources as a whole).
    #[arg(short, long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// New one-line description.
    #[arg(short, long)]
    pub description: Option<String>,
    /// New author.
    #[arg(long)]
    pub author: Option<String>,
    /// New default port (1-65535).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// Add a resource, or redefine the one of that name with all its fields (repeatable):
    /// `invoice=total:float`; fields added to an existing resource must be optional (`?`).
    #[arg(short, long = "resource", value_name = "SPEC")]
    pub resources: Vec<String>,
    /// The template directory the starter was generated from, when it is not a built-in one.
    #[arg(short, long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Show what would change, file by file, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also print a unified diff of every file that changes.
    #[arg(long)]
    pub diff: bool,
    /// Update even when the starter's git working tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,
}

#[derive(Debug, Args, Clone)]
pub struct VerifyArgs {
    /// A generated starter, or a folder whose subfolders are starters.
    pub path: PathBuf,
    /// Print a JSON report instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Skip the install step (dependencies are already installed).
    #[arg(long)]
    pub skip_install: bool,
    /// The template directory the starter was generated from, when it is not a built-in one.
    #[arg(short, long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Also run COMMAND while the server is up, with its address in `SCAFFOLD_URL`
    /// (e.g. `st run $SCAFFOLD_URL/openapi.json --checks all`); it must exit 0.
    #[arg(long, value_name = "COMMAND")]
    pub fuzz: Option<String>,
}

#[derive(Debug, Args, Clone)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub action: Option<BenchAction>,
    /// A generated starter, or a folder whose subfolders are starters (installed by `verify`).
    #[arg(required = true)]
    pub path: Option<PathBuf>,
    /// A first look in minutes: 1 s warm-up, 3 s measured, 1 round, 200 records.
    #[arg(long)]
    pub quick: bool,
    /// Seconds measured per workload (default 6).
    #[arg(long, value_name = "SECS")]
    pub duration: Option<f64>,
    /// Seconds of warm-up before each measured window (default 3).
    #[arg(long, value_name = "SECS")]
    pub warmup: Option<f64>,
    /// Keep-alive connections, one request in flight on each (default 32).
    #[arg(short, long, value_name = "N")]
    pub connections: Option<usize>,
    /// Open loop at this many requests per second (latency from the intended send time);
    /// without it, a closed loop measures capacity.
    /// `auto`: half the slowest starter's capacity, per workload (a calibration round first).
    #[arg(long, value_name = "R")]
    pub rate: Option<crate::bench::Rate>,
    /// Comma-separated: health, read, list, create, mixed (default health,read,mixed).
    #[arg(short, long, value_name = "LIST")]
    pub workloads: Option<String>,
    /// Rounds, the framework order rotated each time (default 7).
    #[arg(long, value_name = "N")]
    pub rounds: Option<usize>,
    /// Records seeded into the database every round starts from (default 1000).
    #[arg(long, value_name = "N")]
    pub records: Option<u64>,
    /// `split`: server on CPU 0, client on CPU 1; `shared`: no pinning.
    #[arg(long, value_enum, default_value_t = BenchCpus::Split)]
    pub cpus: BenchCpus,
    /// Force N workers on every starter (WEB_CONCURRENCY, GOMAXPROCS and the like); default:
    /// each starter's production worker count. The processes and threads seen are recorded.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: Option<u16>,
    /// Measure without the pre-flight (install when nothing is installed, contract check),
    /// for starters `scaffold verify` has just proven.
    #[arg(long)]
    pub skip_preflight: bool,
    /// The template directory the starters were generated from, when not a built-in one.
    #[arg(short, long, value_name = "DIR")]
    pub template: Option<PathBuf>,
}

/// What `bench` does besides measuring.
#[derive(Debug, Subcommand, Clone)]
pub enum BenchAction {
    /// Render report.md, report.html, the charts and summary.csv again from a results.json.
    Report {
        /// A results.json written by `scaffold bench`.
        results: PathBuf,
    },
    /// Show B's figures against A's, with the overlap verdict.
    Compare { a: PathBuf, b: PathBuf },
    /// Check the instrument: the client's ceiling, agreement with wrk, and a stall that only
    /// the open loop may show.
    SelfCheck {
        /// Seconds per measurement.
        #[arg(long, value_name = "SECS", default_value_t = 3.0)]
        duration: f64,
        /// Keep-alive connections.
        #[arg(short, long, value_name = "N", default_value_t = 32)]
        connections: usize,
        /// Compare with wrk on this starter's `/health` instead of a trivial server.
        #[arg(long, value_name = "DIR")]
        starter: Option<PathBuf>,
        /// `split`: server on CPU 0, client on CPU 1; `shared`: no pinning.
        #[arg(long, value_enum, default_value_t = BenchCpus::Split)]
        cpus: BenchCpus,
    },
}

/// `bench --cpus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchCpus {
    Split,
    Shared,
}

impl BenchArgs {
    /// The bench settings: `--quick` or the standard run, with each flag given on top.
    pub fn options(&self) -> crate::bench::Options {
        use std::time::Duration;
        let mut o = if self.quick {
            crate::bench::Options::quick()
        } else {
            crate::bench::Options::standard()
        };
        let secs = |s: f64| Duration::from_secs_f64(s.clamp(0.0, 86_400.0));
        if let Some(d) = self.duration {
            o.duration = secs(d);
        }
        if let Some(w) = self.warmup {
            o.warmup = secs(w);
        }
        if let Some(w) = &self.workloads {
            o.workloads = w.split(',').map(|s| s.trim().to_string()).collect();
        }
        o.connections = self.connections.unwrap_or(o.connections);
        match self.rate {
            Some(crate::bench::Rate::Auto) => o.rate_auto = true,
            Some(crate::bench::Rate::Fixed(r)) => o.rate = Some(r),
            None => {}
        }
        o.rounds = self.rounds.unwrap_or(o.rounds);
        o.records = self.records.unwrap_or(o.records);
        o.cpus = self.cpus.into();
        o.workers = self.workers.map(usize::from);
        o.preflight = !self.skip_preflight;
        o
    }
}

impl From<BenchCpus> for crate::bench::Cpus {
    fn from(c: BenchCpus) -> Self {
        match c {
            BenchCpus::Split => crate::bench::Cpus::Split,
            BenchCpus::Shared => crate::bench::Cpus::Shared,
        }
    }
}

impl SpecArgs {
    /// The request these flags make, over the spec file they name (if any).
    pub fn request(
        &self,
        name: Option<&str>,
        framework: Option<&str>,
    ) -> Result<Request, SpecError> {
        let flags = Request {
            name: name.map(String::from),
            framework: framework.map(String::from),
            description: self.description.clone(),
            author: self.author.clone(),
            port: self.port,
            resources: self
                .resources
                .iter()
                .map(|r| r.parse())
                .collect::<Result<Vec<Resource>, _>>()?,
            history: Vec::new(),
        };
        match &self.spec {
            Some(path) => flags.over(&read_spec_file(path)?),
            None => Ok(flags),
        }
    }
}
