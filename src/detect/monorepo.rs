//! Workspace members: npm/Yarn `workspaces`, pnpm-workspace.yaml, Cargo `[workspace] members` and uv's
//! `[tool.uv.workspace] members`; and which of them is an app that can be deployed (rather than a library).

use super::{Member, walk::Listing};

fn expand(listing: &Listing, pattern: &str, manifest: &str) -> Vec<String> {
    let pattern = pattern
        .trim()
        .trim_matches(['"', '\''])
        .trim_end_matches('/');
    if pattern.starts_with('!') || pattern.is_empty() {
        return Vec::new();
    }
    match pattern
        .strip_suffix("/*")
        .or_else(|| pattern.strip_suffix("/**"))
    {
        Some(parent) => {
            let prefix = format!("{parent}/");
            let mut dirs: Vec<String> = listing
                .files
                .iter()
                .filter_map(|f| f.strip_prefix(&prefix))
                .filter_map(|rest| rest.strip_suffix(&format!("/{manifest}")))
                .filter(|dir| !dir.contains('/'))
                .map(|dir| format!("{parent}/{dir}"))
                .collect();
            dirs.dedup();
            dirs
        }
        None if listing.has(&format!("{pattern}/{manifest}")) => vec![pattern.to_string()],
        None => Vec::new(),
    }
}

fn name_in(listing: &Listing, dir: &str, manifest: &str) -> String {
    let fallback = dir.rsplit('/').next().unwrap_or(dir).to_string();
    let Ok(text) = listing.read(&format!("{dir}/{manifest}")) else {
        return fallback;
    };
    let name = if manifest == "package.json" {
        serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("name")?.as_str().map(String::from))
    } else if manifest == "pyproject.toml" {
        toml::from_str::<toml::Table>(&text)
            .ok()
            .and_then(|t| t.get("project")?.get("name")?.as_str().map(String::from))
    } else {
        toml::from_str::<toml::Table>(&text)
            .ok()
            .and_then(|t| t.get("package")?.get("name")?.as_str().map(String::from))
    };
    name.unwrap_or(fallback)
}

pub fn members(listing: &Listing) -> Vec<Member> {
    let mut patterns: Vec<(String, &str)> = Vec::new();
    if let Ok(text) = listing.read("package.json")
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
    {
        let list = json
            .get("workspaces")
            .and_then(|w| w.as_array().or_else(|| w.get("packages")?.as_array()));
        for p in list.into_iter().flatten().filter_map(|p| p.as_str()) {
            patterns.push((p.to_string(), "package.json"));
        }
    }
    if let Ok(text) = listing.read("pnpm-workspace.yaml") {
        let mut in_packages = false;
        for line in text.lines() {
            if line.trim_start().starts_with("packages:") {
                in_packages = true;
            } else if in_packages && let Some(item) = line.trim().strip_prefix("- ") {
                patterns.push((item.to_string(), "package.json"));
            } else if !line.starts_with(' ') && !line.trim().is_empty() {
                in_packages = false;
            }
        }
    }
    if let Ok(text) = listing.read("Cargo.toml")
        && let Ok(table) = toml::from_str::<toml::Table>(&text)
        && let Some(list) = table
            .get("workspace")
            .and_then(|w| w.get("members"))
            .and_then(|m| m.as_array())
    {
        for p in list.iter().filter_map(|p| p.as_str()) {
            patterns.push((p.to_string(), "Cargo.toml"));
        }
    }
    if let Ok(text) = listing.read("pyproject.toml")
        && let Ok(table) = toml::from_str::<toml::Table>(&text)
        && let Some(list) = table
            .get("tool")
            .and_then(|t| t.get("uv"))
            .and_then(|u| u.get("workspace"))
            .and_then(|w| w.get("members"))
            .and_then(|m| m.as_array())
    {
        for p in list.iter().filter_map(|p| p.as_str()) {
            patterns.push((p.to_string(), "pyproject.toml"));
        }
    }
    let mut members: Vec<Member> = Vec::new();
    for (pattern, manifest) in patterns {
        for dir in expand(listing, &pattern, manifest) {
            if !members.iter().any(|m| m.path == dir) {
                members.push(Member {
                    name: name_in(listing, &dir, manifest),
                    path: dir,
                });
            }
        }
    }
    members.sort_by(|a, b| a.path.cmp(&b.path));
    members
}

/// Dependencies that make a Node package a server.
const NODE_SERVERS: &[&str] = &[
    "next",
    "express",
    "fastify",
    "@nestjs/core",
    "koa",
    "hono",
    "@hapi/hapi",
    "nuxt",
    "@remix-run/serve",
];
/// Dependencies that make a Node package a mobile app, never a container.
const NODE_MOBILE: &[&str] = &["expo", "react-native"];
/// Dependencies that make a Python package a web app.
const PYTHON_SERVERS: &[&str] = &[
    "fastapi",
    "django",
    "flask",
    "uvicorn",
    "gunicorn",
    "starlette",
    "litestar",
];

/// Why the package in `dir` ("" for the root) is an app that runs as a server or binary, or None for a library.
pub fn app_reason(listing: &Listing, dir: &str) -> Option<String> {
    let at = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let mut reasons: Vec<String> = Vec::new();
    if let Ok(text) = listing.read(&at("package.json"))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
    {
        let dep = |name: &str| {
            ["dependencies", "devDependencies"]
                .iter()
                .any(|k| json.get(k).and_then(|d| d.get(name)).is_some())
        };
        if NODE_MOBILE.iter().any(|d| dep(d)) {
            return None;
        }
        if let Some(start) = json.pointer("/scripts/start").and_then(|s| s.as_str()) {
            reasons.push(format!("start script `{start}`"));
        }
        if let Some(server) = NODE_SERVERS.iter().find(|d| dep(d)) {
            reasons.push(format!("depends on {server}"));
        }
    }
    if let Ok(text) = listing.read(&at("Cargo.toml"))
        && let Ok(table) = toml::from_str::<toml::Table>(&text)
        && table.get("package").is_some()
        && (listing.has(&at("src/main.rs")) || table.get("bin").is_some())
    {
        reasons.push("a binary crate".into());
    }
    if let Ok(text) = listing.read(&at("pyproject.toml")) {
        let lower = text.to_ascii_lowercase();
        if let Some(server) = PYTHON_SERVERS
            .iter()
            .find(|d| lower.contains(&format!("\"{d}")))
        {
            reasons.push(format!("depends on {server}"));
        }
    }
    if !dir.is_empty() && listing.has(&at("Dockerfile")) {
        reasons.push("has its own Dockerfile".into());
    }
    (!reasons.is_empty()).then(|| reasons.join(", "))
}

/// The members that are apps, with why; the others are libraries the apps use.
pub fn deployable(listing: &Listing, members: &[Member]) -> Vec<(Member, String)> {
    members
        .iter()
        .filter_map(|m| app_reason(listing, &m.path).map(|why| (m.clone(), why)))
        .collect()
}
