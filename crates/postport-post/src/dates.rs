//! Dates as real archives write them: RFC 3339, RFC 2822, Hexo's `2013/7/13 20:46:25`,
//! `2016-05-29 7:45 PM`, date-only, Unix time, `2021年10月24日`. Naive ones are read in
//! the site's timezone (IANA name or fixed offset), never in the machine's.

use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;
use postport_model::Timestamp;
use serde_json::Value;

/// The timezone in which dates without an offset are read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SiteZone {
    /// An IANA zone (`Asia/Shanghai`), with its daylight-saving rules.
    Named(Tz),
    /// A fixed offset (`+08:00`, `UTC`).
    Fixed(FixedOffset),
}

impl SiteZone {
    /// The IANA name of a named zone (`Asia/Shanghai`).
    pub fn iana_name(self) -> Option<String> {
        match self {
            SiteZone::Named(tz) => Some(tz.name().to_string()),
            SiteZone::Fixed(_) => None,
        }
    }
}

impl Default for SiteZone {
    fn default() -> Self {
        SiteZone::Fixed(Utc.fix())
    }
}

impl SiteZone {
    /// Parses an IANA name (`Asia/Shanghai`), `UTC`, or an offset (`+08:00`, `+0800`,
    /// `UTC+8`, `GMT-5`).
    pub fn parse(name: &str) -> Option<SiteZone> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Ok(tz) = Tz::from_str(name) {
            return Some(SiteZone::Named(tz));
        }
        let upper = name.to_ascii_uppercase();
        let offset = upper
            .strip_prefix("UTC")
            .or_else(|| upper.strip_prefix("GMT"))
            .unwrap_or(&upper);
        if offset.is_empty() || offset == "Z" {
            return Some(SiteZone::Fixed(Utc.fix()));
        }
        let (sign, digits) = match offset.as_bytes().first()? {
            b'+' => (1, &offset[1..]),
            b'-' => (-1, &offset[1..]),
            _ => return None,
        };
        let (hours, minutes) = match digits.split_once(':') {
            Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
            None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
            None => (digits.parse().ok()?, 0),
        };
        if hours > 14 || minutes > 59 {
            return None;
        }
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).map(SiteZone::Fixed)
    }

    /// The instant of a wall-clock time in this zone. A time skipped by a DST change
    /// is read one hour later; a repeated one takes the earlier instant.
    pub fn resolve(&self, naive: NaiveDateTime) -> Timestamp {
        match self {
            SiteZone::Fixed(offset) => match offset.from_local_datetime(&naive) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
                LocalResult::None => offset.from_utc_datetime(&naive),
            },
            SiteZone::Named(tz) => {
                let local = match tz.from_local_datetime(&naive) {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
                    LocalResult::None => {
                        let later = naive + chrono::Duration::hours(1);
                        tz.from_local_datetime(&later)
                            .earliest()
                            .unwrap_or_else(|| tz.from_utc_datetime(&naive))
                    }
                };
                local.fixed_offset()
            }
        }
    }

    /// An instant shown in this zone.
    pub fn at_utc(&self, utc: DateTime<Utc>) -> Timestamp {
        match self {
            SiteZone::Fixed(offset) => utc.with_timezone(offset),
            SiteZone::Named(tz) => utc.with_timezone(tz).fixed_offset(),
        }
    }

    fn is_utc_plus_8(&self) -> bool {
        let probe = NaiveDate::from_ymd_opt(2021, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        probe.is_some_and(|p| self.resolve(p).offset().local_minus_utc() == 8 * 3600)
    }
}

const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y/%m/%d %H:%M:%S %z",
    "%a %b %d %H:%M:%S %z %Y",
    "%d %b %Y %H:%M:%S %z",
];

const NAIVE_DATE_TIME: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %I:%M %p",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M:%S",
    "%Y年%m月%d日%H:%M",
    "%a %b %e %H:%M:%S %Y",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%b %d, %Y %H:%M:%S",
    "%b %d %Y %H:%M:%S",
    "%B %d, %Y %H:%M:%S",
    "%B %d, %Y %H:%M",
    // WordPress and most US CMS exports: `October 24, 2021 7:55 PM`.
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%B %d %Y %I:%M %p",
];

const DATE_ONLY: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y年%m月%d日",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%a, %d %b %Y",
];

/// Parses a date as archives write it. `None` when nothing matches, or when the date
/// is not one every output can write (see [`writable`]).
pub fn parse_date(input: &str, zone: SiteZone) -> Option<Timestamp> {
    parse_any_date(input, zone).filter(writable)
}

/// Whether every output can write the date: a year from 1 to 9999, in its own offset and
/// in UTC. XML Schema's dateTime, which the Atom schema and EPUB's validators check, has
/// no year 0, RFC 3339 only four-digit years; and year 0 is a placeholder in exports
/// (`0000-00-00` is WordPress's date of a draft), not a date.
fn writable(t: &Timestamp) -> bool {
    let year = |y: i32| (1..=9999).contains(&y);
    year(t.year()) && year(t.naive_utc().year())
}

