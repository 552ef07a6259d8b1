//! Whether dollars in a Markdown body are TeX: the post or its site says so (MathJax,
//! KaTeX, Hugo's passthrough), or the site is Jekyll, whose kramdown reads `$$…$$`.
//!
//! Never by default: news archives are full of `$5-$10` and `US$100 and US$200`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde_json::{Map, Value};

/// Which dollars delimit formulas in a Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MathSyntax {
    /// None: dollars are text.
    #[default]
    None,
    /// `$…$` inline and `$$…$$` set apart (MathJax, KaTeX, Hugo's passthrough).
    Dollars,
    /// kramdown's: only `$$…$$`, set apart when it is a paragraph of its own.
    DoubleDollars,
}

/// Front matter and configuration keys that turn math on, in posts and sites alike.
const SWITCHES: &[&str] = &[
    "math",
    "mathjax",
    "katex",
    "usemathjax",
    "use_math",
    "usemath",
    "enablemath",
    "enable_math",
    "mathjax3",
    "usekatex",
    "latex",
];

/// A switch that is on: `true`, a non-empty name (`math: katex`), or `{enable: true}`.
fn switched_on(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => {
            let s = s.trim().to_ascii_lowercase();
            !matches!(s.as_str(), "" | "false" | "no" | "off" | "0" | "none")
        }
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("enable") && switched_on(v)),
        _ => false,
    }
}

/// Whether a map (front matter, a config, its `params`) switches math on.
pub fn map_switches_on(map: &Map<String, Value>) -> bool {
    map.iter()
        .any(|(k, v)| SWITCHES.contains(&k.to_ascii_lowercase().as_str()) && switched_on(v))
}

/// Whether a post's front matter switches math on: at its top level, or in Hugo's
/// `params` or Zola's `[extra]`.
pub fn post_switches_on(fields: &Map<String, Value>) -> bool {
    map_switches_on(fields)
        || ["params", "extra"].iter().any(|k| {
            fields
                .get(*k)
                .and_then(Value::as_object)
                .is_some_and(map_switches_on)
        })
}

/// Whether a Hugo configuration passes formulas through (`markup.goldmark.extensions
/// .passthrough.enable`), or its `params` switch math on.
pub fn hugo_config_has_math(config: &Map<String, Value>) -> bool {
    let passthrough = ["markup", "goldmark", "extensions", "passthrough"]
        .iter()
        .try_fold(config, |map, key| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_object())
        })
        .is_some_and(|p| switched_on(&Value::Object(p.clone())));
    passthrough
        || config
            .get("params")
            .and_then(Value::as_object)
            .is_some_and(map_switches_on)
}

/// MathJax's own delimiters, `\\(…\\)` and `\\[…\\]` (Hugo's passthrough default too),
/// rewritten as the dollars the Markdown parser reads, outside code. CommonMark would
/// read `\\(` as an escaped parenthesis and lose the formula's backslashes.
/// `None` when there are none. `protected` (sorted) are the ranges of code and raw HTML,
/// where the text is not Markdown's to change.
pub fn mathjax_delimiters_as_dollars(
    markdown: &str,
    protected: &[std::ops::Range<usize>],
) -> Option<String> {
    if !markdown.contains("\\(") && !markdown.contains("\\[") {
        return None;
    }
    let code = protected;
    let mut out = String::with_capacity(markdown.len());
    let mut pos = 0;
    let mut at = 0;
    while let Some(found) = markdown[at..].find('\\').map(|i| at + i) {
        at = found + 1;
        let (close, dollars) = match markdown[found + 1..].chars().next() {
            Some('(') => ("\\)", "$"),
            Some('[') => ("\\]", "$$"),
            _ => continue,
        };
        // `\\(` is an escaped backslash, then a parenthesis.
        if markdown[..found].ends_with('\\') || crate::templates::in_ranges(code, found) {
            continue;
        }
        let inner_start = found + 2;
        let Some(end) = markdown[inner_start..].find(close).map(|i| inner_start + i) else {
            continue;
        };
        let tex = markdown[inner_start..end].trim();
        // A formula stays in its paragraph, holds no dollar, and is not empty.
        if tex.is_empty() || tex.contains('$') || tex.contains("\n\n") {
            continue;
        }
        out.push_str(&markdown[pos..found]);
        out.push_str(dollars);
        out.push_str(tex);
        out.push_str(dollars);
        pos = end + 2;
        at = pos;
    }
    if pos == 0 {
        return None;
    }
    out.push_str(&markdown[pos..]);
    Some(out)
}

/// Applies kramdown's reading to events parsed with dollars on: a single `$` is text
/// again, and `$$…$$` inside a sentence is an inline formula.
pub fn kramdown_math(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut paragraph_start = None;
    for event in events {
        match event {
            Event::InlineMath(tex) => out.push(Event::Text(CowStr::from(format!("${tex}$")))),
            Event::Start(Tag::Paragraph) => {
                paragraph_start = Some(out.len());
                out.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = paragraph_start.take() {
                    let content = &mut out[start + 1..];
                    let alone = content.len() == 1;
                    if !alone {
                        for e in content.iter_mut() {
                            if let Event::DisplayMath(tex) = e {
                                *e = Event::InlineMath(std::mem::replace(tex, CowStr::from("")));
                            }
                        }
                    }
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mathjax_delimiters_become_dollars_outside_code() {
        let src = "Inline \\( a_1 \\) and\n\\[\n\\sum_i x_i\n\\]\n\n`\\(code\\)` and \\\\(not\\) and \\(p$q\\).\n";
        let code = crate::templates::code_ranges(src);
        assert_eq!(
            mathjax_delimiters_as_dollars(src, &code).as_deref(),
            Some(
                "Inline $a_1$ and\n$$\\sum_i x_i$$\n\n`\\(code\\)` and \\\\(not\\) and \\(p$q\\).\n"
            )
        );
        assert_eq!(mathjax_delimiters_as_dollars("no math", &[]), None);
    }

    #[test]
    fn switches() {
        let on = |v: Value| map_switches_on(v.as_object().unwrap());
        assert!(on(json!({"mathjax": true})));
        assert!(on(json!({"Math": "katex"})));
        assert!(on(json!({"katex": {"enable": true}})));
        assert!(!on(json!({"math": false})));
        assert!(!on(json!({"math": "false"})));
        assert!(!on(json!({"title": "math"})));
        let hugo =
            json!({"markup": {"goldmark": {"extensions": {"passthrough": {"enable": true}}}}});
        assert!(hugo_config_has_math(hugo.as_object().unwrap()));
        assert!(hugo_config_has_math(
            json!({"params": {"math": true}}).as_object().unwrap()
        ));
        assert!(!hugo_config_has_math(
            json!({"params": {}}).as_object().unwrap()
        ));
    }
}
