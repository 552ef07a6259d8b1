//! Front matter: finding it (YAML `---`, TOML `+++`, JSON `{…}`, Hexo `;;;` and Hexo's
//! fence-less YAML) and parsing it into a JSON map, with file line numbers in errors.

use postport_model::{Diagnostic, DiagnosticKind, Position};
use serde_json::{Map, Number, Value};

use crate::PostError;
use crate::simple_yaml::simple_yaml;

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    /// `---` YAML `---` (also Hexo's fence-less form).
    Yaml,
    /// `+++` TOML `+++`.
    Toml,
    /// `{ … }` (Hugo) or `;;;` … `;;;` (Hexo, without braces).
    Json,
}

impl FrontMatterFormat {
    fn name(self) -> &'static str {
        match self {
            FrontMatterFormat::Yaml => "YAML",
            FrontMatterFormat::Toml => "TOML",
            FrontMatterFormat::Json => "JSON",
        }
    }
}

/// A post split into its front matter fields and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The syntax found, if the post has front matter.
    pub format: Option<FrontMatterFormat>,
    /// The fields, in source order; empty without front matter.
    pub fields: Map<String, Value>,
    /// The front matter text, without its fences (empty without front matter).
    pub front_matter: &'a str,
    /// The 1-based line of the file where the front matter text starts.
    pub front_matter_line: u32,
    /// The body.
    pub body: &'a str,
    /// The 1-based line of the file where the body starts.
    pub body_line: u32,
    /// Set when the front matter was read after a repair.
    pub note: Option<Diagnostic>,
}

/// Keys that mark a fence-less block as Hexo front matter.
const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "tags",
    "categories",
    "layout",
    "author",
    "updated",
    "comments",
    "permalink",
    "description",
    "draft",
    "slug",
];

struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |raw| {
        let line = Line {
            start,
            text: raw.trim_end_matches('\n'),
        };
        start += raw.len();
        line
    })
}

fn is_fence(line: &str, c: char) -> bool {
    let t = line.trim_end();
    t.len() >= 3 && t.chars().all(|x| x == c)
}

/// Whether text opens a JSON object (`{` then a key or `}`), not a template
/// (`{{< shortcode >}}`, `{% tag %}`) or prose that happens to start with a brace.
fn opens_json_object(text: &str) -> bool {
    text.strip_prefix('{')
        .map(str::trim_start)
        .is_some_and(|rest| rest.starts_with(['"', '}']))
}

/// Whether the first non-blank line of text is a YAML `key:` (or a comment).
fn opens_yaml_keys(text: &str) -> bool {
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return false;
    };
    line.starts_with('#')
        || line.split_once(':').is_some_and(|(key, _)| {
            let key = key.trim_matches(['"', '\'']);
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
        })
}