fn parse_any_date(input: &str, zone: SiteZone) -> Option<Timestamp> {
    let s = normalize(input);
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return unix_or_compact(&s, zone);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(&rfc3339_form(&s)) {
        return Some(t);
    }
    if let Some(t) = rfc2822(&s, zone) {
        return Some(t);
    }
    // Go's time.String(): "2006-01-02 15:04:05.999 -0700 MST".
    let without_abbrev = strip_zone_abbreviation(&s);
    for f in WITH_OFFSET {
        if let Ok(t) = DateTime::parse_from_str(without_abbrev, f) {
            return Some(t);
        }
    }
    for f in NAIVE_DATE_TIME {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, f) {
            return Some(zone.resolve(t));
        }
    }
    for f in DATE_ONLY {
        if let Ok(d) = NaiveDate::parse_from_str(&s, f) {
            return d.and_hms_opt(0, 0, 0).map(|t| zone.resolve(t));
        }
    }
    None
}

/// A front matter date value: a string, a Unix time or a bare year.
pub fn date_from_value(value: &Value, zone: SiteZone) -> Option<Timestamp> {
    let date = match value {
        Value::String(s) => parse_any_date(s, zone),
        Value::Number(n) => n.as_i64().and_then(|i| {
            if (1000..=9999).contains(&i) {
                NaiveDate::from_ymd_opt(i as i32, 1, 1)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| zone.resolve(t))
            } else {
                unix_or_compact(&i.to_string(), zone)
            }
        }),
        _ => None,
    };
    date.filter(writable)
}

/// Collapses whitespace; repairs `2015-08-018` (a zero-padded three-digit day or month).
fn normalize(input: &str) -> String {
    let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let (date, rest) = match collapsed.split_once([' ', 'T']) {
        Some((d, r)) => (
            d.to_string(),
            Some((collapsed.as_bytes()[d.len()] as char, r.to_string())),
        ),
        None => (collapsed.clone(), None),
    };
    let sep = if date.contains('-') {
        '-'
    } else if date.contains('/') {
        '/'
    } else {
        return collapsed;
    };
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return collapsed;
    }
    let fixed: Vec<&str> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i > 0 && p.len() == 3 && p.starts_with('0') {
                &p[1..]
            } else {
                *p
            }
        })
        .collect();
    let date = fixed.join(&sep.to_string());
    match rest {
        Some((c, r)) => format!("{date}{c}{r}"),
        None => date,
    }
}

/// `2021-10-24 07:55:27z` → `2021-10-24T07:55:27Z`, for the RFC 3339 parser.
fn rfc3339_form(s: &str) -> String {
    let mut out = s.to_string();
    if out.len() > 10 && out.is_char_boundary(10) && out.is_char_boundary(11) {
        let sep = &out[10..11];
        if sep == " " || sep == "t" {
            out.replace_range(10..11, "T");
        }
    }
    if out.ends_with('z') {
        out.pop();
        out.push('Z');
    }
    out
}

fn rfc2822(s: &str, zone: SiteZone) -> Option<Timestamp> {
    // Chinese feeds write "CST" for China Standard Time (+08:00), not US Central.
    if let Some(head) = s.strip_suffix(" CST")
        && zone.is_utc_plus_8()
    {
        return DateTime::parse_from_rfc2822(&format!("{head} +0800")).ok();
    }
    DateTime::parse_from_rfc2822(s).ok()
}

fn strip_zone_abbreviation(s: &str) -> &str {
    match s.rsplit_once(' ') {
        Some((head, tail))
            if tail.len() <= 5
                && tail.chars().all(|c| c.is_ascii_uppercase())
                && head.contains(['+', '-']) =>
        {
            head
        }
        _ => s,
    }
}

fn unix_or_compact(digits: &str, zone: SiteZone) -> Option<Timestamp> {
    match digits.len() {
        8 => NaiveDate::parse_from_str(digits, "%Y%m%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| zone.resolve(t)),
        9 | 10 => digits
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .map(|t| zone.at_utc(t)),
        13 => digits
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis)
            .map(|t| zone.at_utc(t)),
        _ => None,
    }
}

