//! The effective build: a build system with its chosen variant and framework applied.

use crate::{
    answers::Answers,
    catalog::{BuildSystem, Catalog, Overlay},
    field_error::FieldError,
};

fn apply(build: &mut BuildSystem, overlay: &Overlay) {
    macro_rules! set {
        ($($f:ident),*) => { $( if let Some(v) = &overlay.$f { build.$f = v.clone(); } )* };
    }
    set!(
        builder,
        cross_compile,
        env,
        manifests,
        deps,
        build,
        artifacts,
        runtime_env,
        command,
        needs,
        recommended,
        runtime_setup
    );
    if let Some(v) = &overlay.builder_musl {
        build.builder_musl = Some(v.clone());
    }
    if let Some(extra) = &overlay.build_extra {
        build.build.extend(extra.iter().cloned());
    }
    if let Some(targets) = &overlay.build_cache
        && let Some(first) = build.build.first_mut()
    {
        for target in targets {
            if !first.cache.contains(target) {
                first.cache.push(target.clone());
            }
        }
    }
    if let Some(v) = &overlay.test {
        build.test = Some(v.clone());
    }
    if let Some(v) = overlay.port {
        build.port = Some(v);
    }
    if let Some(v) = &overlay.health_path {
        build.health_path = Some(v.clone());
    }
    if let Some(params) = &overlay.params {
        for param in params {
            match build.params.iter_mut().find(|p| p.id == param.id) {
                Some(slot) => *slot = param.clone(),
                None => build.params.push(param.clone()),
            }
        }
    }
}

/// The build system of the answers with its variant and framework applied.
pub fn effective_build(catalog: &Catalog, answers: &Answers) -> Result<BuildSystem, FieldError> {
    let language = catalog.language(&answers.language).ok_or_else(|| {
        FieldError::new(
            "language",
            format!("unknown language `{}`", answers.language),
        )
    })?;
    let mut build = language
        .build_system(&answers.build_system)
        .cloned()
        .ok_or_else(|| {
            FieldError::new(
                "build_system",
                format!(
                    "`{}` is not a build system of {}; choose one of {}",
                    answers.build_system,
                    language.name,
                    language
                        .build_systems
                        .iter()
                        .map(|b| b.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
    if let Some(variant_id) = &answers.variant {
        let variant = build.variant(variant_id).cloned().ok_or_else(|| {
            FieldError::new(
                "variant",
                if build.variants.is_empty() {
                    format!("{} has no variants; remove `variant`", build.name)
                } else {
                    format!(
                        "`{variant_id}` is not a variant of {}; choose one of {}",
                        build.name,
                        build
                            .variants
                            .iter()
                            .map(|v| v.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            )
        })?;
        apply(&mut build, &variant.overlay);
    }
    if let Some(framework_id) = &answers.framework {
        let framework = language
            .frameworks_for(&answers.build_system)
            .find(|f| &f.id == framework_id)
            .ok_or_else(|| {
                let known: Vec<&str> = language
                    .frameworks_for(&answers.build_system)
                    .map(|f| f.id.as_str())
                    .collect();
                FieldError::new(
                    "framework",
                    if known.is_empty() {
                        format!(
                            "{} with {} has no frameworks; remove `framework`",
                            language.name, build.name
                        )
                    } else {
                        format!(
                            "`{framework_id}` does not apply to {}; choose one of {}",
                            build.name,
                            known.join(", ")
                        )
                    },
                )
            })?;
        apply(&mut build, &framework.overlay);
    }
    Ok(build)
}
