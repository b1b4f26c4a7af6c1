//! End of support: today's date (set `STAGECRAFT_TODAY=YYYY-MM-DD` to fix it, for tests and snapshots), how far a
//! catalog date is from it in words, and the version to default to when the catalog's default has ended.
//!
//! Dates in catalog texts are written `{support:YYYY-MM-DD}` and read against today, so a pitfall never says
//! "reaches end of life in Sep 2026" after that month.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::catalog::{Base, Date, Language};

/// The variable that fixes today's date.
pub const TODAY_VAR: &str = "STAGECRAFT_TODAY";

static FIXED: std::sync::OnceLock<Date> = std::sync::OnceLock::new();

/// Fix today for this process, for tests and benchmarks that render in-process (the first call wins).
pub fn fix_today(date: Date) {
    let _ = FIXED.set(date);
}

/// The date the tests fix: snapshots and expectations read against it stay byte-identical over time.
pub const TEST_TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

/// Today: a date fixed with `fix_today`, else `STAGECRAFT_TODAY` when it holds a date, else the system clock
/// (UTC).
pub fn today() -> Date {
    if let Some(date) = FIXED.get() {
        return *date;
    }
    if let Ok(text) = std::env::var(TODAY_VAR)
        && let Some(date) = Date::parse(text.trim())
    {
        return date;
    }
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    from_days(i64::try_from(days).unwrap_or(0))
}

/// A set but unreadable `STAGECRAFT_TODAY`, as an error naming the fix.
pub fn check_today_var() -> Result<(), String> {
    match std::env::var(TODAY_VAR) {
        Ok(text) if Date::parse(text.trim()).is_none() => Err(format!(
            "{TODAY_VAR}=`{text}` is not a date; write it as YYYY-MM-DD (e.g. 2026-12-01) or unset it"
        )),
        _ => Ok(()),
    }
}

/// Days since 1970-01-01 (civil calendar, proleptic Gregorian).
pub fn to_days(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(1970),
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
    }
}

/// Support includes its last day.
pub fn has_ended(ends: Date, today: Date) -> bool {
    today > ends
}

/// "ended 2026-06-10", "ends today (2026-06-10)", "ends in 12 days (...)", "ends in 4 months (...)",
/// "ends in 2 years (...)".
pub fn phrase(ends: Date, today: Date) -> String {
    if has_ended(ends, today) {
        return format!("ended {ends}");
    }
    let days = to_days(ends) - to_days(today);
    if days == 0 {
        return format!("ends today ({ends})");
    }
    let mut months = (i64::from(ends.year) * 12 + i64::from(ends.month))
        - (i64::from(today.year) * 12 + i64::from(today.month));
    if ends.day < today.day {
        months -= 1;
    }
    let span = if months < 1 {
        plural(days, "day")
    } else if months < 24 {
        plural(months, "month")
    } else {
        plural(months / 12, "year")
    };
    format!("ends in {span} ({ends})")
}

