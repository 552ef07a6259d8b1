//! A fast path for the YAML front matter nearly every post has: top-level `key: scalar`
//! lines and lists of scalars, read into the JSON values serde_yaml gives for them.
//!
//! serde_yaml (libyaml's scanner, a byte at a time, then an event stream) was a tenth
//! of a whole conversion for a dozen lines a post. This reader handles the shapes CMSs
//! write: plain, single- and double-quoted (unescaped) scalars on one line, block lists
//! of them under a key, flow lists `[a, b]`, blank and comment lines, CRLF. Anything else
//! (nested mappings, multi-line or escaped scalars, anchors, tags, comments after a value,
//! duplicate keys, characters YAML treats specially) returns `None`, and serde_yaml reads
//! the text. Scalars resolve as serde_yaml resolves them (its YAML 1.2 core schema);
//! `tests` hold the two to the same values.

use serde_json::{Map, Number, Value};

/// The front matter `text` as serde_yaml would read it, or `None` when it is not in the
/// subset this reader is sure of.
pub(crate) fn simple_yaml(text: &str) -> Option<Map<String, Value>> {
    if !plain_characters(text.as_bytes()) {
        return None;
    }
    let mut map = Map::new();
    // The key whose value is still open (written as `key:` with nothing after it), the
    // items of its block list, and their indentation.
    let mut open: Option<(&str, Vec<Value>, Option<usize>)> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if let Some(item) = content.strip_prefix('-') {
            let (_, items, item_indent) = open.as_mut()?;
            if *item_indent.get_or_insert(indent) != indent || !item.starts_with(' ') {
                return None;
            }
            items.push(scalar(item.trim_matches(' '))?);
            continue;
        }
        if indent != 0 {
            return None;
        }
        if let Some((key, items, _)) = open.take() {
            insert(&mut map, key, list_or_null(items))?;
        }
        let (key, rest) = content.split_once(':')?;
        if !is_plain_key(key) || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let rest = rest.trim_matches(' ');
        if rest.is_empty() {
            open = Some((key, Vec::new(), None));
        } else if rest.starts_with('[') {
            insert(&mut map, key, Value::Array(flow_list(rest)?))?;
        } else {
            insert(&mut map, key, scalar(rest)?)?;
        }
    }
    if let Some((key, items, _)) = open.take() {
        insert(&mut map, key, list_or_null(items))?;
    }
    // Text without a single key is not a mapping to serde_yaml (it reads it as null).
    (!map.is_empty()).then_some(map)
}

fn list_or_null(items: Vec<Value>) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    }
}

/// Adds a key; a key written twice is left to serde_yaml.
fn insert(map: &mut Map<String, Value>, key: &str, value: Value) -> Option<()> {
    if map.contains_key(key) {
        return None;
    }
    map.insert(key.to_string(), value);
    Some(())
}

/// Whether the text has none of the characters libyaml rejects or reads as a line break:
/// C0 controls but LF and a CR before it (tabs included, for simplicity), DEL, C1
/// controls with NEL, the line and paragraph separators, BOM, U+FFFE and U+FFFF.
fn plain_characters(bytes: &[u8]) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    for (i, &b) in bytes.iter().enumerate() {
        let bad = match b {
            b'\n' => false,
            b'\r' => at(i + 1) != b'\n',
            0..0x20 | 0x7f => true,
            0xC2 => (0x80..=0x9F).contains(&at(i + 1)),
            0xE2 => at(i + 1) == 0x80 && matches!(at(i + 2), 0xA8 | 0xA9),
            0xEF => matches!((at(i + 1), at(i + 2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)),
            _ => false,
        };
        if bad {
            return false;
        }
    }
    true
}

/// A key as front matter writes them: ASCII letters, digits, `_` and `-`, not starting
/// with a digit or `-`, not a word YAML reads as null or a boolean, and well within
/// libyaml's limit of 1024 characters for a key.
fn is_plain_key(key: &str) -> bool {
    key.len() <= 256
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && parse_null(key).is_none()
        && parse_bool(key).is_none()
}

