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

pub(super) fn check(catalog: &Catalog) -> Result<(), CatalogError> {
    let mut ids = BTreeSet::new();
    for base in &catalog.bases {
        let at = format!("entry base `{}`", base.id);
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
    Ok(())
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
