//! The answer fields, each defined once: its id (the dotted path `FieldError`s and evidence use), label, hint,
//! where the wizard asks it, how its text is parsed and written into a `Draft` layer, and how it is read back
//! from completed `Answers` and from a layer. Detection, the wizard's forms and error placement go through here,
//! so a new field is one entry.

use crate::{
    answers::{Answers, Draft, HealthMode, User, UserMode},
    port::Port,
};

/// Where the wizard asks a field: its errors are shown there and keep that step from being left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Language,
    BuildSystem,
    Base,
    User,
    Healthcheck,
    Args,
    Review,
}

/// One answer field.
pub struct Field {
    /// The dotted path: `port`, `healthcheck.interval`.
    pub id: &'static str,
    pub label: &'static str,
    /// Shown under the focused field where the label alone does not say enough; empty where it does, or where
    /// the hint depends on the catalog (a build system's description).
    pub hint: &'static str,
    pub place: Place,
    /// A value `write` accepts, as `read` gives it back.
    pub example: &'static str,
    /// The value in completed answers, as a form shows it.
    pub read: fn(&Answers) -> String,
    /// The value a draft layer sets, as a form shows it; `None` when the layer leaves it to the layers below.
    pub get: fn(&Draft) -> Option<String>,
    /// Parse `text` and set it in a draft layer; the error says what the value must be.
    pub write: fn(&mut Draft, &str) -> Result<(), String>,
}

fn some(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn words(text: &str) -> Result<Vec<String>, String> {
    shell_words::split(text).map_err(|e| format!("{e}; close the quote or escape it"))
}

fn number(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

fn switch(text: &str) -> Result<bool, String> {
    match text {
        "true" | "on" | "yes" => Ok(true),
        "false" | "off" | "no" => Ok(false),
        _ => Err(format!("`{text}` is not on or off")),
    }
}

fn on_off(b: bool) -> String {
    b.to_string()
}

fn user_mode(mode: UserMode) -> &'static str {
    match mode {
        UserMode::Builtin => "builtin",
        UserMode::Create => "create",
        UserMode::Root => "root",
    }
}

fn health_mode(mode: HealthMode) -> &'static str {
    match mode {
        HealthMode::None => "none",
        HealthMode::Http => "http",
        HealthMode::Tcp => "tcp",
        HealthMode::Command => "command",
    }
}

/// The user a user field is written into: the layer's own, else a created one (a name or id means one).
fn user_of(d: &mut Draft) -> &mut User {
    d.user
        .get_or_insert_with(|| User::with_mode(UserMode::Create))
}

