//! `stagecraft completions SHELL` and `stagecraft man [COMMAND]`: generated from the same clap definitions that
//! parse the command line, so they never disagree with `--help`.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

use super::bad;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "stagecraft", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// The roff page of stagecraft, or of one subcommand (named `stagecraft-NAME`, as `man` expects).
pub fn man(subcommand: Option<&str>) -> anyhow::Result<()> {
    let mut command = Cli::command();
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => {
            let known: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .filter(|n| n != "help")
                .collect();
            let sub = command
                .find_subcommand(name)
                .filter(|_| name != "help")
                .cloned()
                .ok_or_else(|| {
                    bad(format!(
                        "no subcommand `{name}`; pages exist for: {}",
                        known.join(", ")
                    ))
                })?;
            let full = format!("stagecraft-{name}");
            sub.name(full.clone())
                .bin_name(full)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(())
}
