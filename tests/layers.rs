//! The module layering holds: no module imports one that imports it back (directly or through others), and the
//! wizard never reaches into the CLI layer. Read from the source: `use crate::…`, `use super::…` (with braces) and
//! `crate::…` / `super::…` paths in code; unit-test modules are left out.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
};

/// Every source file as its module path (`wizard::state`, `plan`), with its text.
fn modules(root: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .expect("src")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .expect("under src")
                    .with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                let text = fs::read_to_string(&path).expect("read");
                out.insert(parts.join("::"), text);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// `use` trees flattened into paths: `a::{b, c::{d}}` -> `a::b`, `a::c::d`.
fn flatten(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let mut depth = 0;
    let mut item = String::new();
    let mut items = Vec::new();
    for ch in tree.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            items.push(std::mem::take(&mut item));
        } else {
            item.push(ch);
        }
    }
    items.push(item);
    for item in items {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        match item.split_once('{') {
            Some((head, rest)) => {
                let head: String = head.chars().filter(|c| !c.is_whitespace()).collect();
                let inner = rest.trim_end().strip_suffix('}').unwrap_or(rest);
                flatten(&format!("{prefix}{head}"), inner, out);
            }
            None => {
                let name = item.split(" as ").next().unwrap_or(item);
                let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
                out.push(format!("{prefix}{name}"));
            }
        }
    }
}

/// The module paths a file refers to, relative to the crate root.
fn references(module: &str, text: &str) -> Vec<String> {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut paths = Vec::new();
    for statement in code.split(';') {
        // The statement's `use` line, after any comments or attributes above it.
        let mut at = 0;
        let tree = statement.lines().find_map(|line| {
            let start = at;
            at += line.len() + 1;
            let trimmed = line.trim_start();
            [
                "pub(crate) use ",
                "pub(super) use ",
                "pub(in crate::wizard) use ",
                "pub use ",
                "use ",
            ]
            .iter()
            .find(|p| trimmed.starts_with(**p))
            .map(|p| {
                let from = start + (line.len() - trimmed.len()) + p.len();
                &statement[from.min(statement.len())..]
            })
        });
        if let Some(tree) = tree {
            flatten("", tree, &mut paths);
        }
    }
    for needle in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(at) = rest.find(needle) {
            let before = rest[..at].chars().last();
            let tail = &rest[at..];
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                paths.push(tail[..end].to_string());
            }
            rest = &tail[needle.len()..];
        }
    }
    paths
        .into_iter()
        .filter_map(|p| {
            if let Some(path) = p.strip_prefix("crate::") {
                Some(path.to_string())
            } else if p.starts_with("super::") {
                // `super` is the parent module, whether the file is `a/b.rs` or `a/b/mod.rs`.
                let mut base: Vec<&str> = module.split("::").filter(|m| !m.is_empty()).collect();
                let mut path = p.as_str();
                while let Some(rest) = path.strip_prefix("super::") {
                    base.pop();
                    path = rest;
                }
                let mut full = base.join("::");
                if !full.is_empty() {
                    full.push_str("::");
                }
                full.push_str(path);
                Some(full)
            } else {
                None
            }
        })
        .collect()
}

/// The import graph between files: an edge from a module to the longest module its paths name.
fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(root);
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| modules.contains_key(m))
    };
    let mut graph = BTreeMap::new();
    for (module, text) in &modules {
        let edges: BTreeSet<String> = references(module, text)
            .iter()
            .filter_map(|p| resolve(p))
            .filter(|target| target != module && !target.starts_with(&format!("{module}::")))
            .filter(|target| !target.is_empty())
            .collect();
        graph.insert(module.clone(), edges);
    }
    graph
}

/// Groups of modules that import each other (strongly connected components with more than one module).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Two modules are in one cycle when each reaches the other.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for m in graph.keys() {
        if groups.iter().any(|g| g.contains(m)) {
            continue;
        }
        let group: Vec<String> = graph
            .keys()
            .filter(|o| *o == m || (reaches[m].contains(*o) && reaches[*o].contains(m)))
            .cloned()
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() > 50, "only {} modules read", graph.len());
    // The reader sees the edges that matter.
    assert!(graph["dockerfile::render"].contains("plan"), "{graph:?}");
    assert!(graph["wizard::app"].contains("wizard::state"), "{graph:?}");
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles: {found:?}");
}

#[test]
fn the_wizard_never_imports_the_cli_layer() {
    let graph = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let offending: Vec<(&String, &String)> = graph
        .iter()
        .filter(|(m, _)| m.starts_with("wizard"))
        .flat_map(|(m, edges)| edges.iter().map(move |e| (m, e)))
        .filter(|(_, e)| e.starts_with("commands") || e.starts_with("cli"))
        .collect();
    assert!(offending.is_empty(), "{offending:?}");
}

#[test]
fn a_cycle_is_seen() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    graph.insert("d".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycles(&graph), [vec!["a", "b", "c"]]);
}
