//! The small template language catalog commands use: `{version}`, `{port}`, `{<param>}`.

use crate::answers::Answers;

/// Fill `{version}`, `{port}` and `{param}` placeholders. Unknown placeholders stay as written.
pub fn fill_template(template: &str, answers: &Answers) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if is_placeholder(&after[..end]) => {
                let key = &after[..end];
                match lookup(key, answers) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn lookup(key: &str, answers: &Answers) -> Option<String> {
    match key {
        "version" => Some(answers.version.clone()),
        "port" => answers.port.map(|p| p.to_string()),
        _ => answers.params.get(key).cloned(),
    }
}

pub fn fill_template_words(words: &[String], answers: &Answers) -> Vec<String> {
    words.iter().map(|w| fill_template(w, answers)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Draft;

    #[test]
    fn templates_fill_known_placeholders_only() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let mut answers = Draft {
            language: Some("go".into()),
            ..Draft::default()
        }
        .complete(&catalog)
        .expect("go");
        answers
            .params
            .insert("main_package".into(), "./cmd/api".into());
        assert_eq!(
            fill_template("go build {main_package} :{port} {nope} ${X} {", &answers),
            "go build ./cmd/api :8080 {nope} ${X} {"
        );
    }
}
