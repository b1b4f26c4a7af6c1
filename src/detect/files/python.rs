//! Python: the requirements include chain, path dependencies, uv workspace members, C libraries the
//! dependencies link, Django's settings (WSGI module, STATIC_ROOT).

use super::{MAX_CHAIN, add, has_dir, resolve};
use crate::detect::{Evidence, found::Found, regex, walk::line_at};

pub(super) fn python(f: &mut Found<'_>) {
    let mut texts: Vec<(String, String)> = Vec::new();
    if f.draft.build_system.as_deref() == Some("pip") && f.has("requirements.txt") {
        requirements_chain(f, &mut texts);
    }
    for name in ["pyproject.toml", "Pipfile"] {
        if f.has(name)
            && let Some(text) = f.read(name)
        {
            texts.push((f.path(name), text));
        }
    }
    python_addons(f, &texts);
    uv_members(f);
    python_path_dependencies(f);
    if f.draft.framework.as_deref() == Some("django") {
        django(f);
    }
}

/// A requirements file and what it includes, followed breadth first and bounded.
pub(crate) struct Chain {
    /// Every file read, the first one first, with its text.
    pub files: Vec<(String, String)>,
    /// (included file, including file, line, `requirements`/`constraints`, the line).
    pub includes: Vec<(String, String, usize, &'static str, String)>,
    pub problems: Vec<String>,
}

/// Follow `-r` / `-c` includes from `first` (a path from the root) without leaving the project.
pub(crate) fn follow_requirements(listing: &crate::detect::walk::Listing, first: &str) -> Chain {
    let mut chain = Chain {
        files: Vec::new(),
        includes: Vec::new(),
        problems: Vec::new(),
    };
    let Some(include) = regex(r"^\s*(-r|-c|--requirement|--constraint)(\s*=\s*|\s+)(\S+)") else {
        return chain;
    };
    let mut queue = vec![first.to_string()];
    let mut seen = vec![first.to_string()];
    while !queue.is_empty() {
        let file = queue.remove(0);
        let Ok(text) = listing.read(&file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let Some((target, _)) = include.group(line, 3) else {
                if line.trim_start().starts_with("-e .") || line.trim() == "." {
                    chain.problems.push(format!(
                        "{file}:{}: installs the project itself (`{}`): the dependency step runs before the sources \
                         are copied, so list the dependencies instead or build with --build-system uv",
                        i + 1,
                        line.trim()
                    ));
                }
                continue;
            };
            let kind = if line.trim_start().starts_with("-c") || line.contains("--constraint") {
                "constraints"
            } else {
                "requirements"
            };
            let Some(path) = resolve(&file, target) else {
                chain.problems.push(format!(
                    "{file}:{}: `{target}` is outside the project folder; the build cannot read it",
                    i + 1
                ));
                continue;
            };
            if !listing.has(&path) {
                chain.problems.push(format!(
                    "{file}:{}: `{target}` does not exist; pip install will fail",
                    i + 1
                ));
                continue;
            }
            if seen.contains(&path) {
                continue;
            }
            if seen.len() >= MAX_CHAIN {
                chain.problems.push(format!(
                    "{file}: more than {MAX_CHAIN} requirement files; stopped following includes"
                ));
                break;
            }
            seen.push(path.clone());
            chain.includes.push((
                path.clone(),
                file.clone(),
                i + 1,
                kind,
                line.trim().to_string(),
            ));
            queue.push(path);
        }
        chain.files.push((file, text));
    }
    chain
}

/// Each file requirements.txt includes is copied before `pip install` reads it.
fn requirements_chain(f: &mut Found<'_>, texts: &mut Vec<(String, String)>) {
    let chain = follow_requirements(f.listing, &f.path("requirements.txt"));
    for (path, from, line, kind, text) in chain.includes {
        add(
            f,
            "copy",
            &path,
            &from,
            Some(line),
            format!("{kind} file included by `{text}`: pip reads it during the install"),
        );
    }
    for problem in chain.problems {
        f.note(problem);
    }
    texts.extend(chain.files);
}

/// Path dependencies in pyproject.toml (`{ path = "libs/shared" }` for Poetry or uv's sources) are installed with
/// the dependencies: their folder must be there first.
fn python_path_dependencies(f: &mut Found<'_>) {
    let file = f.path("pyproject.toml");
    let Ok(text) = f.listing.read(&file) else {
        return;
    };
    let Some(re) = regex(r#"path\s*=\s*["']([^"']+)["']"#) else {
        return;
    };
    for (i, line) in text.lines().enumerate() {
        let Some((target, _)) = re.group(line, 1) else {
            continue;
        };
        if line.contains("workspace") {
            continue;
        }
        match resolve(&file, target) {
            Some(dir) if !dir.is_empty() && has_dir(f, &dir) => {
                // A uv workspace member's own manifest is already copied; its sources come with the project.
                if f.listing.has(&format!("{dir}/pyproject.toml"))
                    && crate::detect::monorepo::members(f.listing).iter().any(|m| m.path == dir)
                {
                    continue;
                }
                add(
                    f,
                    "copy",
                    &format!("{dir}/"),
                    &file,
                    Some(i + 1),
                    format!("a path dependency ({target}): installed with the dependencies, so its folder comes first"),
                );
            }
            Some(_) | None => f.note(format!(
                "{file}:{}: the path dependency `{target}` is not a folder inside the project; the install cannot \
                 read it",
                i + 1
            )),
        }
    }
}

/// A uv workspace syncs from the root: every member's pyproject.toml must be there before `uv sync`.
fn uv_members(f: &mut Found<'_>) {
    if f.draft.build_system.as_deref() != Some("uv") {
        return;
    }
    for m in crate::detect::monorepo::members(f.listing) {
        let manifest = format!("{}/pyproject.toml", m.path);
        if f.listing.has(&manifest) {
            add(
                f,
                "copy",
                &manifest,
                "pyproject.toml",
                None,
                format!(
                    "uv workspace member {}: uv sync at the root reads every member's pyproject.toml",
                    m.name
                ),
            );
        }
    }
}

/// Dependencies that compile against a C library the runtime then links.
fn python_addons(f: &mut Found<'_>, texts: &[(String, String)]) {
    const LIBS: &[(&str, &str, &str)] = &[
        (
            "psycopg2",
            "libpq",
            "psycopg2 (not -binary) builds from source against libpq",
        ),
        (
            "psycopg",
            "libpq",
            "psycopg 3 without its binary extra loads the system libpq at run time",
        ),
        (
            "mysqlclient",
            "mysqlclient",
            "mysqlclient builds against the MySQL client library",
        ),
        (
            "lxml",
            "lxml-musl",
            "lxml compiles against libxml2/libxslt on Alpine (musl); wheels cover glibc",
        ),
    ];
    for (file, text) in texts {
        for (i, line) in text.lines().enumerate() {
            let lower = line.trim().to_ascii_lowercase();
            if lower.starts_with('#') {
                continue;
            }
            for (name, addon, why) in LIBS {
                if let Some(rest) = dependency_named(&lower, name) {
                    // psycopg2-binary and psycopg[binary] ship libpq inside their wheels.
                    if rest.starts_with('-') || rest.starts_with('_') || rest.contains("binary") {
                        continue;
                    }
                    add(f, "addons", addon, file, Some(i + 1), (*why).to_string());
                }
            }
        }
    }
}

/// The rest of `line` after a dependency called `name` (in a requirements line, a quoted pyproject entry or a
/// Pipfile key), or None.
fn dependency_named<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    let line = line.trim_start_matches(['"', '\'', ' ']);
    let rest = line.strip_prefix(name)?;
    let next = rest.chars().next();
    match next {
        None => Some(rest),
        Some(c) if c.is_ascii_alphanumeric() => None,
        Some(_) => Some(rest),
    }
}