/// Splits `text` (already decoded, `\n` line endings) into front matter and body.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, PostError> {
    let mut all = lines(text).enumerate().peekable();
    // Front matter often follows blank lines.
    while all.peek().is_some_and(|(_, l)| l.text.trim().is_empty()) {
        all.next();
    }
    let Some((first_index, first)) = all.next() else {
        return Ok(no_front_matter(text));
    };
    let open_line = first_index as u32 + 1;
    let content_start = first.start + first.text.len() + 1;
    let fenced = |fence: char| -> Result<Option<(usize, usize, u32)>, PostError> {
        for (i, line) in lines(text).enumerate().skip(first_index + 1) {
            if is_fence(line.text, fence) || (fence == '-' && line.text.trim_end() == "...") {
                return Ok(Some((
                    line.start,
                    line.start + line.text.len() + 1,
                    i as u32 + 2,
                )));
            }
        }
        Err(PostError::Unterminated {
            fence: first.text.trim_end().to_string(),
            line: open_line,
        })
    };
    let (format, inner, body_start, body_line) = if is_fence(first.text, '-') {
        let (end, after, body_line) = match fenced('-') {
            Ok(found) => found.unwrap_or_default(),
            // `---` then prose and no closing fence: a thematic break opening the body
            // (Hexo and Jekyll read it so), unless what follows reads as keys.
            Err(_) if !opens_yaml_keys(&text[content_start.min(text.len())..]) => {
                return Ok(no_front_matter(text));
            }
            Err(e) => return Err(e),
        };
        (
            FrontMatterFormat::Yaml,
            slice(text, content_start, end),
            after,
            body_line,
        )
    } else if is_fence(first.text, '+') {
        let (end, after, body_line) = fenced('+')?.unwrap_or_default();
        (
            FrontMatterFormat::Toml,
            slice(text, content_start, end),
            after,
            body_line,
        )
    } else if is_fence(first.text, ';') {
        let (end, after, body_line) = fenced(';')?.unwrap_or_default();
        (
            FrontMatterFormat::Json,
            slice(text, content_start, end),
            after,
            body_line,
        )
    } else if opens_json_object(&text[first.start..]) {
        let end = json_object_end(&text[first.start..]).ok_or_else(|| PostError::Unterminated {
            fence: "}".to_string(),
            line: open_line,
        })?;
        let after = first.start + end;
        let body_line = open_line + text[first.start..after].matches('\n').count() as u32;
        (
            FrontMatterFormat::Json,
            &text[first.start..after],
            after,
            body_line,
        )
    } else {
        return Ok(fenceless_hexo(text, first_index).unwrap_or_else(|| no_front_matter(text)));
    };
    let first_content_line = open_line
        + if format == FrontMatterFormat::Json && first.text.starts_with('{') {
            0
        } else {
            1
        };
    let (fields, note) = parse_fields(
        format,
        inner,
        first_content_line,
        format == FrontMatterFormat::Json && is_fence(first.text, ';'),
    )?;
    let body_start = body_start.min(text.len());
    Ok(Split {
        format: Some(format),
        fields,
        front_matter: inner,
        front_matter_line: first_content_line,
        body: &text[body_start..],
        body_line,
        note,
    })
}

fn slice(text: &str, from: usize, to: usize) -> &str {
    let from = from.min(text.len());
    &text[from..to.max(from).min(text.len())]
}

fn no_front_matter(text: &str) -> Split<'_> {
    Split {
        format: None,
        fields: Map::new(),
        front_matter: "",
        front_matter_line: 1,
        body: text,
        body_line: 1,
        note: None,
    }
}

/// Hexo accepts `title: x\n---\nbody`: YAML with no opening fence. Accepted only when
/// every line before the first fence looks like YAML and a known key is present,
/// so that a Markdown setext heading (`Title\n---`) is never mistaken for it.
fn fenceless_hexo(text: &str, first_index: usize) -> Option<Split<'_>> {
    let mut yaml_end = None;
    let mut has_key = false;
    for (i, line) in lines(text).enumerate().skip(first_index) {
        if is_fence(line.text, '-') {
            yaml_end = Some((line.start, line.start + line.text.len() + 1, i as u32 + 2));
            break;
        }
        let t = line.text;
        if t.trim().is_empty() || t.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let key = t.split_once(':')?.0.trim();
        if key.is_empty() || key.contains(' ') {
            return None;
        }
        has_key |= FRONT_MATTER_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key));
    }
    let (end, after, body_line) = yaml_end?;
    if !has_key {
        return None;
    }
    let start = lines(text).nth(first_index)?.start;
    let (fields, note) = parse_fields(
        FrontMatterFormat::Yaml,
        &text[start..end],
        first_index as u32 + 1,
        false,
    )
    .ok()?;
    Some(Split {
        format: Some(FrontMatterFormat::Yaml),
        fields,
        front_matter: &text[start..end],
        front_matter_line: first_index as u32 + 1,
        body: &text[after.min(text.len())..],
        body_line,
        note,
    })
}