/// One scalar on one line, already trimmed of spaces: quoted, or plain.
fn scalar(text: &str) -> Option<Value> {
    if let Some(inner) = text.strip_prefix('\'') {
        return single_quoted(inner.strip_suffix('\'')?).map(Value::String);
    }
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| Value::String(inner.to_string()));
    }
    // An indicator first (a tag, anchor, alias, block scalar, nested collection...), a
    // `: ` (a mapping inside a value) or a ` #` (a comment): left to serde_yaml, which
    // knows what each means where.
    if text.is_empty()
        || text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '|', '>', '%', '@', '`', '!', '&', '*',
        ])
        || text.ends_with(':')
        || text.contains(": ")
        || text.contains(" #")
    {
        return None;
    }
    plain(text)
}

/// The inside of a single-quoted scalar: `''` is a quote, and a lone quote ends the
/// scalar early, which serde_yaml is left to report.
fn single_quoted(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut parts = inner.split('\'');
    out.push_str(parts.next().unwrap_or_default());
    while let Some(empty) = parts.next() {
        if !empty.is_empty() {
            return None;
        }
        out.push('\'');
        out.push_str(parts.next()?);
    }
    Some(out)
}

/// A flow list of scalars, `[a, 'b', "c"]`, alone on its line.
fn flow_list(text: &str) -> Option<Vec<Value>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim_matches(' ');
    while !rest.is_empty() {
        let (item, after) = if rest.starts_with('\'') || rest.starts_with('"') {
            let quote = rest.as_bytes()[0] as char;
            let close = rest[1..].find(quote)? + 1;
            let (item, after) = rest.split_at(close + 1);
            // A doubled quote inside the scalar, or a backslash escape: serde_yaml's.
            if after.starts_with(quote) || item.contains('\\') {
                return None;
            }
            (scalar(item)?, after.trim_start_matches(' '))
        } else {
            let end = rest.find([',', ']']).unwrap_or(rest.len());
            let item = rest[..end].trim_end_matches(' ');
            if item.contains(['[', '{', '}', ':', '#', '\'', '"']) {
                return None;
            }
            (scalar(item)?, &rest[end..])
        };
        items.push(item);
        rest = match after.strip_prefix(',') {
            // `[a, ]` and `[a,,b]` are left to serde_yaml.
            Some(next) => {
                let next = next.trim_start_matches(' ');
                if next.is_empty() || next.starts_with(',') {
                    return None;
                }
                next
            }
            None if after.is_empty() => after,
            None => return None,
        };
    }
    Some(items)
}

/// A plain scalar (not starting with `-`) resolved as serde_yaml resolves it: null,
/// boolean, integer, float, else a string. Integers beyond 64 bits and infinities or NaN
/// are left to it.
fn plain(text: &str) -> Option<Value> {
    if parse_null(text).is_some() {
        return Some(Value::Null);
    }
    if let Some(b) = parse_bool(text) {
        return Some(Value::Bool(b));
    }
    // Only these can start a number; a scalar starting otherwise is a string (Rust's
    // float syntax also reads `inf` and `nan`, which serde_yaml does not keep).
    if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        return Some(Value::String(text.to_string()));
    }
    if let Some(n) = parse_unsigned_int(text, u64::from_str_radix) {
        return Some(Value::Number(n.into()));
    }
    if parse_unsigned_int(text, u128::from_str_radix).is_some() {
        return None;
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    if !digits_but_not_number(text) && !unsigned.starts_with(['+', '-']) {
        if unsigned.to_ascii_lowercase().starts_with(".inf")
            || text.to_ascii_lowercase().starts_with(".nan")
        {
            return None;
        }
        if let Ok(float) = unsigned.parse::<f64>() {
            // serde_yaml reads a float too large for f64 as a string; left to it.
            return Number::from_f64(float)
                .filter(|_| float.is_finite())
                .map(Value::Number);
        }
    }
    Some(Value::String(text.to_string()))
}

fn parse_null(text: &str) -> Option<()> {
    matches!(text, "null" | "Null" | "NULL" | "~").then_some(())
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// serde_yaml's reading of an unsigned integer: decimal (no leading zero), `0x`, `0o`
/// or `0b`, with an optional `+`.
fn parse_unsigned_int<T>(
    text: &str,
    from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from_str_radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from_str_radix(unsigned, 10).ok()
}

/// Leading zeros before digits make a string in YAML 1.2 (`007`).
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
