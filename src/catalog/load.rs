//! Loading the catalog: the built-in files, then user overrides from the config dir and `--catalog DIR`.
//! A later file replaces an entry with the same id; a broken file is reported with file, line and field.

use std::{
    fs,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use super::{
    error::CatalogError,
    model::{Base, BuildSystem, Catalog, Language},
};

/// The built-in catalog files, encoded by build.rs (see `blob`).
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

/// A build system added to (or replacing one in) a language that another file defines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraBuildSystem {
    language: String,
    #[serde(flatten)]
    build_system: BuildSystem,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    base: Vec<Base>,
    #[serde(default)]
    language: Vec<Language>,
    #[serde(default)]
    build_system: Vec<ExtraBuildSystem>,
}

/// A catalog file is a few dozen KiB; a bigger one is not read.
pub const MAX_CATALOG_FILE: u64 = 1024 * 1024;

/// Where each entry of the user's files was defined: (kind, id) -> (file, line).
type Origins = std::collections::BTreeMap<(&'static str, String), (String, Option<usize>)>;

/// The line of the `n`th (0-based) `id = "<id>"` in `text`.
fn id_line(text: &str, id: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let Some(rest) = line.trim_start().strip_prefix("id") else {
                return false;
            };
            let Some(value) = rest.trim_start().strip_prefix('=') else {
                return false;
            };
            let value = value.trim();
            value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) == Some(id)
                || value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) == Some(id)
        })
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The first line at or after `from` that sets `key` (`key =`, also inside an inline table).
fn key_line(text: &str, from: usize, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, line)| {
            line.match_indices(key).any(|(i, _)| {
                let before = line[..i].chars().next_back();
                let after = line[i + key.len()..].trim_start();
                before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
                    && after.starts_with('=')
            })
        })
        .map(|(i, _)| i + 1)
}

/// The last plain key of a dotted path: `build_system[0].build[1].run` -> `run`.
fn last_key(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// Check one entry of a user file: every field valid, its id not defined by another user file (or twice here).
fn admit(
    origins: &mut Origins,
    name: &str,
    text: &str,
    kind: &'static str,
    id: &str,
    entry: &impl serde::Serialize,
) -> Result<(), CatalogError> {
    let seen_here = origins
        .iter()
        .filter(|((k, i), (f, _))| *k == kind && i == id && f == name)
        .count();
    // A build system added to another file's language is keyed `language/id`; its line says `id = "id"`.
    let own_id = id.rsplit('/').next().unwrap_or(id);
    let line = id_line(text, own_id, seen_here);
    if let Err((field, message)) = super::check::entry_fields(entry) {
        let key = last_key(&field);
        return Err(CatalogError {
            file: name.to_string(),
            line: line.and_then(|l| key_line(text, l, key)).or(line),
            column: None,
            message: format!("{kind} `{id}` field `{field}`: {message}"),
        });
    }
    let where_ = |file: &str, line: Option<usize>| match line {
        Some(l) => format!("{file} line {l}"),
        None => file.to_string(),
    };
    if let Some((first_file, first_line)) = origins.get(&(kind, id.to_string())) {
        return Err(CatalogError {
            file: name.to_string(),
            line,
            column: None,
            message: format!(
                "{kind} `{id}` is defined twice: at {} and at {}; keep one (a user file may replace a built-in \
                 entry, but two definitions of one id would silently hide one of them)",
                where_(first_file, *first_line),
                where_(name, line)
            ),
        });
    }
    origins.insert((kind, id.to_string()), (name.to_string(), line));
    Ok(())
}

/// A semantic error about an entry a user file defines names that file and the entry's line.
fn locate(e: CatalogError, origins: &Origins) -> CatalogError {
    let found = origins.iter().find(|((kind, id), _)| {
        let id = id.rsplit('/').next().unwrap_or(id);
        e.file.starts_with(&format!("entry {kind} `{id}`"))
            || (*kind == "build_system" && e.file.contains(&format!(" build_system `{id}`")))
    });
    match found {
        Some((_, (file, line))) => CatalogError {
            file: file.clone(),
            line: *line,
            column: None,
            message: format!("{}: {}", e.file.trim_start_matches("entry "), e.message),
        },
        None => e,
    }
}

/// Where user catalog files live by default (`~/.config/stagecraft/catalog` on Linux).
pub fn user_catalog_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "stagecraft").map(|d| d.config_dir().join("catalog"))
}

