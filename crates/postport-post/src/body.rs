//! Whether a body is Markdown or HTML. News archives saved as `.md` often hold pure
//! HTML, indented in ways Markdown would turn into code blocks, so it is decided by content.

/// The markup of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// CommonMark/GFM with raw HTML.
    Markdown,
    /// HTML.
    Html,
}

const BLOCK_TAGS: &[&str] = &[
    "div",
    "p",
    "section",
    "article",
    "main",
    "header",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "figure",
    "blockquote",
    "center",
    "font",
    "span",
    "html",
    "body",
    "!doctype",
    "pre",
];

/// Decides a body's markup: `.html`/`.htm` files and front matter `markup: html` are
/// HTML; otherwise a body that opens with a block-level HTML tag and has no Markdown
/// block syntax (headings, lists, fences, quotes) at the start of any line is HTML.
pub fn detect_body_format(body: &str, extension: Option<&str>, markup: Option<&str>) -> BodyFormat {
    if let Some(ext) = extension
        && (ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm"))
    {
        return BodyFormat::Html;
    }
    if let Some(m) = markup {
        if m.eq_ignore_ascii_case("html") {
            return BodyFormat::Html;
        }
        if matches!(
            m.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "goldmark"
        ) {
            return BodyFormat::Markdown;
        }
    }
    let trimmed = body.trim_start();
    let Some(rest) = trimmed.strip_prefix('<') else {
        return BodyFormat::Markdown;
    };
    let tag: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect::<String>()
        .to_ascii_lowercase();
    if !BLOCK_TAGS.contains(&tag.as_str()) {
        return BodyFormat::Markdown;
    }
    if !may_hold_markdown(body) {
        return BodyFormat::Html;
    }
    let mut in_code = false;
    let markdown_lines = body
        .lines()
        .filter(|l| {
            // Scripts and style sheets hold brackets and asterisks of their own.
            let (opens, closes) = script_or_style_tags(l);
            let inside = in_code || opens;
            in_code = (in_code || opens) && !closes;
            !inside && (looks_like_markdown_block(l) || looks_like_markdown_inline(l))
        })
        .count();
    if markdown_lines == 0 {
        BodyFormat::Html
    } else {
        BodyFormat::Markdown
    }
}

/// Whether any line could be Markdown by the tests below: a line starting with a
/// character that opens Markdown block syntax, or a link or strong emphasis anywhere.
/// Most HTML bodies have none, and are then known without looking at every tag.
fn may_hold_markdown(body: &str) -> bool {
    body.contains("](")
        || body.contains("**")
        || body.lines().any(|line| {
            matches!(
                line.trim_start().as_bytes().first(),
                Some(b'#' | b'-' | b'*' | b'+' | b'`' | b'~' | b'>' | b'[' | b'!' | b'0'..=b'9')
            )
        })
}

/// Whether a line opens and whether it closes a `<script>` or `<style>` element. One
/// pass over the line's `<`s: this runs on every line of every HTML body.
fn script_or_style_tags(line: &str) -> (bool, bool) {
    let (mut opens, mut closes) = (false, false);
    for (i, _) in line.match_indices('<') {
        let rest = &line.as_bytes()[i + 1..];
        let (closing, name) = match rest.strip_prefix(b"/") {
            Some(name) => (true, name),
            None => (false, rest),
        };
        let named = |tag: &[u8]| {
            name.get(..tag.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(tag))
        };
        if named(b"script") || named(b"style") {
            if closing {
                closes = true;
            } else {
                opens = true;
            }
        }
    }
    (opens, closes)
}

fn looks_like_markdown_block(line: &str) -> bool {
    if line.starts_with("    ") || line.starts_with('\t') {
        return false;
    }
    let t = line.trim_start();
    if t.starts_with('<') || t.is_empty() {
        return false;
    }
    let heading = t.starts_with('#') && t.trim_start_matches('#').starts_with(' ');
    let bullet = (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")) && t.len() > 2;
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = (1..4).contains(&digits) && t[digits..].starts_with(". ");
    let fence = t.starts_with("```") || t.starts_with("~~~");
    let quote = t.starts_with("> ");
    let image_or_link = t.starts_with("![") || (t.starts_with('[') && t.contains("]("));
    heading || bullet || ordered || fence || quote || image_or_link
}

/// A text line with a Markdown link (`[text](target)`) or strong emphasis
/// (`**text**`): markup an HTML author would have written as tags.
fn looks_like_markdown_inline(line: &str) -> bool {
    let t = line.trim_start();
    // Most lines of an HTML body have neither bracket nor asterisk: one scan says so.
    if t.starts_with('<') || memchr::memchr2(b']', b'*', t.as_bytes()).is_none() {
        return false;
    }
    let link = t.match_indices("](").any(|(i, _)| {
        let after = &t[i + 2..];
        t[..i].contains('[')
            && after.contains(')')
            && after.chars().next().is_some_and(|c| !c.is_whitespace())
    });
    let strong = t.split("**").nth(1).is_some_and(|inner| {
        t.matches("**").count() >= 2 && inner.starts_with(|c: char| !c.is_whitespace())
    });
    link || strong
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_news_bodies_are_html() {
        let body = "\n<div>\n<p>　　正文。</p>\n\n            <style>\n            .x&#123;a:b&#125;\n            </style>\n</div>\n";
        assert_eq!(detect_body_format(body, Some("md"), None), BodyFormat::Html);
        // Brackets and asterisks inside a script are code, not Markdown.
        let body = "<div>\n<p>text</p>\n<script>\nhandlers[name](event);\nx = a ** b ** c;\n</script>\n</div>\n";
        assert_eq!(detect_body_format(body, Some("md"), None), BodyFormat::Html);
    }

    #[test]
    fn script_and_style_tags_are_found_in_any_case() {
        assert_eq!(
            script_or_style_tags("<SCRIPT type=x>a</Script>"),
            (true, true)
        );
        assert_eq!(script_or_style_tags("a < b <style"), (true, false));
        assert_eq!(script_or_style_tags("</style> <scrip"), (false, true));
        assert_eq!(script_or_style_tags("<p>x</p>"), (false, false));
    }

    #[test]
    fn markdown_with_some_html_is_markdown() {
        assert_eq!(
            detect_body_format(
                "<div align=center><img src=x></div>\n\n## Title\n",
                None,
                None
            ),
            BodyFormat::Markdown
        );
        // An HTML block first, Markdown links and emphasis in the text after it.
        assert_eq!(
            detect_body_format(
                "<h3 id=\"part\">Part</h3>\n\nBack to [one](../one/) now.\n",
                None,
                None
            ),
            BodyFormat::Markdown
        );
        assert_eq!(
            detect_body_format("<p align=center>x</p>\n\nThis is **bold**.\n", None, None),
            BodyFormat::Markdown
        );
        assert_eq!(
            detect_body_format("Hello *world*", None, None),
            BodyFormat::Markdown
        );
        assert_eq!(
            detect_body_format("<!-- comment -->\ntext", None, None),
            BodyFormat::Markdown
        );
        assert_eq!(
            detect_body_format("anything", Some("html"), None),
            BodyFormat::Html
        );
        assert_eq!(
            detect_body_format("<p>x</p>", None, Some("md")),
            BodyFormat::Markdown
        );
    }
}
