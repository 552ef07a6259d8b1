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
    let markdown_lines = body
        .lines()
        .filter(|l| looks_like_markdown_block(l))
        .count();
    if markdown_lines == 0 {
        BodyFormat::Html
    } else {
        BodyFormat::Markdown
    }
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
    let ordered = t.split_once(". ").is_some_and(|(n, _)| {
        !n.is_empty() && n.len() < 4 && n.bytes().all(|b| b.is_ascii_digit())
    });
    let fence = t.starts_with("```") || t.starts_with("~~~");
    let quote = t.starts_with("> ");
    let image_or_link = t.starts_with("![") || (t.starts_with('[') && t.contains("]("));
    heading || bullet || ordered || fence || quote || image_or_link
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_news_bodies_are_html() {
        let body = "\n<div>\n<p>　　正文。</p>\n\n            <style>\n            .x&#123;a:b&#125;\n            </style>\n</div>\n";
        assert_eq!(detect_body_format(body, Some("md"), None), BodyFormat::Html);
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
