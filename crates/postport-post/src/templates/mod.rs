//! Template syntax in bodies (Hugo shortcodes, Hexo tag plugins, Jekyll's Liquid) turned
//! into HTML the reader understands before the body is parsed; an unknown tag is kept
//! verbatim as a raw node, with a diagnostic, never dropped.

mod hexo;
mod hexo_theme;
mod hugo;
mod hugo_theme;
mod liquid;
mod scan;
mod snippet;
mod wordpress;
mod zola;

pub use liquid::captures as liquid_captures;
pub use wordpress::expand_wordpress;
pub use zola::expand_zola;

use std::collections::{BTreeMap, HashMap};

use postport_model::{Diagnostic, DiagnosticKind};

pub use scan::{Delim, Dialect, TagToken, code_ranges, in_ranges, scan};

/// What a known tag becomes.
pub(crate) enum Expansion {
    /// HTML (or a URL) in place of the tag, inside the surrounding text.
    Inline(String),
    /// Block HTML: in Markdown it is set apart by blank lines.
    Block(String),
    /// A paired tag whose inner content is expanded and kept between these.
    Wrap {
        /// Before the inner content.
        open: String,
        /// After it.
        close: String,
        /// The inner content rewritten before it is expanded, if the tag reshapes it.
        inner: Option<String>,
    },
    /// Nothing (a Liquid comment).
    Nothing,
}

/// What expansion needs to know besides the text.
pub struct TemplateEnv<'a> {
    /// The template language.
    pub dialect: Dialect,
    /// Whether the body is Markdown (code regions apply; blocks need blank lines).
    pub markdown: bool,
    /// Values for Liquid `{{ site.x }}` (`site.url`, `site.baseurl`, `site.title`).
    pub variables: &'a BTreeMap<String, String>,
    /// The file line the text starts on, for diagnostics.
    pub first_line: u32,
}

/// The text with its templates expanded, and what was kept verbatim.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The expanded text.
    pub text: String,
    /// One warning per unknown tag name.
    pub diagnostics: Vec<Diagnostic>,
}

const MAX_DEPTH: usize = 8;

/// Whether text ending with `before` is about to take a URL: a Markdown link or image
/// destination, a reference definition, an autolink, an HTML `href`/`src` value.
fn in_url_position(before: &str) -> bool {
    let tail = before.trim_end_matches([' ', '\t']);
    tail.ends_with("](")
        || tail.ends_with("](<")
        || tail.ends_with("]:")
        || tail.ends_with('<')
        || ["href=", "src="].iter().any(|attr| {
            tail.strip_suffix(['"', '\''])
                .unwrap_or(tail)
                .to_ascii_lowercase()
                .ends_with(attr)
        })
}

/// Expands the templates of `text`.
pub fn expand_templates(text: &str, env: &TemplateEnv<'_>) -> Expanded {
    let mut unknown: BTreeMap<String, (usize, u32)> = BTreeMap::new();
    let out = expand_at(text, env, 0, 0, &mut unknown);
    let format = match env.dialect {
        Dialect::Hugo => "Hugo shortcode",
        Dialect::Hexo => "Hexo tag",
        Dialect::Liquid => "Liquid tag",
    };
    let diagnostics = unknown_templates(
        unknown,
        &format!("unknown {format}"),
        "kept verbatim",
        "no output format can render it",
    );
    Expanded {
        text: out,
        diagnostics,
    }
}

/// One warning per unknown template name (`name` → how many, first line), in the form
/// "{what} `name` {kept} (N times); {why}".
fn unknown_templates(
    unknown: BTreeMap<String, (usize, u32)>,
    what: &str,
    kept: &str,
    why: &str,
) -> Vec<Diagnostic> {
    unknown
        .into_iter()
        .map(|(name, (count, line))| {
            let times = if count > 1 {
                format!(" ({count} times)")
            } else {
                String::new()
            };
            Diagnostic::warning(
                DiagnosticKind::UnknownTemplate,
                format!("{what} `{name}` {kept}{times}; {why}"),
            )
            .at(line, None)
        })
        .collect()
}

