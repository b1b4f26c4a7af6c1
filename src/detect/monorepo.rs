//! Workspace members: npm/Yarn `workspaces`, pnpm-workspace.yaml and Cargo `[workspace] members`.

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
