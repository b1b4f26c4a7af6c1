//! Literal text that every match of a pattern contains, read from the pattern itself: a file without any of it
//! cannot match, so the pattern need not be compiled (compiling costs far more than a small project's whole
//! detection) nor run. The reading is conservative: any syntax it does not follow gives no needles, and the pattern
//! is then always compiled and run. `tests::needles_are_implied_by_the_pattern` proves each answer against the
//! parsed pattern.

/// Sets of strings: every match contains at least one string of each set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Needles {
    /// Lowercase when `ignore_case`.
    pub all: Vec<Vec<String>>,
    /// The whole pattern is case-insensitive (`(?i)` first): a needle may appear in any ASCII case.
    pub ignore_case: bool,
}

impl Needles {
    /// Whether `text` contains a needle of every set; a match is only possible if it does.
    pub fn found_in(&self, text: &[u8]) -> bool {
        self.all.iter().all(|set| self.any_in(set, text))
    }

    fn any_in(&self, set: &[String], text: &[u8]) -> bool {
        set.iter().any(|needle| {
            let needle = needle.as_bytes();
            if self.ignore_case {
                text.windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle))
            } else {
                memchr_find(text, needle)
            }
        })
    }
}

fn memchr_find(text: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(i) = text[from..].iter().position(|&b| b == first) {
        let at = from + i + 1;
        if text[at..].starts_with(rest) {
            return true;
        }
        from = at;
    }
    false
}

