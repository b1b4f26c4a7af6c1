//! Python: uv, Poetry, pip (requirements.txt), Pipfile; version, framework, ASGI/WSGI module, entry script.

use super::{found::Found, walk::line_at};

/// Servers and tools a Procfile starts by their console script that also run as `python -m NAME`.
const PYTHON_MODULES: &[&str] = &[
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "flask",
    "celery",
    "granian",
];

/// Packages with no musllinux wheels at the time of writing: on Alpine they compile from source or fail.
const NO_MUSL_WHEELS: &[&str] = &[
    "opencv-python",
    "opencv-python-headless",
    "tensorflow",
    "torch",
    "onnxruntime",
];

/// A dependency declaration in a requirements list, pyproject or Pipfile: the name after a line start, quote,
/// space, comma or `[`, and before a version operator, extra, marker, quote, comma or the line's end.
fn dependency_pattern(name: &str) -> String {
    format!(r#"(?m)(^|["'\s,\[])({name})\s*([=<>~!\[;"',]|$)"#)
}

/// The offset of the first place `dependency_pattern(name)` matches `text` (its group 2). A plain package name is
/// found by scanning, exactly as the pattern would (`tests::dependency_scan_matches_the_pattern`): it is asked for
/// a dozen names per project, and compiling a pattern per name cost more than the rest of Python detection.
fn dependency_at(text: &str, name: &str) -> Option<usize> {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !plain {
        return super::regex(&dependency_pattern(name))?
            .group(text, 2)
            .map(|(_, at)| at);
    }
    // `\s` in ASCII mode.
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find(name) {
        let at = from + found;
        let before =
            at == 0 || space(bytes[at - 1]) || matches!(bytes[at - 1], b'"' | b'\'' | b',' | b'[');
        if before {
            let mut end = at + name.len();
            let mut line_end = false;
            while end < bytes.len() && space(bytes[end]) {
                // `$` matches before any newline the spaces run over.
                line_end |= bytes[end] == b'\n';
                end += 1;
            }
            let after = end == bytes.len()
                || line_end
                || matches!(
                    bytes[end],
                    b'=' | b'<' | b'>' | b'~' | b'!' | b'[' | b';' | b'"' | b'\'' | b','
                );
            if after {
                return Some(at);
            }
        }
        // The name starts with an ASCII byte, so the next byte starts a character.
        from = at + 1;
    }
    None
}

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
    // Every file that declares dependencies, with `-r other.txt` includes followed.
    let sources = dependency_files(f);
    let deps: String = sources
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let has = |name: &str| dependency_at(&deps, name).is_some();
    for bad in NO_MUSL_WHEELS {
        if has(bad) {
            f.note(format!(
                "{bad} publishes no musllinux wheels: prefer a glibc base (slim) over Alpine"
            ));
        }
    }
    // The file and line that declare a dependency, for its evidence.
    let fallback = f.path("pyproject.toml");
    let dep_at = |name: &str| -> (String, Option<usize>) {
        sources
            .iter()
            .find_map(|(path, text)| {
                let at = dependency_at(text, name)?;
                Some((path.clone(), Some(line_at(text, at))))
            })
            .unwrap_or_else(|| (fallback.clone(), None))
    };
    // A Procfile's web line is how the project says it starts: it wins over what the framework suggests.
    let procfile = procfile_command(f);
    if has("fastapi") {
        f.set(
            "framework",
            "fastapi",
            &dep_at("fastapi").0,
            dep_at("fastapi").1,
            "fastapi is a dependency",
        );
        procfile_module(f);
        app_module(f, r"(?m)^(\w+)\s*(?::\s*\w+\s*)?=\s*FastAPI\(");
        if !procfile {
            let server =
                has("uvicorn") || deps.contains("fastapi[standard") || deps.contains("fastapi[all");
            if !server {
                f.assume(
                    "command",
                    "uvicorn is not a dependency, and the image starts the app with it",
                    "add uvicorn (or fastapi[standard]) to the dependencies, or set --command",
                    &[],
                    false,
                );
            }
            entry_module_or_assume(f, "FastAPI()");
            if let Some(file) = in_src_layout(f) {
                let words = [
                    "python",
                    "-m",
                    "uvicorn",
                    "{app_module}",
                    "--app-dir",
                    "src",
                    "--host",
                    "0.0.0.0",
                    "--port",
                    "{port}",
                ];
                f.set_command(
                    words.iter().map(|w| w.to_string()).collect(),
                    &file,
                    None,
                    "the app lives under src/, which uvicorn imports from with --app-dir",
                );
            }
        }
    } else if has("django") {
        f.set(
            "framework",
            "django",
            &dep_at("django").0,
            dep_at("django").1,
            "django is a dependency",
        );
        procfile_module(f);
        let (module, asgi) = django_module(f);
        if !procfile {
            django_server(f, &dep_at, module.as_deref(), asgi, &has);
        }
    } else if has("flask") {
        f.set(
            "framework",
            "flask",
            &dep_at("flask").0,
            dep_at("flask").1,
            "flask is a dependency",
        );
        procfile_module(f);
        app_module(f, r"(?m)^(\w+)\s*=\s*Flask\(");
        if !procfile {
            flask_server(f, &dep_at, &has);
        }
    } else if !procfile {
        // manage.py alone is not an entry: run without arguments it prints its help and exits.
        for main in [
            "main.py",
            "app.py",
            "server.py",
            "run.py",
            "__main__.py",
            "bot.py",
        ] {
            if f.has(main) {
                f.set("params.main", main, &f.path(main), None, "the entry script");
                break;
            }
        }
        // A package run as a module: `pkg/__main__.py` -> `python -m pkg`.
        if !f.is_set("params.main")
            && let Some(package) = python_files(f)
                .iter()
                .filter_map(|p| p.strip_suffix("/__main__.py"))
                .find(|dir| !dir.contains('/'))
                .map(String::from)
        {
            let file = f.path(&format!("{package}/__main__.py"));
            f.set_command(
                vec!["python".into(), "-m".into(), package],
                &file,
                None,
                "the package's __main__.py: it runs with python -m",
            );
        }
        if !f.is_set("params.main") && f.draft.detected_command.is_none() {
            f.assume(
                "command",
                "no entry point found (no Procfile web line, main.py, app.py, server.py or run.py, no package with \
                 __main__.py, and no FastAPI, Django or Flask app)",
                "set it with --command or --param main=FILE",
                &["params.main"],
                f.excluded.is_empty(),
            );
        }
    }
    true
}

