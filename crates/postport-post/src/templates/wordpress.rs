//! WordPress shortcodes that posts migrated from WordPress (jekyll-import, the Hugo and
//! Hexo migrators) still carry in their HTML: `[caption]`, `[sourcecode]`/`[code]` and
//! `[embed]`. Unexpanded, a captioned photo prints its shortcode around the image.

use std::ops::Range;

use super::scan::{code_ranges, in_ranges, split_args};
use super::snippet;

/// A shortcode found in the text: its name, its argument text, where it starts and where
/// its closing tag ends, and its inner text.
struct Shortcode<'a> {
    name: &'a str,
    args: &'a str,
    span: Range<usize>,
    inner: &'a str,
}

/// Names this reader expands; others (`[gallery]`, `[contact-form]`) stay as written.
const NAMES: &[&str] = &[
    "caption",
    "wp_caption",
    "sourcecode",
    "source",
    "code",
    "embed",
];

/// Finds the next paired shortcode of a known name at or after `from`.
fn next_shortcode(text: &str, from: usize) -> Option<Shortcode<'_>> {
    let mut at = from;
    while let Some(offset) = text[at..].find('[') {
        let start = at + offset;
        at = start + 1;
        let rest = &text[start + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if !NAMES.contains(&name) || !rest[name_len..].starts_with([' ', ']']) {
            continue;
        }
        let Some(open_end) = rest.find(']').map(|i| start + 1 + i) else {
            continue;
        };
        let args = &text[start + 1 + name_len..open_end];
        if args.contains('\n') {
            continue;
        }
        let closer = format!("[/{name}]");
        let Some(close_at) = text[open_end + 1..].find(&closer).map(|i| open_end + 1 + i) else {
            continue;
        };
        return Some(Shortcode {
            name,
            args: args.trim(),
            span: start..close_at + closer.len(),
            inner: &text[open_end + 1..close_at],
        });
    }
    None
}

/// Expands the WordPress shortcodes of `text` (outside Markdown code when `markdown`);
/// `None` when there are none.
pub fn expand_wordpress(text: &str, markdown: bool) -> Option<String> {
    // A closing `[/` is rare; looking for it first spares a search per shortcode name.
    if !text.contains("[/") || !NAMES.iter().any(|n| text.contains(&format!("[/{n}]"))) {
        return None;
    }
    let code = if markdown {
        code_ranges(text)
    } else {
        Vec::new()
    };
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut changed = false;
    while let Some(sc) = next_shortcode(text, pos) {
        if in_ranges(&code, sc.span.start) {
            out.push_str(&text[pos..sc.span.end]);
            pos = sc.span.end;
            continue;
        }
        let Some(html) = expand(&sc) else {
            out.push_str(&text[pos..sc.span.start + 1]);
            pos = sc.span.start + 1;
            continue;
        };
        out.push_str(&text[pos..sc.span.start]);
        // In Markdown the HTML must stand on lines of its own; new lines are added only
        // where the shortcode shared one, so diagnostics keep their line numbers.
        if markdown && !(out.is_empty() || out.ends_with('\n')) {
            out.push_str("\n\n");
        }
        out.push_str(&html);
        if markdown && !text[sc.span.end..].starts_with('\n') {
            out.push_str("\n\n");
        }
        pos = sc.span.end;
        changed = true;
    }
    out.push_str(&text[pos..]);
    changed.then_some(out)
}

fn named<'a>(args: &'a [super::scan::Arg], name: &str) -> Option<&'a str> {
    args.iter()
        .find(|a| a.name.as_deref() == Some(name))
        .map(|a| a.value.as_str())
        .filter(|v| !v.is_empty())
}

fn expand(sc: &Shortcode<'_>) -> Option<String> {
    let args = split_args(sc.args, false);
    match sc.name {
        // `[caption id=… align=… width=…]<a><img></a> The caption[/caption]`; old posts
        // put the caption in a `caption="…"` attribute instead.
        "caption" | "wp_caption" => {
            let inner = sc.inner.trim();
            let end = image_end(inner)?;
            let (image, text) = inner.split_at(end);
            let caption = named(&args, "caption").unwrap_or(text.trim());
            let caption = if caption.is_empty() {
                String::new()
            } else {
                format!("<figcaption>{caption}</figcaption>")
            };
            Some(format!("<figure>{image}{caption}</figure>"))
        }
        "sourcecode" | "source" | "code" => {
            let language = named(&args, "language")
                .or_else(|| named(&args, "lang"))
                .or_else(|| {
                    args.iter()
                        .find(|a| a.name.is_none())
                        .map(|a| a.value.as_str())
                });
            Some(snippet::code_block(language, sc.inner))
        }
        "embed" => {
            let url = sc.inner.trim();
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return None;
            }
            Some(snippet::embed_link("frame", url, url))
        }
        _ => None,
    }
}

/// Where the leading image of a caption's content ends: after `<img …>`, or after the
/// `</a>` of a link around it.
fn image_end(inner: &str) -> Option<usize> {
    let lower = inner.to_ascii_lowercase();
    if lower.starts_with("<a") {
        let img = lower.find("<img")?;
        let close = lower[img..].find("</a>")? + img;
        Some(close + 4)
    } else if lower.starts_with("<img") {
        Some(lower.find('>')? + 1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_code_and_embeds_expand() {
        let text = "Before\n\n[caption id=\"attachment_12\" align=\"aligncenter\" width=\"300\"]\
                    <a href=\"big.jpg\"><img src=\"small.jpg\" alt=\"Bay\" /></a> The bay at <em>dawn</em>[/caption]\n\n\
                    [caption caption=\"Old style\"]<img src=\"b.jpg\">[/caption]\n\n\
                    [sourcecode language=\"python\"]\nprint(1 < 2)\n[/sourcecode]\n\n\
                    [embed]https://www.youtube.com/watch?v=abc[/embed]\n\n\
                    `[code]x[/code]` and [gallery ids=\"1,2\"] stay.\n";
        let out = expand_wordpress(text, true).expect("expands");
        for expected in [
            "<figure><a href=\"big.jpg\"><img src=\"small.jpg\" alt=\"Bay\" /></a><figcaption>The bay at <em>dawn</em></figcaption></figure>",
            "<figure><img src=\"b.jpg\"><figcaption>Old style</figcaption></figure>",
            "<pre><code class=\"language-python\">print(1 &lt; 2)</code></pre>",
            "<a href=\"https://www.youtube.com/watch?v=abc\">",
            "`[code]x[/code]` and [gallery ids=\"1,2\"] stay.",
        ] {
            assert!(out.contains(expected), "{expected}\n---\n{out}");
        }
        assert!(expand_wordpress("no shortcodes [here]", true).is_none());
    }
}