fn django(f: &mut Found<'_>) {
    let settings: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| f.prefix.is_empty() || p.starts_with(&format!("{}/", f.prefix)))
        .filter(|p| {
            p.ends_with("/settings.py")
                || p.as_str() == "settings.py"
                || (p.contains("/settings/") && p.ends_with(".py"))
        })
        .take(20)
        .cloned()
        .collect();
    let wsgi = regex(r#"(?m)^WSGI_APPLICATION\s*=\s*["']([A-Za-z0-9_.]+)["']"#);
    let static_root = regex(r"(?m)^STATIC_ROOT\s*=");
    let mut module: Option<(String, String, usize)> = None;
    let mut collect: Option<(String, usize)> = None;
    for file in settings {
        let Ok(text) = f.listing.read(&file) else {
            continue;
        };
        if module.is_none()
            && let Some((value, at)) = wsgi.as_ref().and_then(|re| re.group(&text, 1))
        {
            module = Some((value.to_string(), file.clone(), line_at(&text, at)));
        }
        if collect.is_none()
            && let Some((_, at)) = static_root.as_ref().and_then(|re| re.group(&text, 0))
        {
            collect = Some((file.clone(), line_at(&text, at)));
        }
    }
    if let Some((value, file, line)) = module {
        // `mysite.wsgi.application` -> gunicorn's `mysite.wsgi:application`.
        let target = match value.rsplit_once('.') {
            Some((m, attr)) => format!("{m}:{attr}"),
            None => value.clone(),
        };
        let detail = format!("WSGI_APPLICATION = '{value}' in the settings");
        // Python detection reads the same settings (packages included) and has its say first; this fills the
        // module in only where nothing set it.
        if !f.draft.params.contains_key("app_module") {
            f.draft.params.insert("app_module".into(), target.clone());
            f.evidence.retain(|e| e.field != "params.app_module");
            f.evidence.push(Evidence {
                field: "params.app_module".into(),
                value: target,
                file,
                line: Some(line),
                detail,
            });
        }
    }
    if let Some((file, line)) = collect {
        if let Some(problem) = settings_without_static_root(f, &file) {
            f.note(problem);
        }
        if f.has("manage.py") && f.prefix.is_empty() {
            add(
                f,
                "addons",
                "django-collectstatic",
                &file,
                Some(line),
                "STATIC_ROOT is set: collectstatic gathers the static files at build time".into(),
            );
        } else {
            f.note(format!(
                "{file}:{line}: STATIC_ROOT is set but manage.py is not at the project root; run collectstatic in \
                 your build"
            ));
        }
    }
}