/// The file that creates the app, when it is under `src/` (the module name leaves `src.` out, so the server must
/// import from there).
fn in_src_layout(f: &Found<'_>) -> Option<String> {
    let ev = f.evidence.iter().find(|e| e.field == "params.app_module")?;
    let rel = if f.prefix.is_empty() {
        ev.file.as_str()
    } else {
        ev.file.strip_prefix(&format!("{}/", f.prefix))?
    };
    rel.starts_with("src/").then(|| ev.file.clone())
}

/// FastAPI/Flask: the app object's module found in code, else the catalog's default is assumed (and cannot start
/// when its file does not exist).
fn entry_module_or_assume(f: &mut Found<'_>, what: &str) {
    if f.is_set("params.app_module") {
        return;
    }
    let default_file = "main.py";
    f.assume(
        "command",
        format!("no `{what}` found in the code, so the app module main:app is a guess"),
        "set it with --param app_module=MODULE:ATTRIBUTE or --command",
        &["params.app_module"],
        !f.has(default_file),
    );
}

/// Django: gunicorn when it is a dependency, uvicorn for an ASGI project that has it; otherwise gunicorn is
/// assumed, and the user is told to add it.
fn django_server(
    f: &mut Found<'_>,
    dep_at: &dyn Fn(&str) -> (String, Option<usize>),
    module: Option<&str>,
    asgi: bool,
    has: &dyn Fn(&str) -> bool,
) {
    if module.is_none() {
        f.assume(
            "command",
            "no WSGI_APPLICATION in the settings and no wsgi.py next to them, so the module mysite.wsgi is a guess",
            "set it with --param app_module=PROJECT.wsgi or --command",
            &["params.app_module"],
            true,
        );
        return;
    }
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    if has("gunicorn") {
        f.set_command(
            words(&[
                "python",
                "-m",
                "gunicorn",
                "--bind",
                "0.0.0.0:{port}",
                "{app_module}",
            ]),
            &dep_at("gunicorn").0,
            dep_at("gunicorn").1,
            "gunicorn is a dependency: it serves the project's WSGI module",
        );
    } else if asgi && has("uvicorn") {
        f.set_command(
            words(&[
                "python",
                "-m",
                "uvicorn",
                "{app_module}:application",
                "--host",
                "0.0.0.0",
                "--port",
                "{port}",
            ]),
            &dep_at("uvicorn").0,
            dep_at("uvicorn").1,
            "uvicorn is a dependency and the settings name an ASGI application",
        );
    } else {
        let why = if has("uwsgi") {
            "gunicorn is not a dependency (uWSGI is), and the image serves the project with gunicorn"
        } else {
            "gunicorn is not a dependency, and the image serves the project with it"
        };
        f.assume(
            "command",
            why,
            "add gunicorn to the dependencies, or set --command",
            &[],
            false,
        );
    }
}

