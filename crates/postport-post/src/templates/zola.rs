//! Zola's shortcodes: `{{ name(key="value") }}` and `{% name(key="value") %}…{% end %}`.
//! They call the site's own templates, so only the names Hugo and the common themes
//! share (youtube, vimeo, gist, figure, notes, details, formulas) are expanded, through
//! the same code as Hugo's; others stay as written, with a warning.

use std::collections::BTreeMap;

use super::scan::{Delim, TagToken, code_ranges, in_ranges};
use super::{Dialect, Expanded, Expansion, TemplateEnv};

/// A shortcode call found in the text.
struct Call<'a> {
    start: usize,
    /// Where the call (and its body, if any) ends.
    end: usize,
    name: &'a str,
    /// `key=value` arguments, values unquoted.
    args: Vec<(String, String)>,
    body: Option<&'a str>,
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Parses Tera keyword arguments: `id="x", width=640, autoplay=true`.
fn parse_args(text: &str) -> Option<Vec<(String, String)>> {
    let mut args = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let key_len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        let key = &rest[..key_len];
        let after = rest[key_len..].trim_start().strip_prefix('=')?.trim_start();
        if key.is_empty() {
            return None;
        }
        let (value, after) = match after.chars().next()? {
            q @ ('"' | '\'' | '`') => {
                let close = after[1..].find(q)? + 1;
                (after[1..close].to_string(), &after[close + 1..])
            }
            _ => {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim().to_string(), &after[end..])
            }
        };
        args.push((key.to_string(), value));
        rest = after.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(args)
}

/// The call opening at `at` (`{{` or `{%`), if it is one.
fn call_at(text: &str, at: usize) -> Option<Call<'_>> {
    let block = text[at..].starts_with("{%");
    let rest = text[at + 2..].trim_start();
    let name_len = rest.find(|c: char| !is_ident(c))?;
    let name = &rest[..name_len];
    if name.is_empty() || !rest[name_len..].starts_with('(') {
        return None;
    }
    let args_start = text.len() - rest.len() + name_len + 1;
    // The closing parenthesis, outside quotes.
    let mut quote = None;
    let mut close = None;
    for (i, c) in text[args_start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, ')') => {
                close = Some(args_start + i);
                break;
            }
            (None, '\n') => return None,
            _ => {}
        }
    }
    let close = close?;
    let args = parse_args(&text[args_start..close])?;
    let tail = text[close + 1..].trim_start();
    let delim_end = if block { "%}" } else { "}}" };
    let call_end = text.len() - tail.len() + delim_end.len();
    if !tail.starts_with(delim_end) {
        return None;
    }
    let (end, body) = if block {
        let mut search = call_end;
        loop {
            let found = search + text[search..].find("{%")?;
            let inner = text[found + 2..].trim_start();
            if let Some(after) = inner.strip_prefix("end") {
                let after = after.trim_start();
                if let Some(after) = after.strip_prefix("%}") {
                    let end = text.len() - after.len();
                    break (end, Some(&text[call_end..found]));
                }
            }
            search = found + 2;
        }
    } else {
        (call_end, None)
    };
    Some(Call {
        start: at,
        end,
        name,
        args,
        body,
    })
}

/// Expands the Zola shortcodes of `text` that this reader knows.
pub fn expand_zola(text: &str, markdown: bool, first_line: u32) -> Expanded {
    if !text.contains("{{") && !text.contains("{%") {
        return Expanded {
            text: text.to_string(),
            diagnostics: Vec::new(),
        };
    }
    let code = if markdown {
        code_ranges(text)
    } else {
        Vec::new()
    };
    let variables = BTreeMap::new();
    let env = TemplateEnv {
        dialect: Dialect::Hugo,
        markdown,
        variables: &variables,
        first_line,
    };
    let mut unknown: BTreeMap<String, (usize, u32)> = BTreeMap::new();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find('{').map(|i| search + i) {
        search = found + 1;
        if !(text[found..].starts_with("{{") || text[found..].starts_with("{%"))
            || in_ranges(&code, found)
        {
            continue;
        }
        let Some(call) = call_at(text, found) else {
            continue;
        };
        // A Hugo-style tag carrying the same name and arguments.
        let mut inner = call.name.to_string();
        for (k, v) in &call.args {
            let quote = if v.contains('"') { '`' } else { '"' };
            inner.push_str(&format!(" {k}={quote}{v}{quote}"));
        }
        let tag = TagToken {
            span: call.start..call.end,
            raw: &text[call.start..call.end],
            inner: &inner,
            delim: Delim::HugoAngle,
        };
        let Some(expansion) = super::hugo::expand(&tag, call.body, &env) else {
            let line = first_line + text[..call.start].matches('\n').count() as u32;
            unknown.entry(call.name.to_string()).or_insert((0, line)).0 += 1;
            continue;
        };
        out.push_str(&text[pos..call.start]);
        let block = |out: &mut String, html: &str| super::push_block(out, html, markdown);
        match expansion {
            Expansion::Inline(html) => out.push_str(&html),
            Expansion::Block(html) => block(&mut out, &html),
            Expansion::Wrap { open, close, inner } => {
                block(&mut out, &open);
                out.push_str(inner.as_deref().or(call.body).unwrap_or(""));
                block(&mut out, &close);
            }
            Expansion::Nothing => {}
        }
        pos = call.end;
        search = call.end;
    }
    out.push_str(&text[pos..]);
    let diagnostics = super::unknown_templates(
        unknown,
        "unknown Zola shortcode",
        "kept as text",
        "it calls the site's own template",
    );
    Expanded {
        text: out,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_shortcodes_expand_and_others_are_said() {
        let text = "{{ youtube(id=\"dQw4w9WgXcQ\", autoplay=true) }}\n\n\
                    {% note(title=\"Careful\") %}\nMind the *gap*.\n{% end %}\n\n\
                    {{ figure(src=\"cat.png\", caption=\"A cat\") }}\n\n\
                    {{ site_stats() }} and `{{ youtube(id=\"x\") }}` in code.\n";
        let out = expand_zola(text, true, 5);
        let html = crate::markdown::markdown_to_html(&out.text);
        for expected in [
            "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>",
            "<blockquote>\n<p><strong>Careful</strong></p>\n<p>Mind the <em>gap</em>.</p>\n</blockquote>",
            "<figure><img src=\"cat.png\" alt=\"A cat\"><figcaption>A cat</figcaption></figure>",
            "{{ site_stats() }} and <code>{{ youtube(id=\"x\") }}</code> in code.",
        ] {
            assert!(html.contains(expected), "{expected}\n---\n{html}");
        }
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0].message.contains("`site_stats`"));
        assert_eq!(out.diagnostics[0].position.map(|p| p.line), Some(13));
    }

    #[test]
    fn arguments_parse_like_tera() {
        assert_eq!(
            parse_args(r#"id="a, b", n=3, t='x"y'"#),
            Some(vec![
                ("id".into(), "a, b".into()),
                ("n".into(), "3".into()),
                ("t".into(), "x\"y".into())
            ])
        );
        assert_eq!(parse_args("not args"), None);
    }
}
