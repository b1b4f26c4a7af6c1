//! Command-line types (clap). Behaviour lives in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  stagecraft .                                  open the wizard for this folder
  stagecraft generate --stdout                  print the Dockerfile for the detected project
  stagecraft generate --language go --base scratch --port 8080 --healthcheck http:/healthz
  stagecraft generate --answers answers.toml    reproduce a saved set of answers byte for byte
  stagecraft bases --language python            compare runtime bases for a Python app
  stagecraft detect --format json               what stagecraft found in this folder, with evidence
  stagecraft catalog --format json              languages, build systems and bases it knows";

#[derive(Debug, Parser)]
#[command(
    name = "stagecraft",
    version,
    about = "Write a production-grade multi-stage Dockerfile, with a wizard that explains every line",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Project folder for the wizard.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Pre-fill the wizard from an answers file.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Clone, Args, Default)]
pub struct CatalogArgs {
    /// Extra catalog folder of *.toml files (adds or replaces bases, languages, build systems). Repeatable.
    #[arg(long = "catalog", value_name = "DIR", global = true)]
    pub dirs: Vec<PathBuf>,

    /// Ignore the user catalog in the config folder (~/.config/stagecraft/catalog).
    #[arg(long, global = true)]
    pub no_user_catalog: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a Dockerfile and .dockerignore without the wizard.
    #[command(after_help = "\
Answers come from, in rising priority: detection of DIR, --answers FILE, then the flags.
Unset answers get the catalog's defaults. An existing different file is only replaced with
--force, which keeps the old one as <name>.bak.

Examples:
  stagecraft generate
  stagecraft generate ./api --language go --variant cgo --base distroless-base
  stagecraft generate --user app:10001:10001 --healthcheck cmd:'/app/server -health' --stdout
  stagecraft generate --arg APP_VERSION=dev --arg global:REGISTRY=docker.io -o build/Dockerfile
  stagecraft generate --save-answers answers.toml && stagecraft generate --answers answers.toml")]
    Generate(Box<GenerateArgs>),
    /// Compare runtime bases side by side, with their fit for an app.
    Bases(BasesArgs),
    /// Print the catalog: languages, build systems, frameworks and bases.
    Catalog(CatalogCmdArgs),
    /// Show what stagecraft detects in a project folder, with the evidence for each value.
    Detect(DetectArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Install it where your shell looks for completions, e.g.:
  stagecraft completions bash > ~/.local/share/bash-completion/completions/stagecraft
  stagecraft completions zsh > ~/.zfunc/_stagecraft      (with fpath+=(~/.zfunc) in ~/.zshrc)
  stagecraft completions fish > ~/.config/fish/completions/stagecraft.fish")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), generated from the same definitions as --help.
    #[command(after_help = "\
Read it with `stagecraft man | man -l -`, or install it:
  stagecraft man > ~/.local/share/man/man1/stagecraft.1
  stagecraft man generate > ~/.local/share/man/man1/stagecraft-generate.1")]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand's own page (generate, bases, catalog, detect, completions, man) instead of the main one.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, Clone, Args, Default)]
pub struct AnswerFlags {
    /// Language id (see `stagecraft catalog`).
    #[arg(long, value_name = "ID")]
    pub language: Option<String>,
    /// Build system id.
    #[arg(long, value_name = "ID")]
    pub build_system: Option<String>,
    /// Build variant (e.g. go: cgo; rust: musl; dotnet: self-contained).
    #[arg(long, value_name = "ID")]
    pub variant: Option<String>,
    /// Framework (e.g. nextjs, fastapi, spring-boot).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Language or toolchain version (e.g. 22 for Node, 1.26 for Go).
    #[arg(long = "lang-version", value_name = "VERSION")]
    pub version: Option<String>,
    /// Runtime base id (see `stagecraft bases`).
    #[arg(long, value_name = "ID")]
    pub base: Option<String>,
    /// Port the app listens on.
    #[arg(long, value_name = "N", value_parser = str::parse::<crate::port::Port>)]
    pub port: Option<crate::port::Port>,
    /// Start command, split like a shell would (e.g. "python -m uvicorn main:app").
    #[arg(long, value_name = "COMMAND")]
    pub command: Option<String>,
    /// Build-system parameter, e.g. main_package=./cmd/api. Repeatable.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// Runtime user: builtin, root, or NAME[:UID[:GID]] to create one.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// Health check: none, http[:PATH[@PORT]], tcp[@PORT] (the port accepts connections) or cmd:COMMAND.
    #[arg(long, value_name = "SPEC")]
    pub healthcheck: Option<String>,
    /// Health check interval (e.g. 30s).
    #[arg(long, value_name = "DURATION")]
    pub health_interval: Option<String>,
    /// Health check timeout (e.g. 5s).
    #[arg(long, value_name = "DURATION")]
    pub health_timeout: Option<String>,
    /// Health check start period (e.g. 10s).
    #[arg(long, value_name = "DURATION")]
    pub health_start_period: Option<String>,
    /// Health check retries.
    #[arg(long, value_name = "N")]
    pub health_retries: Option<u32>,
    /// Build arg [SCOPE:]NAME[=DEFAULT]; SCOPE is global, builder (default) or runtime. Repeatable.
    #[arg(long = "arg", value_name = "ARG")]
    pub args: Vec<String>,
    /// Leave out BuildKit cache mounts.
    #[arg(long)]
    pub no_cache_mounts: bool,
    /// Add a `test` stage.
    #[arg(long)]
    pub test_stage: bool,
    /// Leave out the explanatory comments.
    #[arg(long)]
    pub no_comments: bool,
    /// Do not write a .dockerignore.
    #[arg(long)]
    pub no_dockerignore: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Project folder (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Answers file (TOML), full or partial.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    #[command(flatten)]
    pub flags: AnswerFlags,
    /// Workspace member to build (monorepos).
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,
    /// Do not detect anything from DIR; use only the answers file, flags and catalog defaults.
    #[arg(long)]
    pub no_detect: bool,
    /// Print the Dockerfile to standard output instead of writing files.
    #[arg(long, conflicts_with = "output")]
    pub stdout: bool,
    /// Write the Dockerfile here instead of DIR/Dockerfile (.dockerignore goes next to DIR's context).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace existing different files (the old ones are kept as .bak).
    #[arg(long)]
    pub force: bool,
    /// Also write compose.yaml (one service, port on 127.0.0.1, the health check) and README.Docker.md (how to
    /// build, run, debug and cross-build this app); an existing compose file is diffed like the Dockerfile.
    #[arg(long, conflicts_with = "stdout")]
    pub compose: bool,
    /// Save the complete answers to FILE (reproduce with --answers FILE).
    #[arg(long, value_name = "FILE")]
    pub save_answers: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum TableFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct BasesArgs {
    /// Language of the app to check fit for.
    #[arg(long, value_name = "ID")]
    pub language: Option<String>,
    /// Build system of the app.
    #[arg(long, value_name = "ID")]
    pub build_system: Option<String>,
    /// Build variant.
    #[arg(long, value_name = "ID")]
    pub variant: Option<String>,
    /// Framework.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Language version.
    #[arg(long = "lang-version", value_name = "VERSION")]
    pub version: Option<String>,
    /// Sort by size (smallest first) or name.
    #[arg(long, value_enum, default_value_t = SortBy::Size)]
    pub sort: SortBy,
    /// Hide bases that do not fit.
    #[arg(long)]
    pub fitting: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SortBy {
    Size,
    Name,
}

#[derive(Debug, Args)]
pub struct CatalogCmdArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum DetectFormat {
    #[default]
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Project folder (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Workspace member to detect (monorepos).
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: DetectFormat,
}