/// Every field with a fixed id; `params.<key>` fields are the build system's and are handled by `write`, `read`
/// and `get` below.
pub static FIELDS: &[Field] = &[
    Field {
        id: "language",
        label: "Language",
        hint: "",
        place: Place::Language,
        example: "go",
        read: |a| a.language.clone(),
        get: |d| d.language.clone(),
        write: |d, v| {
            d.language = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "build_system",
        label: "Build system",
        hint: "",
        place: Place::BuildSystem,
        example: "go-modules",
        read: |a| a.build_system.clone(),
        get: |d| d.build_system.clone(),
        write: |d, v| {
            d.build_system = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "variant",
        label: "Variant",
        hint: "",
        place: Place::BuildSystem,
        example: "cgo",
        read: |a| a.variant.clone().unwrap_or_default(),
        get: |d| d.variant.clone(),
        write: |d, v| {
            d.variant = some(v);
            Ok(())
        },
    },
    Field {
        id: "framework",
        label: "Framework",
        hint: "",
        place: Place::BuildSystem,
        example: "fastapi",
        read: |a| a.framework.clone().unwrap_or_default(),
        get: |d| d.framework.clone(),
        write: |d, v| {
            d.framework = some(v);
            Ok(())
        },
    },
    Field {
        id: "version",
        label: "Version",
        hint: "",
        place: Place::BuildSystem,
        example: "1.25",
        read: |a| a.version.clone(),
        get: |d| d.version.clone(),
        write: |d, v| {
            d.version = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "base",
        label: "Base",
        hint: "",
        place: Place::Base,
        example: "alpine",
        read: |a| a.base.clone(),
        get: |d| d.base.clone(),
        write: |d, v| {
            d.base = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "port",
        label: "Port",
        hint: "the port the app listens on (EXPOSE, health check)",
        place: Place::BuildSystem,
        example: "9000",
        read: |a| a.port.map(|p| p.to_string()).unwrap_or_default(),
        get: |d| d.port.map(|p| p.to_string()),
        write: |d, v| {
            d.port = match v.trim() {
                "" => None,
                text => Some(text.parse::<Port>()?),
            };
            Ok(())
        },
    },
    Field {
        id: "command",
        label: "Start command",
        hint: "split like a shell would; written in exec form",
        place: Place::BuildSystem,
        example: "/app/server --listen :9000",
        read: |a| shell_words::join(&a.command),
        get: |d| d.command.as_ref().map(shell_words::join),
        write: |d, v| {
            d.command = Some(words(v)?);
            Ok(())
        },
    },
    Field {
        id: "user.mode",
        label: "Run as",
        hint: "",
        place: Place::User,
        example: "create",
        read: |a| user_mode(a.user.mode).to_string(),
        get: |d| d.user.as_ref().map(|u| user_mode(u.mode).to_string()),
        write: |d, v| {
            let mode = [UserMode::Builtin, UserMode::Create, UserMode::Root]
                .into_iter()
                .find(|m| user_mode(*m) == v)
                .ok_or_else(|| format!("`{v}` is not builtin, create or root"))?;
            user_of(d).mode = mode;
            Ok(())
        },
    },
    Field {
        id: "user.name",
        label: "Name",
        hint: "",
        place: Place::User,
        example: "web",
        read: |a| a.user.name.clone(),
        get: |d| d.user.as_ref().map(|u| u.name.clone()),
        write: |d, v| {
            user_of(d).name = v.to_string();
            Ok(())
        },
    },
    Field {
        id: "user.uid",
        label: "UID",
        hint: "",
        place: Place::User,
        example: "2000",
        read: |a| a.user.uid.to_string(),
        get: |d| d.user.as_ref().map(|u| u.uid.to_string()),
        write: |d, v| {
            user_of(d).uid = number(v)?;
            Ok(())
        },
    },
    Field {
        id: "user.gid",
        label: "GID",
        hint: "",
        place: Place::User,
        example: "2001",
        read: |a| a.user.gid.to_string(),
        get: |d| d.user.as_ref().map(|u| u.gid.to_string()),
        write: |d, v| {
            user_of(d).gid = number(v)?;
            Ok(())
        },
    },
    Field {
        id: "healthcheck.mode",
        label: "Check",
        hint: "",
        place: Place::Healthcheck,
        example: "command",
        read: |a| health_mode(a.healthcheck.mode).to_string(),
        get: |d| {
            d.health
                .mode
                .or(d.healthcheck.as_ref().map(|h| h.mode))
                .map(|m| health_mode(m).to_string())
        },
        write: |d, v| {
            let mode = [
                HealthMode::Http,
                HealthMode::Tcp,
                HealthMode::Command,
                HealthMode::None,
            ]
            .into_iter()
            .find(|m| health_mode(*m) == v)
            .ok_or_else(|| format!("`{v}` is not http, tcp, command or none"))?;
            d.health.mode = Some(mode);
            Ok(())
        },
    },
    Field {
        id: "healthcheck.path",
        label: "Path",
        hint: "",
        place: Place::Healthcheck,
        example: "/healthz",
        read: |a| a.healthcheck.path.clone(),
        get: |d| {
            d.health
                .path
                .clone()
                .or(d.healthcheck.as_ref().map(|h| h.path.clone()))
        },
        write: |d, v| {
            d.health.path = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "healthcheck.port",
        label: "Port",
        hint: "the port the probe calls inside the container",
        place: Place::Healthcheck,
        example: "9100",
        read: |a| {
            a.healthcheck
                .port
                .map(|p| p.to_string())
                .unwrap_or_default()
        },
        get: |d| {
            d.health
                .port
                .or(d.healthcheck.as_ref().map(|h| h.port))
                .map(|p| p.map(|p| p.to_string()).unwrap_or_default())
        },
        write: |d, v| {
            d.health.port = Some(match v.trim() {
                "" => None,
                text => Some(text.parse::<Port>()?),
            });
            Ok(())
        },
    },
    Field {
        id: "healthcheck.command",
        label: "Command",
        hint: "",
        place: Place::Healthcheck,
        example: "/app/server -health",
        read: |a| shell_words::join(&a.healthcheck.command),
        get: |d| {
            d.health
                .command
                .as_ref()
                .or(d.healthcheck.as_ref().map(|h| &h.command))
                .map(shell_words::join)
        },
        write: |d, v| {
            d.health.command = Some(words(v)?);
            Ok(())
        },
    },
    Field {
        id: "healthcheck.interval",
        label: "Interval",
        hint: "",
        place: Place::Healthcheck,
        example: "15s",
        read: |a| a.healthcheck.interval.clone(),
        get: |d| {
            d.health
                .interval
                .clone()
                .or(d.healthcheck.as_ref().map(|h| h.interval.clone()))
        },
        write: |d, v| {
            d.health.interval = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "healthcheck.timeout",
        label: "Timeout",
        hint: "",
        place: Place::Healthcheck,
        example: "3s",
        read: |a| a.healthcheck.timeout.clone(),
        get: |d| {
            d.health
                .timeout
                .clone()
                .or(d.healthcheck.as_ref().map(|h| h.timeout.clone()))
        },
        write: |d, v| {
            d.health.timeout = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "healthcheck.start_period",
        label: "Start period",
        hint: "",
        place: Place::Healthcheck,
        example: "1m",
        read: |a| a.healthcheck.start_period.clone(),
        get: |d| {
            d.health
                .start_period
                .clone()
                .or(d.healthcheck.as_ref().map(|h| h.start_period.clone()))
        },
        write: |d, v| {
            d.health.start_period = Some(v.to_string());
            Ok(())
        },
    },
    Field {
        id: "healthcheck.retries",
        label: "Retries",
        hint: "",
        place: Place::Healthcheck,
        example: "5",
        read: |a| a.healthcheck.retries.to_string(),
        get: |d| {
            d.health
                .retries
                .or(d.healthcheck.as_ref().map(|h| h.retries))
                .map(|r| r.to_string())
        },
        write: |d, v| {
            d.health.retries = Some(number(v)?);
            Ok(())
        },
    },
    Field {
        id: "options.dockerignore",
        label: ".dockerignore",
        hint: "",
        place: Place::Review,
        example: "false",
        read: |a| on_off(a.options.dockerignore),
        get: |d| {
            d.switches
                .dockerignore
                .or(d.options.as_ref().map(|o| o.dockerignore))
                .map(on_off)
        },
        write: |d, v| {
            d.switches.dockerignore = Some(switch(v)?);
            Ok(())
        },
    },
    Field {
        id: "options.comments",
        label: "Comments",
        hint: "",
        place: Place::Review,
        example: "false",
        read: |a| on_off(a.options.comments),
        get: |d| {
            d.switches
                .comments
                .or(d.options.as_ref().map(|o| o.comments))
                .map(on_off)
        },
        write: |d, v| {
            d.switches.comments = Some(switch(v)?);
            Ok(())
        },
    },
    Field {
        id: "options.cache_mounts",
        label: "Cache mounts",
        hint: "",
        place: Place::Review,
        example: "false",
        read: |a| on_off(a.options.cache_mounts),
        get: |d| {
            d.switches
                .cache_mounts
                .or(d.options.as_ref().map(|o| o.cache_mounts))
                .map(on_off)
        },
        write: |d, v| {
            d.switches.cache_mounts = Some(switch(v)?);
            Ok(())
        },
    },
    Field {
        id: "options.test_stage",
        label: "Test stage",
        hint: "",
        place: Place::Review,
        example: "true",
        read: |a| on_off(a.options.test_stage),
        get: |d| {
            d.switches
                .test_stage
                .or(d.options.as_ref().map(|o| o.test_stage))
                .map(on_off)
        },
        write: |d, v| {
            d.switches.test_stage = Some(switch(v)?);
            Ok(())
        },
    },
    Field {
        id: "options.compose",
        label: "Compose",
        hint: "",
        place: Place::Review,
        example: "true",
        read: |a| on_off(a.options.compose),
        get: |d| {
            d.switches
                .compose
                .or(d.options.as_ref().map(|o| o.compose))
                .map(on_off)
        },
        write: |d, v| {
            d.switches.compose = Some(switch(v)?);
            Ok(())
        },
    },
];

/// The field with this id (a fixed field, not `params.<key>`).
pub fn field(id: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.id == id)
}

/// A build-system parameter's key, from its id `params.<key>`.
fn param_key(id: &str) -> Option<&str> {
    id.strip_prefix("params.").filter(|k| !k.is_empty())
}

/// Parse `text` and set field `id` in a draft layer.
pub fn write(d: &mut Draft, id: &str, text: &str) -> Result<(), String> {
    if let Some(key) = param_key(id) {
        d.params.insert(key.to_string(), text.to_string());
        return Ok(());
    }
    let field = field(id).ok_or_else(|| format!("`{id}` is not an answer field"))?;
    (field.write)(d, text)
}

/// Field `id` of completed answers, as a form shows it.
pub fn read(a: &Answers, id: &str) -> Option<String> {
    match param_key(id) {
        Some(key) => a.params.get(key).cloned(),
        None => field(id).map(|f| (f.read)(a)),
    }
}

/// Field `id` as a draft layer sets it; `None` when the layer leaves it to the layers below.
pub fn get(d: &Draft, id: &str) -> Option<String> {
    match param_key(id) {
        Some(key) => d.params.get(key).cloned(),
        None => field(id).and_then(|f| (f.get)(d)),
    }
}

/// Where the wizard shows an error of the field at `path` (`healthcheck.interval`, `params.main`, `arg[2].name`,
/// `files.copy[0]`): the field's own place, or that of the field or group it belongs to.
pub fn place_of(path: &str) -> Option<Place> {
    if let Some(f) = field(path) {
        return Some(f.place);
    }
    let head = path.split(['.', '[']).next().unwrap_or_default();
    match head {
        "params" => Some(Place::BuildSystem),
        "arg" => Some(Place::Args),
        // `[files]` is what detection found to copy; the answers it makes invalid are fixed before writing.
        "files" => Some(Place::Review),
        // A group's own error (`user`, `healthcheck`) or one of its sub-fields with no entry of its own.
        _ => FIELDS
            .iter()
            .find(|f| f.id.split('.').next() == Some(head))
            .map(|f| f.place),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn catalog() -> Catalog {
        crate::catalog::builtin().expect("catalog")
    }

    /// A draft for the language whose catalog has what `id` needs (a framework is Python's here).
    fn draft_for(id: &str) -> Draft {
        let language = if id == "framework" { "python" } else { "go" };
        Draft {
            language: Some(language.into()),
            ..Draft::default()
        }
    }

    #[test]
    fn every_field_round_trips_parse_write_read() {
        let catalog = catalog();
        for f in FIELDS {
            let mut draft = draft_for(f.id);
            write(&mut draft, f.id, f.example).unwrap_or_else(|e| panic!("{}: {e}", f.id));
            assert_eq!(get(&draft, f.id).as_deref(), Some(f.example), "{}", f.id);
            let answers = draft
                .fill(&catalog)
                .unwrap_or_else(|e| panic!("{}: {e}", f.id));
            assert_eq!(read(&answers, f.id).as_deref(), Some(f.example), "{}", f.id);
            assert!(!f.label.is_empty(), "{}", f.id);
        }
        let mut draft = draft_for("params");
        write(&mut draft, "params.main_package", "./cmd/api").expect("param");
        let answers = draft.fill(&catalog).expect("go");
        assert_eq!(
            read(&answers, "params.main_package").as_deref(),
            Some("./cmd/api")
        );
    }

    #[test]
    fn bad_text_is_refused_with_what_the_value_must_be() {
        let mut d = Draft::default();
        for (id, text, says) in [
            ("port", "0", "`0` is not a port; use 1 to 65535"),
            (
                "healthcheck.port",
                "http",
                "`http` is not a port; use 1 to 65535",
            ),
            ("user.uid", "x", "`x` is not a number"),
            ("healthcheck.retries", "-1", "`-1` is not a number"),
            (
                "user.mode",
                "admin",
                "`admin` is not builtin, create or root",
            ),
            ("options.compose", "maybe", "`maybe` is not on or off"),
            ("nope", "1", "`nope` is not an answer field"),
        ] {
            assert_eq!(write(&mut d, id, text), Err(says.to_string()), "{id}");
        }
        assert!(
            write(&mut d, "command", "sh -c 'unclosed")
                .is_err_and(|e| e.ends_with("close the quote or escape it"))
        );
        assert_eq!(d, Draft::default(), "a refused value changes nothing");
    }

    /// Every field path validation can name has a place in the wizard.
    #[test]
    fn every_validation_error_has_a_place() {
        let catalog = catalog();
        let mut answers = draft_for("go").complete(&catalog).expect("go");
        answers.version = "0.1".into();
        answers.base = "nope".into();
        answers.command = Vec::new();
        answers.params.insert("nope".into(), "x".into());
        answers.user = User {
            name: "Bad Name".into(),
            uid: 0,
            gid: 0,
            ..User::with_mode(UserMode::Create)
        };
        answers.healthcheck.mode = HealthMode::Http;
        answers.healthcheck.path = "no-slash".into();
        answers.healthcheck.interval = "soon".into();
        answers.healthcheck.timeout = "0s".into();
        answers.healthcheck.start_period = "x".into();
        answers.healthcheck.retries = 0;
        answers.port = None;
        answers.args.push(crate::answers::BuildArg {
            name: "1 bad".into(),
            default: "a\nb".into(),
            scope: crate::answers::ArgScope::Builder,
        });
        answers.files.copy.push("../outside".into());
        let errors = crate::plan::Plan::new(answers.clone(), &catalog).expect_err("invalid");
        let mut paths: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        // The user is checked against a base the catalog has: a bad created user, then a built-in one the
        // base lacks.
        answers.base = "alpine".into();
        let created = crate::plan::Plan::new(answers.clone(), &catalog).expect_err("invalid");
        paths.extend(created.iter().map(|e| e.field.as_str()));
        answers.user.mode = UserMode::Builtin;
        let builtin = crate::plan::Plan::new(answers, &catalog).expect_err("invalid");
        paths.extend(builtin.iter().map(|e| e.field.as_str()));
        for expected in [
            "version",
            "base",
            "command",
            "params.nope",
            "user.name",
            "user.uid",
            "user.gid",
            "user.mode",
            "healthcheck.path",
            "healthcheck.port",
            "healthcheck.interval",
            "arg[0].name",
            "arg[0].default",
        ] {
            assert!(paths.contains(&expected), "{expected} not in {paths:?}");
        }
        for path in paths {
            assert!(place_of(path).is_some(), "{path} has no place");
        }
        for (path, place) in [
            ("language", Place::Language),
            ("build_system", Place::BuildSystem),
            ("variant", Place::BuildSystem),
            ("framework", Place::BuildSystem),
            ("user.mode", Place::User),
            ("healthcheck.command", Place::Healthcheck),
            ("arg[3].name", Place::Args),
            ("files.copy[0]", Place::Review),
        ] {
            assert_eq!(place_of(path), Some(place), "{path}");
        }
    }
}
