//! Tag plugins of the most used Hexo themes and plugins (NexT, Butterfly, spoiler/fold,
//! hexo-katex/hexo-math): notes, tabs, folds, labels, buttons, mermaid, formulas. Hexo without the theme fails
//! on them, so they become plain HTML that every output, and every target CMS, reads.

use super::Expansion;
use super::scan::{TagToken, split_args};
use super::snippet;

/// A theme tag's expansion; `None` for one no known theme defines.
pub(crate) fn expand(tag: &TagToken<'_>, inner: Option<&str>) -> Option<Expansion> {
    let text = tag.arg_text();
    match tag.name().to_ascii_lowercase().as_str() {
        // Callouts: a set-apart block, as the quote is in every reader.
        "note" | "tip" | "centerquote" | "cq" | "alert" | "callout" => {
            inner?;
            // `note [style…] [title]`: style words (NexT's, Butterfly's) then, as Hexo's own
            // site writes it, a title.
            let title: Vec<String> = split_args(text, false)
                .into_iter()
                .map(|a| a.value)
                .skip_while(|w| is_note_style(w))
                .collect();
            Some(Expansion::Wrap {
                open: snippet::callout_open(Some(&title.join(" "))),
                close: "</blockquote>".to_string(),
                inner: None,
            })
        }
        "fold" | "folding" | "spoiler" | "hidetoggle" | "hideblock" => {
            inner?;
            // Butterfly's `hideToggle display,bg,color`: the display text comes first.
            let title = text.split(',').next().unwrap_or("").trim();
            let title = unquote(title);
            let title = if title.is_empty() { "Show" } else { title };
            Some(Expansion::Wrap {
                open: format!("<details><summary>{}</summary>", snippet::text(title)),
                close: "</details>".to_string(),
                inner: None,
            })
        }
        "tabs" | "subtabs" => Some(Expansion::Wrap {
            open: String::new(),
            close: String::new(),
            inner: Some(tab_panels(inner?, text)),
        }),
        "grouppicture" | "gp" | "gallery" => Some(Expansion::Wrap {
            open: String::new(),
            close: String::new(),
            inner: None,
        }),
        // NexT `label class@text`, Butterfly `label text color`.
        "label" => {
            let label = match text.split_once('@') {
                Some((_, label)) => label.trim().to_string(),
                None => split_args(text, false).first()?.value.clone(),
            };
            Some(Expansion::Inline(snippet::text(unquote(&label))))
        }
        // NexT `button url, text, icon, title`; Butterfly `btn url,text,icon,style`.
        "button" | "btn" => {
            let parts: Vec<&str> = text.split(',').map(|p| unquote(p.trim())).collect();
            let url = parts.first().copied().filter(|u| !u.is_empty())?;
            let label = parts
                .get(1)
                .copied()
                .filter(|l| !l.is_empty())
                .unwrap_or(url);
            Some(Expansion::Inline(snippet::element(
                "a",
                &[("href", Some(url))],
                &snippet::text(label),
            )))
        }
        "mermaid" => {
            let inner = inner?;
            let code = format!("{}\n{}", text.trim(), inner.trim_matches('\n'));
            Some(Expansion::Block(snippet::code_block(
                Some("mermaid"),
                code.trim_start(),
            )))
        }
        // hexo-katex, hexo-math: `{% katex '{"displayMode": true}' %}…{% endkatex %}`.
        "katex" | "math" | "mathjax" | "latex" => {
            let tex = inner?;
            let display = text.contains("displayMode\": true")
                || text.contains("displayMode\":true")
                || tex.trim_start().starts_with("$$");
            Some(super::math_expansion(tex, display))
        }
        "pdf" => {
            let url = split_args(text, false).first().map(|a| a.value.clone())?;
            Some(Expansion::Block(snippet::embed_link("frame", &url, &url)))
        }
        "inlineimg" => {
            let src = split_args(text, false).first().map(|a| a.value.clone())?;
            Some(Expansion::Inline(snippet::image(&src, "", None)))
        }
        _ => None,
    }
}

/// The words that style a note (its colour, icon, look), not its title.
fn is_note_style(word: &str) -> bool {
    matches!(
        word,
        "default"
            | "primary"
            | "success"
            | "info"
            | "warning"
            | "warn"
            | "danger"
            | "no-icon"
            | "flat"
            | "simple"
            | "modern"
            | "disabled"
            | "light"
            | "dark"
            | "red"
            | "blue"
            | "green"
            | "yellow"
            | "orange"
            | "purple"
            | "pink"
            | "gray"
            | "grey"
    ) || word.starts_with("fa")
        || word.contains(':')
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

/// The panels of a `tabs` block, one after another, each under its caption in bold:
/// `<!-- tab [caption] [@icon] -->…<!-- endtab -->`. A tab without a caption is named as
/// the theme names it: the block's name and the tab's number.
fn tab_panels(inner: &str, args: &str) -> String {
    let name = unquote(args.split(',').next().unwrap_or("").trim());
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    let mut number = 0;
    while let Some(at) = rest.find("<!--") {
        let Some(end) = rest[at..].find("-->").map(|e| at + e + 3) else {
            break;
        };
        let comment = rest[at + 4..end - 3].trim();
        out.push_str(&rest[..at]);
        if comment == "endtab" {
            out.push_str("\n\n");
        } else if let Some(caption) = comment
            .strip_prefix("tab")
            .filter(|c| c.is_empty() || c.starts_with(char::is_whitespace))
        {
            number += 1;
            // `@icon` names an icon, not words.
            let caption: Vec<&str> = caption
                .split_whitespace()
                .filter(|w| !w.starts_with('@'))
                .collect();
            let caption = if caption.is_empty() {
                format!("{name} {number}").trim().to_string()
            } else {
                caption.join(" ")
            };
            out.push_str(&format!(
                "\n\n<p><strong>{}</strong></p>\n\n",
                snippet::text(&caption)
            ));
        } else {
            out.push_str(&rest[at..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
