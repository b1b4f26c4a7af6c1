//! `Answers`: everything a Dockerfile is rendered from. A plain serde struct that round-trips through TOML.
//! `Draft` is the partial form that detection, an answers file and CLI flags fill layer by layer; `Draft::complete`
//! fills the rest from the catalog, so every field of `Answers` is always set.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    catalog::{Base, Catalog, Language, UserTools},
    compat, plan,
    project_files::{self, ProjectFiles},
    validate,
};

/// The `[files]` problems, pushed under their own field paths.
fn errors_from_files(
    files: &ProjectFiles,
    language: &Language,
    push: &mut impl FnMut(&str, validate::Check),
) {
    for e in files.validate(language) {
        push(&e.field, Err(e.message));
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub language: String,
    pub build_system: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The language/toolchain version (`1.26` for Go, `22` for Node); empty where the language has none.
    #[serde(default)]
    pub version: String,
    pub base: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The start command in exec form.
    pub command: Vec<String>,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    pub user: User,
    pub healthcheck: Healthcheck,
    #[serde(default, rename = "arg", skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<BuildArg>,
    pub options: Options,
    /// Files the install and the runtime need beyond the build system's own, and addons (system libraries).
    #[serde(default, skip_serializing_if = "ProjectFiles::is_empty")]
    pub files: ProjectFiles,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserMode {
    /// The non-root user the base already has (nonroot 65532, node 1000, app 1654, nginx 101).
    Builtin,
    /// A user created in the runtime stage (numeric only where the base cannot create users).
    Create,
    /// Run as root: only when asked for explicitly.
    Root,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub mode: UserMode,
    /// Name of the created user (ignored for `builtin` and `root`).
    #[serde(default = "default_user_name")]
    pub name: String,
    #[serde(default = "default_uid")]
    pub uid: u32,
    #[serde(default = "default_uid")]
    pub gid: u32,
}

fn default_user_name() -> String {
    "app".into()
}
fn default_uid() -> u32 {
    10001
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthMode {
    None,
    Http,
    /// The port accepts connections: for apps with no known health route, and gRPC or HTTP/2-only servers.
    Tcp,
    Command,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Healthcheck {
    pub mode: HealthMode,
    /// HTTP path probed in `http` mode.
    #[serde(default = "default_health_path")]
    pub path: String,
    /// Port probed in `http` and `tcp` mode; the app's port when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Exec-form command in `command` mode.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default = "default_interval")]
    pub interval: String,
    #[serde(default = "default_timeout")]
    pub timeout: String,
    #[serde(default = "default_start_period")]
    pub start_period: String,
    #[serde(default = "default_retries")]
    pub retries: u32,
}

fn default_health_path() -> String {
    "/".into()
}
fn default_interval() -> String {
    "30s".into()
}
fn default_timeout() -> String {
    "5s".into()
}
fn default_start_period() -> String {
    "10s".into()
}
fn default_retries() -> u32 {
    3
}

impl Healthcheck {
    pub fn none() -> Self {
        Self::http(default_health_path(), HealthMode::None)
    }

    /// A check that the app's port accepts connections.
    pub fn tcp() -> Self {
        Self::http(default_health_path(), HealthMode::Tcp)
    }

    /// An HTTP GET of `path` on the app's port.
    pub fn http_path(path: impl Into<String>) -> Self {
        Self::http(path.into(), HealthMode::Http)
    }

    fn http(path: String, mode: HealthMode) -> Self {
        Self {
            mode,
            path,
            port: None,
            command: Vec::new(),
            interval: default_interval(),
            timeout: default_timeout(),
            start_period: default_start_period(),
            retries: default_retries(),
        }
    }
}

/// Where a build arg is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgScope {
    /// Before the first FROM (usable in FROM lines) and re-declared in every stage.
    Global,
    /// Only in the builder stage.
    Builder,
    /// Only in the runtime stage.
    Runtime,
}

impl ArgScope {
    pub const ALL: [ArgScope; 3] = [ArgScope::Global, ArgScope::Builder, ArgScope::Runtime];

    pub fn label(self) -> &'static str {
        match self {
            ArgScope::Global => "global",
            ArgScope::Builder => "builder",
            ArgScope::Runtime => "runtime",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildArg {
    pub name: String,
    #[serde(default)]
    pub default: String,
    pub scope: ArgScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// BuildKit cache mounts for package-manager caches.
    #[serde(default = "yes")]
    pub cache_mounts: bool,
    /// Write a matching `.dockerignore`.
    #[serde(default = "yes")]
    pub dockerignore: bool,
    /// Add a `test` stage (`docker build --target test .`).
    #[serde(default)]
    pub test_stage: bool,
    /// Explanatory comments above the instructions.
    #[serde(default = "yes")]
    pub comments: bool,
    /// Also write compose.yaml and README.Docker.md (left out of saved answers while off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub compose: bool,
}

fn yes() -> bool {
    true
}

impl Default for Options {
    fn default() -> Self {
        Self {
            cache_mounts: true,
            dockerignore: true,
            test_stage: false,
            comments: true,
            compose: false,
        }
    }
}

/// A problem with one field of the answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// Dotted path of the field (`healthcheck.interval`, `arg[2].name`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Partial answers: what detection, an answers file and CLI flags say. Unset fields get catalog defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// The start command detection read from the project (a Procfile's web line, a Django project's server), a
    /// template filled like the catalog's (`{port}`); `command`, when set, wins.
    #[serde(skip)]
    pub detected_command: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<Healthcheck>,
    /// The health check detection found (the app's route, a TCP check for gRPC); `healthcheck`, when set, wins.
    /// An HTTP route becomes a TCP check on a base whose server speaks no HTTP (php-fpm).
    #[serde(skip)]
    pub detected_healthcheck: Option<Healthcheck>,
    #[serde(default, rename = "arg", skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<BuildArg>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Options>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<ProjectFiles>,
}

impl From<Answers> for Draft {
    fn from(a: Answers) -> Self {
        Draft {
            language: Some(a.language),
            build_system: Some(a.build_system),
            variant: a.variant,
            framework: a.framework,
            version: Some(a.version),
            base: Some(a.base),
            port: a.port,
            command: Some(a.command),
            detected_command: None,
            params: a.params,
            user: Some(a.user),
            healthcheck: Some(a.healthcheck),
            detected_healthcheck: None,
            args: Some(a.args),
            options: Some(a.options),
            files: Some(a.files),
        }
    }
}

impl Draft {
    /// Parse an answers file (full or partial); errors name the line and the field. Every string and list is
    /// bounded (`validate::MAX_TEXT`, `validate::MAX_ITEMS`), so a hostile file cannot grow the run.
    pub fn from_toml(text: &str) -> Result<Self, FieldError> {
        let draft: Draft = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            FieldError::new(
                line.map_or_else(|| "answers".to_string(), |l| format!("answers, line {l}")),
                e.message().trim().to_string(),
            )
        })?;
        let value =
            toml::Value::try_from(&draft).map_err(|e| FieldError::new("answers", e.to_string()))?;
        bounded_value("", &value)?;
        Ok(draft)
    }

    /// Fields set in `over` win over fields set in `self`.
    pub fn overlay(mut self, over: Draft) -> Draft {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        // A different language or build system makes earlier build-specific answers meaningless.
        if over.language.is_some() && over.language != self.language {
            self.build_system = None;
            self.variant = None;
            self.framework = None;
            self.version = None;
            self.command = None;
            self.detected_command = None;
            self.detected_healthcheck = None;
            self.params.clear();
            self.files = None;
        }
        if over.build_system.is_some() && over.build_system != self.build_system {
            self.variant = None;
            self.framework = None;
            self.command = None;
            self.detected_command = None;
        }
        // A parameter the detected command does not use (an entry file, an app module) means the user starts
        // the app differently: the catalog's command, filled with it, takes over.
        if let Some(words) = &self.detected_command
            && over
                .params
                .keys()
                .any(|k| !words.iter().any(|w| w.contains(&format!("{{{k}}}"))))
        {
            self.detected_command = None;
        }
        take!(
            language,
            build_system,
            variant,
            framework,
            version,
            base,
            port,
            command,
            detected_command,
            user,
            healthcheck,
            detected_healthcheck,
            args,
            options,
            files
        );
        self.params.extend(over.params);
        self
    }

    /// Fill every unset field from the catalog and validate the result.
    pub fn complete(self, catalog: &Catalog) -> Result<Answers, Vec<FieldError>> {
        let answers = self.fill(catalog).map_err(|e| vec![e])?;
        let errors = answers.validate(catalog);
        if errors.is_empty() {
            Ok(answers)
        } else {
            Err(errors)
        }
    }

    fn fill(self, catalog: &Catalog) -> Result<Answers, FieldError> {
        let language_id = self.language.ok_or_else(|| {
            FieldError::new(
                "language",
                "not set and not detected; pass --language ID (`stagecraft catalog` lists them) or run in a project \
                 folder",
            )
        })?;
        let language = catalog.language(&language_id).ok_or_else(|| {
            FieldError::new(
                "language",
                format!(
                    "unknown language `{language_id}`; known: {}",
                    language_ids(catalog)
                ),
            )
        })?;
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
            user: User {
                mode: UserMode::Root,
                name: default_user_name(),
                uid: 10001,
                gid: 10001,
            },
            healthcheck: Healthcheck::none(),
            args: self.args.unwrap_or_default(),
            options: self.options.unwrap_or_default(),
            files: self.files.unwrap_or_default(),
        };
        let build = plan::effective_build(catalog, &partial)?;
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
            None => {
                let recommended = compat::recommended(catalog, &build, &answers.version)
                    .ok_or_else(|| {
                        FieldError::new("base", "no base in the catalog fits this app")
                    })?;
                // A runtime library needs a package manager to install it; distroless has none.
                let with_packages = (!recommended.can_install_packages()
                    && !answers
                        .files
                        .runtime_needs(language, recommended)
                        .is_empty())
                .then(|| {
                    project_files::base_with_packages(catalog, &build.recommended, |b| {
                        compat::check(catalog, &build, &answers.version, b).fit != compat::Fit::No
                    })
                })
                .flatten();
                with_packages.unwrap_or(recommended).id.clone()
            }
        };
        let base = catalog.base(&answers.base);
        answers.port = self
            .port
            .or(base.and_then(|b| b.port))
            .or(build.port)
            .or(language.default_port);
        answers.command = match (self.command, self.detected_command) {
            (Some(command), _) => command,
            (None, Some(detected)) => plan::fill_template_words(&detected, &answers),
            (None, None) if build.command.is_empty() => base
                .and_then(|b| b.runtime.as_ref())
                .map(|r| r.command.clone())
                .unwrap_or_default(),
            (None, None) => plan::fill_template_words(&build.command, &answers),
        };
        answers.user = match self.user {
            Some(user) => user,
            None => base.map_or_else(|| default_created_user(None), default_user),
        };
        let no_http = base.is_some_and(|b| b.no_http);
        answers.healthcheck = match (self.healthcheck, self.detected_healthcheck) {
            (Some(h), _) => h,
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
        Ok(answers)
    }
}

/// Every string and list in `value` within the bounds, or the dotted path of the first that is not.
fn bounded_value(path: &str, value: &toml::Value) -> Result<(), FieldError> {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        toml::Value::String(s) => validate::bounded(s).map_err(|m| FieldError::new(path, m)),
        toml::Value::Array(items) => {
            validate::few(items).map_err(|m| FieldError::new(path, m))?;
            for (i, item) in items.iter().enumerate() {
                bounded_value(&format!("{path}[{i}]"), item)?;
            }
            Ok(())
        }
        toml::Value::Table(table) => {
            validate::few(&table.keys().collect::<Vec<_>>())
                .map_err(|m| FieldError::new(if path.is_empty() { "answers" } else { path }, m))?;
            for (key, item) in table {
                validate::bounded(key).map_err(|m| FieldError::new(at("<key>"), m))?;
                bounded_value(&at(key), item)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn language_ids(catalog: &Catalog) -> String {
    catalog
        .languages
        .iter()
        .map(|l| format!("`{}`", l.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The default user for a base: its own non-root user, else a created `app` user (numeric where it cannot be created).
pub fn default_user(base: &Base) -> User {
    if let Some(builtin) = &base.nonroot_user {
        return User {
            mode: UserMode::Builtin,
            name: builtin.name.clone(),
            uid: builtin.uid,
            gid: builtin.gid,
        };
    }
    default_created_user(Some(base))
}

fn default_created_user(base: Option<&Base>) -> User {
    let numeric_only = base.is_some_and(|b| b.user_tools == UserTools::None);
    let id = if numeric_only { 65532 } else { 10001 };
    User {
        mode: UserMode::Create,
        name: default_user_name(),
        uid: id,
        gid: id,
    }
}

impl Answers {
    /// Every problem with these answers, each naming its field and the fix. Empty means renderable.
    pub fn validate(&self, catalog: &Catalog) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut push = |field: &str, r: validate::Check| {
            if let Err(message) = r {
                errors.push(FieldError::new(field, message));
            }
        };
        let Some(language) = catalog.language(&self.language) else {
            return vec![FieldError::new(
                "language",
                format!(
                    "unknown language `{}`; known: {}",
                    self.language,
                    language_ids(catalog)
                ),
            )];
        };
        let build = match plan::effective_build(catalog, self) {
            Ok(build) => build,
            Err(e) => return vec![e],
        };
        // An exact pin (Ruby's `3.4.4`) is a patch release of an offered line.
        let exact_ok = language.pins == crate::catalog::PinPolicy::Exact
            && crate::eol::line_of(&language.versions, &self.version).is_some();
        if !language.versions.is_empty() && !language.versions.contains(&self.version) && !exact_ok
        {
            push(
                "version",
                Err(format!(
                    "`{}` is not offered for {}; choose one of {}",
                    self.version,
                    language.name,
                    language.versions.join(", ")
                )),
            );
        }
        match catalog.base(&self.base) {
            None => push(
                "base",
                Err(format!(
                    "unknown base `{}`; `stagecraft bases` lists them",
                    self.base
                )),
            ),
            Some(base) => {
                let verdict = compat::check(catalog, &build, &self.version, base);
                if verdict.fit == compat::Fit::No {
                    push(
                        "base",
                        Err(format!(
                            "{} does not fit this app: {}",
                            base.name, verdict.reason
                        )),
                    );
                }
                self.validate_user(base, &mut push);
            }
        }
        if let Some(port) = self.port {
            push("port", validate::port(u32::from(port)));
        }
        push("command", validate::command(&self.command));
        for (key, value) in &self.params {
            match build.params.iter().find(|p| &p.id == key) {
                Some(param) => push(&format!("params.{key}"), validate::param(param.kind, value)),
                None => push(
                    &format!("params.{key}"),
                    Err(format!(
                        "unknown parameter for {}; known: {}",
                        build.name,
                        build
                            .params
                            .iter()
                            .map(|p| p.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ),
            }
        }
        self.validate_healthcheck(&mut push);
        errors_from_files(&self.files, language, &mut push);
        let mut seen = std::collections::BTreeSet::new();
        let reserved: Vec<String> = language.version_arg.iter().cloned().collect();
        for (i, arg) in self.args.iter().enumerate() {
            push(&format!("arg[{i}].name"), validate::arg_name(&arg.name));
            push(&format!("arg[{i}].default"), validate::text(&arg.default));
            if !seen.insert(arg.name.clone()) {
                push(
                    &format!("arg[{i}].name"),
                    Err(format!("`{}` is declared twice", arg.name)),
                );
            }
            if reserved.contains(&arg.name) {
                push(
                    &format!("arg[{i}].name"),
                    Err(format!(
                        "`{}` is set from the version answer; change the version instead",
                        arg.name
                    )),
                );
            }
        }
        errors
    }

    fn validate_user(&self, base: &Base, push: &mut impl FnMut(&str, validate::Check)) {
        match self.user.mode {
            UserMode::Root => {}
            UserMode::Builtin => {
                if base.nonroot_user.is_none() {
                    push(
                        "user.mode",
                        Err(format!(
                            "{} has no built-in non-root user; choose `create` to add one",
                            base.name
                        )),
                    );
                }
            }
            UserMode::Create => {
                push("user.name", validate::user_name(&self.user.name));
                push("user.uid", validate::non_root_id(self.user.uid));
                push("user.gid", validate::non_root_id(self.user.gid));
                if let Some(builtin) = &base.nonroot_user
                    && builtin.in_passwd
                    && builtin.uid == self.user.uid
                    && builtin.name != self.user.name
                {
                    push(
                        "user.uid",
                        Err(format!(
                            "{} already has user `{}` with uid {}; use the built-in user or another uid",
                            base.name, builtin.name, builtin.uid
                        )),
                    );
                }
            }
        }
    }

    fn validate_healthcheck(&self, push: &mut impl FnMut(&str, validate::Check)) {
        let h = &self.healthcheck;
        match h.mode {
            HealthMode::None => return,
            HealthMode::Http | HealthMode::Tcp => {
                if h.mode == HealthMode::Http {
                    push("healthcheck.path", validate::http_path(&h.path));
                }
                if h.port.or(self.port).is_none() {
                    push(
                        "healthcheck.port",
                        Err("the app has no port to probe; set a port, or choose a command or no healthcheck".into()),
                    );
                }
                if let Some(port) = h.port {
                    push("healthcheck.port", validate::port(u32::from(port)));
                }
            }
            HealthMode::Command => push("healthcheck.command", validate::command(&h.command)),
        }
        push(
            "healthcheck.interval",
            validate::positive_duration(&h.interval),
        );
        push(
            "healthcheck.timeout",
            validate::positive_duration(&h.timeout),
        );
        push(
            "healthcheck.start_period",
            validate::duration_ms(&h.start_period).map(|_| ()),
        );
        push("healthcheck.retries", validate::retries(h.retries));
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self)
            .unwrap_or_else(|e| format!("# answers could not be serialised: {e}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_10_answers_fields_are_bounded_where_they_are_read() {
        let long = "x".repeat(validate::MAX_TEXT + 1);
        let err = Draft::from_toml(&format!(
            "language = \"go\"\n[params]\nmain_package = \"{long}\"\n"
        ))
        .expect_err("too long");
        assert_eq!(err.field, "params.main_package");
        assert!(err.message.contains("too long"), "{err}");
        let words = vec!["\"a\""; validate::MAX_ITEMS + 1].join(",");
        let err = Draft::from_toml(&format!("command = [{words}]\n")).expect_err("too many");
        assert_eq!(err.field, "command");
        assert!(Draft::from_toml("language = \"go\"\ncommand = [\"/app/x\"]\n").is_ok());
    }
}
