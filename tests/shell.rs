//! Shell completions and the man page come from the same clap definitions that parse the command line.

use std::process::{Command, Output};

use clap::CommandFactory;
use stagecraft::cli::Cli;

fn stagecraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .output()
        .expect("run stagecraft")
}

fn stdout(args: &[&str]) -> String {
    let out = stagecraft(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completion_scripts_name_every_subcommand_and_flag() {
    let bash = stdout(&["completions", "bash"]);
    assert!(
        bash.contains("complete -F") && bash.contains("stagecraft"),
        "{bash}"
    );
    for name in subcommands() {
        assert!(bash.contains(&name), "bash completion lacks `{name}`");
    }
    assert!(bash.contains("--healthcheck") && bash.contains("--lang-version"));
    let zsh = stdout(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef stagecraft"), "{zsh}");
    assert!(zsh.contains("generate"));
    let fish = stdout(&["completions", "fish"]);
    assert!(fish.contains("complete -c stagecraft") && fish.contains("generate"));
    for shell in ["elvish", "powershell"] {
        assert!(
            stdout(&["completions", shell]).contains("generate"),
            "{shell}"
        );
    }
}

#[test]
fn an_unknown_shell_is_refused_naming_the_choices() {
    let out = stagecraft(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tcsh") && err.contains("bash") && err.contains("zsh"),
        "{err}"
    );
}

#[test]
fn the_man_page_is_roff_and_mentions_every_subcommand() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH stagecraft 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for name in subcommands() {
        assert!(
            page.contains(&format!("stagecraft\\-{name}(1)")),
            "the man page lacks `{name}`"
        );
    }
    let generate = stdout(&["man", "generate"]);
    assert!(generate.contains(".TH stagecraft-generate 1"), "{generate}");
    assert!(generate.contains("\\-\\-healthcheck"));
}

#[test]
fn a_man_page_for_an_unknown_subcommand_is_bad_input() {
    let out = stagecraft(&["man", "deploy"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no subcommand `deploy`") && err.contains("generate"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
