//! Compiles the built-in catalog (every TOML file under `assets/catalog/`) into the compact encoding of
//! `src/catalog/blob.rs`, embedded in the binary: adding a language or a base needs no Rust change, a broken file
//! fails the build with its file and line, and start-up reads length-prefixed values instead of parsing TOML or JSON
//! (the largest part of `generate`'s run time otherwise).

use std::{env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/catalog/model.rs"]
mod model;

#[allow(dead_code)]
#[path = "src/catalog/blob.rs"]
mod blob;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    base: Vec<model::Base>,
    #[serde(default)]
    language: Vec<model::Language>,
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// The release binary drops its unwind tables (see link/no-unwind-tables.ld): with `panic = "abort"` nothing
/// unwinds. Debug and test builds unwind (tests catch panics), so they keep them. It stays a position-independent
/// executable: linking at a fixed address would save about 100 KB of relocations, at the price of placing the
/// program's code and data at a known address, which is not worth it for a tool that reads untrusted files.
/// Identical functions are folded where the default linker is LLD (x86_64 Linux since Rust 1.90); GNU ld does
/// not know `--icf`.
fn release_link_args(root: &str) {
    let script = Path::new(root).join("link/no-unwind-tables.ld");
    println!("cargo:rerun-if-changed={}", script.display());
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    // Cargo.toml's release profile sets `panic = "abort"` (build scripts are not told the profile's panic mode).
    if release && linux {
        println!("cargo:rustc-link-arg-bins=-Wl,--no-eh-frame-hdr");
        println!("cargo:rustc-link-arg-bins=-Wl,-O2");
        println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", script.display());
        let lld_default = env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
        if lld_default {
            println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
        }
    }
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    release_link_args(&root);
    let dir = Path::new(&root).join("assets/catalog");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/catalog/model.rs");
    println!("cargo:rerun-if-changed=src/catalog/blob.rs");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let mut catalog = model::Catalog::default();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = fs::read_to_string(file).expect("read catalog file");
        let parsed: CatalogFile = toml::from_str(&text).unwrap_or_else(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(0);
            panic!(
                "catalog file {}, line {line}: {}",
                file.display(),
                e.message()
            )
        });
        catalog.bases.extend(parsed.base);
        catalog.languages.extend(parsed.language);
    }
    catalog.languages.sort_by_key(|l| l.order);
    let value = serde_json::to_value(&catalog).expect("serialise the catalog");
    let encoded = blob::encode(&value);
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.bin");
    fs::write(out, encoded).expect("write catalog.bin");
}
