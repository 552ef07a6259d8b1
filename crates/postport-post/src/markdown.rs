//! Markdown bodies to HTML with pulldown-cmark (CommonMark + GFM tables, strikethrough,
//! task lists, footnotes); raw HTML passes through to the one HTML reader.

use pulldown_cmark::{Options, Parser, TextMergeStream, html};

use crate::kramdown;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders a Markdown body to HTML.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    if kramdown::may_have_syntax(markdown) {
        let source = kramdown::strip_extensions(markdown);
        let events = TextMergeStream::new(Parser::new_ext(&source, options())).collect();
        html::push_html(
            &mut out,
            kramdown::apply_attribute_lists(events).into_iter(),
        );
    } else {
        html::push_html(&mut out, Parser::new_ext(markdown, options()));
    }
    out
}

/// Renders one line of Markdown (a caption) to inline HTML, without the paragraph.
pub fn inline_markdown_html(markdown: &str) -> String {
    let html = markdown_to_html(markdown);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfm_features() {
        let html = markdown_to_html("~~x~~ [^1]\n\n- [x] done\n\n| a |\n|---|\n| b |\n\n[^1]: n\n");
        assert!(html.contains("<del>x</del>"), "{html}");
        assert!(html.contains("footnote-reference"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert_eq!(inline_markdown_html("a *b*"), "a <em>b</em>");
    }
}
