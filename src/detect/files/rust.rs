//! Rust: workspace and path crates, placeholder targets, `.cargo/config.toml` linkers, `-sys` crates that link a
//! system library.

use super::{add, resolve};
use crate::detect::{
    found::Found,
    walk::{line_at, line_of},
};

pub(super) fn rust(f: &mut Found<'_>) {
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
    // An explicit `build = "build.rs"` must exist for cargo to read the manifest; an implicit one is simply
    // not run until the sources are there.
    if let Some(script) = manifest
        .get("package")
        .and_then(|p| p.get("build"))
        .and_then(|b| b.as_str())
    {
        add(
            f,
            "stubs",
            &at(script.trim_start_matches("./")),
            manifest_path,
            line_of(text, "build ="),
            "the declared build script: cargo needs its file to read the manifest".into(),
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
