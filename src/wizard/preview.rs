//! The Dockerfile preview: a small hand lexer for highlighting (comments, keywords, `--flags`, strings,
//! `$VARS`), with the current step's lines marked and the selected line's reason shown.

use ratatui::text::{Line, Span};

use super::theme;

/// Split one Dockerfile line into styled spans.
pub fn highlight(line: &str) -> Vec<Span<'static>> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return vec![Span::styled(line.to_string(), theme::COMMENT)];
    }
    let mut spans = Vec::new();
    let indent = line.len() - trimmed.len();
    if indent > 0 {
        spans.push(Span::raw(line[..indent].to_string()));
    }
    let mut rest = trimmed;
    if indent == 0 {
        let end = rest.find(' ').unwrap_or(rest.len());
        let word = &rest[..end];
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase()) {
            spans.push(Span::styled(word.to_string(), theme::KEYWORD));
            rest = &rest[end..];
        }
    }
    let mut plain = String::new();
    let flush = |plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if !plain.is_empty() {
            spans.push(Span::raw(std::mem::take(plain)));
        }
    };
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at_word_start = i == 0 || chars[i - 1] == ' ';
        if c == '"' || c == '\'' {
            flush(&mut plain, &mut spans);
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            spans.push(Span::styled(
                chars[i..end].iter().collect::<String>(),
                theme::STRING,
            ));
            i = end;
        } else if c == '$'
            && i + 1 < chars.len()
            && (chars[i + 1] == '{' || chars[i + 1].is_ascii_alphabetic())
        {
            flush(&mut plain, &mut spans);
            let mut j = i + 1;
            if chars[j] == '{' {
                while j < chars.len() && chars[j] != '}' {
                    j += 1;
                }
                j += 1;
            } else {
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
            }
            let end = j.min(chars.len());
            spans.push(Span::styled(
                chars[i..end].iter().collect::<String>(),
                theme::VARIABLE,
            ));
            i = end;
        } else if c == '-' && at_word_start && chars.get(i + 1) == Some(&'-') {
            flush(&mut plain, &mut spans);
            let mut j = i;
            while j < chars.len() && chars[j] != ' ' {
                j += 1;
            }
            spans.push(Span::styled(
                chars[i..j].iter().collect::<String>(),
                theme::FLAG,
            ));
            i = j;
        } else {
            plain.push(c);
            i += 1;
        }
    }
    flush(&mut plain, &mut spans);
    spans
}

/// One preview line: a gutter that marks the current step's lines, then the highlighted text. The selected line
/// is drawn plain in high contrast, so it stays readable whatever its highlighting was.
pub fn line(text: &str, marked: bool, selected: bool) -> Line<'static> {
    let gutter = match (selected, marked) {
        (true, _) => Span::styled("›", theme::SELECTED),
        (false, true) => Span::styled("▌", theme::MARK),
        (false, false) => Span::raw(" "),
    };
    if selected {
        return Line::from(vec![
            gutter,
            Span::styled(text.to_string(), theme::SELECTED),
        ]);
    }
    let mut spans = vec![gutter];
    spans.extend(highlight(text));
    let line = Line::from(spans);
    if marked {
        line.style(theme::MARKED_LINE)
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn kinds(line: &str) -> Vec<(String, Style)> {
        highlight(line)
            .into_iter()
            .map(|s| (s.content.to_string(), s.style))
            .collect()
    }

    #[test]
    fn a_selected_comment_stays_readable() {
        let selected = line("# why this is here", true, true);
        let text = &selected.spans[1];
        assert_eq!(text.style, theme::SELECTED);
        assert_ne!(text.style.fg, text.style.bg, "text and selection differ");
    }

    #[test]
    fn lexes_keywords_flags_strings_and_variables() {
        let spans = kinds("COPY --from=builder --chown=1:1 /out/${APP} \"/app x\"");
        assert_eq!(spans[0], ("COPY".into(), theme::KEYWORD));
        assert!(spans.contains(&("--from=builder".into(), theme::FLAG)));
        assert!(spans.contains(&("${APP}".into(), theme::VARIABLE)));
        assert!(spans.contains(&("\"/app x\"".into(), theme::STRING)));
        assert_eq!(kinds("# a comment")[0].1, theme::COMMENT);
        assert_eq!(
            kinds("    --mount=type=cache,target=/x \\")[1].1,
            theme::FLAG
        );
        assert_eq!(
            kinds("ENV PATH=/opt/venv/bin:$PATH").last().map(|s| s.1),
            Some(theme::VARIABLE)
        );
    }
}
