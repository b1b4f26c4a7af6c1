//! Arbitrary strings in every free-text field: each is either refused with an error that names the field, or
//! rendered so that BuildKit's parser sees exactly the intended instructions (no injected lines, no broken quoting).

mod common;

use proptest::{
    prelude::*,
    strategy::{Strategy, ValueTree},
    test_runner::TestRunner,
};
use stagecraft::answers::{Answers, ArgScope, BuildArg, Draft, HealthMode, UserMode};

/// Strings biased towards what breaks Dockerfiles: newlines, continuations, quotes, `$`, heredocs, JSON brackets.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex(r#"[a-zA-Z0-9 /._:=@-]{0,12}"#).expect("regex"),
        proptest::string::string_regex(r#"[a-z\\"'$`{}\[\]<>#;&|, \n\r\t=:/-]{0,16}"#)
            .expect("regex"),
        Just("ok\\".to_string()),
        Just("a\nRUN rm -rf /".to_string()),
        Just("x <<EOF".to_string()),
        Just("\"]\nUSER root".to_string()),
        Just("${HOME}".to_string()),
    ]
}

fn base_answers(
    catalog: &stagecraft::catalog::Catalog,
    language: &str,
    framework: Option<&str>,
) -> Answers {
    Draft {
        language: Some(language.into()),
        framework: framework.map(String::from),
        ..Draft::default()
    }
    .complete(catalog)
    .expect("defaults are valid")
}

type Setter = fn(&mut Answers, String);

#[test]
fn arbitrary_text_is_refused_or_parses_exactly() {
    let catalog = common::catalog();
    let fields: Vec<(&str, &str, Option<&str>, Setter)> = vec![
        ("arg[0].name", "go", None, |a, v| {
            a.args = vec![BuildArg {
                name: v,
                default: "1".into(),
                scope: ArgScope::Builder,
            }]
        }),
        ("arg[0].default", "go", None, |a, v| {
            a.args = vec![BuildArg {
                name: "APP_VERSION".into(),
                default: v,
                scope: ArgScope::Global,
            }]
        }),
        ("user.name", "python", None, |a, v| {
            a.user.mode = UserMode::Create;
            a.user.name = v;
        }),
        ("healthcheck.path", "node", None, |a, v| {
            a.healthcheck.mode = HealthMode::Http;
            a.healthcheck.path = v;
        }),
        ("healthcheck.command", "rust", None, |a, v| {
            a.healthcheck.mode = HealthMode::Command;
            a.healthcheck.command = vec![v, "--health".into()];
        }),
        ("healthcheck.interval", "go", None, |a, v| {
            a.healthcheck.interval = v
        }),
        ("command", "go", None, |a, v| {
            a.command = vec!["/app/server".into(), v]
        }),
        ("command", "python", None, |a, v| a.command = vec![v]),
        ("params.build_command", "custom", None, |a, v| {
            a.params.insert("build_command".into(), v);
        }),
        ("params.builder_image", "custom", None, |a, v| {
            a.params.insert("builder_image".into(), v);
        }),
        ("params.artifact", "custom", None, |a, v| {
            a.params.insert("artifact".into(), v);
        }),
        ("params.main_package", "go", None, |a, v| {
            a.params.insert("main_package".into(), v);
        }),
        ("params.app_module", "python", Some("fastapi"), |a, v| {
            a.params.insert("app_module".into(), v);
        }),
    ];
    let mut runner = TestRunner::deterministic();
    let strategy = nasty();
    let mut cases = Vec::new();
    let (mut refused, mut accepted) = (0, 0);
    for (field, language, framework, set) in &fields {
        for n in 0..120 {
            let value = strategy.new_tree(&mut runner).expect("value").current();
            let mut answers = base_answers(&catalog, language, *framework);
            set(&mut answers, value.clone());
            match common::generate(&answers, &catalog) {
                Err(errors) => {
                    refused += 1;
                    assert!(
                        errors
                            .iter()
                            .any(|e| e.field == *field && !e.message.is_empty()),
                        "{field} = {value:?} was refused without naming the field: {errors:?}"
                    );
                }
                Ok(output) => {
                    accepted += 1;
                    cases.push((format!("{field}#{n} = {value:?}"), answers, output));
                }
            }
        }
    }
    assert!(
        refused > 100 && accepted > 100,
        "refused {refused}, accepted {accepted}: the strategy is too narrow"
    );
    let Some(tools) = common::tools() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_cases(dir.path(), &cases);
    let problems = common::parse_problems(&tools, dir.path());
    assert!(
        problems.is_empty(),
        "{}",
        serde_json::to_string_pretty(&problems).unwrap_or_default()
    );
    println!(
        "injection: {accepted} accepted values parsed exactly, {refused} refused with the field named"
    );
}