/// A formula from a template tag: set apart in its own paragraph, or inline.
fn math_expansion(tex: &str, display: bool) -> Expansion {
    let html = snippet::math(tex, display);
    if display {
        Expansion::Block(format!("<p>{html}</p>"))
    } else {
        Expansion::Inline(html)
    }
}

fn raw_format(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Hugo => "hugo-shortcode",
        Dialect::Hexo => "hexo-tag",
        Dialect::Liquid => "liquid",
    }
}

/// The name that closes a paired tag named `name`.
fn closer_of(name: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Hugo => format!("/{name}"),
        Dialect::Hexo | Dialect::Liquid => format!("end{name}"),
    }
}

fn is_closer(name: &str, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Hugo => name.starts_with('/'),
        Dialect::Hexo | Dialect::Liquid => name.starts_with("end"),
    }
}

fn expand_at(
    text: &str,
    env: &TemplateEnv<'_>,
    base: usize,
    depth: usize,
    unknown: &mut BTreeMap<String, (usize, u32)>,
) -> String {
    let tokens = scan(text, env.dialect);
    if tokens.is_empty() {
        return text.to_string();
    }
    let code = if env.markdown {
        code_ranges(text)
    } else {
        Vec::new()
    };
    let line_of = |offset: usize| env.first_line + text[..offset].matches('\n').count() as u32;
    // Positions of each closing name, to pair tags without rescanning.
    let names: Vec<String> = tokens.iter().map(TagToken::name).collect();
    let mut closers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        if is_closer(&names[i], env.dialect) && !in_ranges(&code, t.span.start) {
            closers.entry(names[i].as_str()).or_default().push(i);
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut i = 0;
    while i < tokens.len() {
        let tag = &tokens[i];
        if tag.span.start < pos {
            i += 1;
            continue;
        }
        out.push_str(&text[pos..tag.span.start]);
        pos = tag.span.end;
        i += 1;
        if in_ranges(&code, tag.span.start) {
            out.push_str(&literal_in_code(tag, env.dialect));
            continue;
        }
        if tag.delim == Delim::HugoEscaped {
            let literal = unescape_hugo(tag);
            out.push_str(&if env.markdown {
                snippet::text(&literal)
            } else {
                literal.replace('<', "&lt;")
            });
            continue;
        }
        let name = names[i - 1].clone();
        let standalone = standalone(text, tag.span.clone());
        // Pair with the first unused closer after this tag (nesting of the same name counted).
        let mut close_index = None;
        if !is_closer(&name, env.dialect) && !tag.self_closing() && tag.delim != Delim::Output {
            let closer = closer_of(&name, env.dialect);
            if let Some(positions) = closers.get(closer.as_str()) {
                let mut nested = 0usize;
                for j in i..tokens.len() {
                    let n = names[j].as_str();
                    if n == name && !tokens[j].self_closing() {
                        nested += 1;
                    } else if n == closer && positions.binary_search(&j).is_ok() {
                        if nested == 0 {
                            close_index = Some(j);
                            break;
                        }
                        nested -= 1;
                    }
                }
            }
        }
        let inner = close_index.map(|j| &text[tag.span.end..tokens[j].span.start]);
        let expansion = if depth >= MAX_DEPTH {
            None
        } else {
            match env.dialect {
                Dialect::Hugo => hugo::expand(tag, inner, env),
                Dialect::Hexo => hexo::expand(tag, inner, env),
                Dialect::Liquid => liquid::expand(tag, inner, env),
            }
        };
        let after = close_index.map_or(pos, |j| tokens[j].span.end);
        match expansion {
            Some(Expansion::Inline(html)) => {
                let post_ref = html.starts_with(postport_html::url::POST_REF_SCHEME);
                if post_ref && !in_url_position(&out) {
                    // `ref`/`post_url` outside a link prints the post's address: here, a
                    // link to the post (its title becomes the text).
                    out.push_str(&format!("<a href=\"{html}\"></a>"));
                } else {
                    out.push_str(&html);
                }
                pos = after;
            }
            Some(Expansion::Block(html)) => {
                push_block(&mut out, &html, env.markdown);
                pos = after;
            }
            Some(Expansion::Nothing) => pos = after,
            Some(Expansion::Wrap {
                open,
                close,
                inner: rewritten,
            }) => {
                let inner_text = rewritten.as_deref().or(inner).unwrap_or("");
                let inner_base = base + tag.span.end;
                let expanded = expand_at(
                    inner_text,
                    &sub_env(env, line_of(tag.span.end)),
                    inner_base,
                    depth + 1,
                    unknown,
                );
                push_block(&mut out, &open, env.markdown);
                out.push_str(&expanded);
                push_block(&mut out, &close, env.markdown);
                pos = after;
            }
            None => {
                let entry = unknown
                    .entry(name.trim_start_matches('/').to_string())
                    .or_insert((0, line_of(tag.span.start)));
                entry.0 += 1;
                let format = raw_format(env.dialect);
                match (close_index, inner) {
                    (Some(j), Some(inner_text)) => {
                        let closing = &tokens[j];
                        let expanded = expand_at(
                            inner_text,
                            &sub_env(env, line_of(tag.span.end)),
                            base + tag.span.end,
                            depth + 1,
                            unknown,
                        );
                        push_raw(&mut out, format, tag.raw, standalone, env.markdown);
                        out.push_str(&expanded);
                        push_raw(&mut out, format, closing.raw, standalone, env.markdown);
                        pos = after;
                    }
                    _ => push_raw(&mut out, format, tag.raw, standalone, env.markdown),
                }
            }
        }
    }
    out.push_str(&text[pos.min(text.len())..]);
    out
}

fn sub_env<'a>(env: &TemplateEnv<'a>, first_line: u32) -> TemplateEnv<'a> {
    TemplateEnv {
        dialect: env.dialect,
        markdown: env.markdown,
        variables: env.variables,
        first_line,
    }
}

