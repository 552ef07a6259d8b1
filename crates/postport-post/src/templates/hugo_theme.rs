//! Shortcodes of the most used Hugo themes (Docsy, Book, Relearn/Learn, LoveIt/FixIt,
//! Hextra, Blowfish): callouts, folds, tabs, images, formulas, diagrams, buttons,
//! columns. A site without the theme fails on them, so they become plain HTML.

use super::Expansion;
use super::hugo::positional;
use super::scan::{Arg, TagToken, split_args};
use super::snippet;
use crate::markdown::inline_markdown_html;

fn named<'a>(args: &'a [Arg], names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|name| {
        args.iter()
            .find(|a| a.name.as_deref() == Some(*name))
            .map(|a| a.value.as_str())
    })
}

/// Names of callout shortcodes; the kind of note they take is not kept (a quote is a
/// quote in every reader).
const CALLOUTS: &[&str] = &[
    "notice",
    "alert",
    "hint",
    "callout",
    "admonition",
    "note",
    "tip",
    "warning",
    "info",
    "caution",
    "important",
    "danger",
    "attention",
    "pageinfo",
    "box",
    "message",
    "aside",
];

/// A theme shortcode's expansion; `None` for one no known theme defines.
pub(crate) fn expand(tag: &TagToken<'_>, inner: Option<&str>) -> Option<Expansion> {
    let args = split_args(tag.arg_text(), false);
    let name = tag.name().to_ascii_lowercase();
    match name.as_str() {
        n if CALLOUTS.contains(&n) => {
            inner?;
            // `notice warning "Title"`, `admonition tip "Title"`: the kind, then the title.
            let title = named(&args, &["title", "header"]).or_else(|| positional(&args, 1));
            Some(Expansion::Wrap {
                open: snippet::callout_open(title),
                close: "</blockquote>".to_string(),
                inner: None,
            })
        }
        "expand" | "collapse" | "spoiler" | "accordion" | "toggle" => {
            inner?;
            let title = named(&args, &["title", "summary", "header"])
                .or_else(|| positional(&args, 0))
                .unwrap_or("Show");
            Some(Expansion::Wrap {
                open: format!("<details><summary>{}</summary>", snippet::text(title)),
                close: "</details>".to_string(),
                inner: None,
            })
        }
        "tabs" | "tabpane" | "columns" | "column" | "row" | "cards" | "card" | "blocks"
        | "gallery" => Some(Expansion::Wrap {
            open: String::new(),
            close: String::new(),
            // Hugo Book splits columns with `<--->`.
            inner: Some(inner?.replace("<--->", "\n\n")),
        }),
        "tab" => {
            inner?;
            let caption =
                named(&args, &["name", "header", "title"]).or_else(|| positional(&args, 0));
            Some(Expansion::Wrap {
                open: caption
                    .map(|c| format!("<p><strong>{}</strong></p>", snippet::text(c)))
                    .unwrap_or_default(),
                close: String::new(),
                inner: None,
            })
        }
        "img" | "image" | "picture" | "imgproc" | "figure-image" => {
            let src =
                named(&args, &["src", "url", "path", "image"]).or_else(|| positional(&args, 0))?;
            let title = named(&args, &["title"]);
            // Hugo's own `imgproc` takes its caption as inner text.
            let inner_text = inner.map(str::trim).filter(|t| !t.is_empty());
            let caption = named(&args, &["caption"])
                .or(inner_text)
                .or(title)
                .unwrap_or("");
            let alt = named(&args, &["alt"]).unwrap_or(caption);
            let caption_html = if caption.is_empty() {
                String::new()
            } else {
                inline_markdown_html(caption)
            };
            Some(Expansion::Block(snippet::figure(
                src,
                alt,
                title.filter(|t| *t != caption),
                &caption_html,
            )))
        }
        "katex" | "math" | "mathjax" | "tex" | "latex" => {
            let tex = inner?;
            let display = named(&args, &["display", "block"]).is_some_and(|v| v != "false")
                || positional(&args, 0) == Some("display")
                || tex.trim_start().starts_with("$$")
                || tex.trim_start().starts_with("\\[");
            Some(super::math_expansion(tex, display))
        }
        "mermaid" => Some(Expansion::Block(snippet::code_block(
            Some("mermaid"),
            inner?,
        ))),
        // Hugo's documentation: `code-toggle` shows configuration, `code` a file.
        "code-toggle" | "code" | "codeblock" => {
            let code = inner?;
            let file = named(&args, &["file"]);
            let language = named(&args, &["lang", "language"])
                .or_else(|| file.and_then(|f| f.rsplit_once('.').map(|(_, ext)| ext)))
                .or((name == "code-toggle").then_some("toml"));
            Some(Expansion::Block(snippet::code_block(language, code)))
        }
        "asciicast" | "asciinema" => {
            let id = named(&args, &["id"]).or_else(|| positional(&args, 0))?;
            let url = format!("https://asciinema.org/a/{id}");
            Some(Expansion::Block(snippet::embed_link(
                "frame",
                &url,
                &format!("asciinema {id}"),
            )))
        }
        "button" | "btn" => {
            let href = named(&args, &["href", "url", "link"]).or_else(|| positional(&args, 0))?;
            let label = inner
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .or_else(|| named(&args, &["text", "title", "label"]))
                .unwrap_or(href);
            Some(Expansion::Inline(snippet::element(
                "a",
                &[("href", Some(href))],
                &snippet::text(label),
            )))
        }
        "bilibili" => {
            let id = named(&args, &["id"]).or_else(|| positional(&args, 0))?;
            let url = format!("https://www.bilibili.com/video/{id}");
            Some(Expansion::Block(snippet::embed_link(
                "frame",
                &url,
                &format!("Bilibili {id}"),
            )))
        }
        _ => None,
    }
}
