//! What the build and the runtime read beyond the build system's own manifests: files the dependency install
//! reads (a `-r` chain, `.ruby-version`, a gemspec, a Prisma schema, `Directory.Build.props`, workspace members'
//! manifests), placeholder targets for Cargo's dependency build, folders a Go or Rust binary opens at run time, and
//! the addons (C libraries, framework build steps) the dependencies call for. Every entry carries evidence under
//! `files.copy`, `files.stubs`, `files.runtime` or `files.addons`.

use super::{Evidence, found::Found, regex, walk::line_at, walk::line_of};

/// Bounds for following include chains and scanning code.
const MAX_CHAIN: usize = 32;
const MAX_SOURCES: usize = 400;

pub fn detect(f: &mut Found<'_>) {
    match f.draft.language.clone().as_deref() {
        Some("python") => python(f),
        Some("ruby") => ruby(f),
        Some("node") | Some("static") => node(f),
        Some("dotnet") => dotnet(f),
        Some("rust") => {
            rust(f);
            runtime_reads(f, ".rs");
        }
        Some("go") => {
            go(f);
            runtime_reads(f, ".go");
        }
        _ => {}
    }
}

/// Record one entry of `files.<list>` with its evidence; the first reason wins.
fn add(f: &mut Found<'_>, list: &str, value: &str, file: &str, line: Option<usize>, why: String) {
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
fn resolve(from: &str, rel: &str) -> Option<String> {
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

fn has_dir(f: &Found<'_>, dir: &str) -> bool {
    let prefix = format!("{dir}/");
    f.listing.files.iter().any(|p| p.starts_with(&prefix))
}

// ---------------------------------------------------------------- Python

fn python(f: &mut Found<'_>) {
    let mut texts: Vec<(String, String)> = Vec::new();
    if f.draft.build_system.as_deref() == Some("pip") && f.has("requirements.txt") {
        requirements_chain(f, &mut texts);
    }
    for name in ["pyproject.toml", "Pipfile"] {
        if f.has(name)
            && let Some(text) = f.read(name)
        {
            texts.push((f.path(name), text));
        }
    }
    python_addons(f, &texts);
    uv_members(f);
    if f.draft.framework.as_deref() == Some("django") {
        django(f);
    }
}

/// A requirements file and what it includes, followed breadth first and bounded.
pub(super) struct Chain {
    /// Every file read, the first one first, with its text.
    pub files: Vec<(String, String)>,
    /// (included file, including file, line, `requirements`/`constraints`, the line).
    pub includes: Vec<(String, String, usize, &'static str, String)>,
    pub problems: Vec<String>,
}

/// Follow `-r` / `-c` includes from `first` (a path from the root) without leaving the project.
pub(super) fn follow_requirements(listing: &super::walk::Listing, first: &str) -> Chain {
    let mut chain = Chain {
        files: Vec::new(),
        includes: Vec::new(),
        problems: Vec::new(),
    };
    let Some(include) = regex(r"^\s*(-r|-c|--requirement|--constraint)(\s*=\s*|\s+)(\S+)") else {
        return chain;
    };
    let mut queue = vec![first.to_string()];
    let mut seen = vec![first.to_string()];
    while !queue.is_empty() {
        let file = queue.remove(0);
        let Ok(text) = listing.read(&file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let Some((target, _)) = include.group(line, 3) else {
                if line.trim_start().starts_with("-e .") || line.trim() == "." {
                    chain.problems.push(format!(
                        "{file}:{}: installs the project itself (`{}`): the dependency step runs before the sources \
                         are copied, so list the dependencies instead or build with --build-system uv",
                        i + 1,
                        line.trim()
                    ));
                }
                continue;
            };
            let kind = if line.trim_start().starts_with("-c") || line.contains("--constraint") {
                "constraints"
            } else {
                "requirements"
            };
            let Some(path) = resolve(&file, target) else {
                chain.problems.push(format!(
                    "{file}:{}: `{target}` is outside the project folder; the build cannot read it",
                    i + 1
                ));
                continue;
            };
            if !listing.has(&path) {
                chain.problems.push(format!(
                    "{file}:{}: `{target}` does not exist; pip install will fail",
                    i + 1
                ));
                continue;
            }
            if seen.contains(&path) {
                continue;
            }
            if seen.len() >= MAX_CHAIN {
                chain.problems.push(format!(
                    "{file}: more than {MAX_CHAIN} requirement files; stopped following includes"
                ));
                break;
            }
            seen.push(path.clone());
            chain.includes.push((
                path.clone(),
                file.clone(),
                i + 1,
                kind,
                line.trim().to_string(),
            ));
            queue.push(path);
        }
        chain.files.push((file, text));
    }
    chain
}

/// Each file requirements.txt includes is copied before `pip install` reads it.
fn requirements_chain(f: &mut Found<'_>, texts: &mut Vec<(String, String)>) {
    let chain = follow_requirements(f.listing, &f.path("requirements.txt"));
    for (path, from, line, kind, text) in chain.includes {
        add(
            f,
            "copy",
            &path,
            &from,
            Some(line),
            format!("{kind} file included by `{text}`: pip reads it during the install"),
        );
    }
    for problem in chain.problems {
        f.note(problem);
    }
    texts.extend(chain.files);
}

/// A uv workspace syncs from the root: every member's pyproject.toml must be there before `uv sync`.
fn uv_members(f: &mut Found<'_>) {
    if f.draft.build_system.as_deref() != Some("uv") {
        return;
    }
    for m in super::monorepo::members(f.listing) {
        let manifest = format!("{}/pyproject.toml", m.path);
        if f.listing.has(&manifest) {
            add(
                f,
                "copy",
                &manifest,
                "pyproject.toml",
                None,
                format!(
                    "uv workspace member {}: uv sync at the root reads every member's pyproject.toml",
                    m.name
                ),
            );
        }
    }
}

/// Dependencies that compile against a C library the runtime then links.
fn python_addons(f: &mut Found<'_>, texts: &[(String, String)]) {
    const LIBS: &[(&str, &str, &str)] = &[
        (
            "psycopg2",
            "libpq",
            "psycopg2 (not -binary) builds from source against libpq",
        ),
        (
            "mysqlclient",
            "mysqlclient",
            "mysqlclient builds against the MySQL client library",
        ),
        (
            "lxml",
            "lxml-musl",
            "lxml compiles against libxml2/libxslt on Alpine (musl); wheels cover glibc",
        ),
    ];
    for (file, text) in texts {
        for (i, line) in text.lines().enumerate() {
            let lower = line.trim().to_ascii_lowercase();
            if lower.starts_with('#') {
                continue;
            }
            for (name, addon, why) in LIBS {
                if let Some(rest) = dependency_named(&lower, name) {
                    // psycopg2-binary ships libpq inside its wheel.
                    if rest.starts_with('-') || rest.starts_with('_') {
                        continue;
                    }
                    add(f, "addons", addon, file, Some(i + 1), (*why).to_string());
                }
            }
        }
    }
}

/// The rest of `line` after a dependency called `name` (in a requirements line, a quoted pyproject entry or a
/// Pipfile key), or None.
fn dependency_named<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    let line = line.trim_start_matches(['"', '\'', ' ']);
    let rest = line.strip_prefix(name)?;
    let next = rest.chars().next();
    match next {
        None => Some(rest),
        Some(c) if c.is_ascii_alphanumeric() => None,
        Some(_) => Some(rest),
    }
}

fn django(f: &mut Found<'_>) {
    let settings: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| f.prefix.is_empty() || p.starts_with(&format!("{}/", f.prefix)))
        .filter(|p| {
            p.ends_with("/settings.py")
                || p.as_str() == "settings.py"
                || (p.contains("/settings/") && p.ends_with(".py"))
        })
        .take(20)
        .cloned()
        .collect();
    let wsgi = regex(r#"(?m)^WSGI_APPLICATION\s*=\s*["']([A-Za-z0-9_.]+)["']"#);
    let static_root = regex(r"(?m)^STATIC_ROOT\s*=");
    let mut module: Option<(String, String, usize)> = None;
    let mut collect: Option<(String, usize)> = None;
    for file in settings {
        let Ok(text) = f.listing.read(&file) else {
            continue;
        };
        if module.is_none()
            && let Some((value, at)) = wsgi.as_ref().and_then(|re| re.group(&text, 1))
        {
            module = Some((value.to_string(), file.clone(), line_at(&text, at)));
        }
        if collect.is_none()
            && let Some((_, at)) = static_root.as_ref().and_then(|re| re.group(&text, 0))
        {
            collect = Some((file.clone(), line_at(&text, at)));
        }
    }
    if let Some((value, file, line)) = module {
        // `mysite.wsgi.application` -> gunicorn's `mysite.wsgi:application`.
        let target = match value.rsplit_once('.') {
            Some((m, attr)) => format!("{m}:{attr}"),
            None => value.clone(),
        };
        let detail = format!("WSGI_APPLICATION = '{value}' in the settings");
        // The settings name the app outright; a guess from a wsgi.py location gives way.
        if f.draft.params.get("app_module") != Some(&target) {
            f.draft.params.insert("app_module".into(), target.clone());
            f.evidence.retain(|e| e.field != "params.app_module");
            f.evidence.push(Evidence {
                field: "params.app_module".into(),
                value: target,
                file,
                line: Some(line),
                detail,
            });
        }
    }
    if let Some((file, line)) = collect {
        if f.has("manage.py") && f.prefix.is_empty() {
            add(
                f,
                "addons",
                "django-collectstatic",
                &file,
                Some(line),
                "STATIC_ROOT is set: collectstatic gathers the static files at build time".into(),
            );
        } else {
            f.note(format!(
                "{file}:{line}: STATIC_ROOT is set but manage.py is not at the project root; run collectstatic in \
                 your build"
            ));
        }
    }
}

// ---------------------------------------------------------------- Ruby

fn ruby(f: &mut Found<'_>) {
    let gemfile = f.path("Gemfile");
    if !f.has("Gemfile") {
        return;
    }
    let Some(text) = f.read("Gemfile") else {
        return;
    };
    let reads = regex(r#"^\s*ruby\s*\(?\s*(file:\s*|File\.read\(\s*)["']([^"']+)["']"#);
    let path_gem = regex(r#"^\s*gem\s+["']([^"']+)["'].*path:\s*["']([^"']+)["']"#);
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some((target, _)) = reads.as_ref().and_then(|re| re.group(line, 2)) {
            match resolve(&gemfile, target) {
                Some(path) if f.listing.has(&path) => add(
                    f,
                    "copy",
                    &path,
                    &gemfile,
                    Some(i + 1),
                    format!("the Gemfile reads the Ruby version from {target}"),
                ),
                _ => f.note(format!(
                    "{gemfile}:{}: the Gemfile reads {target}, which is not in the project; bundle install will fail",
                    i + 1
                )),
            }
        }
        if trimmed == "gemspec"
            || trimmed.starts_with("gemspec ")
            || trimmed.starts_with("gemspec(")
        {
            gemspecs(f, &gemfile, i + 1);
        }
        if let Some((target, _)) = path_gem.as_ref().and_then(|re| re.group(line, 2)) {
            match resolve(&gemfile, target) {
                Some(path) if has_dir(f, &path) => add(
                    f,
                    "copy",
                    &format!("{path}/"),
                    &gemfile,
                    Some(i + 1),
                    "a gem installed from a local path: bundler reads its folder".into(),
                ),
                _ => f.note(format!(
                    "{gemfile}:{}: a gem from path `{target}` outside the project; bundle install will fail",
                    i + 1
                )),
            }
        }
    }
    const GEMS: &[(&str, &str, &str)] = &[
        ("pg", "libpq", "the pg gem links PostgreSQL's libpq"),
        (
            "mysql2",
            "mysql2",
            "the mysql2 gem links the MySQL client library",
        ),
        (
            "ruby-vips",
            "libvips",
            "ruby-vips loads libvips at run time",
        ),
        (
            "image_processing",
            "libvips",
            "image_processing uses libvips (the default processor since Rails 7)",
        ),
    ];
    for (gem, addon, why) in GEMS {
        if let Some(line) = gem_line(&text, gem) {
            add(f, "addons", addon, &gemfile, Some(line), (*why).to_string());
        }
    }
    if f.draft.framework.as_deref() == Some("rails")
        && let Some(line) = gem_line(&text, "bootsnap")
        && has_dir(f, &f.path("app"))
    {
        add(
            f,
            "addons",
            "bootsnap",
            &gemfile,
            Some(line),
            "bootsnap is in the Gemfile: its cache is precompiled in the builder".into(),
        );
    }
}

/// The line of `gem "name"` in a Gemfile.
fn gem_line(text: &str, name: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("gem \"{name}\"")) || l.starts_with(&format!("gem '{name}'"))
        })
        .map(|i| i + 1)
}

