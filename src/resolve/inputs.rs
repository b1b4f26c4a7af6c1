//! Refuse to write a Dockerfile that cannot build: every manifest it copies before the install, and every file
//! `[files]` copies, must exist in the project; a Next.js standalone layout needs `output: 'standalone'`.

use std::path::Path;

use crate::{
    answers::{Answers, Draft},
    catalog::BuildSystem,
    template::fill_template,
};

/// The first problem, in words with the fix, when the project cannot build with these answers. Only checked when
/// detection read the project and saw the same language: `--language` on an empty folder is a template, not a
/// project.
pub fn problem(
    answers: &Answers,
    build: &BuildSystem,
    dir: &Path,
    detected: &Draft,
) -> Option<String> {
    if detected.language.as_deref() != Some(answers.language.as_str()) {
        return None;
    }
    let exists = |rel: &str| dir.join(rel.trim_end_matches('/')).exists();
    for manifest in &build.manifests {
        let path = fill_template(manifest, answers);
        if path.ends_with('*') || path.contains(['*', '?', '[', '{']) {
            continue;
        }
        if !exists(&path) {
            return Some(format!(
                "{path} is missing: the {} build copies it before installing the dependencies, so `docker build` \
                 would fail. {}",
                build.name,
                missing_manifest_fix(&path, dir)
            ));
        }
    }
    // `npm ci` refuses to run without a lockfile.
    let npm_ci = build.deps.iter().any(|s| s.run.contains("npm ci"));
    if npm_ci && !exists("package-lock.json") && !exists("npm-shrinkwrap.json") {
        return Some(
            "package-lock.json is missing: `npm ci` installs exactly the lockfile and refuses to run without one. \
             Run `npm install` and commit package-lock.json"
                .into(),
        );
    }
    for path in &answers.files.copy {
        if !exists(path) {
            return Some(format!(
                "{path} is missing (files.copy): the dependency step reads it; create it or remove it from the \
                 answers"
            ));
        }
    }
    for path in &answers.files.runtime {
        if !exists(path) {
            return Some(format!(
                "{path} is missing (files.runtime): the runtime stage copies it from the build; create it or remove \
                 it from the answers"
            ));
        }
    }
    if answers.framework.as_deref() == Some("nextjs")
        && detected.framework.as_deref() == Some("nextjs-start")
    {
        return Some(
            "framework `nextjs` copies .next/standalone, but next.config does not set output: 'standalone', so the \
             build has none. Add `output: 'standalone'` to next.config, or use --framework nextjs-start (runs \
             `next start`)"
                .into(),
        );
    }
    None
}

fn missing_manifest_fix(path: &str, dir: &Path) -> String {
    if path == "requirements.txt" {
        let mut others: Vec<String> = Vec::new();
        for folder in ["", "requirements"] {
            let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n.ends_with(".txt") && (n.starts_with("requirements") || !folder.is_empty())
                })
                .map(|n| {
                    if folder.is_empty() {
                        n
                    } else {
                        format!("{folder}/{n}")
                    }
                })
                .collect();
            names.sort();
            others.extend(names);
        }
        let have = |name: &str| dir.join(name).is_file();
        return if let Some(first) = others.first() {
            format!(
                "Create requirements.txt with the line `-r {first}` (found: {}), or pick another build system",
                others.join(", ")
            )
        } else if have("Pipfile") {
            "Export the Pipfile: `pipenv requirements > requirements.txt`".into()
        } else if have("uv.lock") {
            "Use --build-system uv (uv.lock is there)".into()
        } else if have("poetry.lock") {
            "Use --build-system poetry (poetry.lock is there)".into()
        } else if have("pyproject.toml") {
            "Lock the dependencies (`uv lock`, then --build-system uv) or write them to requirements.txt \
             (`pip freeze > requirements.txt`)"
                .into()
        } else {
            "Write the dependencies to requirements.txt (`pip freeze > requirements.txt`)".into()
        };
    }
    let lock = match path {
        "Gemfile.lock" => Some("bundle lock"),
        "pnpm-lock.yaml" => Some("pnpm install"),
        "yarn.lock" => Some("yarn install"),
        "uv.lock" => Some("uv lock"),
        "poetry.lock" => Some("poetry lock"),
        _ => None,
    };
    match lock {
        Some(command) => format!(
            "Run `{command}` and commit {path} (the install reads exactly the lockfile), or choose another build \
             system with --build-system"
        ),
        None => format!(
            "Create {path} or choose the build system that matches your manifests with --build-system"
        ),
    }
}
