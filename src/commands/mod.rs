//! What each subcommand does. Errors that are the user's input become `BadInput` (exit 2).

pub mod bases;
pub mod catalog;
pub mod detect;
pub mod flags;
pub mod generate;
pub mod inputs;

use std::path::Path;

use crate::{
    answers::{Answers, FieldError},
    catalog::Catalog,
    cli::CatalogArgs,
    dockerfile::{BUILDER_STAGE, TEST_STAGE},
};

/// A problem with what the user gave us: exit code 2, message on stderr.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

pub fn bad(message: impl Into<String>) -> anyhow::Error {
    BadInput(message.into()).into()
}

/// Several field errors as one message.
pub fn field_errors(context: &str, errors: &[FieldError]) -> anyhow::Error {
    let mut message = format!("{context}:");
    for e in errors {
        message.push_str(&format!("\n  - {}: {}", e.field, e.message));
    }
    bad(message)
}

pub fn load_catalog(args: &CatalogArgs) -> anyhow::Result<Catalog> {
    crate::catalog::load(&args.dirs, args.no_user_catalog).map_err(|e| bad(e.to_string()))
}

/// The commands to run after writing, shared by `generate` and the wizard.
pub fn next_steps(context: &Path, dockerfile: &Path, answers: &Answers) -> String {
    let ctx = context.display().to_string();
    let file_flag = if dockerfile == context.join("Dockerfile") {
        String::new()
    } else {
        format!(" -f {}", dockerfile.display())
    };
    let mut out = String::from("Next:\n");
    out.push_str(&format!("  docker build{file_flag} -t app {ctx}\n"));
    match answers.port {
        Some(port) => out.push_str(&format!("  docker run --rm -p {port}:{port} app\n")),
        None => out.push_str("  docker run --rm app\n"),
    }
    out.push_str(&format!(
        "  docker build{file_flag} --target {BUILDER_STAGE} -t app:builder {ctx}   # look inside the builder\n"
    ));
    if answers.options.test_stage {
        out.push_str(&format!(
            "  docker build{file_flag} --target {TEST_STAGE} {ctx}   # run the tests\n"
        ));
    }
    out.push_str("  docker images app   # compare the final image with app:builder\n");
    out
}