fn builtin_unchecked() -> Result<Catalog, CatalogError> {
    super::blob::Decoder::new(BUILTIN)
        .and_then(|mut decoder| {
            let catalog = Catalog::deserialize(&mut decoder)?;
            decoder.finish().map(|()| catalog)
        })
        .map_err(|e| CatalogError {
            file: "built-in catalog".into(),
            line: None,
            column: None,
            message: e.to_string(),
        })
}

/// The built-in catalog only.
pub fn builtin() -> Result<Catalog, CatalogError> {
    let catalog = builtin_unchecked()?;
    super::check::check(&catalog)?;
    Ok(catalog)
}

/// The built-in catalog merged with the user's config dir (unless `skip_user_dir`) and then `extra_dirs`.
pub fn load(extra_dirs: &[PathBuf], skip_user_dir: bool) -> Result<Catalog, CatalogError> {
    let mut catalog = builtin_unchecked()?;
    let mut dirs = Vec::new();
    if !skip_user_dir
        && let Some(dir) = user_catalog_dir()
        && dir.is_dir()
    {
        dirs.push(dir);
    }
    for dir in extra_dirs {
        if !dir.is_dir() {
            return Err(CatalogError {
                file: dir.display().to_string(),
                line: None,
                column: None,
                message: "is not a directory; --catalog takes a folder of *.toml files".into(),
            });
        }
        dirs.push(dir.clone());
    }
    let mut origins = Origins::new();
    for dir in dirs {
        for file in toml_files(&dir)? {
            let text =
                crate::fsread::read_text_following(&file, MAX_CATALOG_FILE).map_err(|e| {
                    CatalogError {
                        file: file.display().to_string(),
                        line: None,
                        column: None,
                        message: e.to_string(),
                    }
                })?;
            merge_text(
                &mut catalog,
                &file.display().to_string(),
                &text,
                &mut origins,
            )?;
        }
    }
    // Built-in entries are validated whole by `builtin()` in the tests; user entries were validated as merged. The
    // checks across entries are needed once a user entry is in (it may name or replace built-in ones); the built-in
    // catalog alone passes them (`builtin_entries_pass_every_field_validator`).
    if !origins.is_empty() {
        super::check::check_references(&catalog).map_err(|e| locate(e, &origins))?;
    }
    Ok(catalog)
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, CatalogError> {
    let entries = fs::read_dir(dir).map_err(|e| CatalogError {
        file: dir.display().to_string(),
        line: None,
        column: None,
        message: format!("cannot be listed: {e}"),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

fn merge_text(
    catalog: &mut Catalog,
    name: &str,
    text: &str,
    origins: &mut Origins,
) -> Result<(), CatalogError> {
    let file: CatalogFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unzip();
        CatalogError {
            file: name.to_string(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    for base in &file.base {
        admit(origins, name, text, "base", &base.id, base)?;
    }
    for language in &file.language {
        admit(origins, name, text, "language", &language.id, language)?;
    }
    for extra in &file.build_system {
        let id = format!("{}/{}", extra.language, extra.build_system.id);
        admit(
            origins,
            name,
            text,
            "build_system",
            &id,
            &extra.build_system,
        )?;
    }
    for base in file.base {
        match catalog.bases.iter_mut().find(|b| b.id == base.id) {
            Some(slot) => *slot = base,
            None => catalog.bases.push(base),
        }
    }
    for language in file.language {
        match catalog.languages.iter_mut().find(|l| l.id == language.id) {
            Some(slot) => *slot = language,
            None => catalog.languages.push(language),
        }
    }
    for extra in file.build_system {
        let Some(language) = catalog
            .languages
            .iter_mut()
            .find(|l| l.id == extra.language)
        else {
            return Err(CatalogError {
                file: name.to_string(),
                line: None,
                column: None,
                message: format!(
                    "build_system `{}` names language `{}`, which no catalog file defines",
                    extra.build_system.id, extra.language
                ),
            });
        };
        match language
            .build_systems
            .iter_mut()
            .find(|b| b.id == extra.build_system.id)
        {
            Some(slot) => *slot = extra.build_system,
            None => language.build_systems.push(extra.build_system),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn builtin_entries_pass_every_field_validator() {
        // `load` skips this per run: the built-in catalog is proven here instead.
        let catalog = builtin_unchecked().expect("built-in catalog");
        super::super::check::check(&catalog).expect("every built-in field is valid");
    }

    use super::*;

    /// The embedded encoding holds exactly what the catalog files say, read the way user files are read.
    #[test]
    fn the_embedded_catalog_equals_its_toml_files() {
        fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
            let mut paths: Vec<PathBuf> = fs::read_dir(dir)
                .expect("catalog dir")
                .map(|e| e.expect("entry").path())
                .collect();
            paths.sort();
            for path in paths {
                if path.is_dir() {
                    collect(&path, out);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        collect(Path::new("assets/catalog"), &mut files);
        assert!(!files.is_empty());
        let mut expected = Catalog::default();
        for file in files {
            let text = fs::read_to_string(&file).expect("read");
            let parsed: CatalogFile = toml::from_str(&text).expect("parse");
            assert!(parsed.build_system.is_empty(), "{}", file.display());
            expected.bases.extend(parsed.base);
            expected.languages.extend(parsed.language);
        }
        expected.languages.sort_by_key(|l| l.order);
        let embedded = builtin_unchecked().expect("embedded catalog");
        assert_eq!(
            serde_json::to_value(&embedded).expect("json"),
            serde_json::to_value(&expected).expect("json")
        );
    }

    #[test]
    fn the_encoding_reads_back_every_kind_of_value() {
        let value = serde_json::json!({
            "a": [null, true, false, 0, 300, -7, 2.5, "é\n\"x\""],
            "b": {"c": {}},
            "d": []
        });
        let bytes = super::super::blob::encode(&value);
        let mut decoder = super::super::blob::Decoder::new(&bytes).expect("key table");
        let back = serde_json::Value::deserialize(&mut decoder).expect("decodes");
        decoder.finish().expect("all read");
        assert_eq!(back, value);
        let mut short =
            super::super::blob::Decoder::new(&bytes[..bytes.len() - 1]).expect("key table");
        assert!(serde_json::Value::deserialize(&mut short).is_err());
    }

    #[test]
    fn builtin_catalog_loads() {
        let catalog = builtin().expect("built-in catalog is valid");
        assert!(catalog.bases.len() >= 20, "{} bases", catalog.bases.len());
        assert!(catalog.languages.len() >= 9);
    }

    #[test]
    fn broken_override_names_file_line_and_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(
            dir.path().join("mine.toml"),
            "[[base]]\nid = \"x\"\nname = \"X\"\nimge = \"oops\"\n",
        )
        .expect("write");
        let err = load(&[dir.path().to_path_buf()], true).expect_err("must fail");
        let text = err.to_string();
        assert!(text.contains("mine.toml"), "{text}");
        assert!(text.contains("line 4"), "{text}");
        assert!(text.contains("imge"), "{text}");
    }

    #[test]
    fn item_03_a_user_entry_error_names_its_file_and_line() {
        #[derive(serde::Serialize)]
        struct F<'a> {
            base: Vec<&'a Base>,
        }
        let catalog = builtin().expect("builtin");
        let mut mine = catalog.base("alpine").expect("alpine").clone();
        mine.id = "mine".into();
        let file = |base: &Base| toml::to_string(&F { base: vec![base] }).expect("ser");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut broken = mine.clone();
        broken.suits = "ok\nRUN id".into();
        fs::write(dir.path().join("a.toml"), file(&broken)).expect("write");
        let text = load(&[dir.path().to_path_buf()], true)
            .expect_err("newline")
            .to_string();
        assert!(
            text.contains("a.toml, line ") && text.contains("field `suits`"),
            "{text}"
        );
        fs::write(dir.path().join("a.toml"), file(&mine)).expect("write");
        fs::write(dir.path().join("b.toml"), file(&mine)).expect("write");
        let text = load(&[dir.path().to_path_buf()], true)
            .expect_err("twice")
            .to_string();
        assert!(
            text.contains("a.toml line ")
                && text.contains("b.toml line ")
                && text.contains("`mine`"),
            "{text}"
        );
    }

    #[test]
    fn override_replaces_a_base_by_id() {
        let catalog = builtin().expect("builtin");
        let mut alpine = catalog.base("alpine").expect("alpine").clone();
        alpine.tag = "3.99".into();
        let dir = tempfile::tempdir().expect("tempdir");
        #[derive(serde::Serialize)]
        struct F<'a> {
            base: Vec<&'a Base>,
        }
        fs::write(
            dir.path().join("a.toml"),
            toml::to_string(&F {
                base: vec![&alpine],
            })
            .expect("ser"),
        )
        .expect("write");
        let merged = load(&[dir.path().to_path_buf()], true).expect("loads");
        assert_eq!(merged.base("alpine").expect("alpine").tag, "3.99");
        assert_eq!(merged.bases.len(), catalog.bases.len());
    }
}
