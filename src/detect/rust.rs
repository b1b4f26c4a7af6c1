//! Rust: Cargo.toml (package and bin names, rust-version), rust-toolchain files, crates that need C libraries.

use super::{found::Found, walk::line_of};

/// Crates that link a C library, and how a musl/scratch build gets by without the system's copy.
const C_LIBRARY_CRATES: &[(&str, &str, &str)] = &[
    (
        "openssl-sys",
        "OpenSSL",
        "enable openssl's `vendored` feature or switch to rustls",
    ),
    (
        "native-tls",
        "OpenSSL",
        "enable openssl's `vendored` feature or switch to rustls",
    ),
    (
        "libsqlite3-sys",
        "SQLite",
        "enable rusqlite's `bundled` feature",
    ),
    (
        "pq-sys",
        "libpq",
        "enable pq-sys's `bundled` feature or use a pure-Rust driver (sqlx, tokio-postgres)",
    ),
    ("libz-sys", "zlib", "enable libz-sys's `static` feature"),
    (
        "rdkafka-sys",
        "librdkafka",
        "build it with rdkafka's `cmake-build` feature",
    ),
];

pub fn detect(f: &mut Found<'_>) -> bool {
    let Some(file) = f.claim("Cargo.toml", "rust", "cargo", "makes this a Rust package") else {
        return false;
    };
    let Some(text) = f.read("Cargo.toml") else {
        return true;
    };
    let manifest: toml::Table = match toml::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            f.note(format!("{file} could not be parsed: {}", e.message()));
            return true;
        }
    };
    let bin = manifest
        .get("bin")
        .and_then(|b| b.as_array())
        .and_then(|bins| bins.first())
        .and_then(|b| b.get("name"))
        .and_then(|n| n.as_str())
        .map(|n| (n.to_string(), "the first [[bin]] target"))
        .or_else(|| {
            manifest
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
                .map(|n| (n.to_string(), "the package name (the default binary)"))
        });
    // Without [[bin]] and src/main.rs, cargo names binaries after the files in src/bin.
    let explicit = manifest.get("bin").is_some() || f.has("src/main.rs");
    let autobins = autobins(f);
    let package = manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    // With several, the one named like the package (or a server) is the likely image.
    let preferred = autobins
        .iter()
        .find(|b| Some(b.as_str()) == package)
        .or_else(|| {
            ["server", "api", "web", "app"]
                .iter()
                .find_map(|n| autobins.iter().find(|b| b == n))
        })
        .or(autobins.first());
    if !explicit && let Some(first) = preferred {
        let path = f.path(&format!("src/bin/{first}.rs"));
        f.set(
            "params.bin",
            first,
            &path,
            None,
            "a binary in src/bin (no src/main.rs)",
        );
        if autobins.len() > 1 {
            f.note(format!(
                "several binaries in src/bin ({}); using {first}, set --param bin to choose",
                autobins.join(", ")
            ));
        }
    } else if !explicit && f.has("src/lib.rs") {
        f.note(format!(
            "{file} builds a library only (src/lib.rs, no binary): nothing to run in an image"
        ));
    } else if let Some((name, why)) = bin {
        let line = line_of(&text, &format!("\"{name}\""));
        f.set("params.bin", &name, &file, line, why);
    } else if manifest.contains_key("workspace") {
        f.note(format!(
            "{file} is a workspace: pick a member with --member"
        ));
    }
    for name in ["rust-toolchain.toml", "rust-toolchain"] {
        if let Some(path) = f.nearest(name)
            && let Ok(t) = f.listing.read(&path)
        {
            let channel = t
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("channel")
                        .map(|r| r.trim_start_matches([' ', '=', '"']).trim_end_matches('"'))
                })
                .or_else(|| t.lines().next().map(str::trim))
                .unwrap_or_default()
                .to_string();
            if channel.starts_with(|c: char| c.is_ascii_digit()) {
                let line = line_of(&t, &channel);
                f.set_version(&channel, false, &path, line, "the pinned toolchain");
            }
        }
    }
    if let Some(v) = manifest
        .get("package")
        .and_then(|p| p.get("rust-version"))
        .and_then(|v| v.as_str())
    {
        f.set_version(
            v,
            true,
            &file,
            line_of(&text, "rust-version"),
            "rust-version (a minimum)",
        );
    } else if !f.prefix.is_empty()
        && let Ok(root) = f.listing.read("Cargo.toml")
        && let Ok(table) = toml::from_str::<toml::Table>(&root)
        && let Some(v) = table
            .get("workspace")
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get("rust-version"))
            .and_then(|v| v.as_str())
    {
        f.set_version(
            v,
            true,
            "Cargo.toml",
            line_of(&root, "rust-version"),
            "the workspace's rust-version (a minimum)",
        );
    }
    // Lockfiles of large projects pass the usual read cap; the crate list is what matters here.
    let lock = if f.listing.has("Cargo.lock") {
        f.listing.read_capped("Cargo.lock", 16 * 1024 * 1024).ok()
    } else {
        None
    };
    let haystack = format!("{text}\n{}", lock.unwrap_or_default());
    let mut libraries: Vec<&str> = Vec::new();
    for (krate, library, fix) in C_LIBRARY_CRATES {
        let used = haystack.contains(&format!("name = \"{krate}\""))
            || text.contains(&format!("{krate} "))
            || text.contains(&format!("{krate}="));
        if used && !libraries.contains(library) {
            libraries.push(library);
            f.note(format!(
                "the crate {krate} links {library}: a glibc build uses the runtime base's copy (distroless cc has \
                 OpenSSL; other libraries are installed from the base's packages, see files.addons); for the musl \
                 variant (scratch, distroless static) {fix}"
            ));
        }
    }
    true
}

/// Binary names cargo infers from src/bin: `src/bin/<name>.rs` and `src/bin/<name>/main.rs`.
fn autobins(f: &Found<'_>) -> Vec<String> {
    let dir = format!("{}src/bin/", f.dir_prefix());
    let mut names: Vec<String> = f
        .listing
        .files
        .iter()
        .filter_map(|p| p.strip_prefix(&dir))
        .filter_map(|rest| match rest.split_once('/') {
            None => rest.strip_suffix(".rs"),
            Some((name, "main.rs")) => Some(name),
            Some(_) => None,
        })
        .map(String::from)
        .collect();
    names.dedup();
    names
}