/// Flask: gunicorn when it is a dependency; otherwise the app's own `app.run()` script, else `flask run`, with a
/// note that these are development servers.
fn flask_server(
    f: &mut Found<'_>,
    dep_at: &dyn Fn(&str) -> (String, Option<usize>),
    has: &dyn Fn(&str) -> bool,
) {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    if has("gunicorn") {
        let mut command = words(&["python", "-m", "gunicorn", "--bind", "0.0.0.0:{port}"]);
        if in_src_layout(f).is_some() {
            command.extend(words(&["--chdir", "src"]));
        }
        command.push("{app_module}".into());
        f.set_command(
            command,
            &dep_at("gunicorn").0,
            dep_at("gunicorn").1,
            "gunicorn is a dependency: it serves the Flask app",
        );
        return;
    }
    let runner = super::regex(r"(?m)^\s*\w+\.run\(([^)]*)\)");
    for rel in python_files(f) {
        let path = f.path(&rel);
        let Ok(text) = f.listing.read(&path) else {
            continue;
        };
        if !text.contains("Flask(") {
            continue;
        }
        if let Some((args, start)) = runner.as_ref().and_then(|re| re.group(&text, 1)) {
            let local_only = !args.contains("0.0.0.0");
            f.set_command(
                words(&["python", &rel]),
                &path,
                Some(line_at(&text, start)),
                "the Flask app runs itself with app.run()",
            );
            f.note(format!(
                "{path}: gunicorn is not a dependency, so the image runs Flask's development server (app.run); add \
                 gunicorn for production{}",
                if local_only {
                    ", and bind 0.0.0.0: app.run() without host= listens on 127.0.0.1 only"
                } else {
                    ""
                }
            ));
            return;
        }
    }
    f.set_command(
        words(&[
            "python",
            "-m",
            "flask",
            "--app",
            "{app_module}",
            "run",
            "--host",
            "0.0.0.0",
            "--port",
            "{port}",
        ]),
        &dep_at("flask").0,
        dep_at("flask").1,
        "flask is a dependency and gunicorn is not: Flask's own server",
    );
    f.note(
        "gunicorn is not a dependency, so the image runs `flask run` (a development server); add gunicorn for \
         production",
    );
    if !f.is_set("params.app_module") {
        f.assume(
            "command",
            "no `Flask()` found in the code, so the app module `app` is a guess",
            "set it with --param app_module=MODULE:ATTRIBUTE or --command",
            &["params.app_module"],
            !f.has("app.py"),
        );
    }
}

