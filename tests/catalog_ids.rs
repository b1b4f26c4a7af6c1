//! Every catalog id detection can emit exists in the built-in catalog: languages, build systems, variants,
//! frameworks, addons and param names. Two nets: the detection source is read for every id it passes to
//! `Found::set`, `Found::claim` and `files::add` (literally, or through a table named below), and detection runs
//! over every sample project, whose answers must then resolve inside the catalog.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

use stagecraft::{
    answers::Draft,
    catalog::{self, Catalog, Language},
    detect,
};

/// What kind of catalog entry a value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Language,
    BuildSystem,
    Variant,
    Framework,
    Addon,
    Param,
}

/// `const` tables of a file, each with the column that holds ids.
type Tables = &'static [(&'static str, usize)];

/// Call sites that pass an id held in a variable: (file, the argument as written) and the tables (`const`s of
/// the same file, with the column holding the id) that give every value it takes. A new site of this kind fails
/// the test until it is listed here, so no id reaches the answers unchecked.
const TABLE_SITES: &[(&str, &str, Tables)] = &[
    (
        "src/detect/node.rs",
        "framework",
        &[
            ("SERVER_FRAMEWORKS", 1),
            ("NEXT_START", 0),
            ("SPA_TOOLS", 1),
        ],
    ),
    ("src/detect/node.rs", "name", &[("PACKAGE_MANAGERS", 0)]),
    (
        "src/detect/files/ruby.rs",
        "addon",
        &[("GEMS", 1), ("JS_BUNDLING", 1)],
    ),
    ("src/detect/files/python.rs", "addon", &[("LIBS", 1)]),
    (
        "src/detect/files/rust.rs",
        "addon",
        &[("LIBS", 1), ("TOOLS", 1)],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("list src/detect")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without `//` comments (strings, raw strings and char literals kept as they are).
fn strip_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'r' if string_end(text, i).is_some() => {
                let end = string_end(text, i).expect("checked");
                out.push_str(&text[i..end]);
                i = end;
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') || bytes.get(i + 1) == Some(&b'\\') => {
                // A char literal ('"', '\'' ...): copied whole so a quote inside it starts no string.
                let len = if bytes[i + 1] == b'\\' { 4 } else { 3 };
                out.push_str(&text[i..(i + len).min(text.len())]);
                i += len;
            }
            _ => {
                let c = text[i..].chars().next().expect("a char");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Where the string literal starting at `i` (`"..."`, `r"..."`, `r#"..."#`) ends.
fn string_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes[i] == b'"' {
        let mut j = i + 1;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 2,
                b'"' => return Some(j + 1),
                _ => j += 1,
            }
        }
        return None;
    }
    // A raw string only where `r` starts a token.
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return None;
    }
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    if bytes.get(i + 1 + hashes) != Some(&b'"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    let from = i + 2 + hashes;
    text[from..].find(&close).map(|k| from + k + close.len())
}

/// The top-level comma-separated items between the bracket at `open` and its partner, trimmed; and where the
/// partner is.
fn items(text: &str, open: usize) -> (Vec<String>, usize) {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut start = open + 1;
    let mut out = Vec::new();
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'r' if string_end(text, i).is_some() => {
                i = string_end(text, i).expect("checked");
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    let last = text[start..i].trim();
                    if !last.is_empty() {
                        out.push(last.to_string());
                    }
                    return (out, i);
                }
            }
            b',' if depth == 1 => {
                out.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    panic!("unbalanced brackets after byte {open}")
}

/// The value of a plain string literal.
fn literal(arg: &str) -> Option<&str> {
    let inner = arg.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\'])).then_some(inner)
}

/// Column `column` of every row of `const NAME` (a table of tuples, a list of strings, or one string).
fn table(text: &str, name: &str, column: usize) -> Vec<String> {
    let at = text
        .find(&format!("const {name}:"))
        .unwrap_or_else(|| panic!("no `const {name}` in the file"));
    let eq = at + text[at..].find('=').expect("a const has a value");
    let value = text[eq + 1..].trim_start();
    if let Some(one) = value.split(';').next().and_then(literal) {
        assert_eq!(column, 0, "{name} is one string");
        return vec![one.to_string()];
    }
    let open = eq + text[eq..].find('[').expect("a table is a slice");
    let (rows, _) = items(text, open);
    rows.iter()
        .map(|row| {
            let cell = if row.starts_with('(') {
                items(row, 0).0.get(column).cloned()
            } else {
                (column == 0).then(|| row.clone())
            };
            let cell = cell.unwrap_or_else(|| panic!("{name}: no column {column} in {row}"));
            literal(&cell)
                .unwrap_or_else(|| panic!("{name}: `{cell}` is not a string literal"))
                .to_string()
        })
        .collect()
}

