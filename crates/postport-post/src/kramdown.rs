//! kramdown's own syntax in Markdown bodies (Jekyll's default Markdown): attribute lists
//! (`{: .notice}`, `{:toc}`) and extensions (`{::comment}`), which CommonMark prints as text.
//!
//! Attribute lists are taken out of the parsed events, so code never loses a `{:`: an id
//! is kept on a heading, classes and other attributes go (the tree has no place for
//! them), a `{:toc}` list becomes the post's table of contents, as kramdown builds it.

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::heading_ids::kramdown_id;

/// Whether the body may hold kramdown syntax worth the slower path.
pub fn may_have_syntax(markdown: &str) -> bool {
    markdown.contains("{:") || markdown.contains("\n*[")
}

/// A kramdown abbreviation definition: `*[HTML]: Hyper Text Markup Language`.
fn is_abbreviation(line: &str) -> bool {
    line.strip_prefix("*[")
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(name, _)| !name.is_empty() && !name.contains(']'))
}

/// An inline attribute list: `{: #id .class key="value" reference}`.
#[derive(Debug, Default, PartialEq)]
struct AttributeList {
    id: Option<String>,
    classes: Vec<String>,
    references: Vec<String>,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Parses an attribute list at the start of `s`; returns it and its length in bytes.
/// Extensions (`{::`) and their ends (`{:/`) are not attribute lists.
fn parse_attribute_list(s: &str) -> Option<(AttributeList, usize)> {
    let rest = s.strip_prefix("{:")?;
    if rest.starts_with([':', '/']) {
        return None;
    }
    let mut list = AttributeList::default();
    let mut chars = rest.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
        let (at, c) = chars.next()?;
        match c {
            '}' => return Some((list, 2 + at + 1)),
            '.' | '#' => {
                let mut name = String::new();
                while let Some((_, c)) = chars.next_if(|(_, c)| is_name_char(*c)) {
                    name.push(c);
                }
                if name.is_empty() {
                    return None;
                }
                if c == '#' {
                    list.id = Some(name);
                } else {
                    list.classes.push(name);
                }
            }
            c if is_name_char(c) => {
                let mut name = String::from(c);
                while let Some((_, c)) = chars.next_if(|(_, c)| is_name_char(*c)) {
                    name.push(c);
                }
                match chars.peek().map(|(_, c)| *c) {
                    // `key="value"` or `key='value'`: the value may hold spaces and braces.
                    Some('=') => {
                        chars.next();
                        let (_, quote) = chars.next().filter(|(_, q)| *q == '"' || *q == '\'')?;
                        chars.find(|(_, c)| *c == quote)?;
                    }
                    // An attribute list definition (`{:name: .class}`) defines, not applies.
                    Some(':') => {
                        chars.next();
                    }
                    _ => list.references.push(name),
                }
            }
            _ => return None,
        }
        if !matches!(chars.peek(), Some((_, ' ' | '\t' | '}'))) {
            return None;
        }
    }
}

/// Finds the attribute lists in a text run: the run itself trimmed, or a leading one
/// when the run directly follows an inline element (a span attribute list). Returns
/// what is left of the text and the lists taken out.
fn take_attribute_lists(text: &str, after_span: bool) -> Option<(String, Vec<AttributeList>)> {
    let trimmed = text.trim();
    let mut lists = Vec::new();
    let mut rest = trimmed;
    while let Some((list, len)) = parse_attribute_list(rest) {
        lists.push(list);
        rest = rest[len..].trim_start();
    }
    if !lists.is_empty() && rest.is_empty() {
        return Some((String::new(), lists));
    }
    if after_span && let Some((list, len)) = parse_attribute_list(text) {
        return Some((text[len..].to_string(), vec![list]));
    }
    None
}

/// The heading a table of contents lists.
struct TocEntry {
    level: HeadingLevel,
    text: String,
    id: Option<String>,
    listed: bool,
}

/// Marks where a table of contents goes until every heading is known.
const TOC_MARK: &str = "\u{0}postport-toc\u{0}";

