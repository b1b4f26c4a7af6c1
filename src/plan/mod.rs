//! The resolved plan: completed answers with everything render, compose, the base comparison and the support
//! notes read from them (language, effective build system, base, its verdict), computed and validated once.
//!
//! `answers` (data) <- `plan` (catalog rules: completion, effective build, validation) <- `dockerfile`,
//! `compose`, `resolve`, `output`, the CLI and the wizard.

mod build;
mod check;
mod complete;

pub use build::effective_build;
pub use check::arg_problems;
pub use complete::{default_user, recommended_base};

use crate::{
    answers::Answers,
    catalog::{Base, BuildSystem, Catalog, Date, Language},
    compat::{self, Verdict},
    field_error::FieldError,
    probe::{Probing, probe_method},
};

/// Valid answers and what they resolve to in the catalog. Only `Plan::new` and `Draft::plan` make one, so a
/// plan's answers have passed validation.
#[derive(Debug, Clone)]
pub struct Plan<'c> {
    pub answers: Answers,
    pub catalog: &'c Catalog,
    pub language: &'c Language,
    /// The build system with the variant and framework applied.
    pub build: BuildSystem,
    pub base: &'c Base,
    /// How well the base fits the app, with the reason and notes.
    pub fit: Verdict,
    /// What the health check probes with on this base, and why.
    pub probe: Probing,
}

impl<'c> Plan<'c> {
    /// Resolve and validate completed answers; the errors name every bad field and its fix.
    pub fn new(answers: Answers, catalog: &'c Catalog) -> Result<Self, Vec<FieldError>> {
        if catalog.language(&answers.language).is_none() {
            return Err(vec![unknown_language(&answers.language, catalog)]);
        }
        let build = effective_build(catalog, &answers).map_err(|e| vec![e])?;
        Self::with_build(answers, build, catalog)
    }

    /// `new` for answers whose effective build is already known (completion computed it).
    fn with_build(
        answers: Answers,
        build: BuildSystem,
        catalog: &'c Catalog,
    ) -> Result<Self, Vec<FieldError>> {
        let Some(language) = catalog.language(&answers.language) else {
            return Err(vec![unknown_language(&answers.language, catalog)]);
        };
        let base = catalog
            .base(&answers.base)
            .map(|base| (base, compat::check(catalog, &build, &answers.version, base)));
        let errors = check::check(
            &answers,
            language,
            &build,
            base.as_ref().map(|(b, v)| (*b, v)),
        );
        match base {
            Some((base, fit)) if errors.is_empty() => Ok(Plan {
                probe: {
                    let (method, why) = probe_method(&answers, base);
                    Probing { method, why }
                },
                answers,
                catalog,
                language,
                build,
                base,
                fit,
            }),
            _ => Err(errors),
        }
    }

    /// The tag version the base is used at, where it follows the language version.
    pub fn base_version(&self) -> Option<String> {
        compat::base_version(&self.build, &self.answers.version, self.base)
    }

    /// The support of the chosen version and base against `today`: what `generate` prints on stderr.
    pub fn support_lines(&self, today: Date) -> Vec<String> {
        crate::eol::support_lines(self.language, self.base, &self.answers.version, today)
    }
}

fn unknown_language(id: &str, catalog: &Catalog) -> FieldError {
    FieldError::new(
        "language",
        format!("unknown language `{id}`; known: {}", language_ids(catalog)),
    )
}

fn language_ids(catalog: &Catalog) -> String {
    catalog
        .languages
        .iter()
        .map(|l| format!("`{}`", l.id))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Draft;

    fn go() -> Draft {
        Draft {
            language: Some("go".into()),
            ..Draft::default()
        }
    }

    #[test]
    fn a_plan_holds_what_the_answers_resolve_to() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let plan = go().plan(&catalog).expect("go");
        assert_eq!(plan.language.id, "go");
        assert_eq!(plan.base.id, plan.answers.base);
        assert_eq!(plan.build.id, plan.answers.build_system);
        assert_ne!(plan.fit.fit, compat::Fit::No);
        // The same answers make the same plan either way.
        let again = Plan::new(plan.answers.clone(), &catalog).expect("valid");
        assert_eq!(again.answers, plan.answers);
        assert_eq!(again.build.builder, plan.build.builder);
    }

    #[test]
    fn no_plan_for_invalid_answers() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let mut answers = go().complete(&catalog).expect("go");
        answers.base = "nope".into();
        answers.healthcheck.interval = "soon".into();
        let errors = Plan::new(answers.clone(), &catalog).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["base", "healthcheck.interval"]);
        answers.language = "cobol".into();
        let errors = Plan::new(answers, &catalog).expect_err("unknown");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .message
                .starts_with("unknown language `cobol`; known: `go`")
        );
    }
}