/// requirements.txt (and what it includes with `-r`/`--requirement`, three levels deep), Pipfile and
/// pyproject.toml, lowercased, with their paths from the root.
fn dependency_files(f: &mut Found<'_>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut queue: Vec<(String, usize)> = Vec::new();
    if f.has("requirements.txt") {
        queue.push((f.path("requirements.txt"), 0));
    }
    while let Some((path, depth)) = queue.pop() {
        if out.iter().any(|(p, _)| *p == path) {
            continue;
        }
        let Ok(text) = f.listing.read(&path) else {
            continue;
        };
        let text = text.to_ascii_lowercase();
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        if depth < 3 {
            for line in text.lines() {
                let line = line.trim();
                let include = line
                    .strip_prefix("-r")
                    .or_else(|| line.strip_prefix("--requirement"))
                    .map(|rest| rest.trim_start_matches(['=', ' ']).trim());
                if let Some(rel) = include.filter(|r| !r.is_empty() && !r.contains("://")) {
                    let rel = rel.trim_start_matches("./");
                    let joined = if dir.is_empty() {
                        rel.to_string()
                    } else {
                        format!("{dir}/{rel}")
                    };
                    if f.listing.has(&joined) {
                        queue.push((joined, depth + 1));
                    }
                }
            }
        }
        out.push((path, text));
    }
    for name in ["Pipfile", "pyproject.toml"] {
        if f.has(name)
            && let Some(text) = f.read(name)
        {
            out.push((f.path(name), text.to_ascii_lowercase()));
        }
    }
    out
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
    let prefix = f.dir_prefix();
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

/// The project's WSGI/ASGI module: WSGI_APPLICATION (or ASGI_APPLICATION) in the settings manage.py names, else
/// a wsgi.py next to settings.py. Returns the module and whether it is ASGI.
fn django_module(f: &mut Found<'_>) -> (Option<String>, bool) {
    if let Some(found) = django_settings_module(f) {
        return found;
    }
    for rel in python_files(f) {
        if let Some(dir) = rel.strip_suffix("/wsgi.py")
            && (f.has(&format!("{dir}/settings.py"))
                || f.has(&format!("{dir}/settings/__init__.py")))
        {
            let value = format!("{}.wsgi", dir.replace('/', "."));
            f.set(
                "params.app_module",
                &value,
                &f.path(&rel),
                None,
                "the project's wsgi module next to settings.py",
            );
            return (Some(value), false);
        }
    }
    (None, false)
}

fn django_settings_module(f: &mut Found<'_>) -> Option<(Option<String>, bool)> {
    let manage = f.path("manage.py");
    let text = f.listing.read(&manage).ok()?;
    let (settings, _) =
        super::regex(r#"DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']"#)?.group(&text, 1)?;
    let base = settings.replace('.', "/");
    // `project.settings.dev` usually imports WSGI_APPLICATION from a sibling (base.py, common.py).
    let mut files = vec![
        format!("{base}.py"),
        format!("{base}/__init__.py"),
        format!("{base}/base.py"),
    ];
    if let Some((parent, _)) = base.rsplit_once('/') {
        for sibling in [
            "base",
            "__init__",
            "common",
            "production",
            "prod",
            "settings",
        ] {
            files.push(format!("{parent}/{sibling}.py"));
        }
    }
    for file in files.into_iter().filter(|p| f.has(p)) {
        let path = f.path(&file);
        let Ok(settings_text) = f.listing.read(&path) else {
            continue;
        };
        for (key, asgi) in [("WSGI_APPLICATION", false), ("ASGI_APPLICATION", true)] {
            let re = super::regex(&format!(r#"(?m)^{key}\s*=\s*["']([\w.]+)["']"#))?;
            if let Some((value, start)) = re.group(&settings_text, 1) {
                // gunicorn and uvicorn take `package.wsgi` / `package.asgi:application`.
                let module = value
                    .strip_suffix(".application")
                    .unwrap_or(value)
                    .to_string();
                f.set(
                    "params.app_module",
                    &module,
                    &path,
                    Some(line_at(&settings_text, start)),
                    format!("{key} in the settings manage.py uses ({settings})"),
                );
                return Some((Some(module), asgi));
            }
        }
    }
    None
}

/// The Procfile's `web:` line as the start command (`$PORT` becomes the app's port), when it is a plain command.
fn procfile_command(f: &mut Found<'_>) -> bool {
    if !f.has("Procfile") {
        return false;
    }
    let Some(text) = f.read("Procfile") else {
        return false;
    };
    let Some((index, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("web:"))
    else {
        return false;
    };
    let file = f.path("Procfile");
    let command = line.trim_start().trim_start_matches("web:").trim();
    let shell = ["&&", "||", ";", "|", "`", "$(", ">", "<"]
        .iter()
        .any(|op| command.contains(op));
    let words = match shell_words::split(command) {
        Ok(words) if !shell => words,
        _ => {
            f.note(format!(
                "{file}:{}: the web process needs a shell (`{command}`); set --command to start it in exec form",
                index + 1
            ));
            return false;
        }
    };
    let mut words: Vec<String> = words
        .into_iter()
        .skip_while(|w| w.contains('=') && !w.starts_with('-'))
        .map(|w| w.replace("${PORT}", "{port}").replace("$PORT", "{port}"))
        .collect();
    // A server's console script has a shebang naming the builder's python, which a distroless runtime does not
    // have; `python -m` runs the same module with the runtime's python.
    if words
        .first()
        .is_some_and(|w| PYTHON_MODULES.contains(&w.as_str()))
    {
        words.splice(0..0, ["python".to_string(), "-m".to_string()]);
    }
    if words.is_empty() || words.iter().any(|w| w.contains('$')) {
        f.note(format!(
            "{file}:{}: the web process reads environment variables other than PORT (`{command}`); exec form does \
             not expand them, set --command",
            index + 1
        ));
        return false;
    }
    f.set_command(words, &file, Some(index + 1), "the Procfile's web process");
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The pattern itself, compiled as detection compiles patterns.
    fn by_pattern(text: &str, name: &str) -> Option<usize> {
        let re = super::super::regex(&super::dependency_pattern(name)).expect("compiles");
        re.group(text, 2).map(|(_, at)| at)
    }

    #[test]
    fn dependency_scan_finds_declarations_only() {
        for (text, found) in [
            ("fastapi>=0.115\n", Some(0)),
            ("dependencies = [\"fastapi[standard]>=0.115\"]", Some(17)),
            ("x = 1\nfastapi\n", Some(6)),
            ("fastapi", Some(0)),
            ("fastapi  \n  ", Some(0)),
            ("fastapi-users>=1\n", None),
            ("myfastapi==1\n", None),
            ("# fastapi is great\n", None),
            ("\"fastapi-x\", 'fastapi',", Some(14)),
        ] {
            assert_eq!(super::dependency_at(text, "fastapi"), found, "{text:?}");
            assert_eq!(by_pattern(text, "fastapi"), found, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn dependency_scan_matches_the_pattern(
            parts in prop::collection::vec(
                prop_oneof![
                    Just("uvicorn"), Just("uvicorn-x"), Just("uvi"), Just("corn"), Just(" "), Just("\t"),
                    Just("\n"), Just("\r\n"), Just("\""), Just("'"), Just(","), Just("["), Just("]"),
                    Just(">="), Just("=="), Just("~"), Just("!"), Just(";"), Just("a"), Just("-"), Just("é"),
                    Just("\x0B"),
                ],
                0..24,
            ),
        ) {
            let text = parts.concat();
            prop_assert_eq!(super::dependency_at(&text, "uvicorn"), by_pattern(&text, "uvicorn"), "{:?}", text);
        }
    }

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
