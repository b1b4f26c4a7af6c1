//! Go: go.mod (module, go and toolchain lines), main packages, cgo.

use super::found::Found;

/// A binary name from a module path or folder: the last element, reduced to name characters.
pub fn name_from(path: &str) -> Option<String> {
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let mut last = parts.next()?;
    // `example.com/shop/v2`: the major-version suffix is not the program's name.
    if last.len() > 1
        && last.starts_with('v')
        && last[1..].bytes().all(|b| b.is_ascii_digit())
        && let Some(before) = parts.next()
    {
        last = before;
    }
    let name: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    (!name.is_empty() && !name.starts_with('.')).then_some(name)
}

pub fn detect(f: &mut Found<'_>) -> bool {
    let Some(file) = f.claim("go.mod", "go", "go-modules", "makes this a Go module") else {
        return false;
    };
    let Some(text) = f.read("go.mod") else {
        return true;
    };
    let mut module = None;
    let (mut go, mut toolchain) = (None, None);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(m) = line.strip_prefix("module ") {
            module = Some((m.trim().trim_matches('"').to_string(), i + 1));
        } else if let Some(v) = line.strip_prefix("go ") {
            go = Some((v.trim().to_string(), i + 1));
        } else if let Some(v) = line.strip_prefix("toolchain go") {
            toolchain = Some((v.trim().to_string(), i + 1));
        }
    }
    if module.is_none() {
        f.note(format!("{file} has no module line"));
    }
    match (toolchain, go) {
        (Some((v, line)), _) => f.set_version(&v, false, &file, Some(line), "the toolchain line"),
        (None, Some((v, line))) => {
            f.set_version(&v, true, &file, Some(line), "the go directive (a minimum)")
        }
        _ => {}
    }
    main_package(f, module.as_ref().map(|(m, l)| (m.as_str(), *l)), &file);
    cgo(f);
    cgo_modules(f, &text, &file);
    true
}

/// Modules that only work with cgo: a CGO_ENABLED=0 build of go-sqlite3 compiles, then fails at run time.
const CGO_MODULES: &[&str] = &[
    "github.com/mattn/go-sqlite3",
    "github.com/confluentinc/confluent-kafka-go",
    "gopkg.in/gographics/imagick",
    "github.com/google/gopacket/pcap",
    "github.com/go-gl/glfw",
];

fn cgo_modules(f: &mut Found<'_>, gomod: &str, file: &str) {
    for (i, line) in gomod.lines().enumerate() {
        let module = line
            .trim()
            .trim_start_matches("require")
            .split_whitespace()
            .next()
            .unwrap_or_default();
        if let Some(m) = CGO_MODULES.iter().find(|m| module.starts_with(**m)) {
            f.set(
                "variant",
                "cgo",
                file,
                Some(i + 1),
                format!("{m} needs cgo: CGO_ENABLED=1 and a glibc runtime"),
            );
            return;
        }
    }
}

fn main_package(f: &mut Found<'_>, module: Option<(&str, usize)>, gomod: &str) {
    let prefix = f.dir_prefix();
    let mains: Vec<String> = f
        .listing
        .files
        .iter()
        .filter_map(|p| p.strip_prefix(&prefix))
        .filter(|p| p.ends_with(".go") && !p.ends_with("_test.go"))
        .map(String::from)
        .collect();
    let is_main = |f: &mut Found<'_>, rel: &str| {
        f.read(rel)
            .is_some_and(|t| t.contains("package main") && t.contains("func main("))
    };
    let root_main: Vec<&String> = mains.iter().filter(|p| !p.contains('/')).collect();
    for rel in root_main {
        if is_main(f, rel) {
            f.set(
                "params.main_package",
                ".",
                &f.path(rel),
                None,
                "package main with func main() at the root",
            );
            if let Some((m, line)) = module
                && let Some(name) = name_from(m)
            {
                f.set(
                    "params.app",
                    &name,
                    gomod,
                    Some(line),
                    "the module path's last element",
                );
            }
            return;
        }
    }
    let mut cmds: Vec<String> = mains
        .iter()
        .filter_map(|p| p.strip_prefix("cmd/"))
        .filter_map(|p| p.split_once('/').map(|(dir, _)| dir.to_string()))
        .collect();
    cmds.dedup();
    // With several commands, the one named like the module (or a server) is the likely image.
    let module_name = module.and_then(|(m, _)| name_from(m));
    let preferred = cmds
        .iter()
        .position(|c| Some(c) == module_name.as_ref())
        .or_else(|| {
            ["server", "api", "web", "app"]
                .iter()
                .find_map(|n| cmds.iter().position(|c| c == n))
        })
        .unwrap_or(0);
    if let Some(first) = cmds.get(preferred).cloned() {
        let file = f.path(&format!("cmd/{first}"));
        f.set(
            "params.main_package",
            &format!("./cmd/{first}"),
            &file,
            None,
            "a main package under cmd/",
        );
        if let Some(name) = name_from(&first) {
            f.set(
                "params.app",
                &name,
                &file,
                None,
                "named after its cmd/ folder",
            );
        }
        if cmds.len() > 1 {
            f.note(format!(
                "several main packages under cmd/ ({}); using {first}, set --param main_package",
                cmds.join(", ")
            ));
        }
    } else {
        elsewhere(f, &mains);
    }
}

