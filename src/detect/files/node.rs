//! Node: files install scripts and the package manager read, local packages, workspace manifests, native
//! modules, a Next.js member's path.

use super::{add, has_dir, resolve};
use crate::detect::{found::Found, regex, walk::line_of};

pub(super) fn node(f: &mut Found<'_>) {
    let file = f.path("package.json");
    if !f.has("package.json") {
        return;
    }
    let Some(text) = f.read("package.json") else {
        return;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    for hook in ["preinstall", "install", "postinstall", "prepare"] {
        let Some(script) = json
            .pointer(&format!("/scripts/{hook}"))
            .and_then(|s| s.as_str())
        else {
            continue;
        };
        let line = line_of(&text, &format!("\"{hook}\""));
        install_script(f, &json, &file, line, hook, script);
    }
    if f.draft.language.as_deref() == Some("node")
        && json
            .get("dependencies")
            .and_then(|d| d.get("@prisma/client"))
            .is_some()
    {
        add(
            f,
            "addons",
            "prisma-openssl",
            &file,
            line_of(&text, "\"@prisma/client\""),
            "@prisma/client's query engine loads OpenSSL at run time".into(),
        );
    }
    if f.draft.language.as_deref() == Some("node") {
        const NATIVE: &[&str] = &[
            "bcrypt",
            "better-sqlite3",
            "sqlite3",
            "argon2",
            "node-gyp",
            "re2",
            "bufferutil",
            "utf-8-validate",
        ];
        for dep in NATIVE {
            let found = ["dependencies", "optionalDependencies"]
                .iter()
                .any(|k| json.get(k).and_then(|d| d.get(dep)).is_some());
            if found {
                add(
                    f,
                    "addons",
                    "node-gyp",
                    &file,
                    line_of(&text, &format!("\"{dep}\"")),
                    format!(
                        "{dep} is a native module: without a prebuilt binary for the builder it compiles with \
                         node-gyp"
                    ),
                );
                break;
            }
        }
    }
    workspace_manifests(f);
    local_packages(f, &json, &text, &file);
    next_member(f, &file);
    package_manager_files(f, &text);
}

/// Files the package manager itself reads during the install: npm's `.npmrc` (registries), Yarn's own release
/// (`yarnPath`), plugins and patches, pnpm's patched dependencies.
fn package_manager_files(f: &mut Found<'_>, package_json: &str) {
    let build_system = f.draft.build_system.clone().unwrap_or_default();
    let exists = |f: &Found<'_>, rel: &str| f.listing.root.join(rel).exists();
    if matches!(build_system.as_str(), "npm" | "yarn" | "npm-build")
        && let Some(npmrc) = f.nearest(".npmrc")
    {
        add(
            f,
            "copy",
            &npmrc,
            &npmrc,
            None,
            "registry settings the install reads".into(),
        );
    }
    if let Some(yarnrc) = f.nearest(".yarnrc.yml")
        && let Ok(text) = f.listing.read(&yarnrc)
    {
        for (i, line) in text.lines().enumerate() {
            let l = line.trim();
            let target = l
                .strip_prefix("yarnPath:")
                .or_else(|| l.strip_prefix("- path:"))
                .or_else(|| l.strip_prefix("path:"))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string());
            let Some(target) = target else {
                continue;
            };
            let Some(path) = resolve(&yarnrc, &target) else {
                continue;
            };
            if exists(f, &path) {
                let what = if l.starts_with("yarnPath") {
                    "the Yarn release yarnPath names: yarn itself runs from it"
                } else {
                    "a Yarn plugin the install loads"
                };
                add(f, "copy", &path, &yarnrc, Some(i + 1), what.into());
            }
        }
    }
    let patches: Vec<(String, &str)> = [
        (".yarn/patches", "patch:"),
        ("patches", "patchedDependencies"),
    ]
    .into_iter()
    .map(|(dir, marker)| (f.path(dir), marker))
    .collect();
    for (dir, marker) in patches {
        if package_json.contains(marker) && f.listing.root.join(&dir).is_dir() {
            add(
                f,
                "copy",
                &format!("{dir}/"),
                &f.path("package.json"),
                line_of(package_json, marker),
                format!("package.json applies patches from {dir}/ during the install"),
            );
        }
    }
}