/// Takes kramdown attribute lists out of the events: ids go on headings, `{:toc}` lists
/// become a table of contents of the post's headings, the rest is dropped.
pub fn apply_attribute_lists(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut lists: Vec<(usize, bool)> = Vec::new();
    let mut toc_depth: Option<usize> = None;
    let mut paragraph: Option<usize> = None;
    let mut drop_break = false;
    let mut headings: Vec<TocEntry> = Vec::new();
    let mut heading_text: Option<String> = None;
    let mut in_code = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(event);
            }
            Event::Text(text) if in_code => out.push(Event::Text(text)),
            Event::Text(text) => {
                let after_span = matches!(
                    out.last(),
                    Some(
                        Event::End(
                            TagEnd::Emphasis
                                | TagEnd::Strong
                                | TagEnd::Link
                                | TagEnd::Image
                                | TagEnd::Strikethrough
                        ) | Event::Code(_)
                    )
                );
                let Some((rest, found)) = take_attribute_lists(&text, after_span) else {
                    if let Some(t) = &mut heading_text {
                        t.push_str(&text);
                    }
                    out.push(Event::Text(text));
                    drop_break = false;
                    continue;
                };
                for list in &found {
                    if list.references.iter().any(|r| r == "toc") && !lists.is_empty() {
                        toc_depth = Some(lists.len());
                    }
                }
                if rest.is_empty() {
                    // A line of its own: the break before it (or after it) goes too.
                    if matches!(out.last(), Some(Event::SoftBreak)) {
                        out.pop();
                    } else {
                        drop_break = true;
                    }
                    // A list right after a heading, as its own paragraph, is the heading's.
                    if let Some(start) = paragraph
                        && out.len() == start + 1
                        && let Some(Event::End(TagEnd::Heading(_))) =
                            start.checked_sub(1).and_then(|i| out.get(i))
                    {
                        apply_to_last_heading(&mut out[..start], &mut headings, &found);
                    }
                    // `{: .language-ruby}` after an indented code block names its language.
                    if let Some(start) = paragraph
                        && out.len() == start + 1
                        && let Some(Event::End(TagEnd::CodeBlock)) =
                            start.checked_sub(1).and_then(|i| out.get(i))
                        && let Some(language) = found
                            .iter()
                            .flat_map(|l| &l.classes)
                            .find_map(|c| c.strip_prefix("language-"))
                        && let Some(Event::Start(Tag::CodeBlock(kind))) = out[..start]
                            .iter_mut()
                            .rev()
                            .find(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
                        && matches!(kind, CodeBlockKind::Indented)
                    {
                        *kind = CodeBlockKind::Fenced(CowStr::from(language.to_string()));
                    }
                } else {
                    out.push(Event::Text(CowStr::from(rest)));
                    drop_break = false;
                }
            }
            Event::SoftBreak if drop_break => drop_break = false,
            Event::Start(Tag::Paragraph) => {
                paragraph = Some(out.len());
                out.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                // A paragraph that held only attribute lists is no paragraph.
                match paragraph.take() {
                    Some(start) if out.len() == start + 1 => {
                        out.pop();
                    }
                    _ => out.push(event),
                }
                drop_break = false;
            }
            Event::Start(Tag::List(first)) => {
                lists.push((out.len(), first.is_some()));
                out.push(event);
            }
            Event::End(TagEnd::List(_)) => {
                let (start, ordered) = lists.pop().unwrap_or((out.len(), false));
                if toc_depth == Some(lists.len() + 1) {
                    toc_depth = None;
                    out.truncate(start);
                    out.push(Event::Html(CowStr::from(if ordered {
                        format!("{TOC_MARK}ol")
                    } else {
                        format!("{TOC_MARK}ul")
                    })));
                } else {
                    out.push(event);
                }
            }
            Event::Start(Tag::Heading {
                level,
                ref id,
                ref classes,
                ..
            }) => {
                headings.push(TocEntry {
                    level,
                    text: String::new(),
                    id: id.as_ref().map(|i| i.to_string()),
                    listed: !classes.iter().any(|c| c.as_ref() == "no_toc"),
                });
                heading_text = Some(String::new());
                out.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(text), Some(entry)) = (heading_text.take(), headings.last_mut()) {
                    entry.text = text;
                }
                out.push(event);
            }
            Event::Code(ref code) => {
                if let Some(t) = &mut heading_text {
                    t.push_str(code);
                }
                out.push(event);
                drop_break = false;
            }
            other => {
                drop_break = false;
                out.push(other);
            }
        }
    }
    if out
        .iter()
        .any(|e| matches!(e, Event::Html(h) if h.starts_with(TOC_MARK)))
    {
        let ids = heading_ids(&headings);
        let mut spliced = Vec::with_capacity(out.len() + headings.len() * 6);
        for event in out.drain(..) {
            match event {
                Event::Html(h) if h.starts_with(TOC_MARK) => {
                    let ordered = h.ends_with("ol");
                    spliced.extend(table_of_contents(&headings, &ids, ordered));
                }
                other => spliced.push(other),
            }
        }
        return spliced;
    }
    out
}

