//! `Answers`: everything a Dockerfile is rendered from. A plain serde struct that round-trips through TOML.
//! `Draft` is the partial form that detection, an answers file and CLI flags fill layer by layer; completing it
//! from the catalog (`plan::complete`) sets every field of `Answers`. This module is data only: it depends on
//! nothing that reads the catalog's rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{field_error::FieldError, port::Port, project_files::ProjectFiles, validate};

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
    pub port: Option<Port>,
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
    User::DEFAULT_NAME.into()
}
fn default_uid() -> u32 {
    User::DEFAULT_ID
}

impl User {
    /// The name of a user stagecraft creates.
    pub const DEFAULT_NAME: &str = "app";
    /// The uid and gid of a created user.
    pub const DEFAULT_ID: u32 = 10001;
    /// The uid and gid where the base cannot create users (only `USER uid:gid`): distroless's `nonroot`.
    pub const NUMERIC_ID: u32 = 65532;

    /// A user in `mode` with the default name and ids.
    pub fn with_mode(mode: UserMode) -> Self {
        Self {
            mode,
            name: Self::DEFAULT_NAME.into(),
            uid: Self::DEFAULT_ID,
            gid: Self::DEFAULT_ID,
        }
    }

    /// The created user: numeric ids where the base has no user tools.
    pub fn created(numeric_only: bool) -> Self {
        let id = if numeric_only {
            Self::NUMERIC_ID
        } else {
            Self::DEFAULT_ID
        };
        Self {
            uid: id,
            gid: id,
            ..Self::with_mode(UserMode::Create)
        }
    }
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
    pub port: Option<Port>,
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

    pub(crate) fn http(path: String, mode: HealthMode) -> Self {
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

/// Health check settings given one at a time (the CLI's `--healthcheck` and `--health-*` flags), laid over the
/// check the other layers decide. A whole `healthcheck` in a later layer replaces them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthSettings {
    /// Set when the check itself is chosen; the rest of the check then comes from the layers below.
    pub mode: Option<HealthMode>,
    pub path: Option<String>,
    /// `Some(None)` probes the app's port again, whatever a layer below said.
    pub port: Option<Option<Port>>,
    pub command: Option<Vec<String>>,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub start_period: Option<String>,
    pub retries: Option<u32>,
}

/// Calls `$m!` with every field of `HealthSettings`, so laying settings over each other and over a health check
/// list them once.
macro_rules! health_fields {
    ($m:ident) => {
        $m!(
            mode,
            path,
            port,
            command,
            interval,
            timeout,
            start_period,
            retries
        )
    };
}

impl HealthSettings {
    fn overlay(&mut self, over: HealthSettings) {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        health_fields!(take);
    }

    /// These settings over `h`.
    pub fn apply(&self, h: &mut Healthcheck) {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f { h.$f = v.clone(); } )* };
        }
        health_fields!(set);
    }
}

/// The on/off options given one at a time (CLI flags), laid over the options of the other layers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionSettings {
    pub cache_mounts: Option<bool>,
    pub dockerignore: Option<bool>,
    pub test_stage: Option<bool>,
    pub comments: Option<bool>,
    pub compose: Option<bool>,
}

impl OptionSettings {
    fn overlay(&mut self, over: OptionSettings) {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(cache_mounts, dockerignore, test_stage, comments, compose);
    }

    /// These settings over `o`.
    pub fn apply(&self, o: &mut Options) {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { o.$f = v; } )* };
        }
        set!(cache_mounts, dockerignore, test_stage, comments, compose);
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
    pub port: Option<Port>,
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
    /// Health check settings given one at a time, over `healthcheck` or whichever check completion picks.
    #[serde(skip)]
    pub health: HealthSettings,
    /// The health check detection found (the app's route, a TCP check for gRPC); `healthcheck`, when set, wins.
    /// An HTTP route becomes a TCP check on a base whose server speaks no HTTP (php-fpm).
    #[serde(skip)]
    pub detected_healthcheck: Option<Healthcheck>,
    #[serde(default, rename = "arg", skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<BuildArg>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Options>,
    /// Options switched one at a time, over `options`.
    #[serde(skip)]
    pub switches: OptionSettings,
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
            health: HealthSettings::default(),
            detected_healthcheck: None,
            args: Some(a.args),
            options: Some(a.options),
            switches: OptionSettings::default(),
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
            // A check chosen in the same layer (`--healthcheck http`) still starts from the route detection found.
            if over.health.mode.is_none() {
                self.detected_healthcheck = None;
            }
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
        // A whole check or whole options replace the settings given one at a time below them.
        if over.healthcheck.is_some() {
            self.health = HealthSettings::default();
        }
        if over.options.is_some() {
            self.switches = OptionSettings::default();
        }
        self.health.overlay(over.health);
        self.switches.overlay(over.switches);
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

impl Answers {
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