/// The byte length of the JSON object that starts `text`, braces counted outside strings.
fn json_object_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses front matter text that starts on file line `first_line`.
pub fn parse_fields(
    format: FrontMatterFormat,
    text: &str,
    first_line: u32,
    hexo_json: bool,
) -> Result<(Map<String, Value>, Option<Diagnostic>), PostError> {
    let offset = first_line.saturating_sub(1);
    let error = |message: String, position: Option<Position>| PostError::FrontMatter {
        format: format.name(),
        message,
        position: position.map(|p| Position {
            line: p.line + offset,
            column: p.column,
        }),
    };
    match format {
        FrontMatterFormat::Yaml => {
            let (value, note) = match parse_yaml(text) {
                Ok(value) => (value, None),
                Err(first_error) => {
                    let (repaired, what) =
                        repair_yaml(text).ok_or_else(|| yaml_error(&first_error, &error))?;
                    let value =
                        parse_yaml(&repaired).map_err(|_| yaml_error(&first_error, &error))?;
                    let note = Diagnostic::warning(DiagnosticKind::FrontMatterRepaired, what)
                        .at(first_line, None);
                    (value, Some(note))
                }
            };
            let map = match value {
                Value::Object(map) => map,
                Value::Null => Map::new(),
                other => {
                    return Err(PostError::NotMapping {
                        found: kind_name(&other),
                        line: first_line,
                    });
                }
            };
            Ok((map, note))
        }
        FrontMatterFormat::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let position = e.span().map(|span| position_at(text, span.start));
                error(e.message().trim().to_string(), position)
            })?;
            Ok((
                toml_to_json(toml::Value::Table(table))
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                None,
            ))
        }
        FrontMatterFormat::Json => {
            let wrapped;
            let source = if hexo_json {
                wrapped = format!("{{{text}}}");
                wrapped.as_str()
            } else {
                text
            };
            let value: Value = serde_json::from_str(source).map_err(|e| {
                let position = Position {
                    line: e.line() as u32,
                    column: Some(e.column() as u32),
                };
                // serde_json appends " at line L column C"; the diagnostic carries the position.
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                error(message, Some(position))
            })?;
            match value {
                Value::Object(map) => Ok((map, None)),
                other => Err(PostError::NotMapping {
                    found: kind_name(&other),
                    line: first_line,
                }),
            }
        }
    }
}

fn yaml_error(
    e: &serde_yaml::Error,
    error: &impl Fn(String, Option<Position>) -> PostError,
) -> PostError {
    let position = e.location().map(|l| Position {
        line: l.line() as u32,
        column: Some(l.column() as u32),
    });
    // serde_yaml appends " at line L column C"; the diagnostic carries the position.
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    error(message, position)
}

fn parse_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    if let Some(map) = simple_yaml(text) {
        return Ok(Value::Object(map));
    }
    // Straight into JSON values unless tags (`!x`) or merge keys (`<<`) need the YAML
    // value model first; that path is slower, and rare in front matter.
    if !text.contains('!')
        && !text.contains("<<")
        && let Ok(value) = serde_yaml::from_str::<Value>(text)
    {
        return Ok(value);
    }
    let mut value: serde_yaml::Value = serde_yaml::from_str(text)?;
    value.apply_merge()?;
    Ok(yaml_to_json(value))
}

/// Characters YAML does not allow in a document (C0 controls but tab, LF and CR; DEL;
/// C1 controls but NEL), which scraped titles sometimes carry.
fn is_yaml_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || c == '\u{7f}'
        || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}')
}

