//! Markdown bodies to HTML with pulldown-cmark (CommonMark + GFM tables, strikethrough,
//! task lists, footnotes); raw HTML passes through to the one HTML reader.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, TextMergeStream, html};

use crate::kramdown;
use crate::math::MathSyntax;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders a Markdown body to HTML, dollars as text.
pub fn markdown_to_html(markdown: &str) -> String {
    markdown_to_html_with(markdown, MathSyntax::None, false)
}

/// Renders a Markdown body to HTML, reading dollars as `math` says, and `:shortcode:`
/// emoji when `emoji` is on.
pub fn markdown_to_html_with(markdown: &str, math: MathSyntax, emoji: bool) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let kramdown = kramdown::may_have_syntax(markdown);
    let mut options = options();
    if math != MathSyntax::None
        && (markdown.contains('$') || markdown.contains("\\(") || markdown.contains("\\["))
    {
        options |= Options::ENABLE_MATH;
    }
    let emoji = emoji && markdown.contains(':');
    if !kramdown && !emoji && !options.contains(Options::ENABLE_MATH) {
        html::push_html(&mut out, Parser::new_ext(markdown, options));
        return out;
    }
    let source = if kramdown {
        kramdown::strip_extensions(markdown)
    } else {
        Cow::Borrowed(markdown)
    };
    let dollars = (math == MathSyntax::Dollars
        && (source.contains("\\(") || source.contains("\\[")))
    .then(|| {
        // Code and raw HTML keep their backslashes: MathJax reads `\\(` in HTML itself.
        let mut protected: Vec<std::ops::Range<usize>> = Parser::new_ext(&source, options)
            .into_offset_iter()
            .filter(|(e, _)| {
                matches!(
                    e,
                    Event::Html(_)
                        | Event::InlineHtml(_)
                        | Event::Code(_)
                        | Event::Start(pulldown_cmark::Tag::CodeBlock(_))
                )
            })
            .map(|(_, range)| range)
            .collect();
        protected.sort_by_key(|r| r.start);
        crate::math::mathjax_delimiters_as_dollars(&source, &protected)
    })
    .flatten();
    let source = dollars.map_or(source, Cow::Owned);
    let mut events: Vec<Event> = TextMergeStream::new(Parser::new_ext(&source, options)).collect();
    if math == MathSyntax::DoubleDollars {
        events = crate::math::kramdown_math(events);
    }
    if kramdown {
        events = kramdown::apply_attribute_lists(events);
    }
    if emoji {
        events = crate::emoji::emojify(events);
    }
    html::push_html(&mut out, events.into_iter());
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