/// The date in a Jekyll-style file name (`2021-10-24-title.md`) and the rest of the name.
pub fn date_from_file_name(stem: &str) -> Option<(NaiveDate, &str)> {
    let bytes = stem.as_bytes();
    if bytes.len() < 10 || !stem.is_char_boundary(10) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d")
        .ok()
        .filter(|d| d.year() >= 1)?;
    let rest = stem[10..].trim_start_matches(['-', '_']);
    Some((date, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> SiteZone {
        SiteZone::default()
    }

    fn shanghai() -> SiteZone {
        SiteZone::parse("Asia/Shanghai").expect("known zone")
    }

    fn rfc(t: Option<Timestamp>) -> String {
        t.map(|t| t.to_rfc3339()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn formats_seen_in_real_archives() {
        let cases = [
            ("Sun, 24 Oct 2021 07:55:27 GMT", "2021-10-24T07:55:27+00:00"),
            ("24 Oct 2021 07:55:27 +0800", "2021-10-24T07:55:27+08:00"),
            ("2021-10-24T07:55:27Z", "2021-10-24T07:55:27+00:00"),
            ("2021-10-24t07:55:27z", "2021-10-24T07:55:27+00:00"),
            (
                "2021-10-24T07:55:27.250+08:00",
                "2021-10-24T07:55:27.250+08:00",
            ),
            ("2021-10-24 07:55:27 +0800", "2021-10-24T07:55:27+08:00"),
            (
                "2021-10-24 07:55:27.5 -0700 MST",
                "2021-10-24T07:55:27.500-07:00",
            ),
            ("2013/7/13 20:46:25", "2013-07-13T20:46:25+08:00"),
            ("2013-07-13 20:46:25", "2013-07-13T20:46:25+08:00"),
            ("2013-07-13T20:46:25", "2013-07-13T20:46:25+08:00"),
            ("2016-05-29 7:45 PM", "2016-05-29T19:45:00+08:00"),
            ("2016-09-26 21:00", "2016-09-26T21:00:00+08:00"),
            ("2015-08-018 23:22:44", "2015-08-18T23:22:44+08:00"),
            ("2021-10-24", "2021-10-24T00:00:00+08:00"),
            ("2021/1/5", "2021-01-05T00:00:00+08:00"),
            ("2021年10月24日 07:55", "2021-10-24T07:55:00+08:00"),
            ("15 Oct 2023", "2023-10-15T00:00:00+08:00"),
            ("October 15, 2023", "2023-10-15T00:00:00+08:00"),
            ("October 24, 2021 7:55 PM", "2021-10-24T19:55:00+08:00"),
            ("Oct 24, 2021 12:05 am", "2021-10-24T00:05:00+08:00"),
            ("Sun, 24 Oct 2021 07:55:27 CST", "2021-10-24T07:55:27+08:00"),
            ("1634000000", "2021-10-12T08:53:20+08:00"),
        ];
        for (input, expected) in cases {
            assert_eq!(rfc(parse_date(input, shanghai())), expected, "{input}");
        }
    }

    #[test]
    fn nonsense_is_none() {
        for bad in [
            "undefine",
            "",
            "  ",
            "yesterday",
            "2021-13-45",
            "32/32/2021",
        ] {
            assert_eq!(parse_date(bad, utc()), None, "{bad:?}");
        }
    }

    #[test]
    fn zones_parse_and_resolve() {
        assert_eq!(SiteZone::parse("+08:00"), SiteZone::parse("UTC+8"));
        assert_eq!(SiteZone::parse("+0800"), SiteZone::parse("GMT+8"));
        assert!(SiteZone::parse("Mars/Olympus").is_none());
        let ny = SiteZone::parse("America/New_York").expect("known zone");
        // 02:30 on the spring-forward day does not exist: read an hour later.
        assert_eq!(
            rfc(parse_date("2021-03-14 02:30", ny)),
            "2021-03-14T03:30:00-04:00"
        );
        assert_eq!(
            rfc(parse_date("2021-07-01 12:00", ny)),
            "2021-07-01T12:00:00-04:00"
        );
    }

    #[test]
    fn values_and_file_names() {
        assert_eq!(
            rfc(date_from_value(&Value::from(2021), utc())),
            "2021-01-01T00:00:00+00:00"
        );
        assert_eq!(date_from_value(&Value::Bool(true), utc()), None);
        let (d, rest) = date_from_file_name("2013-05-06-jekyll-1-0-0-released").expect("dated");
        assert_eq!(d.to_string(), "2013-05-06");
        assert_eq!(rest, "jekyll-1-0-0-released");
        assert!(date_from_file_name("hello-world").is_none());
        assert!(date_from_file_name("新闻一二三四五六").is_none());
        assert!(date_from_file_name("0000-01-01-placeholder").is_none());
    }

    /// Year 0 (a placeholder in exports) and years beyond 9999 are not dates any output
    /// can write, in the date's own offset or in UTC; the years just inside are.
    #[test]
    fn only_years_1_to_9999_are_dates() {
        let shanghai = shanghai();
        for bad in [
            "0000-01-01",
            "0000-01-01T00:00:00Z",
            "0001-01-01T05:00:00+08:00",
            "9999-12-31T20:00:00-08:00",
            "10000-01-01",
        ] {
            assert_eq!(parse_date(bad, utc()), None, "{bad:?}");
        }
        assert_eq!(parse_date("0001-01-01 05:00", shanghai), None);
        assert_eq!(
            rfc(parse_date("0001-01-01T00:00:00Z", utc())),
            "0001-01-01T00:00:00+00:00"
        );
        assert_eq!(
            rfc(parse_date("9999-12-31 23:59:59", utc())),
            "9999-12-31T23:59:59+00:00"
        );
        assert_eq!(
            date_from_value(&Value::String("0000-01-01".into()), utc()),
            None
        );
    }
}