/// Gives the heading whose events end `events` the id of an attribute list after it,
/// and takes it out of the table of contents when it says `.no_toc`.
fn apply_to_last_heading(
    events: &mut [Event<'_>],
    headings: &mut [TocEntry],
    lists: &[AttributeList],
) {
    let Some(start) = events
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Heading { .. })))
    else {
        return;
    };
    for list in lists {
        if let Some(new_id) = &list.id
            && let Event::Start(Tag::Heading { id, .. }) = &mut events[start]
        {
            *id = Some(CowStr::from(new_id.clone()));
            if let Some(entry) = headings.last_mut() {
                entry.id = Some(new_id.clone());
            }
        }
        if list.classes.iter().any(|c| c == "no_toc")
            && let Some(entry) = headings.last_mut()
        {
            entry.listed = false;
        }
    }
}

/// The ids kramdown gives the headings: their own, else made from the text, numbered
/// from `-1` when repeated (the same ids the post's `#fragment` links are matched to).
fn heading_ids(headings: &[TocEntry]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    headings
        .iter()
        .map(|h| {
            if let Some(id) = &h.id {
                return id.clone();
            }
            let slug = kramdown_id(&h.text);
            let count = seen.entry(slug.clone()).or_insert(0);
            let id = match *count {
                0 => slug,
                n => format!("{slug}-{n}"),
            };
            *count += 1;
            id
        })
        .collect()
}

/// A nested list of links to the listed headings, as events.
fn table_of_contents(headings: &[TocEntry], ids: &[String], ordered: bool) -> Vec<Event<'static>> {
    let list = || Tag::List(ordered.then_some(1));
    let mut events = Vec::new();
    let mut open: Vec<HeadingLevel> = Vec::new();
    for (heading, id) in headings.iter().zip(ids).filter(|(h, _)| h.listed) {
        while open.len() > 1 && open.last().is_some_and(|l| *l > heading.level) {
            open.pop();
            events.extend([Event::End(TagEnd::Item), Event::End(TagEnd::List(ordered))]);
        }
        // A heading above the first one listed is still listed at the top level.
        if let [only] = open.as_mut_slice()
            && *only > heading.level
        {
            *only = heading.level;
        }
        if open.last() == Some(&heading.level) {
            events.push(Event::End(TagEnd::Item));
        } else {
            open.push(heading.level);
            events.push(Event::Start(list()));
        }
        events.extend([
            Event::Start(Tag::Item),
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url: CowStr::from(format!("#{id}")),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }),
            Event::Text(CowStr::from(heading.text.clone())),
            Event::End(TagEnd::Link),
        ]);
    }
    for _ in open {
        events.extend([Event::End(TagEnd::Item), Event::End(TagEnd::List(ordered))]);
    }
    events
}

/// Removes kramdown extensions from the source: `{::comment}…{:/comment}` and
/// `{::options … /}` go; `{::nomarkdown}` keeps its content without the markers.
/// Fenced code is left as written.
pub fn strip_extensions(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("{::") && !markdown.contains("\n*[") {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<String> = None;
    let mut in_comment = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.trim_end().starts_with(open.as_str())
                && trimmed.trim_end().trim_start_matches(['`', '~']).is_empty()
            {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if !in_comment && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let c = trimmed.chars().next().unwrap_or('`');
            fence = Some(trimmed.chars().take_while(|x| *x == c).collect());
            out.push_str(line);
            continue;
        }
        // Abbreviations only add a tooltip where the word is used; their definitions
        // would otherwise print as text.
        if !in_comment && is_abbreviation(line) {
            continue;
        }
        let mut rest = line;
        let mut kept = String::new();
        loop {
            if in_comment {
                match find_end(rest, "comment") {
                    Some(end) => {
                        in_comment = false;
                        rest = &rest[end..];
                    }
                    None => break,
                }
                continue;
            }
            let Some(at) = rest.find("{::") else {
                kept.push_str(rest);
                break;
            };
            kept.push_str(&rest[..at]);
            let tail = &rest[at + 3..];
            if let Some(after) = tail.strip_prefix("comment}") {
                in_comment = true;
                rest = after;
            } else if let Some(after) = tail.strip_prefix("nomarkdown}") {
                rest = after;
            } else if tail.starts_with("options")
                && let Some(end) = tail.find("/}")
            {
                rest = &tail[end + 2..];
            } else {
                kept.push_str("{::");
                rest = tail;
            }
        }
        let kept = kept.replace("{:/nomarkdown}", "");
        // A line the extensions filled alone leaves nothing, not an empty line.
        if kept.trim().is_empty() && !line.trim().is_empty() {
            continue;
        }
        out.push_str(&kept);
    }
    Cow::Owned(out)
}