/// `gemspec` in a Gemfile: bundler evaluates the gemspec (and what it requires) during the install.
fn gemspecs(f: &mut Found<'_>, gemfile: &str, line: usize) {
    let dir = f.prefix.clone();
    let specs: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| {
            let rest = if dir.is_empty() {
                Some(p.as_str())
            } else {
                p.strip_prefix(&format!("{dir}/"))
            };
            rest.is_some_and(|r| !r.contains('/') && r.ends_with(".gemspec"))
        })
        .cloned()
        .collect();
    if specs.is_empty() {
        f.note(format!(
            "{gemfile}:{line}: `gemspec` but no .gemspec next to the Gemfile; bundle install will fail"
        ));
    }
    let require = regex(r#"require(_relative)?\s*\(?\s*["']([^"']+)["']"#);
    for spec in specs {
        add(
            f,
            "copy",
            &spec,
            gemfile,
            Some(line),
            "the Gemfile says `gemspec`: bundler evaluates it during the install".into(),
        );
        let Ok(text) = f.listing.read(&spec) else {
            continue;
        };
        for (i, l) in text.lines().enumerate() {
            let Some((target, _)) = require.as_ref().and_then(|re| re.group(l, 2)) else {
                continue;
            };
            // `require "foo/version"` with `$LOAD_PATH << lib` and `require_relative "lib/foo/version"`.
            let candidates = [format!("{target}.rb"), format!("lib/{target}.rb")];
            for c in candidates {
                if let Some(path) = resolve(&spec, &c)
                    && f.listing.has(&path)
                {
                    add(
                        f,
                        "copy",
                        &path,
                        &spec,
                        Some(i + 1),
                        "the gemspec requires it (usually the gem's version)".into(),
                    );
                    break;
                }
            }
        }
    }
}