/// A Next.js app in a monorepo member: the standalone output keeps the member's path from the repository root.
fn next_member(f: &mut Found<'_>, file: &str) {
    if f.prefix.is_empty() {
        return;
    }
    let prefix = f.prefix.clone();
    match f.draft.framework.as_deref() {
        Some("nextjs") => f.set(
            "params.app_dir",
            &prefix,
            file,
            None,
            "a workspace member: Next.js writes its standalone server under the member's path",
        ),
        Some("nextjs-start") => f.note(format!(
            "{prefix}: `next start` runs from the repository root here; set output: 'standalone' in the member's \
             next.config so the image runs {prefix}/server.js"
        )),
        _ => {}
    }
}

/// A lifecycle script that runs during the install: the files it reads must be there before it.
fn install_script(
    f: &mut Found<'_>,
    json: &serde_json::Value,
    file: &str,
    line: Option<usize>,
    hook: &str,
    script: &str,
) {
    if script.contains("prisma") {
        let configured = json
            .pointer("/prisma/schema")
            .and_then(|s| s.as_str())
            .map(|s| s.trim_start_matches("./").to_string());
        let candidates = configured.into_iter().chain([
            "prisma/schema.prisma".to_string(),
            "schema.prisma".to_string(),
        ]);
        let mut done = false;
        for c in candidates {
            let path = f.path(&c);
            if f.listing.has(&path) {
                add(
                    f,
                    "copy",
                    &path,
                    file,
                    line,
                    format!(
                        "the {hook} script runs prisma, which reads the schema during the install"
                    ),
                );
                done = true;
                break;
            }
            if has_dir(f, &path) {
                add(
                    f,
                    "copy",
                    &format!("{path}/"),
                    file,
                    line,
                    format!(
                        "the {hook} script runs prisma, which reads the schema folder during the install"
                    ),
                );
                done = true;
                break;
            }
        }
        if !done {
            f.note(format!(
                "{file}: the {hook} script runs prisma but no schema.prisma was found; the install will fail"
            ));
        }
    }
    if script.contains("patch-package") {
        let patches = f.path("patches");
        if has_dir(f, &patches) {
            add(
                f,
                "copy",
                &format!("{patches}/"),
                file,
                line,
                format!(
                    "the {hook} script runs patch-package, which applies patches/ during the install"
                ),
            );
        }
    }
    // `node scripts/postinstall.js`: the script itself.
    if let Some(re) = regex(r"(^|[\s;&|])node\s+([A-Za-z0-9_./-]+\.[cm]?js)") {
        let mut rest = script;
        while let Some((target, at)) = re.group(rest, 2) {
            let path = f.path(target.trim_start_matches("./"));
            if f.listing.has(&path) {
                add(
                    f,
                    "copy",
                    &path,
                    file,
                    line,
                    format!("the {hook} script runs it during the install"),
                );
            }
            rest = &rest[at + target.len()..];
        }
    }
}

/// `"lib": "file:../lib"` / `link:` dependencies: the install reads (and copies or links) the folder.
fn local_packages(f: &mut Found<'_>, json: &serde_json::Value, text: &str, file: &str) {
    for table in ["dependencies", "devDependencies", "optionalDependencies"] {
        let Some(deps) = json.get(table).and_then(|d| d.as_object()) else {
            continue;
        };
        for (name, spec) in deps {
            let Some(spec) = spec.as_str() else {
                continue;
            };
            let Some(target) = spec
                .strip_prefix("file:")
                .or_else(|| spec.strip_prefix("link:"))
            else {
                continue;
            };
            let line = line_of(text, &format!("\"{name}\""));
            match resolve(file, target) {
                Some(dir) if has_dir(f, &dir) => add(
                    f,
                    "copy",
                    &format!("{dir}/"),
                    file,
                    line,
                    format!("{name} is installed from the local folder {target}"),
                ),
                Some(path) if f.listing.has(&path) => add(
                    f,
                    "copy",
                    &path,
                    file,
                    line,
                    format!("{name} is installed from the local file {target}"),
                ),
                _ => f.note(format!(
                    "{file}: {name} comes from `{spec}`, which is not inside the project; the install cannot read it"
                )),
            }
        }
    }
}

/// npm, Yarn and pnpm install a workspace from the root: every member's package.json must be there first.
fn workspace_manifests(f: &mut Found<'_>) {
    let members = crate::detect::monorepo::members(f.listing);
    for m in members {
        let manifest = format!("{}/package.json", m.path);
        if f.listing.has(&manifest) {
            add(
                f,
                "copy",
                &manifest,
                &manifest,
                None,
                format!(
                    "workspace member {}: the install at the root reads every member's package.json",
                    m.name
                ),
            );
        }
    }
}