/// The ids an argument passes: a literal, or the tables `TABLE_SITES` names for it; `Err` names the site.
fn resolve(
    file: &str,
    text: &str,
    kind: Kind,
    arg: &str,
) -> Result<Vec<(Kind, String, String)>, String> {
    if let Some(id) = literal(arg) {
        return Ok(vec![(kind, id.to_string(), file.to_string())]);
    }
    let Some((_, _, tables)) = TABLE_SITES.iter().find(|(f, a, _)| *f == file && *a == arg) else {
        return Err(format!("{file}: {kind:?} from `{arg}`"));
    };
    let mut ids = Vec::new();
    for (name, column) in *tables {
        for id in table(text, name, *column) {
            // An empty cell is "no framework" (the caller skips it).
            if !id.is_empty() {
                ids.push((kind, id, format!("{file} {name}")));
            }
        }
    }
    Ok(ids)
}

/// Every id the detection source emits, with the file and what it is; panics on a site it cannot resolve.
fn ids_in_source() -> BTreeSet<(Kind, String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new("src/detect"), &mut files);
    let mut found = BTreeSet::new();
    let mut unresolved = Vec::new();
    for path in &files {
        let file = path.display().to_string();
        // `Found` itself only forwards the ids its callers give (`claim` to `set`).
        if file == "src/detect/found.rs" {
            continue;
        }
        let text = strip_comments(&fs::read_to_string(path).expect("read"));
        let mut resolve =
            |kind: Kind, arg: &str, found: &mut BTreeSet<(Kind, String, String)>| match resolve(
                &file, &text, kind, arg,
            ) {
                Ok(ids) => found.extend(ids),
                Err(site) => unresolved.push(site),
            };
        // Ids the detectors compare with (`f.draft.framework.as_deref() == Some("nextjs")`) must exist too.
        let packed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for (field, kind) in [
            ("language", Kind::Language),
            ("build_system", Kind::BuildSystem),
            ("variant", Kind::Variant),
            ("framework", Kind::Framework),
        ] {
            for op in ["==", "!="] {
                let needle = format!("draft.{field}.as_deref(){op}Some(\"");
                for (at, _) in packed.match_indices(&needle) {
                    let rest = &packed[at + needle.len()..];
                    let id = &rest[..rest.find('"').expect("closing quote")];
                    found.insert((kind, id.to_string(), file.clone()));
                }
            }
        }
        for call in ["set", "claim", "add"] {
            let mut from = 0;
            while let Some(k) = text[from..].find(&format!("{call}(")) {
                let at = from + k;
                from = at + call.len();
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                    || text[..at].trim_end().ends_with("fn")
                {
                    continue;
                }
                let (args, _) = items(&text, at + call.len());
                let arg = |n: usize| args.get(n).map(String::as_str).unwrap_or_default();
                match call {
                    "set" => {
                        let field = literal(arg(0));
                        let kind = match field {
                            Some("language") => Some(Kind::Language),
                            Some("build_system") => Some(Kind::BuildSystem),
                            Some("variant") => Some(Kind::Variant),
                            Some("framework") => Some(Kind::Framework),
                            Some(f) if f.starts_with("params.") => {
                                found.insert((
                                    Kind::Param,
                                    f["params.".len()..].to_string(),
                                    file.clone(),
                                ));
                                None
                            }
                            Some(_) => None,
                            None => {
                                resolve(Kind::Param, &format!("field {}", arg(0)), &mut found);
                                None
                            }
                        };
                        if let Some(kind) = kind {
                            resolve(kind, arg(1), &mut found);
                        }
                    }
                    "claim" => {
                        resolve(Kind::Language, arg(1), &mut found);
                        resolve(Kind::BuildSystem, arg(2), &mut found);
                    }
                    _ => match literal(arg(1)) {
                        Some("copy" | "stubs" | "runtime" | "ship") => {}
                        Some(_) => resolve(Kind::Addon, arg(2), &mut found),
                        None => resolve(Kind::Addon, &format!("list {}", arg(1)), &mut found),
                    },
                }
            }
        }
    }
    assert!(
        unresolved.is_empty(),
        "detection passes ids the test cannot see: write them as literals, or add the site and its table to \
         TABLE_SITES:\n{}",
        unresolved.join("\n")
    );
    found
}

