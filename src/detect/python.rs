//! Python: uv, Poetry, pip (requirements.txt), Pipfile; version, framework, ASGI/WSGI module, entry script.

use super::{
    found::Found,
    walk::{line_at, line_of},
};

/// Packages with no musllinux wheels at the time of writing: on Alpine they compile from source or fail.
const NO_MUSL_WHEELS: &[&str] = &[
    "opencv-python",
    "opencv-python-headless",
    "tensorflow",
    "torch",
    "onnxruntime",
];

pub fn detect(f: &mut Found<'_>) -> bool {
    let markers = [
        "uv.lock",
        "poetry.lock",
        "pyproject.toml",
        "requirements.txt",
        "Pipfile",
        "setup.py",
    ];
    if !markers.iter().any(|m| f.has(m)) {
        return false;
    }
    let pyproject = if f.has("pyproject.toml") {
        f.read("pyproject.toml")
    } else {
        None
    };
    let first = markers
        .iter()
        .find(|m| f.has(m))
        .copied()
        .unwrap_or("pyproject.toml");
    f.set(
        "language",
        "python",
        &f.path(first),
        None,
        format!("{first} makes this a Python project"),
    );
    let poetry = pyproject
        .as_deref()
        .is_some_and(|t| t.contains("[tool.poetry"));
    // A uv workspace member shares the root's uv.lock.
    if let Some(lock) = f.nearest("uv.lock") {
        f.set(
            "build_system",
            "uv",
            &lock,
            None,
            "uv.lock: dependencies locked by uv",
        );
    } else if f.has("poetry.lock") || poetry {
        let file = if f.has("poetry.lock") {
            f.path("poetry.lock")
        } else {
            f.path("pyproject.toml")
        };
        f.set("build_system", "poetry", &file, None, "managed by Poetry");
        if !f.has("poetry.lock") {
            f.note("Poetry project without poetry.lock: run `poetry lock` and commit it for reproducible installs");
        }
    } else if f.has("requirements.txt") {
        f.set(
            "build_system",
            "pip",
            &f.path("requirements.txt"),
            None,
            "requirements.txt: installed with pip",
        );
    } else if f.has("Pipfile") {
        f.set(
            "build_system",
            "pip",
            &f.path("Pipfile"),
            None,
            "Pipfile: pip with a requirements.txt export",
        );
        f.note("Pipfile found: export it with `pipenv requirements > requirements.txt`; the Dockerfile installs that");
    } else {
        f.set(
            "build_system",
            "pip",
            &f.path(first),
            None,
            "no lockfile: pip",
        );
        f.note("no requirements.txt, uv.lock or poetry.lock: pip installs from requirements.txt, so create one");
    }
    version(f, pyproject.as_deref());
    let mut deps = String::new();
    for name in ["requirements.txt", "Pipfile", "pyproject.toml"] {
        if f.has(name)
            && let Some(t) = f.read(name)
        {
            deps.push_str(&t.to_ascii_lowercase());
            deps.push('\n');
        }
    }
    // Files requirements.txt includes (`-r requirements/base.txt`) hold the dependencies just as well.
    if f.has("requirements.txt") {
        let chain = super::files::follow_requirements(f.listing, &f.path("requirements.txt"));
        for (_, text) in chain.files.iter().skip(1) {
            deps.push_str(&text.to_ascii_lowercase());
            deps.push('\n');
        }
    }
    let dep_file = ["requirements.txt", "Pipfile", "pyproject.toml"]
        .into_iter()
        .find(|n| f.has(n))
        .unwrap_or("pyproject.toml");
    let has = |name: &str| {
        super::regex(&format!(r#"(?m)(^|["'\s,\[])({name})\s*([=<>~!\[;"',]|$)"#))
            .is_some_and(|re| re.is_match(&deps))
    };
    for bad in NO_MUSL_WHEELS {
        if has(bad) {
            f.note(format!(
                "{bad} publishes no musllinux wheels: prefer a glibc base (slim) over Alpine"
            ));
        }
    }
    let dep_path = f.path(dep_file);
    let dep_text = f.listing.read(&dep_path).unwrap_or_default();
    if has("fastapi") {
        f.set(
            "framework",
            "fastapi",
            &dep_path,
            line_of(&dep_text.to_ascii_lowercase(), "fastapi"),
            "fastapi is a dependency",
        );
        procfile_module(f);
        app_module(f, r"(?m)^(\w+)\s*(?::\s*\w+\s*)?=\s*FastAPI\(");
    } else if has("django") {
        f.set(
            "framework",
            "django",
            &dep_path,
            line_of(&dep_text.to_ascii_lowercase(), "django"),
            "django is a dependency",
        );
        procfile_module(f);
        django_module(f);
    } else if has("flask") {
        f.set(
            "framework",
            "flask",
            &dep_path,
            line_of(&dep_text.to_ascii_lowercase(), "flask"),
            "flask is a dependency",
        );
        procfile_module(f);
        app_module(f, r"(?m)^(\w+)\s*=\s*Flask\(");
    } else {
        for main in ["main.py", "app.py", "server.py", "run.py", "manage.py"] {
            if f.has(main) {
                f.set("params.main", main, &f.path(main), None, "the entry script");
                break;
            }
        }
    }
    true
}

fn version(f: &mut Found<'_>, pyproject: Option<&str>) {
    if f.has(".python-version")
        && let Some(v) = f.read(".python-version")
    {
        let v = v.lines().next().unwrap_or_default().trim().to_string();
        f.set_version(
            &v,
            false,
            &f.path(".python-version"),
            Some(1),
            ".python-version",
        );
        return;
    }
    // Heroku-style runtime.txt: `python-3.13.1`.
    if f.has("runtime.txt")
        && let Some(text) = f.read("runtime.txt")
        && let Some(v) = text.trim().strip_prefix("python-")
    {
        let file = f.path("runtime.txt");
        f.set_version(v, false, &file, Some(1), "runtime.txt");
        return;
    }
    if f.has("Pipfile")
        && let Some(text) = f.read("Pipfile")
        && let Some((m, start)) = super::regex(r#"python_(?:full_)?version\s*=\s*"([^"]+)""#)
            .and_then(|re| re.group(&text, 1))
    {
        let file = f.path("Pipfile");
        f.set_version(
            m,
            false,
            &file,
            Some(line_at(&text, start)),
            "the Pipfile's python_version",
        );
        return;
    }
    let Some(text) = pyproject else { return };
    for (pattern, what) in [
        (
            r#"requires-python\s*=\s*"([^"]+)""#,
            "requires-python (a minimum)",
        ),
        (
            r#"(?m)^python\s*=\s*"([^"]+)""#,
            "Poetry's python requirement (a minimum)",
        ),
    ] {
        if let Some((m, start)) = super::regex(pattern).and_then(|re| re.group(text, 1)) {
            let file = f.path("pyproject.toml");
            f.set_version(m, true, &file, Some(line_at(text, start)), what);
            return;
        }
    }
}

fn python_files(f: &Found<'_>) -> Vec<String> {
    let prefix = if f.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", f.prefix)
    };
    f.listing
        .files
        .iter()
        .filter_map(|p| p.strip_prefix(&prefix))
        .filter(|p| p.ends_with(".py") && !p.contains("test"))
        .take(300)
        .map(String::from)
        .collect()
}

fn module_of(rel: &str) -> String {
    rel.trim_end_matches(".py")
        .trim_start_matches("src/")
        .replace('/', ".")
}

fn app_module(f: &mut Found<'_>, pattern: &str) {
    let Some(re) = super::regex(pattern) else {
        return;
    };
    for rel in python_files(f) {
        let path = f.path(&rel);
        let Ok(text) = f.listing.read(&path) else {
            continue;
        };
        if let Some((m, start)) = re.group(&text, 1) {
            let value = format!("{}:{}", module_of(&rel), m);
            f.set(
                "params.app_module",
                &value,
                &path,
                Some(line_at(&text, start)),
                "where the app object is created",
            );
            return;
        }
    }
}

/// The app a Procfile's `web:` line serves with gunicorn or uvicorn: said outright, so it wins over a code search.
fn procfile_module(f: &mut Found<'_>) {
    if !f.has("Procfile") {
        return;
    }
    let Some(text) = f.read("Procfile") else {
        return;
    };
    let Some((index, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("web:"))
    else {
        return;
    };
    if let Some(module) = served_module(line) {
        let file = f.path("Procfile");
        f.set(
            "params.app_module",
            module,
            &file,
            Some(index + 1),
            "the Procfile's web process serves it",
        );
    }
}

/// `web: gunicorn -w 4 --bind 0.0.0.0:$PORT mysite.wsgi` -> `mysite.wsgi`.
fn served_module(line: &str) -> Option<&str> {
    const TAKES_VALUE: &[&str] = &[
        "-b",
        "--bind",
        "-w",
        "--workers",
        "-k",
        "--worker-class",
        "--host",
        "--port",
        "--timeout",
        "-t",
        "--log-level",
        "--chdir",
        "--app-dir",
        "-c",
        "--config",
        "--threads",
        "--env-file",
    ];
    let mut words = line
        .split_whitespace()
        .skip_while(|w| !matches!(w.rsplit('/').next(), Some("gunicorn" | "uvicorn")));
    words.next()?;
    let mut skip_value = false;
    for word in words {
        if skip_value {
            skip_value = false;
        } else if word.starts_with('-') {
            skip_value = TAKES_VALUE.contains(&word);
        } else if word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
            && word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        {
            return Some(word);
        } else {
            return None;
        }
    }
    None
}

fn django_module(f: &mut Found<'_>) {
    for rel in python_files(f) {
        if let Some(dir) = rel.strip_suffix("/wsgi.py")
            && f.has(&format!("{dir}/settings.py"))
        {
            let value = format!("{}.wsgi", dir.replace('/', "."));
            f.set(
                "params.app_module",
                &value,
                &f.path(&rel),
                None,
                "the project's wsgi module next to settings.py",
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::served_module;

    #[test]
    fn procfile_web_lines() {
        for (line, module) in [
            ("web: gunicorn mysite.wsgi", Some("mysite.wsgi")),
            (
                "web: gunicorn -w 4 --bind 0.0.0.0:$PORT app:app",
                Some("app:app"),
            ),
            (
                "web: uvicorn app.main:api --host 0.0.0.0 --port $PORT",
                Some("app.main:api"),
            ),
            (
                "web: python -m gunicorn --timeout 60 shop.wsgi",
                Some("shop.wsgi"),
            ),
            ("web: .venv/bin/gunicorn 'app:create_app()'", None),
            ("web: python main.py", None),
        ] {
            assert_eq!(served_module(line), module, "{line}");
        }
    }
}
