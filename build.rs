//! Embeds every TOML file under `assets/catalog/` so that adding a language or a base needs no Rust change.

use std::{env, fs, path::Path};

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let catalog = Path::new(&root).join("assets/catalog");
    println!("cargo:rerun-if-changed={}", catalog.display());
    let mut files = Vec::new();
    collect(&catalog, &mut files);
    let mut code = String::from("pub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={file}");
        let rel = file
            .strip_prefix(&format!("{}/", root.replace('\\', "/")))
            .unwrap_or(file);
        code.push_str(&format!("    ({rel:?}, include_str!({file:?})),\n"));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog_files.rs");
    fs::write(out, code).expect("write catalog_files.rs");
}
