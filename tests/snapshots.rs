//! One reviewed snapshot per language x build system (and variant) x base family, with default answers: a change
//! to any generated Dockerfile shows up as a diff to review.

mod common;

use std::collections::BTreeSet;

use stagecraft::{
    answers::Draft,
    compat::{self, Fit},
    plan,
};

#[test]
fn dockerfile_per_language_build_system_and_base_family() {
    let catalog = common::catalog();
    let mut count = 0;
    for language in &catalog.languages {
        for bs in &language.build_systems {
            let variants =
                std::iter::once(None).chain(bs.variants.iter().map(|v| Some(v.id.clone())));
            for variant in variants {
                let draft = Draft {
                    language: Some(language.id.clone()),
                    build_system: Some(bs.id.clone()),
                    variant: variant.clone(),
                    ..Draft::default()
                };
                let defaults = draft.clone().complete(&catalog).expect("defaults");
                let build = plan::effective_build(&catalog, &defaults).expect("build");
                let mut families = BTreeSet::new();
                for base in &catalog.bases {
                    if compat::check(&catalog, &build, &defaults.version, base).fit == Fit::No
                        || !families.insert(&base.family)
                    {
                        continue;
                    }
                    let answers = Draft {
                        base: Some(base.id.clone()),
                        ..draft.clone()
                    }
                    .complete(&catalog)
                    .expect("answers");
                    let output = common::render(&answers, &catalog);
                    let name = format!(
                        "{}__{}{}__{}",
                        language.id,
                        bs.id,
                        variant
                            .as_deref()
                            .map(|v| format!("__{v}"))
                            .unwrap_or_default(),
                        base.family
                    );
                    insta::assert_snapshot!(name, output.dockerfile());
                    count += 1;
                }
            }
        }
    }
    assert!(count > 60, "{count} snapshots");
}

#[test]
fn dockerignore_per_language() {
    let catalog = common::catalog();
    for language in &catalog.languages {
        insta::assert_snapshot!(
            format!("dockerignore__{}", language.id),
            stagecraft::dockerfile::render_dockerignore(language)
        );
    }
}