/// Folders that hold examples or test data, not the app a module ships.
const NOT_THE_APP: &[&str] = &[
    "example",
    "examples",
    "_examples",
    "testdata",
    "vendor",
    "test",
    "tests",
];

/// No main package at the root or under cmd/: one elsewhere (server/, app/) is the app; several, or none, are not
/// guessed at.
fn elsewhere(f: &mut Found<'_>, files: &[String]) {
    // A folder with its own go.mod is another module: `go build` here cannot build it.
    let prefix = f.dir_prefix();
    let modules: Vec<String> = f
        .listing
        .files
        .iter()
        .filter_map(|p| p.strip_prefix(&prefix)?.strip_suffix("/go.mod"))
        .map(String::from)
        .collect();
    let in_module = |dir: &str| {
        modules
            .iter()
            .any(|m| dir == m || dir.starts_with(&format!("{m}/")))
    };
    let mut dirs: Vec<String> = Vec::new();
    for rel in files.iter().take(400) {
        let Some((dir, _)) = rel.rsplit_once('/') else {
            continue;
        };
        let skipped = dir
            .split('/')
            .any(|part| NOT_THE_APP.contains(&part) || part.starts_with('.'));
        if skipped || in_module(dir) || dirs.iter().any(|d| d == dir) {
            continue;
        }
        let is_main = f
            .read(rel)
            .is_some_and(|t| t.contains("package main") && t.contains("func main("));
        if is_main {
            dirs.push(dir.to_string());
        }
    }
    dirs.sort();
    match dirs.as_slice() {
        [only] => {
            let file = f.path(only);
            f.set(
                "params.main_package",
                &format!("./{only}"),
                &file,
                None,
                "the only main package (package main with func main())",
            );
            if let Some(name) = name_from(only) {
                f.set("params.app", &name, &file, None, "named after its folder");
            }
        }
        [] => f.assume(
            "command",
            "no main package (package main with func main()) in this module: it builds no program",
            "point --param main_package at the package to build, or run in the folder of the app's module",
            &["params.main_package"],
            f.excluded.is_empty(),
        ),
        several => {
            let listed: Vec<String> = several.iter().take(8).map(|d| format!("./{d}")).collect();
            let more = several.len().saturating_sub(listed.len());
            f.assume(
                "command",
                format!(
                    "no main package at the root or under cmd/, and {} elsewhere ({}{})",
                    several.len(),
                    listed.join(", "),
                    if more > 0 { format!(", and {more} more") } else { String::new() }
                ),
                "choose one with --param main_package=./DIR",
                &["params.main_package"],
                f.excluded.is_empty(),
            );
        }
    }
}

fn cgo(f: &mut Found<'_>) {
    let prefix = f.dir_prefix();
    let files: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| p.starts_with(&prefix) && p.ends_with(".go"))
        .take(400)
        .cloned()
        .collect();
    for file in files {
        let Ok(text) = f.listing.read(&file) else {
            continue;
        };
        if let Some(line) = text.lines().position(|l| {
            l.trim()
                .strip_prefix("import \"C\"")
                .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with("//"))
        }) {
            f.set(
                "variant",
                "cgo",
                &file,
                Some(line + 1),
                "import \"C\": cgo needs CGO_ENABLED=1 and a glibc runtime",
            );
            return;
        }
    }
}