// ---------------------------------------------------------------- Node

fn node(f: &mut Found<'_>) {
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
    next_member(f, &file);
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

/// npm, Yarn and pnpm install a workspace from the root: every member's package.json must be there first.
fn workspace_manifests(f: &mut Found<'_>) {
    let members = super::monorepo::members(f.listing);
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

// ---------------------------------------------------------------- .NET

fn dotnet(f: &mut Found<'_>) {
    let Some(project) = f.draft.params.get("project").cloned() else {
        return;
    };
    // MSBuild imports Directory.*.props from the project's folder up to the root; restore reads NuGet.config and
    // global.json the same way.
    const NAMES: &[(&str, &str)] = &[
        (
            "Directory.Build.props",
            "MSBuild imports it into every project",
        ),
        (
            "Directory.Build.targets",
            "MSBuild imports it into every project",
        ),
        (
            "Directory.Packages.props",
            "central package management: restore reads the versions from it",
        ),
        (
            "global.json",
            "pins the SDK (and MSBuild SDKs) restore uses",
        ),
        ("NuGet.config", "package sources restore uses"),
        ("nuget.config", "package sources restore uses"),
        ("NuGet.Config", "package sources restore uses"),
    ];
    let mut dir = project.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    loop {
        for (name, why) in NAMES {
            let path = if dir.is_empty() {
                (*name).to_string()
            } else {
                format!("{dir}/{name}")
            };
            if f.listing.has(&path) {
                add(f, "copy", &path, &path, None, (*why).to_string());
            }
        }
        if dir.is_empty() {
            break;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    }
    // Project references are restored with the project: their project files come first too.
    let mut queue = vec![project.clone()];
    let mut seen = vec![project];
    let reference = regex(r#"<ProjectReference\s+Include\s*=\s*"([^"]+)""#);
    while let Some(current) = queue.pop() {
        let Ok(text) = f.listing.read(&current) else {
            continue;
        };
        let Some(re) = reference.as_ref() else {
            break;
        };
        let mut rest: &str = &text;
        let mut offset = 0;
        while let Some((target, at)) = re.group(rest, 1) {
            let line = line_at(&text, offset + at);
            let target_path = target.replace('\\', "/");
            match resolve(&current, &target_path) {
                Some(path)
                    if f.listing.has(&path) && !seen.contains(&path) && seen.len() < MAX_CHAIN =>
                {
                    add(
                        f,
                        "copy",
                        &path,
                        &current,
                        Some(line),
                        "a project reference: restore reads its project file".into(),
                    );
                    seen.push(path.clone());
                    queue.push(path);
                }
                _ => {}
            }
            let step = at + target.len();
            offset += step;
            rest = &rest[step..];
        }
    }
}

// ---------------------------------------------------------------- Rust

fn rust(f: &mut Found<'_>) {
    // A member is built from the workspace root (one Cargo.lock): the root's manifest names every crate cargo
    // loads.
    let root = if !f.prefix.is_empty() && f.listing.has("Cargo.toml") {
        "Cargo.toml".to_string()
    } else {
        f.path("Cargo.toml")
    };
    let Ok(text) = f.listing.read(&root) else {
        return;
    };
    let Ok(manifest) = toml::from_str::<toml::Table>(&text) else {
        return;
    };
    cargo_targets(f, &root, &text, &manifest);
    let members: Vec<String> = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let mut crates: Vec<String> = Vec::new();
    for pattern in members {
        let pattern = pattern.trim_end_matches('/');
        if let Some(parent) = pattern.strip_suffix("/*") {
            let Some(parent) = resolve(&root, parent) else {
                continue;
            };
            for p in &f.listing.files {
                if let Some(rest) = p.strip_prefix(&format!("{parent}/"))
                    && let Some(name) = rest.strip_suffix("/Cargo.toml")
                    && !name.contains('/')
                {
                    crates.push(format!("{parent}/{name}"));
                }
            }
        } else if let Some(dir) = resolve(&root, pattern) {
            crates.push(dir);
        }
    }
    // Path dependencies inside the project are built with the dependencies too.
    for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
        let deps = manifest
            .get(table)
            .or_else(|| manifest.get("workspace").and_then(|w| w.get(table)))
            .and_then(|d| d.as_table());
        for dep in deps.into_iter().flat_map(|d| d.values()) {
            if let Some(path) = dep.get("path").and_then(|p| p.as_str()) {
                match resolve(&root, path) {
                    Some(dir) => crates.push(dir),
                    None => f.note(format!(
                        "{root}: the path dependency `{path}` is outside the project folder; the build cannot read it"
                    )),
                }
            }
        }
    }
    crates.sort();
    crates.dedup();
    for dir in crates {
        let manifest_path = format!("{dir}/Cargo.toml");
        if manifest_path == root || !f.listing.has(&manifest_path) {
            continue;
        }
        add(
            f,
            "copy",
            &manifest_path,
            &root,
            line_of(&text, dir.rsplit('/').next().unwrap_or(&dir)),
            "a workspace or path crate: the dependency build reads its manifest".into(),
        );
        let Ok(member_text) = f.listing.read(&manifest_path) else {
            continue;
        };
        let Ok(member) = toml::from_str::<toml::Table>(&member_text) else {
            continue;
        };
        cargo_targets(f, &manifest_path, &member_text, &member);
    }
    cargo_config(f);
    rust_libraries(f, &root);
}

/// `-sys` crates in Cargo.lock that link a system library (unless built `bundled`): the library's headers in the
/// builder and the library in the runtime.
fn rust_libraries(f: &mut Found<'_>, root: &str) {
    const LIBS: &[(&str, &str, &[&str])] = &[
        ("pq-sys", "libpq", &["pq-sys", "diesel"]),
        (
            "libsqlite3-sys",
            "sqlite",
            &["libsqlite3-sys", "rusqlite", "diesel", "sqlx"],
        ),
        (
            "mysqlclient-sys",
            "mysqlclient",
            &["mysqlclient-sys", "diesel"],
        ),
    ];
    let lock_path = root.replace("Cargo.toml", "Cargo.lock");
    let Ok(lock) = f.listing.read_capped(&lock_path, 16 * 1024 * 1024) else {
        return;
    };
    let mut manifests = vec![root.to_string()];
    let member = f.path("Cargo.toml");
    if member != root {
        manifests.push(member);
    }
    let texts: Vec<String> = manifests
        .iter()
        .filter_map(|m| f.listing.read(m).ok())
        .collect();
    for (krate, addon, users) in LIBS {
        let needle = format!("name = \"{krate}\"");
        let Some(at) = lock.find(&needle) else {
            continue;
        };
        // A `bundled` feature on the crate or the library that pulls it in compiles the C code in.
        let bundled = texts.iter().any(|t| {
            t.lines().any(|l| {
                users.iter().any(|u| l.trim_start().starts_with(u))
                    && (l.contains("bundled") || l.contains("vendored"))
            })
        });
        if bundled {
            continue;
        }
        add(
            f,
            "addons",
            addon,
            &lock_path,
            Some(line_at(&lock, at)),
            format!("{krate} links the system library (no `bundled` feature in Cargo.toml)"),
        );
    }
}

/// Placeholder sources for the targets a manifest declares or cargo discovers from the files.
fn cargo_targets(f: &mut Found<'_>, manifest_path: &str, text: &str, manifest: &toml::Table) {
    let dir = manifest_path
        .strip_suffix("Cargo.toml")
        .unwrap_or("")
        .to_string();
    let at = |rel: &str| format!("{dir}{rel}");
    let package = manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or_default()
        .to_string();
    if manifest.get("package").is_none() {
        return;
    }
    // Only the root's src/main.rs is written by the catalog's dependency step.
    let is_root = dir.is_empty();
    // The catalog's dependency step writes the root's src/main.rs; a member needs its own.
    if !is_root && (f.listing.has(&at("src/main.rs")) || !f.listing.has(&at("src/lib.rs"))) {
        add(
            f,
            "stubs",
            &at("src/main.rs"),
            manifest_path,
            None,
            "the crate's binary target".into(),
        );
    }
    let lib_declared = manifest.get("lib").is_some();
    if lib_declared || f.listing.has(&at("src/lib.rs")) {
        let path = manifest
            .get("lib")
            .and_then(|l| l.get("path"))
            .and_then(|p| p.as_str())
            .unwrap_or("src/lib.rs");
        add(
            f,
            "stubs",
            &at(path.trim_start_matches("./")),
            manifest_path,
            if lib_declared {
                line_of(text, "[lib]")
            } else {
                None
            },
            "the library target: cargo needs its file to build the dependencies".into(),
        );
    }
    for (table, folder) in [
        ("bin", "src/bin"),
        ("example", "examples"),
        ("bench", "benches"),
        ("test", "tests"),
    ] {
        let Some(targets) = manifest.get(table).and_then(|t| t.as_array()) else {
            continue;
        };
        for target in targets {
            let name = target
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            let path = match target.get("path").and_then(|p| p.as_str()) {
                Some(p) => p.trim_start_matches("./").to_string(),
                None if table == "bin" && name == package => "src/main.rs".to_string(),
                None if name.is_empty() => continue,
                None => format!("{folder}/{name}.rs"),
            };
            if is_root && path == "src/main.rs" {
                continue;
            }
            add(
                f,
                "stubs",
                &at(&path),
                manifest_path,
                line_of(text, &format!("[[{table}]]")),
                format!("a declared [[{table}]] target: cargo checks its file exists"),
            );
        }
    }
}

/// `.cargo/config.toml` settings the builder image cannot satisfy.
fn cargo_config(f: &mut Found<'_>) {
    for name in [".cargo/config.toml", ".cargo/config"] {
        // Hidden folders are not in the listing; the file is read directly (bounded like every read).
        let member = f.path(name);
        let path = if f.listing.root.join(&member).is_file() {
            member
        } else if f.listing.root.join(name).is_file() {
            name.to_string()
        } else {
            continue;
        };
        let Ok(text) = f.listing.read(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let l = line.trim();
            let linker = l.starts_with("linker") && !l.contains("\"cc\"") && !l.contains("\"gcc\"");
            let fuse = l.contains("-fuse-ld=") || l.contains("link-arg=-fuse-ld");
            if linker || fuse {
                f.note(format!(
                    "{path}:{}: `{l}` needs a linker the Rust builder image does not have (only cc/gcc); install it \
                     in the builder or drop the setting for container builds",
                    i + 1
                ));
            }
        }
        return;
    }
}

// ---------------------------------------------------------------- Go

fn go(f: &mut Found<'_>) {
    let gomod = f.path("go.mod");
    let Some(text) = f.read("go.mod") else {
        return;
    };
    let replace = regex(r"=>\s*(\.{1,2}/\S*)\s*$");
    let mut in_block = false;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.starts_with("replace (") {
            in_block = true;
            continue;
        }
        if in_block && l == ")" {
            in_block = false;
            continue;
        }
        if !(in_block || l.starts_with("replace ")) {
            continue;
        }
        let Some((target, _)) = replace.as_ref().and_then(|re| re.group(l, 1)) else {
            continue;
        };
        match resolve(&gomod, target) {
            Some(dir) if f.listing.has(&format!("{dir}/go.mod")) => {
                add(
                    f,
                    "copy",
                    &format!("{dir}/go.mod"),
                    &gomod,
                    Some(i + 1),
                    format!("replaced by the local module {target}: go mod download reads its go.mod"),
                );
                if f.listing.has(&format!("{dir}/go.sum")) {
                    add(
                        f,
                        "copy",
                        &format!("{dir}/go.sum"),
                        &gomod,
                        Some(i + 1),
                        format!("the local module {target}'s checksums"),
                    );
                }
            }
            _ => f.note(format!(
                "{gomod}:{}: `{l}` points outside the project (or at a folder without go.mod); the build cannot \
                 read it: build from a folder that contains both",
                i + 1
            )),
        }
    }
    if f.listing.root.join(f.path("vendor/modules.txt")).is_file() {
        f.note(format!(
            "{}: the modules are vendored; go build uses vendor/ (copied with the sources), so `go mod download` \
             only warms the cache",
            f.path("vendor/modules.txt")
        ));
    }
}

// ---------------------------------------------------------------- run-time reads (Go, Rust)

/// Folders and files a compiled binary opens by a relative path at run time. Embedded ones (`//go:embed`,
/// `include_str!`, `rust-embed`, `sqlx::migrate!`) are inside the binary and need no copy.
fn runtime_reads(f: &mut Found<'_>, ext: &str) {
    if !f.prefix.is_empty() {
        return;
    }
    let patterns: &[&str] = if ext == ".go" {
        &[
            r#"ParseGlob\(\s*"([^"]+)""#,
            r#"ParseFiles\(\s*"([^"]+)""#,
            r#"LoadHTMLGlob\(\s*"([^"]+)""#,
            r#"LoadHTMLFiles\(\s*"([^"]+)""#,
            r#"http\.Dir\(\s*"([^"]+)""#,
            r#"\.Static\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
            r#"html\.New\(\s*"([^"]+)""#,
            r#"os\.ReadFile\(\s*"([^"]+)""#,
            r#"os\.Open\(\s*"([^"]+)""#,
            r#"AddConfigPath\(\s*"([^"]+)""#,
            r#"filepath\.Join\(\s*"([^"]+)""#,
        ]
    } else {
        &[
            r#"Tera::new\(\s*"([^"]+)""#,
            r#"ServeDir::new\(\s*"([^"]+)""#,
            r#"ServeFile::new\(\s*"([^"]+)""#,
            r#"Files::new\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
            r#"FileServer::from\(\s*"([^"]+)""#,
            r#"File::with_name\(\s*"([^"]+)""#,
            r#"read_to_string\(\s*"([^"]+)""#,
            r#"File::open\(\s*"([^"]+)""#,
            // `current_dir()?.join("configuration")`; a name that is no folder of the project is dropped below.
            r#"\.join\(\s*"([^"]+)"\s*\)"#,
            r#"Handlebars.*register_templates_directory\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
        ]
    };
    let compiled: Vec<_> = patterns.iter().filter_map(|p| regex(p)).collect();
    let embed = regex(if ext == ".go" {
        r"//go:embed\s+(\S+)"
    } else {
        r#"(include_str!|include_bytes!|include_dir!|folder\s*=|migrate!)\s*\(?\s*"([^"]+)""#
    });
    let sources: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| p.ends_with(ext) && !p.ends_with("_test.go") && !p.starts_with("tests/"))
        .take(MAX_SOURCES)
        .cloned()
        .collect();
    let mut embedded: Vec<String> = Vec::new();
    let mut wanted: Vec<(String, String, usize, String)> = Vec::new();
    for file in sources {
        let Ok(text) = f.listing.read(&file) else {
            continue;
        };
        if let Some(re) = &embed {
            let group = if ext == ".go" { 1 } else { 2 };
            let mut rest: &str = &text;
            while let Some((target, at)) = re.group(rest, group) {
                if let Some(top) = top_segment(target) {
                    embedded.push(top);
                }
                rest = &rest[at + target.len()..];
            }
        }
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for re in &compiled {
                if let Some((target, _)) = re.group(line, 1)
                    && let Some(top) = top_segment(target)
                {
                    wanted.push((top, file.clone(), i + 1, line.trim().to_string()));
                }
            }
        }
    }
    for (top, file, line, code) in wanted {
        if embedded.contains(&top) {
            continue;
        }
        // `config::File::with_name("configuration/base")` names a file without its extension.
        let exists = has_dir(f, &top) || f.listing.has(&top);
        if !exists {
            continue;
        }
        let code: String = code.chars().take(80).collect();
        add(
            f,
            "runtime",
            &top,
            &file,
            Some(line),
            format!("`{code}` reads it at run time, relative to the working directory"),
        );
    }
}