/// The needles of `pattern`, or `None` when the pattern may match text without any literal this reader can name.
pub(crate) fn of(pattern: &str) -> Option<Needles> {
    let (body, ignore_case) = match pattern.strip_prefix("(?i)") {
        Some(rest) => (rest, true),
        None => (pattern, false),
    };
    let mut parser = Parser {
        chars: body.chars().collect(),
        at: 0,
    };
    let all = parser.alternation().ok()?;
    if parser.at != parser.chars.len() || all.is_empty() {
        return None;
    }
    let all = if ignore_case {
        all.into_iter()
            .map(|set| set.into_iter().map(|n| n.to_ascii_lowercase()).collect())
            .collect()
    } else {
        all
    };
    Some(Needles { all, ignore_case })
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

/// What one piece of a pattern contributes.
enum Atom {
    /// One literal character.
    Char(char),
    /// A group with the needle sets of its content, or something no needle describes (a class, `.`, `\s`).
    Other(Vec<Vec<String>>),
    /// Matches no text (`^`, `$`, `\b`, a flag setting).
    Empty,
}

/// Syntax this reader does not follow: no needles for the whole pattern.
struct Unknown;

/// Of several sets of needles that each hold for every match, the most selective: the longest shortest needle.
fn best(sets: Vec<Vec<String>>) -> Option<Vec<String>> {
    sets.into_iter()
        .filter(|s| !s.is_empty() && s.iter().all(|n| !n.is_empty()))
        .max_by_key(|s| {
            let shortest = s.iter().map(String::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(s.len()))
        })
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Result<char, Unknown> {
        let c = self.peek().ok_or(Unknown)?;
        self.at += 1;
        Ok(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// `a|b|c` up to a `)` or the end. One branch: all its sets. Several: one set, the union of each branch's best
    /// set; none if a branch has none.
    fn alternation(&mut self) -> Result<Vec<Vec<String>>, Unknown> {
        let mut branches = vec![self.sequence()?];
        while self.eat('|') {
            branches.push(self.sequence()?);
        }
        if branches.len() == 1 {
            return Ok(branches.pop().unwrap_or_default());
        }
        let mut union = Vec::new();
        for sets in branches {
            match best(sets) {
                Some(set) => union.extend(set),
                None => return Ok(Vec::new()),
            }
        }
        Ok(vec![union])
    }

    /// A concatenation: the needle sets of its literal runs and of the groups it cannot skip (all hold at once).
    fn sequence(&mut self) -> Result<Vec<Vec<String>>, Unknown> {
        let mut sets: Vec<Vec<String>> = Vec::new();
        let mut run = String::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let (min, max) = self.quantifier()?;
            match atom {
                Atom::Char(ch) if min >= 1 => {
                    run.push(ch);
                    // Repeated, the character is followed by more of itself, not by the next literal.
                    if max != Some(1) {
                        sets.push(vec![std::mem::take(&mut run)]);
                    }
                }
                Atom::Char(_) | Atom::Empty => {
                    if !run.is_empty() {
                        sets.push(vec![std::mem::take(&mut run)]);
                    }
                }
                Atom::Other(inner) => {
                    if !run.is_empty() {
                        sets.push(vec![std::mem::take(&mut run)]);
                    }
                    if min >= 1 {
                        sets.extend(inner);
                    }
                }
            }
        }
        if !run.is_empty() {
            sets.push(vec![run]);
        }
        sets.retain(|s| !s.is_empty() && s.iter().all(|n| !n.is_empty()));
        Ok(sets)
    }

    fn atom(&mut self) -> Result<Atom, Unknown> {
        match self.next()? {
            '\\' => self.escape(),
            '[' => {
                self.class()?;
                Ok(Atom::Other(Vec::new()))
            }
            '(' => self.group(),
            '.' => Ok(Atom::Other(Vec::new())),
            '^' | '$' => Ok(Atom::Empty),
            '*' | '+' | '?' | '{' | '}' | ']' => Err(Unknown),
            c => Ok(Atom::Char(c)),
        }
    }

    fn escape(&mut self) -> Result<Atom, Unknown> {
        match self.next()? {
            'n' => Ok(Atom::Char('\n')),
            't' => Ok(Atom::Char('\t')),
            'r' => Ok(Atom::Char('\r')),
            'x' => {
                let hex: String = self
                    .chars
                    .get(self.at..self.at + 2)
                    .ok_or(Unknown)?
                    .iter()
                    .collect();
                let byte = u8::from_str_radix(&hex, 16).map_err(|_| Unknown)?;
                self.at += 2;
                Ok(if byte.is_ascii() {
                    Atom::Char(char::from(byte))
                } else {
                    Atom::Other(Vec::new())
                })
            }
            's' | 'S' | 'd' | 'D' | 'w' | 'W' => Ok(Atom::Other(Vec::new())),
            // Word boundaries and text anchors (`\<` and `\>` too: escaped, they are assertions, not brackets).
            'b' | 'B' | 'A' | 'z' | '<' | '>' => Ok(Atom::Empty),
            c if c.is_ascii_punctuation() => Ok(Atom::Char(c)),
            _ => Err(Unknown),
        }
    }

    /// Skips a bracketed class, nested classes and escapes included.
    fn class(&mut self) -> Result<(), Unknown> {
        let mut depth = 1;
        // A `]` first in a class (after an optional `^`) is a literal.
        self.eat('^');
        self.eat(']');
        while depth > 0 {
            match self.next()? {
                '\\' => {
                    self.next()?;
                }
                '[' => {
                    depth += 1;
                    self.eat('^');
                    self.eat(']');
                }
                ']' => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn group(&mut self) -> Result<Atom, Unknown> {
        let mut opaque = false;
        if self.eat('?') {
            if self.eat('P') || self.peek() == Some('<') {
                self.eat('<');
                while self.next()? != '>' {}
            } else {
                let mut flags = String::new();
                loop {
                    match self.next()? {
                        ':' => break,
                        // A flag setting for the rest of the pattern: only flags that leave literals alone.
                        ')' if flags.contains(['i', 'x']) => return Err(Unknown),
                        ')' => return Ok(Atom::Empty),
                        c => flags.push(c),
                    }
                }
                opaque = flags.contains(['i', 'x']);
            }
        }
        let sets = self.alternation()?;
        if !self.eat(')') {
            return Err(Unknown);
        }
        Ok(Atom::Other(if opaque { Vec::new() } else { sets }))
    }

    /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy: (minimum, maximum) repetitions; (1, 1) without one.
    fn quantifier(&mut self) -> Result<(u32, Option<u32>), Unknown> {
        let bounds = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                let close = self.chars[self.at..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or(Unknown)?;
                let inner: String = self.chars[self.at + 1..self.at + close].iter().collect();
                let number = |s: &str| s.trim().parse::<u32>().map_err(|_| Unknown);
                let bounds = match inner.split_once(',') {
                    Some((lo, hi)) if hi.trim().is_empty() => (number(lo)?, None),
                    Some((lo, hi)) => (number(lo)?, Some(number(hi)?)),
                    None => (number(&inner)?, Some(number(&inner)?)),
                };
                self.at += close;
                bounds
            }
            _ => return Ok((1, Some(1))),
        };
        self.at += 1;
        self.eat('?');
        Ok(bounds)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex_syntax::hir::{Class, Hir, HirKind};

    use super::*;

    fn parse(pattern: &str) -> Option<Hir> {
        regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok()
    }

    /// The bytes one position of a match can hold, when few enough to enumerate.
    fn position(hir: &Hir) -> Option<Vec<Vec<u8>>> {
        match hir.kind() {
            HirKind::Literal(lit) => Some(lit.0.iter().map(|&b| vec![b]).collect()),
            HirKind::Class(Class::Bytes(class)) => {
                let bytes: Vec<u8> = class.iter().flat_map(|r| r.start()..=r.end()).collect();
                (bytes.len() <= 4).then(|| vec![bytes])
            }
            HirKind::Class(Class::Unicode(class)) => {
                let chars: Vec<char> = class.iter().flat_map(|r| r.start()..=r.end()).collect();
                (chars.len() <= 4 && chars.iter().all(char::is_ascii))
                    .then(|| vec![chars.iter().map(|&c| c as u8).collect()])
            }
            HirKind::Capture(c) => position(&c.sub),
            _ => None,
        }
    }

    /// Every text a run of positions can match contains a needle of the (single) set.
    fn run_covered(run: &[Vec<u8>], needles: &Needles) -> bool {
        let total: usize = run.iter().map(Vec::len).product();
        if run.is_empty() || total > 1 << 14 {
            return false;
        }
        (0..total).all(|mut k| {
            let text: Vec<u8> = run
                .iter()
                .map(|set| {
                    let b = set[k % set.len()];
                    k /= set.len();
                    b
                })
                .collect();
            needles.found_in(&text)
        })
    }

    /// Proves that every match of `hir` contains one of the needles of the single set in `needles` (false when it
    /// cannot tell).
    fn covered(hir: &Hir, needles: &Needles) -> bool {
        match hir.kind() {
            HirKind::Literal(_) | HirKind::Class(_) => {
                position(hir).is_some_and(|run| run_covered(&run, needles))
            }
            HirKind::Capture(c) => covered(&c.sub, needles),
            HirKind::Repetition(r) => r.min >= 1 && covered(&r.sub, needles),
            HirKind::Alternation(alts) => alts.iter().all(|a| covered(a, needles)),
            HirKind::Concat(children) => {
                if children.iter().any(|c| covered(c, needles)) {
                    return true;
                }
                let mut run: Vec<Vec<u8>> = Vec::new();
                for child in children {
                    // One copy of a repeated piece ends a run: more copies may follow it.
                    let repeated = match child.kind() {
                        HirKind::Repetition(r) if r.min >= 1 => position(&r.sub),
                        _ => None,
                    };
                    if let Some(copy) = repeated {
                        run.extend(copy);
                        if run_covered(&run, needles) {
                            return true;
                        }
                        run.clear();
                        continue;
                    }
                    match position(child) {
                        Some(more) => run.extend(more),
                        None => {
                            if run_covered(&run, needles) {
                                return true;
                            }
                            run.clear();
                        }
                    }
                }
                run_covered(&run, needles)
            }
            HirKind::Empty | HirKind::Look(_) => false,
        }
    }

    fn assert_sound(pattern: &str) {
        let (Some(needles), Some(hir)) = (of(pattern), parse(pattern)) else {
            return;
        };
        for set in &needles.all {
            let one = Needles {
                all: vec![set.clone()],
                ignore_case: needles.ignore_case,
            };
            assert!(
                covered(&hir, &one),
                "{pattern}: not every match contains one of {set:?}"
            );
        }
    }

    /// Every raw string in the detection sources (the patterns among them), and the patterns built at run time.
    fn detection_patterns() -> Vec<String> {
        let mut out = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from("src/detect")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/detect") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                for (open, close) in [("r\"", "\""), ("r#\"", "\"#")] {
                    let mut rest = text.as_str();
                    while let Some(i) = rest.find(open) {
                        let before = rest[..i].chars().next_back();
                        rest = &rest[i + open.len()..];
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        if let Some(end) = rest.find(close) {
                            out.push(rest[..end].to_string());
                            rest = &rest[end + close.len()..];
                        }
                    }
                }
            }
        }
        for name in ["fastapi", "uvicorn", "opencv-python", "psycopg2-binary"] {
            out.push(format!(r#"(?m)(^|["'\s,\[])({name})\s*([=<>~!\[;"',]|$)"#));
        }
        for key in ["WSGI_APPLICATION", "ASGI_APPLICATION"] {
            out.push(format!(r#"(?m)^{key}\s*=\s*["']([\w.]+)["']"#));
        }
        out.push(r"(?m)^\s*server\.servlet\.context-path\s*[=:]\s*([^\s#]+)".into());
        out.push(r"(?m)^\s+context-path:\s*([^\s#]+)".into());
        out
    }

    #[test]
    fn needles_are_implied_by_the_pattern() {
        let patterns = detection_patterns();
        assert!(patterns.len() > 60, "{} patterns", patterns.len());
        let mut with_needles = 0;
        for pattern in &patterns {
            if of(pattern).is_some() && parse(pattern).is_some() {
                with_needles += 1;
            }
            assert_sound(pattern);
        }
        assert!(with_needles > 40, "{with_needles} patterns with needles");
    }

    #[test]
    fn the_patterns_of_small_projects_have_needles() {
        for (pattern, expected) in [
            (r#"//go:embed\s+(\S+)"#, vec!["//go:embed"]),
            (
                r#"(?:ListenAndServe(?:TLS)?\(|Addr:\s*)\s*"[\w.]*:(\d{2,5})""#,
                vec!["ListenAndServe", "Addr:"],
            ),
            (
                r#"(?:port|Port|PORT)\s*:?=\s*"(\d{2,5})""#,
                vec!["port", "Port", "PORT"],
            ),
            (
                r#"net\.Listen\(\s*"tcp[46]?"\s*,\s*"[\w.\[\]:]*:(\d{2,5})""#,
                vec!["net.Listen("],
            ),
            (r"=>\s*(\.{1,2}/\S*)\s*$", vec!["=>"]),
            (
                r#"(?m)(^|["'\s,\[])(torch)\s*([=<>~!\[;"',]|$)"#,
                vec!["torch"],
            ),
            (r"a?b*c+", vec!["c"]),
            (r"ab+c", vec!["ab"]),
            (r"x{0,3}yz", vec!["yz"]),
        ] {
            let found = of(pattern).expect(pattern);
            let expected: Vec<String> = expected.into_iter().map(String::from).collect();
            assert!(found.all.contains(&expected), "{pattern}: {found:?}");
            assert!(!found.ignore_case);
        }
        let env = of(r#"(?i)\w*env\w*\(\s*"\w*PORT\w*"\s*,\s*"(\d{2,5})""#).expect("env");
        assert!(env.ignore_case);
        assert!(env.all.contains(&vec!["port".to_string()]), "{env:?}");
        assert!(env.found_in(b"getEnv(\"WHOAMI_Port\", \"80\")"));
        assert!(!env.found_in(b"package main"));
        // Every set must be found: `port` alone is not enough for a run() call.
        let run = of(r"(?:uvicorn\.run|\.run)\([^)]*port\s*=\s*(\d{2,5})").expect("run");
        assert!(!run.found_in(b"from fastapi import FastAPI, port"));
        assert!(run.found_in(b"app.run(host='0.0.0.0', port=5001)"));
        for unknown in [
            r"\w+", r"a|\d", r"(?x)a b", r"ab(?i)c", r"\pL", "a{", r"[a-z]+",
        ] {
            assert_eq!(of(unknown), None, "{unknown}");
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        let atom = prop_oneof![
            "[abAB:(\"]".prop_map(|s| regex_syntax::escape(&s)),
            Just("a".to_string()),
            Just("b".to_string()),
            Just(r"\s".to_string()),
            Just(r"\w".to_string()),
            Just(r"\.".to_string()),
            Just(r"\x22".to_string()),
            Just("[ab]".to_string()),
            Just(r#"[^"]"#.to_string()),
            Just("^".to_string()),
            Just("$".to_string()),
            Just(r"\b".to_string()),
            Just(".".to_string()),
        ];
        let quantified = (
            atom,
            prop_oneof![
                Just(""),
                Just("?"),
                Just("*"),
                Just("+"),
                Just("{2}"),
                Just("{0,2}"),
                Just("{1,}"),
                Just("*?"),
            ],
        )
            .prop_map(|(a, q)| format!("{a}{q}"));
        quantified.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..5).prop_map(|v| v.concat()),
                (
                    prop::collection::vec(inner.clone(), 1..4),
                    prop_oneof![Just("(?:"), Just("("), Just("(?m:"), Just("(?i:")],
                    prop_oneof![Just(""), Just("?"), Just("+"), Just("*")],
                )
                    .prop_map(|(v, open, q)| format!("{open}{}){q}", v.join("|"))),
            ]
        })
    }

    proptest! {
        #[test]
        fn needles_of_any_pattern_are_sound(
            flags in prop_oneof![Just(""), Just("(?i)"), Just("(?m)")],
            body in piece(),
        ) {
            assert_sound(&format!("{flags}{body}"));
        }
    }
}
