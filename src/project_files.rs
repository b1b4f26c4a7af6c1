//! `[files]` of the answers: what a project needs beyond its build system's own manifests and artifacts. Files the
//! dependency install reads (a `-r` chain, `.ruby-version`, a Prisma schema, `Directory.Build.props`), placeholder
//! sources a dependency-caching build compiles against (Cargo's `[lib]` and `[[bin]]` paths), folders the app
//! reads at run time (`templates/`, `static/`), what of the build folder ships (a TypeScript build's output, not
//! its sources), and the catalog addons (C libraries, framework build steps) it needs. Detection fills it with evidence; an answers file may set it.

use serde::{Deserialize, Serialize};

use crate::{
    catalog::{Base, Language, ParamKind},
    field_error::FieldError,
    validate,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFiles {
    /// Project files copied next to the dependency manifests, before the install step that reads them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy: Vec<String>,
    /// Placeholder sources written before the dependency step, so the manifest's targets exist (Rust).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stubs: Vec<String>,
    /// Files and folders the app reads at run time, copied from the build into the runtime stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runtime: Vec<String>,
    /// What ships from the build folder when not all of it should (a TypeScript build: `package.json`,
    /// `node_modules` and the output folder, not the sources). Empty: the build system's artifacts as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ship: Vec<String>,
    /// Catalog addons of the language (`libpq`, `django-collectstatic`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addons: Vec<String>,
}

impl ProjectFiles {
    pub fn is_empty(&self) -> bool {
        self.copy.is_empty()
            && self.stubs.is_empty()
            && self.runtime.is_empty()
            && self.ship.is_empty()
            && self.addons.is_empty()
    }

    /// Every problem, each naming its field (`files.copy[1]`).
    pub fn validate(&self, language: &Language) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (name, list) in [
            ("copy", &self.copy),
            ("stubs", &self.stubs),
            ("runtime", &self.runtime),
            ("ship", &self.ship),
        ] {
            for (i, path) in list.iter().enumerate() {
                if let Err(message) = relative_path(path) {
                    errors.push(FieldError::new(format!("files.{name}[{i}]"), message));
                }
            }
        }
        for (i, stub) in self.stubs.iter().enumerate() {
            if !stub.ends_with(".rs") {
                errors.push(FieldError::new(
                    format!("files.stubs[{i}]"),
                    format!("`{stub}` is not a Rust source file; stubs are `.rs` placeholders"),
                ));
            }
        }
        for (i, id) in self.addons.iter().enumerate() {
            if language.addon(id).is_none() {
                let known: Vec<&str> = language.addons.iter().map(|a| a.id.as_str()).collect();
                errors.push(FieldError::new(
                    format!("files.addons[{i}]"),
                    if known.is_empty() {
                        format!("{} has no addons; remove `{id}`", language.name)
                    } else {
                        format!(
                            "`{id}` is not an addon of {}; choose one of {}",
                            language.name,
                            known.join(", ")
                        )
                    },
                ));
            }
        }
        errors
    }

    /// The addons' libraries `base` would have to install and cannot: it has no package manager, or it starts as
    /// a non-root user.
    pub fn uninstallable<'l>(&self, language: &'l Language, base: &Base) -> Vec<&'l str> {
        if base.can_install_packages() {
            return Vec::new();
        }
        self.runtime_needs(language, base)
    }

    /// The names of the addons that need packages installed in a runtime stage on `base`.
    pub fn runtime_needs<'l>(&self, language: &'l Language, base: &Base) -> Vec<&'l str> {
        let pm = runtime_package_manager(base);
        self.addons
            .iter()
            .filter_map(|id| language.addon(id))
            .filter(|a| a.runtime_packages.contains_key(pm))
            .map(|a| a.name.as_str())
            .collect()
    }
}

/// A path inside the project: the path-parameter charset, not absolute, no `..`, no glob.
fn relative_path(path: &str) -> validate::Check {
    validate::param(ParamKind::Path, path)?;
    if path.split('/').any(|part| part == "..") {
        return Err(format!(
            "`{path}` leaves the project folder; only files inside it reach the build"
        ));
    }
    if path.contains('*') {
        return Err(format!("`{path}` is a glob; name the file"));
    }
    if path.is_empty() {
        return Err("empty path".into());
    }
    Ok(())
}

/// The package manager of an image, from its base facts (runtime) or its name (builder images are Debian unless
/// they say alpine).
pub fn builder_package_manager(image: &str) -> &'static str {
    if image.contains("alpine") {
        "apk"
    } else {
        "apt"
    }
}

/// The package manager a runtime base has, or the one its family would have (apk on musl, apt on glibc): which
/// of an addon's package lists applies to it.
pub fn runtime_package_manager(base: &Base) -> &str {
    match (&base.package_manager, base.libc) {
        (Some(pm), _) => pm.as_str(),
        (None, crate::catalog::Libc::Musl) => "apk",
        (None, _) => "apt",
    }
}
