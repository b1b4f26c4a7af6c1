//! What the build and the runtime read beyond the build system's own manifests: files the dependency install
//! reads (a `-r` chain, `.ruby-version`, a gemspec, a Prisma schema, `Directory.Build.props`, workspace members'
//! manifests), placeholder targets for Cargo's dependency build, folders a Go or Rust binary opens at run time, and
//! the addons (C libraries, framework build steps) the dependencies call for. Every entry carries evidence under
//! `files.copy`, `files.stubs`, `files.runtime` or `files.addons`.

mod dotnet;
mod go;
mod node;
mod python;
mod ruby;
mod runtime;
mod rust;

use super::{Evidence, found::Found};

/// Bounds for following include chains and scanning code.
pub(super) const MAX_CHAIN: usize = 32;
pub(super) const MAX_SOURCES: usize = 400;

pub fn detect(f: &mut Found<'_>) {
    match f.draft.language.clone().as_deref() {
        Some("python") => python::python(f),
        Some("ruby") => ruby::ruby(f),
        Some("node") | Some("static") => node::node(f),
        Some("dotnet") => dotnet::dotnet(f),
        Some("rust") => {
            rust::rust(f);
            runtime::runtime_reads(f, ".rs");
        }
        Some("go") => {
            go::go(f);
            runtime::runtime_reads(f, ".go");
        }
        _ => {}
    }
}

/// Record one entry of `files.<list>` with its evidence; the first reason wins.
pub(super) fn add(
    f: &mut Found<'_>,
    list: &str,
    value: &str,
    file: &str,
    line: Option<usize>,
    why: String,
) {
    let files = f.draft.files.get_or_insert_with(Default::default);
    let slot = match list {
        "copy" => &mut files.copy,
        "stubs" => &mut files.stubs,
        "runtime" => &mut files.runtime,
        _ => &mut files.addons,
    };
    if slot.iter().any(|v| v == value) {
        return;
    }
    slot.push(value.to_string());
    f.evidence.push(Evidence {
        field: format!("files.{list}"),
        value: value.to_string(),
        file: file.to_string(),
        line,
        detail: why,
    });
}

/// `rel` (relative to the folder of `from`) as a normalised path from the root, or None when it leaves the root.
pub(super) fn resolve(from: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

pub(super) fn has_dir(f: &Found<'_>, dir: &str) -> bool {
    let prefix = format!("{dir}/");
    f.listing.files.iter().any(|p| p.starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_resolve_inside_the_project_only() {
        assert_eq!(
            resolve("requirements.txt", "requirements/base.txt").as_deref(),
            Some("requirements/base.txt")
        );
        assert_eq!(
            resolve("requirements/prod.txt", "./base.txt").as_deref(),
            Some("requirements/base.txt")
        );
        assert_eq!(
            resolve("requirements/prod.txt", "../constraints.txt").as_deref(),
            Some("constraints.txt")
        );
        assert_eq!(resolve("requirements.txt", "../outside.txt"), None);
        assert_eq!(resolve("requirements.txt", "/etc/passwd"), None);
    }
}
