//! Strict RFC 3339 timestamps, normalised to UTC. The engine has no clock: every moment is an input.
//!
//! Accepted: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` (`t`/`z` also accepted, as RFC 3339 allows).
//! Rejected: missing offset, a space instead of `T`, leap seconds (`:60`), impossible dates, years before 0001.

use std::cmp::Ordering;

/// A moment in UTC: seconds since 1970-01-01T00:00:00Z plus nanoseconds (fractions beyond 9 digits are
/// truncated, which cannot change an ordering between timestamps written to 9 digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    pub seconds: i64,
    pub nanos: u32,
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.seconds, self.nanos).cmp(&(other.seconds, other.nanos))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parse strictly; `Err` carries a short reason for the message.
pub fn parse(s: &str) -> Result<Timestamp, &'static str> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Result<i64, &'static str> {
        let part = b.get(from..from + len).ok_or("too short")?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err("digit expected");
        }
        Ok(part
            .iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0')))
    };
    let sep = |at: usize, allowed: &[u8]| -> Result<(), &'static str> {
        match b.get(at) {
            Some(c) if allowed.contains(c) => Ok(()),
            _ => Err("separator expected"),
        }
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    sep(4, b"-")?;
    sep(7, b"-")?;
    sep(10, b"Tt")?;
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    sep(13, b":")?;
    sep(16, b":")?;
    if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err("no such date");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("no such time of day");
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(b[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return Err("fraction digits expected");
        }
        for _ in (at - start)..9 {
            nanos *= 10;
        }
    }
    let offset = match b.get(at) {
        Some(b'Z' | b'z') => {
            at += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            let (oh, om) = (num(at + 1, 2)?, num(at + 4, 2)?);
            sep(at + 3, b":")?;
            if oh > 23 || om > 59 {
                return Err("no such offset");
            }
            at += 6;
            let minutes = oh * 60 + om;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return Err("offset expected (Z or +HH:MM)"),
    };
    if at != b.len() {
        return Err("unexpected text after the offset");
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60;
    Ok(Timestamp { seconds, nanos })
}

/// The date of a day number since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The moment as RFC 3339 in UTC ("2026-11-24T09:30:00Z", a fraction only when there is one), for messages.
pub fn format(t: Timestamp) -> String {
    let (days, secs) = (t.seconds.div_euclid(86_400), t.seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s) = (secs / 3_600, secs % 3_600 / 60, secs % 60);
    let mut out = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if t.nanos != 0 {
        let frac = format!("{:09}", t.nanos);
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_writes_utc() {
        // The inverse of the epoch values below, and an offset normalised to Z.
        assert_eq!(
            format(Timestamp {
                seconds: 0,
                nanos: 0
            }),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            format(parse("2026-11-27T00:00:00+01:00").unwrap()),
            "2026-11-26T23:00:00Z"
        );
        assert_eq!(
            format(parse("2024-02-29T23:59:59.25Z").unwrap()),
            "2024-02-29T23:59:59.25Z"
        );
        assert_eq!(
            format(parse("0001-01-01T00:00:00Z").unwrap()),
            "0001-01-01T00:00:00Z"
        );
    }

    fn secs(s: &str) -> i64 {
        parse(s).unwrap().seconds
    }

    #[test]
    fn known_epoch_values() {
        // Independent values: the Unix epoch is 0; 2000-03-01 is 11017 days after it
        // (30 years of 365 days + 7 leap days 1972..1996 = 10957, + Jan 31 + Feb 29 = 11017).
        assert_eq!(secs("1970-01-01T00:00:00Z"), 0);
        assert_eq!(secs("2000-03-01T00:00:00Z"), 11_017 * 86_400);
        // 2026-11-24T09:30:00Z: `date -u -d 2026-11-24T09:30:00Z +%s` = 1795512600.
        assert_eq!(secs("2026-11-24T09:30:00Z"), 1_795_512_600);
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        assert_eq!(
            secs("2026-11-24T10:30:00+01:00"),
            secs("2026-11-24T09:30:00Z")
        );
        assert_eq!(
            secs("2026-11-23T23:30:00-10:00"),
            secs("2026-11-24T09:30:00Z")
        );
        assert_eq!(parse("2026-11-24t09:30:00z"), parse("2026-11-24T09:30:00Z"));
    }

    #[test]
    fn fractions_order_correctly() {
        let a = parse("2026-01-01T00:00:00.5Z").unwrap();
        let b = parse("2026-01-01T00:00:00.49Z").unwrap();
        assert_eq!(a.nanos, 500_000_000);
        assert!(b < a);
    }

    #[test]
    fn rejects_what_rfc_3339_does_not_allow() {
        for bad in [
            "2026-11-24",
            "2026-11-24 09:30:00Z",
            "2026-11-24T09:30:00",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T23:59:60Z",
            "2026-11-24T09:30:00.Z",
            "2026-11-24T09:30:00+0100",
            "2026-11-24T09:30:00Z ",
            "0000-01-01T00:00:00Z",
            "２026-11-24T09:30:00Z",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(parse("2024-02-29T00:00:00Z").is_ok());
    }
}
