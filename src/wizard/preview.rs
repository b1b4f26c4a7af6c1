//! The Dockerfile preview: a small hand lexer for highlighting (comments, keywords, `--flags`, strings,
//! `$VARS`), with the current step's lines marked and the selected line's reason shown. Long lines wrap onto
//! rows that start with a continuation mark, so nothing is ever cut at the pane's edge.

use ratatui::{
    style::Style,
    text::{Line, Span},
};
use unicode_width::UnicodeWidthChar;

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

/// Starts every row that continues the line above it.
pub const CONTINUATION: &str = "↪";

/// Cut one preview line (gutter span first, as built by [`line`]) into rows of at most `width` cells. The last
/// column is left empty, so a row that reaches it can only be a cut one; continuation rows repeat the gutter
/// (a marked line stays marked) and start with [`CONTINUATION`]. Breaks fall after a space when there is one in
/// the second half of the row.
pub fn wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let mut spans = line.spans.into_iter();
    let gutter = spans.next().unwrap_or_default();
    let chars: Vec<(char, Style)> = spans
        .flat_map(|s| {
            let style = s.style;
            s.content
                .chars()
                .map(move |c| (c, style))
                .collect::<Vec<_>>()
        })
        .collect();
    let gutter_width = gutter.width();
    let first = width.saturating_sub(gutter_width + 1).max(1);
    let rest = width.saturating_sub(gutter_width + 2).max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    loop {
        let capacity = if rows.is_empty() { first } else { rest };
        let end = row_end(&chars, start, capacity);
        let mut row = vec![gutter.clone()];
        if !rows.is_empty() {
            row.push(Span::styled(CONTINUATION, super::theme::DIM));
        }
        row.extend(group(&chars[start..end]));
        rows.push(Line::from(row).style(line.style));
        if end >= chars.len() {
            return rows;
        }
        start = end;
    }
}

/// Where the row starting at `start` ends: everything if it fits, else after the last space in the row's second
/// half, else at the capacity.
fn row_end(chars: &[(char, Style)], start: usize, capacity: usize) -> usize {
    let mut used = 0;
    let mut end = start;
    while end < chars.len() {
        let w = chars[end].0.width().unwrap_or(0);
        if used + w > capacity && end > start {
            break;
        }
        used += w;
        end += 1;
    }
    if end >= chars.len() {
        return end;
    }
    let half = start + (end - start) / 2;
    match (half..end).rev().find(|i| chars[*i].0 == ' ') {
        Some(space) => space + 1,
        None => end,
    }
}

/// Consecutive characters of one style as one span.
fn group(chars: &[(char, Style)]) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (c, style) in chars {
        match spans.last_mut() {
            Some(last) if last.style == *style => last.content.to_mut().push(*c),
            _ => spans.push(Span::styled(c.to_string(), *style)),
        }
    }
    spans
}

/// Word-wrap plain text to `width` columns (a word longer than the width is cut into pieces), so a box can be
/// made exactly as tall as its text.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        loop {
            let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            let gap = usize::from(used > 0);
            if used + gap + w <= width {
                if gap == 1 {
                    row.push(' ');
                }
                row.push_str(&word);
                used += gap + w;
                break;
            }
            if used > 0 {
                rows.push(std::mem::take(&mut row));
                used = 0;
                continue;
            }
            // Longer than a whole row: cut it.
            let mut cut = 0;
            let mut taken = 0;
            for (i, c) in word.char_indices() {
                let cw = c.width().unwrap_or(0);
                if taken + cw > width {
                    break;
                }
                taken += cw;
                cut = i + c.len_utf8();
            }
            rows.push(word[..cut].to_string());
            word = word[cut..].to_string();
            if word.is_empty() {
                break;
            }
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
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

    fn plain(row: &Line<'_>) -> String {
        row.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn long_lines_wrap_with_a_mark_and_lose_nothing() {
        let text = "HEALTHCHECK --interval=30s --timeout=5s CMD [\"/usr/local/bin/wget\", \"-q\", \"http://127.0.0.1:8080/\"]";
        let rows = wrap(line(text, true, false), 24);
        assert!(rows.len() > 2, "{rows:?}");
        let mut joined = String::new();
        for (i, row) in rows.iter().enumerate() {
            let cells = plain(row);
            assert!(row.width() < 24, "row {i} reaches the last column: {cells}");
            assert!(
                cells.starts_with('▌'),
                "every row keeps the step's mark: {cells}"
            );
            let body = cells.trim_start_matches('▌');
            let body = if i == 0 {
                body
            } else {
                body.strip_prefix(CONTINUATION).expect("continuation mark")
            };
            joined.push_str(body);
        }
        assert_eq!(joined, text);
        assert_eq!(wrap(line("EXPOSE 80", false, false), 24).len(), 1);
    }

    #[test]
    fn words_wrap_to_the_width() {
        assert_eq!(
            wrap_words("why (user): a created user, not root", 12),
            ["why (user):", "a created", "user, not", "root"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
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
