//! RFC 3339 timestamps as instants, so `2024-01-01T10:00:00Z` and
//! `2024-01-01T12:00:00.000+02:00` compare equal.
//!
//! Written here rather than pulled from a date crate: the checker needs only parsing, equality
//! and the one output form, and must be strict about what is a valid timestamp.

/// A point in time: seconds since the Unix epoch and nanoseconds within the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Instant {
    pub secs: i64,
    pub nanos: u32,
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, `t` and `z` lowercase allowed:
/// the `date-time` of RFC 3339 section 5.6, which the contract requires (its note allowing a
/// space is not part of the grammar). Fraction digits beyond nanoseconds are dropped.
pub(crate) fn parse(s: &str) -> Option<Instant> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // 60 is a leap second; it is folded into the next second.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos: u32 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        let count = i - start;
        if count == 0 {
            return None;
        }
        for _ in count..9 {
            nanos *= 10;
        }
    }
    let offset_secs = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let oh = digits(b, i + 1, 2)?;
            let om = digits(b, i + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let total = (oh * 3600 + om * 60) as i64;
            if *sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + (hour * 3600 + minute * 60 + second) as i64 - offset_secs;
    Some(Instant { secs, nanos })
}

/// True when both strings are valid timestamps denoting the same instant.
pub(crate) fn same_instant(a: &str, b: &str) -> bool {
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// True when `s` is exactly the contract's output form, `YYYY-MM-DDTHH:MM:SS.sssZ`, and a
/// valid instant.
pub(crate) fn is_output_form(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 24 && b[19] == b'.' && b[23] == b'Z' && b[10] == b'T' && parse(s).is_some()
}

/// `instant` in the contract's output form: UTC, milliseconds (finer digits truncated).
pub(crate) fn output_form(instant: Instant) -> String {
    let days = instant.secs.div_euclid(86_400);
    let secs = instant.secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        instant.nanos / 1_000_000
    )
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's inverse).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_epoch_and_known_instants() {
        assert_eq!(
            parse("1970-01-01T00:00:00Z"),
            Some(Instant { secs: 0, nanos: 0 })
        );
        assert_eq!(
            parse("2024-02-29T12:00:00.5Z"),
            Some(Instant {
                secs: 1_709_208_000,
                nanos: 500_000_000
            })
        );
        assert_eq!(parse("1969-12-31T23:59:59Z").map(|i| i.secs), Some(-1));
    }

    #[test]
    fn compares_offsets_and_fraction_digits_as_instants() {
        for (a, b) in [
            ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00+00:00"),
            ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.000000Z"),
            ("2023-06-30T23:59:59.5+02:00", "2023-06-30T21:59:59.500Z"),
            ("2024-01-01T00:30:00-01:00", "2024-01-01T01:30:00z"),
            (
                "2024-01-15T10:30:00.123456789123Z",
                "2024-01-15T10:30:00.123456789Z",
            ),
        ] {
            assert!(same_instant(a, b), "{a} vs {b}");
        }
        for (a, b) in [
            ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00+01:00"),
            ("2024-01-15T10:30:00.1Z", "2024-01-15T10:30:00Z"),
            ("2024-01-15T10:30:00Z", "not a date"),
        ] {
            assert!(!same_instant(a, b), "{a} vs {b}");
        }
    }

    #[test]
    fn rejects_what_is_not_rfc_3339() {
        for s in [
            "not a date",
            "2024-13-45T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-15T24:00:00Z",
            "2024-01-15T10:30:00",
            "2024-01-15T10:30:00.Z",
            "2024-01-15T10:30:00+0100",
            "2024-01-15",
            "2024-01-15T10:30:00Zjunk",
            "2024-1-15T10:30:00Z",
            "2024-01-15 10:30:00Z",
            "2024-02-30T10:30:00Z",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn writes_the_output_form_in_utc_with_milliseconds() {
        for (input, output) in [
            (
                "2024-05-01T14:30:00.123456+02:00",
                "2024-05-01T12:30:00.123Z",
            ),
            ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.000Z"),
            ("2023-06-30T23:59:59.5+02:00", "2023-06-30T21:59:59.500Z"),
            ("2020-02-29T20:15:30-05:30", "2020-03-01T01:45:30.000Z"),
            ("1969-12-31t23:59:59.999999z", "1969-12-31T23:59:59.999Z"),
            ("2000-01-01T00:30:00+01:00", "1999-12-31T23:30:00.000Z"),
        ] {
            let got = parse(input).map(output_form);
            assert_eq!(got.as_deref(), Some(output), "{input}");
            assert!(is_output_form(output), "{output}");
        }
    }

    #[test]
    fn knows_the_output_form_from_other_valid_forms() {
        for s in [
            "2024-01-15T10:30:00Z",
            "2024-01-15T10:30:00.000+00:00",
            "2024-01-15T10:30:00.12Z",
            "2024-01-15T10:30:00.1234Z",
            "2024-01-15t10:30:00.123Z",
            "2024-01-15T10:30:00.123z",
            "2024-02-30T10:30:00.123Z",
        ] {
            assert!(!is_output_form(s), "{s}");
        }
    }
}
