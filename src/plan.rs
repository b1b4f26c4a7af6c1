//! The effective build: a build system with its chosen variant and framework applied, and the small template
//! language (`{version}`, `{port}`, `{<param>}`) that catalog commands use.

use crate::{
    answers::{Answers, FieldError},
    catalog::{BuildSystem, Catalog, Overlay},
};

fn apply(build: &mut BuildSystem, overlay: &Overlay) {
    macro_rules! set {
        ($($f:ident),*) => { $( if let Some(v) = &overlay.$f { build.$f = v.clone(); } )* };
    }
    set!(
        builder,
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

/// Fill `{version}`, `{port}` and `{param}` placeholders. Unknown placeholders stay as written.
pub fn fill_template(template: &str, answers: &Answers) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if is_placeholder(&after[..end]) => {
                let key = &after[..end];
                match lookup(key, answers) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn lookup(key: &str, answers: &Answers) -> Option<String> {
    match key {
        "version" => Some(answers.version.clone()),
        "port" => answers.port.map(|p| p.to_string()),
        _ => answers.params.get(key).cloned(),
    }
}

pub fn fill_template_words(words: &[String], answers: &Answers) -> Vec<String> {
    words.iter().map(|w| fill_template(w, answers)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Draft;

    #[test]
    fn templates_fill_known_placeholders_only() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let mut answers = Draft {
            language: Some("go".into()),
            ..Draft::default()
        }
        .complete(&catalog)
        .expect("go");
        answers
            .params
            .insert("main_package".into(), "./cmd/api".into());
        assert_eq!(
            fill_template("go build {main_package} :{port} {nope} ${X} {", &answers),
            "go build ./cmd/api :8080 {nope} ${X} {"
        );
    }
}