/// collectstatic runs with manage.py's default settings: say so when STATIC_ROOT is set elsewhere and the default
/// module neither sets it nor star-imports another module.
fn settings_without_static_root(f: &Found<'_>, static_root_file: &str) -> Option<String> {
    let manage = f.listing.read(&f.path("manage.py")).ok()?;
    let re = regex(r#"DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z0-9_.]+)["']"#)?;
    let (module, _) = re.group(&manage, 1)?;
    let base = module.replace('.', "/");
    let file = [format!("{base}.py"), format!("{base}/__init__.py")]
        .into_iter()
        .map(|p| f.path(&p))
        .find(|p| f.listing.has(p))?;
    if file == static_root_file {
        return None;
    }
    let text = f.listing.read(&file).ok()?;
    if text.contains("STATIC_ROOT") || text.contains("import *") {
        return None;
    }
    Some(format!(
        "{static_root_file} sets STATIC_ROOT but collectstatic runs with manage.py's default settings {module} \
         ({file}), which do not: set DJANGO_SETTINGS_MODULE for the build or set STATIC_ROOT there"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_psycopg2_is_not_the_source_build() {
        assert_eq!(
            dependency_named("psycopg2==2.9.10", "psycopg2"),
            Some("==2.9.10")
        );
        assert_eq!(
            dependency_named("psycopg2-binary==2.9", "psycopg2"),
            Some("-binary==2.9")
        );
        assert_eq!(
            dependency_named("\"psycopg2>=2.9\",", "psycopg2"),
            Some(">=2.9\",")
        );
        assert_eq!(dependency_named("psycopg2cffi", "psycopg2"), None);
        assert_eq!(dependency_named("psycopg2==2.9", "psycopg"), None);
        assert_eq!(
            dependency_named("psycopg[binary]>=3", "psycopg"),
            Some("[binary]>=3")
        );
    }
}