/// The end of an extension (`{:/name}` or `{:/}`) in `s`: the offset after it.
fn find_end(s: &str, name: &str) -> Option<usize> {
    let long = format!("{{:/{name}}}");
    [
        s.find(&long).map(|i| i + long.len()),
        s.find("{:/}").map(|i| i + 4),
    ]
    .into_iter()
    .flatten()
    .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists_parse() {
        let (list, len) =
            parse_attribute_list("{: #top .a .b-c title=\"x } y\" toc} rest").unwrap();
        assert_eq!(len, 34);
        assert_eq!(list.id.as_deref(), Some("top"));
        assert_eq!(list.classes, ["a", "b-c"]);
        assert_eq!(list.references, ["toc"]);
        assert!(parse_attribute_list("{:toc}").is_some());
        assert!(parse_attribute_list("{:.no_toc}").is_some());
        assert!(parse_attribute_list("{:refdef: .c}").is_some());
        for not in [
            "{::comment}",
            "{:/}",
            "{: hello world!}",
            "{: .}",
            "{: a=b}",
            "{:x",
        ] {
            assert!(parse_attribute_list(not).is_none(), "{not}");
        }
    }

    #[test]
    fn extensions_go_but_code_keeps_them() {
        let src = "a\n{::comment}\nhidden\n{:/comment}\nb {::comment}x{:/} c\n*[HTML]: Hyper Text\n\
                   {::options parse_block_html=\"true\" /}\n{::nomarkdown}<b>k</b>{:/nomarkdown}\n\
                   ```\n{::comment}\n```\n";
        assert_eq!(
            strip_extensions(src),
            "a\nb  c\n<b>k</b>\n```\n{::comment}\n```\n"
        );
    }
}

#[cfg(test)]
mod rendered {
    use crate::markdown::markdown_to_html;

    #[test]
    fn block_and_span_lists_leave_no_text() {
        let html = markdown_to_html(
            "A notice.\n{: .notice--info}\n\n{: .lead}\nLead text.\n\n\
             ![pic](a.png){: .align-center width=\"50%\"} and [l](u){:target=\"_blank\"}.\n\n\
             Say `{: .x}` and {:toc} in prose.\n\n```\n{: .kept}\n```\n\n    puts 1\n{: .language-ruby}\n",
        );
        assert_eq!(
            html,
            "<p>A notice.</p>\n<p>Lead text.</p>\n\
             <p><img src=\"a.png\" alt=\"pic\" /> and <a href=\"u\">l</a>.</p>\n\
             <p>Say <code>{: .x}</code> and {:toc} in prose.</p>\n\
             <pre><code>{: .kept}\n</code></pre>\n\
             <pre><code class=\"language-ruby\">puts 1\n</code></pre>\n"
        );
    }

    #[test]
    fn heading_lists_give_ids_and_toc_lists_the_headings() {
        let html = markdown_to_html(
            "## Contents\n{: .no_toc .text-delta}\n\n1. TOC\n{:toc}\n\n\
             ## First Part\n\n### Detail `x`\n{: #custom}\n\n## First Part\n\n# Top\n",
        );
        assert_eq!(
            html,
            "<h2>Contents</h2>\n\
             <ol>\n<li><a href=\"#first-part\">First Part</a>\n\
             <ol>\n<li><a href=\"#custom\">Detail x</a></li>\n</ol>\n</li>\n\
             <li><a href=\"#first-part-1\">First Part</a></li>\n\
             <li><a href=\"#top\">Top</a></li>\n</ol>\n\
             <h2>First Part</h2>\n<h3 id=\"custom\">Detail <code>x</code></h3>\n\
             <h2>First Part</h2>\n<h1>Top</h1>\n"
        );
    }
}