/// The first path segment of a relative path literal (`./templates/*.html` -> `templates`), unless it is absolute,
/// a glob or the current folder.
fn top_segment(path: &str) -> Option<String> {
    let mut p = path.trim();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    if p.starts_with('/') || p.starts_with("..") || p.is_empty() || p == "." {
        return None;
    }
    let top = p.split('/').next()?;
    if top.contains('*') || top.contains('{') || top.contains('$') {
        return None;
    }
    let ok = top
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    ok.then(|| top.to_string())
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

    #[test]
    fn run_time_paths_keep_their_first_segment() {
        assert_eq!(
            top_segment("./templates/*.html").as_deref(),
            Some("templates")
        );
        assert_eq!(
            top_segment("configuration/base").as_deref(),
            Some("configuration")
        );
        assert_eq!(top_segment("static").as_deref(), Some("static"));
        assert_eq!(top_segment("/etc/app.json"), None);
        assert_eq!(top_segment("*.html"), None);
        assert_eq!(top_segment("."), None);
    }

    #[test]
    fn binary_psycopg2_is_not_the_source_build() {
        assert_eq!(
            dependency_named("psycopg2==2.9.10", "psycopg2"),
            Some("==2.9.10")
        );
        assert_eq!(
            dependency_named("psycopg2-binary==2.9", "psycopg2"),
            Some("-binary==2.9")
        );
        assert_eq!(
            dependency_named("\"psycopg2>=2.9\",", "psycopg2"),
            Some(">=2.9\",")
        );
        assert_eq!(dependency_named("psycopg2cffi", "psycopg2"), None);
    }
}
