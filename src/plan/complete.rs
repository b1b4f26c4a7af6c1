//! Completing a `Draft` from the catalog: every unset field gets the catalog's default (recommended base, port,
//! start command from templates, built-in or created user, health check). Lives beside the `Plan` rather than in
//! `answers` so the data types depend on no catalog rules.

use crate::{
    answers::{Answers, Draft, HealthMode, Healthcheck, User, UserMode},
    catalog::{Base, BuildSystem, Catalog, Language, UserTools},
    compat,
    field_error::FieldError,
    port::Port,
    project_files::ProjectFiles,
    template::fill_template_words,
};

use super::{Plan, build::effective_build, unknown_language};

impl Draft {
    /// Complete and validate: the resolved plan, or every problem with the answers.
    pub fn plan(self, catalog: &Catalog) -> Result<Plan<'_>, Vec<FieldError>> {
        let (answers, build) = self.fill_with_build(catalog).map_err(|e| vec![e])?;
        Plan::with_build(answers, build, catalog)
    }

    /// Complete and validate, keeping only the answers.
    pub fn complete(self, catalog: &Catalog) -> Result<Answers, Vec<FieldError>> {
        self.plan(catalog).map(|plan| plan.answers)
    }

    /// Every unset field from the catalog, not validated (the wizard reads a port it would pick).
    pub fn fill(self, catalog: &Catalog) -> Result<Answers, FieldError> {
        self.fill_with_build(catalog).map(|(answers, _)| answers)
    }

    /// Every unset field from the catalog, not yet validated, with the effective build it was filled for.
    fn fill_with_build(self, catalog: &Catalog) -> Result<(Answers, BuildSystem), FieldError> {
        let language_id = self.language.ok_or_else(|| {
            FieldError::new(
                "language",
                "not set and not detected; pass --language ID (`stagecraft catalog` lists them) or run in a project \
                 folder",
            )
        })?;
        let language = catalog
            .language(&language_id)
            .ok_or_else(|| unknown_language(&language_id, catalog))?;
        let build_system = match self.build_system {
            Some(id) => id,
            None => language
                .build_systems
                .first()
                .map(|b| b.id.clone())
                .unwrap_or_default(),
        };
        let version = self
            .version
            .unwrap_or_else(|| crate::eol::default_version(language, crate::eol::today()));
        let partial = Answers {
            language: language_id,
            build_system,
            variant: self.variant,
            framework: self.framework,
            version,
            base: String::new(),
            port: None,
            command: Vec::new(),
            params: self.params,
            user: User::with_mode(UserMode::Root),
            healthcheck: Healthcheck::none(),
            args: self.args.unwrap_or_default(),
            options: {
                let mut options = self.options.unwrap_or_default();
                self.switches.apply(&mut options);
                options
            },
            files: self.files.unwrap_or_default(),
        };
        let build = effective_build(catalog, &partial)?;
        let mut answers = partial;
        // Params: catalog defaults under the user's values.
        for param in &build.params {
            answers
                .params
                .entry(param.id.clone())
                .or_insert_with(|| param.default.clone());
        }
        answers.base = match self.base {
            Some(base) => base,
            None => recommended_base(catalog, &build, &answers.version, language, &answers.files)
                .ok_or_else(|| FieldError::new("base", "no base in the catalog fits this app"))?
                .id
                .clone(),
        };
        let base = catalog.base(&answers.base);
        answers.port = self.port.or_else(|| {
            [base.and_then(|b| b.port), build.port, language.default_port]
                .into_iter()
                .flatten()
                .find_map(Port::new)
        });
        answers.command = match (self.command, self.detected_command) {
            (Some(command), _) => command,
            (None, Some(detected)) => fill_template_words(&detected, &answers),
            (None, None) if build.command.is_empty() => base
                .and_then(|b| b.runtime.as_ref())
                .map(|r| r.command.clone())
                .unwrap_or_default(),
            (None, None) => fill_template_words(&build.command, &answers),
        };
        answers.user = match self.user {
            Some(user) => user,
            None => base.map_or_else(|| User::created(false), default_user),
        };
        let no_http = base.is_some_and(|b| b.no_http);
        let health = self.health;
        answers.healthcheck = match (self.healthcheck, self.detected_healthcheck) {
            (Some(h), _) => h,
            // The check itself was chosen one setting at a time: the rest of it comes from below.
            (None, detected) if health.mode.is_some() => detected.unwrap_or_else(Healthcheck::none),
            (None, Some(h))
                if answers.port.is_some() && !(no_http && h.mode == HealthMode::Http) =>
            {
                h
            }
            // A route the catalog knows the server answers (nginx's index page), else only what is certain: the
            // port accepts connections. `GET /` answers 404 on most APIs and nothing on gRPC.
            (None, _) if answers.port.is_some() && !no_http => match &build.health_path {
                Some(path) => Healthcheck::http(path.clone(), HealthMode::Http),
                None => Healthcheck::tcp(),
            },
            (None, _) if answers.port.is_some() => Healthcheck::tcp(),
            (None, _) => Healthcheck::none(),
        };
        health.apply(&mut answers.healthcheck);
        Ok((answers, build))
    }
}

/// The default user for a base: its own non-root user, else a created `app` user (numeric where it cannot be created).
pub fn default_user(base: &Base) -> User {
    match &base.nonroot_user {
        Some(builtin) => User {
            mode: UserMode::Builtin,
            name: builtin.name.clone(),
            uid: builtin.uid,
            gid: builtin.gid,
        },
        None => User::created(base.user_tools == UserTools::None),
    }
}

/// The base recommended for an app: the build system's first fitting, supported one among those that can install
/// the libraries the app links (distroless has no package manager); any fitting one when none can.
pub fn recommended_base<'c>(
    catalog: &'c Catalog,
    build: &BuildSystem,
    version: &str,
    language: &Language,
    files: &ProjectFiles,
) -> Option<&'c Base> {
    let today = crate::eol::today();
    compat::recommended_where(catalog, build, version, today, |b| {
        files.uninstallable(language, b).is_empty()
    })
    .or_else(|| compat::recommended_on(catalog, build, version, today))
}
