//! Checks on the language knowledge the catalog carries (runtime kinds, interpreter probe templates, detection
//! rules): what the renderer and detection rely on without a Rust special case for any language.

use std::collections::BTreeMap;

use super::{
    load::CatalogError,
    model::{Catalog, InterpreterProbe, PROBE_BIN, PROBE_PORT, PROBE_URL, Probe},
};
use crate::validate;

fn err(entry: String, message: String) -> CatalogError {
    CatalogError {
        file: entry,
        line: None,
        column: None,
        message,
    }
}

/// Runtime kinds are declared once, their probe templates keep every placeholder a whole argument, the
/// interpreters bases probe with have templates, and detection rules name languages that exist.
pub(super) fn check(catalog: &Catalog) -> Result<(), CatalogError> {
    let mut declared: BTreeMap<&str, &str> = BTreeMap::new();
    for language in &catalog.languages {
        let at = format!("entry language `{}`", language.id);
        for runtime in &language.runtimes {
            let field = |name: &str| format!("field `runtime` `{}` `{name}`", runtime.kind);
            validate::id(&runtime.kind)
                .map_err(|e| err(at.clone(), format!("{}: {e}", field("kind"))))?;
            if let Some(first) = declared.insert(&runtime.kind, &language.id) {
                return Err(err(
                    at,
                    format!(
                        "runtime kind `{}` is declared by language `{first}` too; declare it once",
                        runtime.kind
                    ),
                ));
            }
            if runtime.label.trim().is_empty() {
                return Err(err(
                    at,
                    format!("{}: a runtime kind needs a label", field("label")),
                ));
            }
            if let Some(probe) = &runtime.probe {
                templates(probe)
                    .map_err(|m| err(at.clone(), format!("{}: {m}", field("probe"))))?;
            }
        }
        for other in &language.detect.expected_in {
            if catalog.language(other).is_none() {
                return Err(err(
                    at,
                    format!("field `detect.expected_in`: no language `{other}` in the catalog"),
                ));
            }
        }
    }
    for base in &catalog.bases {
        for probe in &base.probes {
            let Probe::Interpreter(kind) = probe else {
                continue;
            };
            let has_templates = catalog
                .runtime_kind(kind)
                .is_some_and(|r| r.probe.is_some());
            if !has_templates {
                return Err(err(
                    format!("entry base `{}`", base.id),
                    format!(
                        "field `probes`: `{kind}` is not curl or wget, and no language declares runtime kind \
                         `{kind}` with a `probe` table (`[[language.runtime]]` kind = \"{kind}\", \
                         `[language.runtime.probe]` bin, http, tcp); add one or remove `{kind}` from `probes`"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// An HTTP template takes `{url}` and a TCP template `{port}`, each exactly once and as a whole argument; `{bin}`
/// may stand for the program. Any other use of a placeholder would splice data into code.
pub(crate) fn templates(probe: &InterpreterProbe) -> Result<(), String> {
    if probe.bin.trim().is_empty() || probe.bin.contains(char::is_whitespace) {
        return Err("`bin` must be one word (the program, e.g. python3)".into());
    }
    template("http", &probe.http, PROBE_URL, PROBE_PORT)?;
    template("tcp", &probe.tcp, PROBE_PORT, PROBE_URL)
}

fn template(name: &str, argv: &[String], needed: &str, foreign: &str) -> Result<(), String> {
    if argv.is_empty() {
        return Err(format!("`{name}` is empty; it is the probe's argv"));
    }
    let whole = argv.iter().filter(|w| *w == needed).count();
    if whole != 1 {
        return Err(format!(
            "`{name}` must have `{needed}` exactly once, as an argument of its own (found {whole})"
        ));
    }
    for word in argv {
        if word == foreign {
            return Err(format!(
                "`{name}` cannot use `{foreign}`; it takes `{needed}`"
            ));
        }
        let placeholder = [PROBE_BIN, PROBE_URL, PROBE_PORT]
            .into_iter()
            .find(|p| word.contains(p) && word != p);
        if let Some(p) = placeholder {
            return Err(format!(
                "`{name}` has `{p}` inside `{word}`: a placeholder is a whole argument, so the value reaches the \
                 program as data, never as part of its code (read it from argv, e.g. sys.argv[1])"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(http: &[&str], tcp: &[&str]) -> InterpreterProbe {
        InterpreterProbe {
            bin: "python3".into(),
            http: http.iter().map(|s| s.to_string()).collect(),
            tcp: tcp.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn placeholders_are_whole_arguments() {
        let tcp = ["{bin}", "-c", "connect(argv[1])", "{port}"];
        assert!(
            templates(&probe(
                &["{bin}", "-c", "get(argv[1]) if {1: 2} else 0", "{url}"],
                &tcp
            ))
            .is_ok()
        );
        let spliced = templates(&probe(&["{bin}", "-c", "urlopen('{url}')", "{url}"], &tcp))
            .expect_err("spliced url");
        assert!(spliced.contains("inside"), "{spliced}");
        let twice = templates(&probe(&["{bin}", "{url}", "{url}"], &tcp)).expect_err("twice");
        assert!(twice.contains("exactly once"), "{twice}");
        let missing = templates(&probe(&["{bin}", "-c", "x"], &tcp)).expect_err("missing");
        assert!(missing.contains("`{url}`"), "{missing}");
        let wrong =
            templates(&probe(&["{bin}", "{url}", "{port}"], &tcp)).expect_err("port in http");
        assert!(wrong.contains("cannot use `{port}`"), "{wrong}");
        let port_in_code = templates(&probe(
            &["{bin}", "{url}"],
            &["{bin}", "-c", "connect({port})", "{port}"],
        ));
        assert!(port_in_code.is_err());
    }

    #[test]
    fn program_names_match_exactly_or_by_a_trailing_star() {
        let catalog = crate::catalog::builtin().expect("builtin");
        let python = catalog.runtime_kind("python").expect("python");
        assert!(python.is_program("python3") && python.is_program("python3.13"));
        assert!(!python.is_program("pip"));
        let java = catalog.runtime_kind("java").expect("java");
        assert!(java.is_program("java") && !java.is_program("javac"));
        assert_eq!(catalog.runtime_label("dotnet-aspnet"), "ASP.NET Core");
        assert_eq!(catalog.runtime_label("bun"), "bun");
    }

    #[test]
    fn a_base_probing_with_an_undeclared_interpreter_is_refused() {
        let mut catalog = crate::catalog::builtin().expect("builtin");
        check(&catalog).expect("the built-in catalog is consistent");
        let base = catalog
            .bases
            .iter_mut()
            .find(|b| b.id == "alpine")
            .expect("alpine");
        base.probes.push(Probe::Interpreter("deno".into()));
        let e = check(&catalog)
            .expect_err("deno has no templates")
            .to_string();
        assert!(e.contains("base `alpine`") && e.contains("`deno`"), "{e}");
    }

    #[test]
    fn a_runtime_kind_is_declared_once() {
        let mut catalog = crate::catalog::builtin().expect("builtin");
        let python = catalog.language("python").expect("python").runtimes[0].clone();
        let ruby = catalog
            .languages
            .iter_mut()
            .find(|l| l.id == "ruby")
            .expect("ruby");
        ruby.runtimes.push(python);
        let e = check(&catalog).expect_err("twice").to_string();
        assert!(e.contains("declared by language `python`"), "{e}");
    }
}
