//! What is written and what is said about it: the target files (Dockerfile, .dockerignore, compose files), the
//! all-or-nothing write that refuses to replace a different file unless forced, the report lines and the next
//! steps. `generate` and the wizard both write through here.

use std::path::{Path, PathBuf};

use crate::{
    answers::Answers,
    dockerfile::{BUILDER_STAGE, Output, TEST_STAGE},
    error::bad,
    write::{self, Existing, Outcome},
};

/// One line of the report for a written file.
pub fn describe(path: &Path, outcome: &Outcome, verb: &str) -> String {
    match outcome {
        Outcome::Created => format!("{verb} {}", path.display()),
        Outcome::Unchanged => format!("unchanged {}", path.display()),
        Outcome::Replaced { backup } => format!(
            "{verb} {} (previous version kept as {})",
            path.display(),
            backup.display()
        ),
    }
}

/// The files to write: the Dockerfile, and the .dockerignore in the build context when asked for.
pub fn targets(
    dir: &Path,
    dockerfile_path: &Path,
    answers: &Answers,
    output: &Output,
) -> Vec<(PathBuf, String)> {
    let mut files = vec![(
        dockerfile_path.to_path_buf(),
        output.dockerfile().to_string(),
    )];
    if answers.options.dockerignore {
        files.push((dir.join(".dockerignore"), output.dockerignore.clone()));
    }
    if answers.options.compose {
        let compose = crate::compose::target(dir);
        let env_example = dir.join(crate::compose::ENV_EXAMPLE).is_file();
        files.push((
            compose.clone(),
            crate::compose::render_compose(
                dir,
                dockerfile_path,
                answers,
                &output.model,
                env_example,
            ),
        ));
        files.push((
            dir.join(crate::compose::README),
            crate::compose::render_readme(dir, dockerfile_path, answers, output, Some(&compose)),
        ));
    }
    files
}

/// Without --force, any target that exists with other content stops the run before anything is written, with
/// the diff of each.
pub fn refuse_conflicts(files: &[(PathBuf, String)]) -> anyhow::Result<()> {
    let mut conflicts = Vec::new();
    for (path, content) in files {
        if let Existing::Different(old) = write::existing(path, content)? {
            conflicts.push(write::unified_diff(
                &old,
                content,
                &path.display().to_string(),
            ));
        }
    }
    if conflicts.is_empty() {
        return Ok(());
    }
    Err(bad(format!(
        "{}\nnot overwriting the existing file(s) above; nothing was written.\n\
         Re-run with --force to replace them (the old versions are kept as .bak), -o FILE to write the \
         Dockerfile elsewhere, --no-dockerignore to leave .dockerignore alone, or --stdout to print it.",
        conflicts.join("\n")
    )))
}

/// Write all the files or none (see `write::write_all`).
pub fn write_files(
    files: &[(PathBuf, String)],
    force: bool,
) -> anyhow::Result<Vec<(PathBuf, Outcome)>> {
    if !force {
        refuse_conflicts(files)?;
    }
    write::write_all(files, force)
}

/// The Dockerfile and .dockerignore, all or nothing; the report's lines.
pub fn write_outputs(
    dir: &Path,
    dockerfile_path: &Path,
    answers: &Answers,
    output: &Output,
    force: bool,
) -> anyhow::Result<Vec<String>> {
    let files = targets(dir, dockerfile_path, answers, output);
    Ok(write_files(&files, force)?
        .iter()
        .map(|(path, outcome)| describe(path, outcome, "wrote"))
        .collect())
}

/// The commands to run after writing.
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
