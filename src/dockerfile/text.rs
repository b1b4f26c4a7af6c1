//! The model written out as Dockerfile text, with a map from each text line back to its instruction so the
//! preview can highlight lines by origin and show each line's reason.

use super::model::{Body, Dockerfile, Instruction, Keyword};

/// What a line of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Directive,
    Comment,
    Blank,
    Instruction,
    Continuation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInfo {
    pub kind: LineKind,
    /// Index into `Dockerfile::instructions()` for instruction lines, their continuations and their comments.
    pub instruction: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub lines: Vec<LineInfo>,
}

const WRAP: usize = 88;
const INDENT: &str = "    ";

/// A JSON array in the spacing Dockerfiles conventionally use: `["a", "b"]`.
pub fn json_array(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).unwrap_or_else(|_| "\"\"".to_string()))
        .collect();
    format!("[{}]", quoted.join(", "))
}

fn body_text(body: &Body) -> String {
    match body {
        Body::Text(text) => text.clone(),
        Body::Exec {
            prefix: Some(p),
            words,
        } => format!("{p} {}", json_array(words)),
        Body::Exec {
            prefix: None,
            words,
        } => json_array(words),
    }
}

/// The physical lines of one instruction (continuations included).
fn instruction_lines(ins: &Instruction) -> Vec<String> {
    let keyword = ins.keyword.as_str();
    let body = body_text(&ins.body);
    if ins.keyword == Keyword::Note {
        return vec![format!("# {body}")];
    }
    let one_line = if ins.flags.is_empty() {
        format!("{keyword} {body}")
    } else {
        format!("{keyword} {} {body}", ins.flags.join(" "))
    };
    let multi_flags = ins.flags.len() > 1 && matches!(ins.keyword, Keyword::Run);
    if one_line.len() <= WRAP && !multi_flags {
        return vec![one_line];
    }
    if ins.keyword == Keyword::Healthcheck {
        return vec![
            format!("{keyword} {} \\", ins.flags.join(" ")),
            format!("{INDENT}{body}"),
        ];
    }
    if ins.keyword == Keyword::Run {
        let mut parts: Vec<String> = ins.flags.clone();
        if body.len() > WRAP {
            let mut commands = body.split(" && ");
            if let Some(first) = commands.next() {
                parts.push(first.to_string());
            }
            parts.extend(commands.map(|c| format!("&& {c}")));
        } else {
            parts.push(body);
        }
        let count = parts.len();
        return parts
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let cont = if i + 1 < count { " \\" } else { "" };
                if i == 0 {
                    format!("{keyword} {part}{cont}")
                } else {
                    format!("{INDENT}{part}{cont}")
                }
            })
            .collect();
    }
    vec![one_line]
}

/// Write the model as text.
pub fn render_text(dockerfile: &Dockerfile) -> Rendered {
    let mut out = Writer::default();
    for directive in &dockerfile.directives {
        out.push(directive.clone(), LineKind::Directive, None);
    }
    let mut index = 0usize;
    if !dockerfile.global.is_empty() {
        if !out.lines.is_empty() {
            out.blank();
        }
        let mut last_why = String::new();
        for ins in &dockerfile.global {
            out.instruction(ins, index, dockerfile.comments, &mut last_why);
            index += 1;
        }
    }
    for stage in &dockerfile.stages {
        if !out.lines.is_empty() {
            out.blank();
        }
        let mut last_why = String::new();
        if dockerfile.comments && !stage.title.is_empty() {
            out.push(format!("# {}", stage.title), LineKind::Comment, Some(index));
            // The title already says what the FROM line is for.
            last_why = stage
                .instructions
                .first()
                .map(|i| i.why.clone())
                .unwrap_or_default();
        }
        for ins in &stage.instructions {
            out.instruction(ins, index, dockerfile.comments, &mut last_why);
            index += 1;
        }
    }
    let mut text = out.lines.join("\n");
    text.push('\n');
    Rendered {
        text,
        lines: out.info,
    }
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    info: Vec<LineInfo>,
}

impl Writer {
    fn push(&mut self, line: String, kind: LineKind, instruction: Option<usize>) {
        self.lines.push(line);
        self.info.push(LineInfo { kind, instruction });
    }

    fn blank(&mut self) {
        self.push(String::new(), LineKind::Blank, None);
    }

    fn instruction(
        &mut self,
        ins: &Instruction,
        index: usize,
        comments: bool,
        last_why: &mut String,
    ) {
        if comments && ins.keyword != Keyword::Note && !ins.why.is_empty() && ins.why != *last_why {
            self.push(format!("# {}", ins.why), LineKind::Comment, Some(index));
        }
        *last_why = ins.why.clone();
        if let Some((rule, reason)) = &ins.lint_ignore {
            self.push(format!("# {reason}"), LineKind::Comment, Some(index));
            self.push(
                format!("# hadolint ignore={rule}"),
                LineKind::Comment,
                Some(index),
            );
        }
        let kind_first = if ins.keyword == Keyword::Note {
            LineKind::Comment
        } else {
            LineKind::Instruction
        };
        for (i, line) in instruction_lines(ins).into_iter().enumerate() {
            let kind = if i == 0 {
                kind_first
            } else {
                LineKind::Continuation
            };
            self.push(line, kind, Some(index));
        }
    }
}