fn defined(catalog: &Catalog, kind: Kind, id: &str) -> bool {
    let languages = catalog.languages.iter();
    let build_systems = || catalog.languages.iter().flat_map(|l| &l.build_systems);
    match kind {
        Kind::Language => catalog.language(id).is_some(),
        Kind::BuildSystem => build_systems().any(|b| b.id == id),
        Kind::Variant => build_systems().any(|b| b.variant(id).is_some()),
        Kind::Framework => languages.clone().any(|l| l.framework(id).is_some()),
        Kind::Addon => languages.clone().any(|l| l.addon(id).is_some()),
        Kind::Param => languages.clone().any(|l| param_names(l, None).contains(id)),
    }
}

/// Param names of a language's build systems (or of one) with their variants' and frameworks' overlays.
fn param_names(language: &Language, build_system: Option<&str>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for bs in &language.build_systems {
        if build_system.is_some_and(|id| id != bs.id) {
            continue;
        }
        names.extend(bs.params.iter().map(|p| p.id.clone()));
        for variant in &bs.variants {
            names.extend(
                variant
                    .overlay
                    .params
                    .iter()
                    .flatten()
                    .map(|p| p.id.clone()),
            );
        }
    }
    for framework in &language.frameworks {
        names.extend(
            framework
                .overlay
                .params
                .iter()
                .flatten()
                .map(|p| p.id.clone()),
        );
    }
    names
}

#[test]
fn every_id_the_detection_source_emits_is_in_the_catalog() {
    let catalog = catalog::builtin().expect("built-in catalog");
    let ids = ids_in_source();
    // The scan must see the detectors at all: a broken scan would pass vacuously.
    for kind in [
        Kind::Language,
        Kind::BuildSystem,
        Kind::Variant,
        Kind::Framework,
        Kind::Addon,
        Kind::Param,
    ] {
        let n = ids.iter().filter(|(k, _, _)| *k == kind).count();
        assert!(n >= 2, "only {n} {kind:?} ids found in src/detect");
    }
    assert!(ids.len() >= 60, "{} ids found in src/detect", ids.len());
    eprintln!("{} ids checked", ids.len());
    let missing: Vec<String> = ids
        .iter()
        .filter(|(kind, id, _)| !defined(&catalog, *kind, id))
        .map(|(kind, id, file)| format!("{kind:?} `{id}` ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "detection emits ids the catalog lacks:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_detector_is_for_a_catalog_language_with_a_turn() {
    let catalog = catalog::builtin().expect("built-in catalog");
    for id in detect::detector_languages() {
        let language = catalog
            .language(id)
            .unwrap_or_else(|| panic!("a detector claims for `{id}`, which the catalog lacks"));
        assert!(
            language.detect.priority.is_some(),
            "`{id}` has no detect.priority"
        );
    }
}

fn assert_resolves(catalog: &Catalog, draft: &Draft, what: &str) {
    let Some(language_id) = draft.language.as_deref() else {
        return;
    };
    let language = catalog
        .language(language_id)
        .unwrap_or_else(|| panic!("{what}: language `{language_id}` is not in the catalog"));
    let bs_id = draft
        .build_system
        .as_deref()
        .unwrap_or_else(|| panic!("{what}: no build system"));
    let bs = language
        .build_system(bs_id)
        .unwrap_or_else(|| panic!("{what}: {language_id} has no build system `{bs_id}`"));
    if let Some(variant) = &draft.variant {
        assert!(
            bs.variant(variant).is_some(),
            "{what}: {bs_id} has no variant `{variant}`"
        );
    }
    if let Some(framework) = &draft.framework {
        assert!(
            language.frameworks_for(bs_id).any(|f| &f.id == framework),
            "{what}: no framework `{framework}` for {language_id}/{bs_id}"
        );
    }
    let params = param_names(language, Some(bs_id));
    for name in draft.params.keys() {
        assert!(
            params.contains(name),
            "{what}: {language_id}/{bs_id} has no param `{name}`"
        );
    }
    for addon in draft.files.iter().flat_map(|f| &f.addons) {
        assert!(
            language.addon(addon).is_some(),
            "{what}: {language_id} has no addon `{addon}`"
        );
    }
}

#[test]
fn every_sample_project_detects_to_ids_the_catalog_has() {
    let catalog = catalog::builtin().expect("built-in catalog");
    let root = Path::new("tests/fixtures/projects");
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 50, "{} sample projects", dirs.len());
    let mut languages = BTreeSet::new();
    for dir in &dirs {
        let what = dir.display().to_string();
        let detection = detect::detect(dir, None, &catalog).expect("detect");
        assert_resolves(&catalog, &detection.draft, &what);
        languages.extend(detection.draft.language.clone());
        for member in &detection.members {
            let found = detect::detect(dir, Some(&member.path), &catalog).expect("detect member");
            assert_resolves(
                &catalog,
                &found.draft,
                &format!("{what} member {}", member.path),
            );
        }
    }
    assert!(languages.len() >= 9, "the samples cover {languages:?}");
}
