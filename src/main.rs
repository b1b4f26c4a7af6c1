//! Entry point: parse the command line, run the wizard or a subcommand, map errors to exit codes
//! (0 success, 2 bad input, 1 anything else, 130 cancelled in the wizard).
#![deny(clippy::unwrap_used)]

use std::{io::IsTerminal, process::ExitCode};

use clap::Parser;
use stagecraft::{
    cli::{Cli, Command},
    commands::{self, BadInput},
    wizard,
};

/// Allocation by moving a pointer for the first megabyte: see `arena`.
#[global_allocator]
static ALLOCATOR: stagecraft::arena::Arena = stagecraft::arena::Arena::new();

const NO_TTY_HINT: &str = "\
stagecraft: the wizard needs an interactive terminal, and this is not one (a pipe, CI or TERM=dumb).
Without a terminal, use the same engine through the CLI:
  stagecraft generate [DIR]                      detect the project and write Dockerfile + .dockerignore
  stagecraft generate --stdout                   print the Dockerfile instead
  stagecraft generate --answers answers.toml     use saved answers (write them with --save-answers FILE)
  stagecraft generate --help                     every flag";

fn interactive() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Generate(args)) => commands::generate::run(*args, &cli.catalog)?,
        Some(Command::Bases(args)) => commands::bases::run(args, &cli.catalog)?,
        Some(Command::Catalog(args)) => commands::catalog::run(args, &cli.catalog)?,
        Some(Command::Detect(args)) => commands::detect::run(args, &cli.catalog)?,
        Some(Command::Completions(args)) => commands::shell::completions(args.shell)?,
        Some(Command::Man(args)) => commands::shell::man(args.command.as_deref())?,
        None => {
            if !interactive() {
                eprintln!("{NO_TTY_HINT}");
                return Ok(ExitCode::from(2));
            }
            let catalog = commands::load_catalog(&cli.catalog)?;
            let dir = commands::generate::project_dir(cli.dir.as_deref())?;
            let detection = stagecraft::detect::detect(&dir, None, &catalog)
                .map_err(|e| commands::bad(e.to_string()))?;
            let from_file = cli
                .answers
                .as_deref()
                .map(commands::generate::read_answers_file)
                .transpose()?;
            let what = |saved: Option<std::path::PathBuf>| match saved {
                Some(path) => format!(
                    "only the answers were saved to {}; no Dockerfile was written",
                    path.display()
                ),
                None => "nothing was written".to_string(),
            };
            match wizard::run(&dir, detection, from_file, &catalog)? {
                wizard::Ending::Written(report) => println!("{report}"),
                wizard::Ending::Cancelled { saved } => {
                    eprintln!("stagecraft: cancelled, {}", what(saved));
                    return Ok(ExitCode::from(130));
                }
                wizard::Ending::Signalled { signal, saved } => {
                    eprintln!("stagecraft: stopped by signal {signal}, {}", what(saved));
                    return Ok(ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// User text echoed in a message is shown escaped: an escape sequence in a flag or a file must not clear the
/// screen or retitle the terminal. Newlines and tabs are the message's own layout.
fn escaped(message: &str) -> String {
    message
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn main() -> ExitCode {
    commands::generate::guard_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                err.exit();
            }
            eprint!("{}", escaped(&err.render().to_string()));
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Some(bad) = err.downcast_ref::<BadInput>() {
                eprintln!("error: {}", escaped(&bad.to_string()));
                ExitCode::from(2)
            } else {
                eprintln!("error: {}", escaped(&format!("{err:#}")));
                ExitCode::from(1)
            }
        }
    }
}