/// Front matter YAML rejects but Hexo and Jekyll users write: tab indents (read as two
/// spaces, as Hexo does) and control characters (dropped). Returns the repaired text and
/// what was done, or `None` when there is nothing to repair.
fn repair_yaml(text: &str) -> Option<(String, String)> {
    let mut text = text.to_string();
    let mut done = Vec::new();
    if let Some(repaired) = repair_tabs(&text) {
        text = repaired;
        done.push("read tab indents as two spaces each, as Hexo does".to_string());
    }
    if let Some((repaired, keys)) = repair_plain_scalars(&text) {
        text = repaired;
        done.push(format!(
            "read the value of {} as plain text (YAML needs quotes around a value holding `: ` or opening with brackets)",
            keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    let controls = text.chars().filter(|&c| is_yaml_forbidden(c)).count();
    if controls > 0 {
        text.retain(|c| !is_yaml_forbidden(c));
        done.push(format!(
            "dropped {controls} control character(s) YAML forbids"
        ));
    }
    (!done.is_empty()).then(|| {
        (
            text,
            format!(
                "front matter is not valid YAML as written; {}",
                done.join(" and ")
            ),
        )
    })
}

/// A top-level key as front matter writes them: letters, digits, `_` and `-`.
fn is_simple_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Top-level `key: value` lines whose value YAML cannot read as written (a `: ` inside,
/// a `[` that opens no list), quoted whole. Returns the text and the keys quoted.
fn repair_plain_scalars(text: &str) -> Option<(String, Vec<String>)> {
    let mut quoted = Vec::new();
    let all: Vec<&str> = text.lines().collect();
    // A line that starts a new top-level key (or ends the text): a quote still open on the
    // line before it was never closed.
    let starts_key = |i: usize| {
        all.get(i)
            .is_none_or(|next| next.split_once(':').is_some_and(|(k, _)| is_simple_key(k)))
    };
    let lines: Vec<String> = all
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let Some((key, value)) = line.split_once(": ") else {
                return line.to_string();
            };
            let value = value.trim();
            // `title: "Unclosed` followed by the next key: the quote is part of the text.
            let unclosed = value
                .chars()
                .next()
                .filter(|q| matches!(q, '"' | '\''))
                .is_some_and(|q| value.len() == 1 || !value.ends_with(q))
                && starts_key(i + 1)
                && parse_yaml(line).is_err();
            let simple_key = is_simple_key(key);
            // `[draft] notes` is text that opens with brackets; `[a, b` is a broken list,
            // left for the error to point at.
            let broken_collection = value.starts_with(['[', '{'])
                && value
                    .find([']', '}'])
                    .is_none_or(|close| close + 1 >= value.len());
            let special = value.is_empty()
                || broken_collection
                || (!unclosed && value.starts_with(['"', '\'', '|', '>', '&', '*', '!', '#']));
            if !simple_key || special || parse_yaml(line).is_ok() {
                return line.to_string();
            }
            quoted.push(key.to_string());
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            format!("{key}: \"{escaped}\"")
        })
        .collect();
    (!quoted.is_empty()).then(|| (lines.join("\n"), quoted))
}

fn repair_tabs(text: &str) -> Option<String> {
    if !text
        .lines()
        .any(|l| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t'))
    {
        return None;
    }
    Some(
        text.lines()
            .map(|l| {
                let indent: String = l
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .map(|c| if c == '\t' { "  " } else { " " })
                    .collect();
                format!("{indent}{}", l.trim_start_matches([' ', '\t']))
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn position_at(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Position {
        line,
        column: Some(column),
    }
}

/// YAML to JSON: non-string keys become strings, tags are dropped, NaN becomes a string.
pub fn yaml_to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Null => "null".to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(&other)
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// TOML to JSON: datetimes become their RFC 3339 text (local ones without offset).
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(text: &str) -> Value {
        Value::Object(split_front_matter(text).expect("splits").fields)
    }

    #[test]
    fn yaml_after_blank_lines() {
        let s = split_front_matter("\n\n---\ntitle: 'A'\ncategories:\n - x\n---\n\nbody\n")
            .expect("splits");
        assert_eq!(s.format, Some(FrontMatterFormat::Yaml));
        assert_eq!(
            Value::Object(s.fields),
            json!({"title": "A", "categories": ["x"]})
        );
        assert_eq!(s.body, "\nbody\n");
        assert_eq!(s.body_line, 8);
    }

    #[test]
    fn four_dash_closing_fence_and_dots() {
        assert_eq!(fields("---\ntitle: a\n----\nbody"), json!({"title": "a"}));
        assert_eq!(fields("---\ntitle: a\n...\nbody"), json!({"title": "a"}));
    }

    #[test]
    fn toml_and_json_and_hexo_json() {
        assert_eq!(
            fields("+++\ntitle = \"T\"\ndate = 2013-07-13T20:46:25\n+++\nb"),
            json!({"title": "T", "date": "2013-07-13T20:46:25"})
        );
        assert_eq!(
            fields("{\n\"title\": \"J {x}\",\n\"n\": 1\n}\nbody"),
            json!({"title": "J {x}", "n": 1})
        );
        assert_eq!(
            fields(";;;\n\"title\": \"H\"\n;;;\nbody"),
            json!({"title": "H"})
        );
    }

    #[test]
    fn hexo_fenceless_yaml() {
        let s = split_front_matter("title: Hello\ndate: 2013/7/13 20:46:25\n---\nBody text")
            .expect("splits");
        assert_eq!(
            Value::Object(s.fields),
            json!({"title": "Hello", "date": "2013/7/13 20:46:25"})
        );
        assert_eq!(s.body, "Body text");
        // A setext heading is not front matter.
        let s = split_front_matter("Heading\n---\ntext").expect("splits");
        assert_eq!(s.format, None);
        let s = split_front_matter("Note: this matters\n---\ntext").expect("splits");
        assert_eq!(s.format, None);
    }

    #[test]
    fn no_front_matter() {
        let s = split_front_matter("<div>html</div>").expect("splits");
        assert_eq!(s.format, None);
        assert_eq!(s.body, "<div>html</div>");
    }

    #[test]
    fn errors_carry_file_positions() {
        let err = split_front_matter("\n---\ntitle: a\nbad: [unclosed\n---\n").unwrap_err();
        assert_eq!(err.kind(), DiagnosticKind::FrontMatterSyntax);
        let pos = err.position().expect("has a position");
        assert!(pos.line >= 4, "{err} at {pos:?}");
        let err = split_front_matter("+++\ntitle = \"a\"\nx = = 1\n+++\n").unwrap_err();
        assert_eq!(err.position().map(|p| p.line), Some(3), "{err}");
        let err = split_front_matter("{\n\"a\": 1,\n\"b\" 2\n}\n").unwrap_err();
        assert_eq!(err.position().map(|p| p.line), Some(3), "{err}");
        assert!(matches!(
            split_front_matter("---\ntitle: a\nbody without end").unwrap_err(),
            PostError::Unterminated { line: 1, .. }
        ));
        assert!(matches!(
            split_front_matter("{\n\"title\": \"a\"\n").unwrap_err(),
            PostError::Unterminated { line: 1, ref fence } if fence == "}"
        ));
        // Not front matter at all: a rule opening the body, a shortcode, a brace in prose.
        for body in [
            "---\n\nText after a rule\n",
            "{{< youtube x >}}\n",
            "{% raw %}x{% endraw %}\n",
            "{ not json\n",
        ] {
            let s = split_front_matter(body).expect("reads as a body");
            assert!(s.fields.is_empty() && s.body == body, "{body:?}");
        }
        assert!(matches!(
            split_front_matter("---\n- a\n- b\n---\n").unwrap_err(),
            PostError::NotMapping {
                found: "a list",
                ..
            }
        ));
    }

    #[test]
    fn values_yaml_misreads_are_quoted() {
        let s = split_front_matter(
            "---\ntitle: Rust: a \"guide\"\nsubtitle: [draft] notes\ntags: [a, b]\n---\nBody\n",
        )
        .expect("repairs");
        assert_eq!(
            Value::Object(s.fields),
            json!({"title": "Rust: a \"guide\"", "subtitle": "[draft] notes", "tags": ["a", "b"]})
        );
        assert_eq!(
            s.note.map(|n| n.kind),
            Some(DiagnosticKind::FrontMatterRepaired)
        );
    }

    #[test]
    fn a_quote_never_closed_is_part_of_the_text() {
        let s = split_front_matter("---\ntitle: \"Unclosed\ndate: 2020-01-04\n---\nBody\n")
            .expect("repairs");
        assert_eq!(s.fields.get("title"), Some(&json!("\"Unclosed")));
        assert!(s.fields.contains_key("date"));
        // A quoted value that goes on over lines is valid YAML, and stays as it is.
        let s = split_front_matter("---\ntitle: \"Two\n  lines\"\n---\n").expect("reads");
        assert_eq!(s.fields.get("title"), Some(&json!("Two lines")));
        assert!(s.note.is_none());
    }

    #[test]
    fn tabs_are_repaired_like_hexo() {
        let s = split_front_matter("---\ntitle: a\ntags:\n\t- x\n\t- y\n---\n").expect("repairs");
        assert_eq!(
            Value::Object(s.fields),
            json!({"title": "a", "tags": ["x", "y"]})
        );
        assert_eq!(
            s.note.map(|n| n.kind),
            Some(DiagnosticKind::FrontMatterRepaired)
        );
    }

    #[test]
    fn yaml_keys_and_tags_become_json() {
        assert_eq!(
            fields("---\n1: one\ntrue: yes\nx: !custom 5\nempty:\n---\n"),
            json!({"1": "one", "true": "yes", "x": 5, "empty": null})
        );
    }
}