fn push_block(out: &mut String, html: &str, markdown: bool) {
    if markdown {
        out.push_str("\n\n");
        out.push_str(html);
        out.push_str("\n\n");
    } else {
        out.push_str(html);
    }
}

fn push_raw(out: &mut String, format: &str, source: &str, standalone: bool, markdown: bool) {
    let html = snippet::raw(format, source, standalone);
    if standalone {
        push_block(out, &html, markdown);
    } else {
        out.push_str(&html);
    }
}

/// Whether a tag is alone on its line(s).
fn standalone(text: &str, span: std::ops::Range<usize>) -> bool {
    let before = &text[..span.start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &text[span.end..];
    let line_end = after.find('\n').unwrap_or(after.len());
    before[line_start..].trim().is_empty() && after[..line_end].trim().is_empty()
}

/// What a tag inside Markdown code shows: the escaped form without its comment
/// markers, Liquid `raw` markers removed, anything else as written.
fn literal_in_code(tag: &TagToken<'_>, dialect: Dialect) -> String {
    match (dialect, tag.delim) {
        (_, Delim::HugoEscaped) => unescape_hugo(tag),
        (Dialect::Liquid, Delim::Statement) if matches!(tag.name().as_str(), "raw" | "endraw") => {
            String::new()
        }
        _ => tag.raw.to_string(),
    }
}

/// `{{</* x */>}}` → `{{< x >}}`.
fn unescape_hugo(tag: &TagToken<'_>) -> String {
    tag.raw
        .replacen("{{</*", "{{<", 1)
        .replacen("{{%/*", "{{%", 1)
        .replacen("*/>}}", ">}}", 1)
        .replacen("*/%}}", "%}}", 1)
}

#[cfg(test)]
mod tests;
