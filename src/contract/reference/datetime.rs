//! RFC 3339 `date-time` for the reference server, written apart from the checker's parser so
//! the two do not share a mistake: strict input, UTC output with milliseconds.

/// An instant: seconds since the Unix epoch and milliseconds within the second (finer
/// digits are cut off, as the contract asks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Instant {
    secs: i64,
    millis: u32,
}

/// `YYYY-MM-DDTHH:MM:SS[.digits](Z|+HH:MM|-HH:MM)`, `t` and `z` in either case; with
/// `space`, a space may separate date and time (what [`super::Break::DatetimeInput`] allows);
/// with `round`, the fraction is rounded to the millisecond, not cut off (what
/// [`super::Break::DatetimeRounded`] does).
pub(super) fn parse(s: &str, space: bool, round: bool) -> Option<Instant> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let at = |i: usize| b.get(i).copied();
    let separator = matches!(at(10), Some(b'T' | b't')) || (space && at(10) == Some(b' '));
    let shape = at(4) == Some(b'-')
        && at(7) == Some(b'-')
        && separator
        && at(13) == Some(b':')
        && at(16) == Some(b':');
    if !shape {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let valid = (1..=12).contains(&month)
        && (1..=month_length(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60;
    if !valid {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if at(i) == Some(b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for k in 0..3 {
            let d = if k < digits { b[i + 1 + k] - b'0' } else { 0 };
            millis = millis * 10 + u32::from(d);
        }
        if round && digits > 3 && b[i + 4] >= b'5' {
            millis += 1;
        }
        i += 1 + digits;
    }
    let offset = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let minutes = oh * 60 + om;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let secs = days_since_epoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset * 60;
    Some(Instant {
        secs: secs + i64::from(millis / 1000),
        millis: millis % 1000,
    })
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ` in UTC.
pub(super) fn format(t: Instant) -> String {
    let (days, secs) = (t.secs.div_euclid(86_400), t.secs.rem_euclid(86_400));
    let (year, month, day) = civil(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        t.millis
    )
}

fn leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn month_length(year: i64, month: i64) -> i64 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01, counted month by month from year 0 (slow but plain).
fn days_since_epoch(year: i64, month: i64, day: i64) -> i64 {
    // Whole years from 1970 (negative before), then the months of `year`.
    let years: i64 = if year >= 1970 {
        (1970..year).map(year_length).sum()
    } else {
        -(year..1970).map(year_length).sum::<i64>()
    };
    let months: i64 = (1..month).map(|m| month_length(year, m)).sum();
    years + months + day - 1
}

fn year_length(year: i64) -> i64 {
    if leap(year) { 366 } else { 365 }
}

/// The date `days` after 1970-01-01.
fn civil(mut days: i64) -> (i64, i64, i64) {
    let mut year = 1970;
    while days < 0 {
        year -= 1;
        days += year_length(year);
    }
    while days >= year_length(year) {
        days -= year_length(year);
        year += 1;
    }
    let mut month = 1;
    while days >= month_length(year, month) {
        days -= month_length(year, month);
        month += 1;
    }
    (year, month, days + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<String> {
        parse(s, false, false).map(format)
    }

    #[test]
    fn converts_to_utc_with_milliseconds() {
        for (input, output) in [
            ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"),
            (
                "2024-05-01T14:30:00.123456+02:00",
                "2024-05-01T12:30:00.123Z",
            ),
            ("2024-05-01t14:30:00z", "2024-05-01T14:30:00.000Z"),
            ("2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00.000Z"),
            ("2020-02-29T08:15:30-05:30", "2020-02-29T13:45:30.000Z"),
            ("2023-06-30T23:59:59.5+02:00", "2023-06-30T21:59:59.500Z"),
            ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ] {
            assert_eq!(utc(input).as_deref(), Some(output), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc_3339() {
        for s in [
            "2024-05-01 14:30:00Z",
            "2024-05-01T14:30:00",
            "2024-02-30T10:00:00Z",
            "2024-05-01T14:30:00+0200",
            "2024-05-01",
            "2024-13-45T00:00:00Z",
            "not a date",
            "2024-05-01T14:30:00.Z",
            "2024-05-01T24:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-05-01T14:30:00Zx",
        ] {
            assert_eq!(utc(s), None, "{s}");
        }
        assert!(parse("2024-05-01 14:30:00Z", true, false).is_some());
    }
}
