//! Semantic checks on a merged catalog, so that a user file with a dangling id fails at load time with a pointer
//! to the entry, not later with a confusing render.

use std::collections::BTreeSet;

use super::{
    load::CatalogError,
    model::{Catalog, Overlay},
};
use crate::validate;

fn err(entry: &str, message: String) -> CatalogError {
    CatalogError {
        file: entry.to_string(),
        line: None,
        column: None,
        message,
    }
}

/// Keys whose value lands in a FROM, WORKDIR or ARG line as one word: no spaces either.
const ONE_WORD: &[&str] = &[
    "builder",
    "builder_musl",
    "image",
    "tag",
    "workdir",
    "app_dir",
    "version_arg",
    "default_version",
    "versions",
];

/// Every value of a catalog entry through the validators the answers use: ids are ids, shell steps are shell
/// lines, health paths are HTTP paths, one-word values have no spaces, and every other string is bounded text
/// without control characters (a newline anywhere would put an instruction of its own in the Dockerfile).
/// Returns the dotted path of the first bad value and why.
pub(super) fn fields(path: &str, key: &str, value: &toml::Value) -> Result<(), (String, String)> {
    let fail = |m: String| Err((path.to_string(), m));
    match value {
        toml::Value::String(s) => {
            let checked = match key {
                "id" => validate::id(s),
                "run" | "run_no_cache" => validate::shell_line(s),
                "health_path" => validate::http_path(s),
                _ => validate::text(s),
            };
            if let Err(m) = checked {
                return fail(m);
            }
            if ONE_WORD.contains(&key) && s.contains(char::is_whitespace) {
                return fail(format!("`{s}` contains a space; this value is one word"));
            }
            Ok(())
        }
        toml::Value::Array(items) => {
            if let Err(m) = validate::few(items) {
                return fail(m);
            }
            for (i, item) in items.iter().enumerate() {
                fields(&format!("{path}[{i}]"), key, item)?;
            }
            Ok(())
        }
        toml::Value::Table(table) => {
            for (k, item) in table {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if let Err(m) = validate::text(k) {
                    return Err((at, format!("the key {m}")));
                }
                fields(&at, k, item)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `fields` over any serialisable entry.
pub(super) fn entry_fields(entry: &impl serde::Serialize) -> Result<(), (String, String)> {
    match toml::Value::try_from(entry) {
        Ok(value) => fields("", "", &value),
        Err(e) => Err((String::new(), e.to_string())),
    }
}

/// Every check, including each field of every entry through the answers' validators.
pub(super) fn check(catalog: &Catalog) -> Result<(), CatalogError> {
    check_entries(catalog, true)
}

/// The checks across entries only: ids, references, defaults. For a catalog whose entries were each validated
/// already (the built-in one by the test suite and build, user entries as their files are merged), which saves
/// most of a `generate` run's start-up.
pub(super) fn check_references(catalog: &Catalog) -> Result<(), CatalogError> {
    check_entries(catalog, false)
}

fn check_entries(catalog: &Catalog, all_fields: bool) -> Result<(), CatalogError> {
    let mut ids = BTreeSet::new();
    for base in &catalog.bases {
        let at = format!("entry base `{}`", base.id);
        if all_fields {
            entry_fields(base).map_err(|(field, m)| err(&at, format!("field `{field}`: {m}")))?;
        }
        if !ids.insert(base.id.as_str()) {
            return Err(err(&at, "the id is used twice".into()));
        }
        validate::id(&base.id).map_err(|e| err(&at, format!("field `id`: {e}")))?;
        if !(base.image == "scratch" && base.tag.is_empty()) {
            validate::image(&base.reference("1"))
                .map_err(|e| err(&at, format!("field `image`/`tag`: {e}")))?;
        }
        if base.is_versioned() && base.runtime.as_ref().is_none_or(|r| r.versions.is_empty()) {
            return Err(err(
                &at,
                "field `tag` contains {version} but `runtime.versions` lists no version".into(),
            ));
        }
    }
    let mut lang_ids = BTreeSet::new();
    for language in &catalog.languages {
        let at = format!("entry language `{}`", language.id);
        if all_fields {
            entry_fields(language)
                .map_err(|(field, m)| err(&at, format!("field `{field}`: {m}")))?;
        }
        if !lang_ids.insert(language.id.as_str()) {
            return Err(err(&at, "the id is used twice".into()));
        }
        validate::id(&language.id).map_err(|e| err(&at, format!("field `id`: {e}")))?;
        if language.build_systems.is_empty() {
            return Err(err(
                &at,
                "field `build_system`: a language needs at least one build system".into(),
            ));
        }
        if !language.versions.is_empty() && !language.versions.contains(&language.default_version) {
            return Err(err(
                &at,
                format!(
                    "field `default_version`: `{}` is not in `versions`",
                    language.default_version
                ),
            ));
        }
        let mut bs_ids = BTreeSet::new();
        for bs in &language.build_systems {
            let at = format!("entry language `{}` build_system `{}`", language.id, bs.id);
            if !bs_ids.insert(bs.id.as_str()) {
                return Err(err(&at, "the id is used twice".into()));
            }
            check_recommended(catalog, &at, &bs.recommended)?;
            for param in &bs.params {
                validate::param(param.kind, &param.default)
                    .map_err(|e| err(&at, format!("param `{}` default: {e}", param.id)))?;
            }
            for variant in &bs.variants {
                check_overlay(
                    catalog,
                    &format!("{at} variant `{}`", variant.id),
                    &variant.overlay,
                )?;
            }
        }
        for framework in &language.frameworks {
            let at = format!(
                "entry language `{}` framework `{}`",
                language.id, framework.id
            );
            for bs in &framework.build_systems {
                if language.build_system(bs).is_none() {
                    return Err(err(
                        &at,
                        format!("field `build_systems`: no build system `{bs}` in this language"),
                    ));
                }
            }
            check_overlay(catalog, &at, &framework.overlay)?;
        }
    }
    super::knowledge::check(catalog)
}

fn check_overlay(catalog: &Catalog, at: &str, overlay: &Overlay) -> Result<(), CatalogError> {
    if let Some(recommended) = &overlay.recommended {
        check_recommended(catalog, at, recommended)?;
    }
    Ok(())
}

fn check_recommended(
    catalog: &Catalog,
    at: &str,
    recommended: &[String],
) -> Result<(), CatalogError> {
    for id in recommended {
        if catalog.base(id).is_none() {
            return Err(err(
                at,
                format!("field `recommended`: no base `{id}` in the catalog"),
            ));
        }
    }
    Ok(())
}