/// The phrase without the date of a future end, for narrow cells: "ended 2026-06-10", "ends in 4 months".
pub fn brief(ends: Date, today: Date) -> String {
    let full = phrase(ends, today);
    full.strip_suffix(&format!(" ({ends})"))
        .map_or(full.clone(), str::to_string)
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// `text` with every `{support:YYYY-MM-DD}` replaced by its phrase against `today`.
pub fn fill_dates(text: &str, today: Date) -> String {
    const OPEN: &str = "{support:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        match after
            .find('}')
            .and_then(|end| Date::parse(&after[..end]).map(|d| (d, end)))
        {
            Some((date, end)) => {
                out.push_str(&phrase(date, today));
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A base's pitfalls, dates read against `today`.
pub fn pitfalls(base: &Base, today: Date) -> Vec<String> {
    base.pitfalls.iter().map(|p| fill_dates(p, today)).collect()
}

/// The release line of `version` that the catalog lists (`3.4.4` -> `3.4` for an exact Ruby pin).
pub fn line_of<'a>(offered: &'a [String], version: &str) -> Option<&'a String> {
    offered
        .iter()
        .find(|v| *v == version)
        .or_else(|| offered.iter().find(|v| is_patch_of(version, v)))
}

/// `3.4.4` is a patch release of the `3.4` line.
pub fn is_patch_of(version: &str, line: &str) -> bool {
    version
        .strip_prefix(line)
        .is_some_and(|rest| rest.starts_with('.') && rest[1..].bytes().all(|b| b.is_ascii_digit()))
        && !line.is_empty()
}

/// The end of support of a language version (by its release line), if the catalog has one.
pub fn version_ends(language: &Language, version: &str) -> Option<Date> {
    let line = line_of(&language.versions, version)?;
    language.support_ends.get(line).copied()
}

pub fn version_ended(language: &Language, version: &str, today: Date) -> bool {
    version_ends(language, version).is_some_and(|ends| has_ended(ends, today))
}

/// "Python 3.12: support ends in 23 months (2028-10-31)", or `None` without a published date.
pub fn version_status(language: &Language, version: &str, today: Date) -> Option<String> {
    let ends = version_ends(language, version)?;
    Some(format!(
        "{} {version}: support {}",
        language.name,
        phrase(ends, today)
    ))
}

/// "Debian 12 slim: support ended 2026-06-10", or `None` without a published date.
pub fn base_status(base: &Base, today: Date) -> Option<String> {
    let ends = base.support_ends?;
    Some(format!("{}: support {}", base.name, phrase(ends, today)))
}

pub fn base_ended(base: &Base, today: Date) -> bool {
    base.support_ends.is_some_and(|ends| has_ended(ends, today))
}

/// The version to use when the project pins none: the catalog's default while it is supported, else the oldest
/// offered version that still is (the smallest step up), else the default all the same.
pub fn default_version(language: &Language, today: Date) -> String {
    if !version_ended(language, &language.default_version, today) {
        return language.default_version.clone();
    }
    let mut supported: Vec<&String> = language
        .versions
        .iter()
        .filter(|v| !version_ended(language, v, today))
        .collect();
    supported.sort_by_key(|v| numeric(v));
    supported
        .first()
        .map_or_else(|| language.default_version.clone(), |v| (*v).clone())
}

/// What `generate` prints on stderr and the Review step shows: the support of the chosen version and base, read
/// against `today`; ended ones as warnings with what to do.
pub fn support_lines(language: &Language, base: &Base, version: &str, today: Date) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(status) = version_status(language, version, today) {
        if version_ended(language, version, today) {
            let supported: Vec<&str> = language
                .versions
                .iter()
                .filter(|v| !version_ended(language, v, today))
                .map(String::as_str)
                .collect();
            let fix = if supported.is_empty() {
                "no supported version is offered".to_string()
            } else {
                format!(
                    "supported: {} (move the project to one, then --lang-version)",
                    supported.join(", ")
                )
            };
            lines.push(format!(
                "warning: {status}; it gets no security fixes; {fix}"
            ));
        } else {
            lines.push(format!("note: {status}"));
        }
    }
    if let Some(status) = base_status(base, today) {
        if base_ended(base, today) {
            lines.push(format!(
                "warning: {status}; `stagecraft bases --language {}` lists the bases that fit, with their support",
                language.id
            ));
        } else {
            lines.push(format!("note: {status}"));
        }
    }
    lines
}

/// `1.25` -> [1, 25], for ordering versions numerically.
pub fn numeric(version: &str) -> Vec<u64> {
    version.split('.').map_while(|p| p.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).expect("a test date")
    }

    #[test]
    fn days_round_trip_through_the_civil_calendar() {
        assert_eq!(to_days(d("1970-01-01")), 0);
        assert_eq!(to_days(d("2000-03-01")), 11_017);
        for days in [0, 59, 60, 365, 11_016, 11_017, 20_000, 20_513, 40_000] {
            assert_eq!(to_days(from_days(days)), days);
        }
        assert_eq!(from_days(to_days(d("2028-02-29"))), d("2028-02-29"));
    }

    #[test]
    fn dates_are_refused_unless_well_formed() {
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "2026-6-10",
            "26-06-10",
            "2026-06-10x",
            "",
            "2025-02-29",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("2028-02-29").is_some());
    }

    #[test]
    fn phrases_compare_with_today() {
        let today = d("2026-12-01");
        assert_eq!(phrase(d("2026-06-10"), today), "ended 2026-06-10");
        assert_eq!(phrase(d("2026-11-30"), today), "ended 2026-11-30");
        assert_eq!(phrase(d("2026-12-01"), today), "ends today (2026-12-01)");
        assert_eq!(
            phrase(d("2026-12-13"), today),
            "ends in 12 days (2026-12-13)"
        );
        assert_eq!(
            phrase(d("2027-04-30"), today),
            "ends in 4 months (2027-04-30)"
        );
        assert_eq!(
            phrase(d("2027-01-01"), today),
            "ends in 1 month (2027-01-01)"
        );
        assert_eq!(
            phrase(d("2028-10-31"), today),
            "ends in 22 months (2028-10-31)"
        );
        assert_eq!(
            phrase(d("2030-10-31"), today),
            "ends in 3 years (2030-10-31)"
        );
    }

    #[test]
    fn dates_in_texts_are_read_against_today() {
        let text = "debian12 variants: support {support:2026-09-01}; these are debian13.";
        assert_eq!(
            fill_dates(text, d("2026-12-01")),
            "debian12 variants: support ended 2026-09-01; these are debian13."
        );
        assert_eq!(
            fill_dates(text, d("2026-05-01")),
            "debian12 variants: support ends in 4 months (2026-09-01); these are debian13."
        );
        assert_eq!(
            fill_dates("{support:soon} x", d("2026-05-01")),
            "{support:soon} x"
        );
    }

    #[test]
    fn patch_releases_belong_to_their_line() {
        let offered = vec!["3.3".to_string(), "3.4".to_string()];
        assert_eq!(line_of(&offered, "3.4.4").map(String::as_str), Some("3.4"));
        assert_eq!(line_of(&offered, "3.4").map(String::as_str), Some("3.4"));
        assert_eq!(line_of(&offered, "3.41"), None);
        assert_eq!(line_of(&offered, "3.2.1"), None);
    }

    #[test]
    fn an_ended_default_gives_way_to_the_oldest_supported_version() {
        let mut language: Language = serde_json::from_str(
            r#"{"id":"dotnet","name":".NET","description":"","versions":["8.0","9.0","10.0"],
                "default_version":"8.0","build_system":[]}"#,
        )
        .expect("a language");
        assert_eq!(default_version(&language, d("2026-12-01")), "8.0");
        for (v, ends) in [
            ("8.0", "2026-11-10"),
            ("9.0", "2026-11-10"),
            ("10.0", "2028-11-14"),
        ] {
            language.support_ends.insert(v.into(), d(ends));
        }
        assert_eq!(default_version(&language, d("2026-11-10")), "8.0");
        assert_eq!(default_version(&language, d("2026-12-01")), "10.0");
        assert_eq!(default_version(&language, d("2029-01-01")), "8.0");
    }
}
