//! Rust: Cargo.toml (package and bin names, rust-version), rust-toolchain files, crates that need C libraries.

use super::{found::Found, walk::line_of};

/// Crates that link a C library: the musl/scratch path needs it vendored or replaced.
const C_LIBRARY_CRATES: &[(&str, &str)] = &[
    ("openssl-sys", "OpenSSL"),
    ("native-tls", "OpenSSL (through native-tls)"),
    ("libsqlite3-sys", "SQLite"),
    ("pq-sys", "libpq"),
    ("libz-sys", "zlib"),
    ("rdkafka-sys", "librdkafka"),
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
    if let Some((name, why)) = bin {
        let line = line_of(&text, &format!("\"{name}\""));
        f.set("params.bin", &name, &file, line, why);
    } else if manifest.contains_key("workspace") {
        f.note(format!(
            "{file} is a workspace: pick a member with --member"
        ));
    }
    for name in ["rust-toolchain.toml", "rust-toolchain"] {
        if f.has(name)
            && let Some(t) = f.read(name)
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
                f.set_version(&channel, false, &f.path(name), line, "the pinned toolchain");
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
    }
    let lock = if f.listing.has("Cargo.lock") {
        f.listing.read("Cargo.lock").ok()
    } else {
        None
    };
    let haystack = format!("{text}\n{}", lock.unwrap_or_default());
    for (krate, library) in C_LIBRARY_CRATES {
        if haystack.contains(&format!("name = \"{krate}\""))
            || text.contains(&format!("{krate} "))
            || text.contains(&format!("{krate}="))
        {
            f.note(format!(
                "the crate {krate} links {library}: the default glibc build on distroless cc works; for musl or \
                 scratch vendor it (e.g. the `vendored` feature) or switch to a pure-Rust alternative (rustls)"
            ));
        }
    }
    true
}
