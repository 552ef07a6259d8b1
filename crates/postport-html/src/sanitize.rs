//! Serializes an HTML subtree the tree cannot model (a definition list, ruby text) as
//! sanitized, well-formed markup for a `Raw` node: allowlisted elements and attributes only.

use ego_tree::NodeRef;
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use scraper::Node;

use crate::url::{sanitize_href, sanitize_src};

/// Elements kept in raw fallbacks; anything else is unwrapped (its text kept).
const ALLOWED: &[&str] = &[
    "dl", "dt", "dd", "ruby", "rb", "rt", "rp", "rtc", "p", "ul", "ol", "li", "strong", "b", "em",
    "i", "code", "kbd", "samp", "a", "img", "br", "sup", "sub", "del", "s", "small", "mark",
    "abbr", "q", "cite", "dfn", "var",
];

/// Elements whose content never reaches an output.
pub(crate) const NEVER: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "canvas", "input", "button", "select", "textarea", "option", "head", "title", "meta", "link",
    "base", "frame", "frameset", "applet",
];

const VOID: &[&str] = &["br", "img", "hr", "wbr"];

/// What raw HTML may keep beyond text and formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPolicy {
    /// Keep `<img>` (with a safe `src`).
    pub images: bool,
    /// Keep links with relative URLs (only absolute `http(s)`/`mailto` otherwise).
    pub relative_links: bool,
}

impl Default for RawPolicy {
    fn default() -> Self {
        RawPolicy {
            images: true,
            relative_links: true,
        }
    }
}

/// The sanitized outer HTML of `node`.
pub(crate) fn sanitized_html(node: NodeRef<'_, Node>) -> String {
    sanitized_html_with(node, RawPolicy::default())
}

fn sanitized_html_with(node: NodeRef<'_, Node>, policy: RawPolicy) -> String {
    let mut writer = Writer::new(Vec::new());
    enum Step<'a> {
        Enter(NodeRef<'a, Node>),
        Close(&'static str),
    }
    let mut stack = vec![Step::Enter(node)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(name) => {
                let _ = writer.write_event(Event::End(BytesEnd::new(name)));
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            Node::Text(text) => {
                let clean = crate::xml_chars::xml_safe(text);
                let _ = writer.write_event(Event::Text(BytesText::from_escaped(
                    quick_xml::escape::partial_escape(clean.as_ref()),
                )));
            }
            Node::Element(el) => {
                let name = el.name();
                if NEVER.contains(&name) {
                    continue;
                }
                let Some(&allowed) = ALLOWED.iter().find(|n| **n == name) else {
                    push_children(&mut stack, node, Step::Enter);
                    continue;
                };
                let mut start = BytesStart::new(allowed);
                match allowed {
                    "a" => {
                        let href = el
                            .attr("href")
                            .and_then(sanitize_href)
                            .filter(|h| policy.relative_links || crate::url::scheme(h).is_some());
                        if let Some(href) = href {
                            start.push_attribute(("href", href.as_str()));
                        }
                    }
                    "img" => {
                        let Some(src) = el
                            .attr("src")
                            .and_then(sanitize_src)
                            .filter(|_| policy.images)
                        else {
                            continue;
                        };
                        start.push_attribute(("src", src.as_str()));
                        start.push_attribute(("alt", el.attr("alt").unwrap_or("")));
                    }
                    _ => {}
                }
                if let Some(title) = el.attr("title") {
                    start.push_attribute(("title", crate::xml_chars::xml_safe(title).as_ref()));
                }
                if VOID.contains(&allowed) {
                    let _ = writer.write_event(Event::Empty(start));
                } else {
                    let _ = writer.write_event(Event::Start(start));
                    stack.push(Step::Close(allowed));
                    push_children(&mut stack, node, Step::Enter);
                }
            }
            _ => {}
        }
    }
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

/// Sanitizes an HTML fragment (a `Raw` node from a source the reader did not make,
/// such as a JSON Lines tree), returning well-formed, allowlisted markup.
pub fn sanitize_fragment(html: &str, policy: RawPolicy) -> String {
    let doc = scraper::Html::parse_fragment(html);
    doc.root_element()
        .children()
        .map(|n| sanitized_html_with(n, policy))
        .collect()
}

fn push_children<'a, S>(
    stack: &mut Vec<S>,
    node: NodeRef<'a, Node>,
    f: impl Fn(NodeRef<'a, Node>) -> S,
) {
    let children: Vec<_> = node.children().collect();
    stack.extend(children.into_iter().rev().map(f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn first_element(html: &Html) -> NodeRef<'_, Node> {
        html.root_element()
            .first_child()
            .expect("fragment has content")
    }

    #[test]
    fn keeps_allowed_markup_only() {
        let html = Html::parse_fragment(
            r#"<dl onclick="x()"><dt class="t">A &amp; B<script>alert(1)</script></dt><dd><a href="javascript:x()">c</a> <a href="/d" onmouseover="y()">d</a><span style="color:red">e</span><br></dd></dl>"#,
        );
        assert_eq!(
            sanitized_html(first_element(&html)),
            r#"<dl><dt>A &amp; B</dt><dd><a>c</a> <a href="/d">d</a>e<br/></dd></dl>"#
        );
    }
}
