//! The visible text of a tree, and summaries cut from it without breaking a character.
//! Used for JSON Lines `body_text`, Atom summaries, search and fidelity checks.

use unicode_segmentation::UnicodeSegmentation;

use crate::{Block, Inline, RawFormat};

/// The visible text of blocks: one line per paragraph, list item, heading or table
/// row (cells separated by a tab), code verbatim. Image alt texts are not visible
/// and are left out; captions are in.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        push_block(&mut out, block);
    }
    let kept = out.trim_end_matches(['\n', ' ']).len();
    out.truncate(kept);
    out
}

/// The visible text of inlines, on one line but for hard line breaks.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, inlines);
    out
}

fn end_line(out: &mut String) {
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn push_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            push_inlines(out, content);
            end_line(out);
        }
        Block::BlockQuote { content } | Block::FootnoteDefinition { content, .. } => {
            for b in content {
                push_block(out, b);
            }
        }
        Block::List(list) => {
            for item in &list.items {
                for b in &item.content {
                    push_block(out, b);
                }
                end_line(out);
            }
        }
        Block::CodeBlock { code, .. } => {
            out.push_str(code.trim_end_matches('\n'));
            end_line(out);
        }
        Block::Table(table) => {
            if !table.caption.is_empty() {
                push_inlines(out, &table.caption);
                end_line(out);
            }
            for row in table.rows() {
                for (i, cell) in row.cells.iter().enumerate() {
                    if i > 0 {
                        out.push('\t');
                    }
                    let text = plain_text(&cell.content);
                    out.push_str(&text.replace('\n', " "));
                }
                end_line(out);
            }
        }
        Block::Figure(figure) => {
            push_inlines(out, &figure.caption);
            end_line(out);
        }
        Block::Embed(embed) => {
            out.push_str(embed.title.as_deref().unwrap_or(&embed.url));
            end_line(out);
        }
        Block::Details {
            summary, content, ..
        } => {
            push_inlines(out, summary);
            end_line(out);
            for b in content {
                push_block(out, b);
            }
        }
        Block::Raw(raw) => {
            push_raw(out, raw.format, &raw.content);
            end_line(out);
        }
        Block::ThematicBreak | Block::MoreMarker => {}
    }
}

fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Code { code } => out.push_str(code),
            Inline::Math { tex, .. } => out.push_str(tex),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content } => push_inlines(out, content),
            Inline::Link(link) => push_inlines(out, &link.content),
            Inline::LineBreak => out.push('\n'),
            Inline::Raw(raw) => push_raw(out, raw.format, &raw.content),
            Inline::Image(_) | Inline::FootnoteReference { .. } => {}
        }
    }
}

fn push_raw(out: &mut String, format: RawFormat, content: &str) {
    match format {
        RawFormat::Html => out.push_str(&strip_tags(content)),
        _ => out.push_str(content),
    }
}

/// The text of sanitized, well-formed HTML: tags removed, the XML entities and
/// numeric references decoded, whitespace collapsed. Only for [`crate::Raw`] HTML,
/// which the HTML reader has already serialized.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&text);
    decoded
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Cuts `text` to at most `max` user-perceived characters (grapheme clusters), never
/// inside one. It prefers to end after a sentence mark (`。！？.!?`) in the last third,
/// else at a space for spaced scripts, and adds `…` when it cut anything.
pub fn truncate_text(text: &str, max: usize) -> String {
    let text = text.trim();
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    if graphemes.len() <= max {
        return text.to_string();
    }
    let head = &graphemes[..max];
    let floor = max * 2 / 3;
    let sentence_end = head
        .iter()
        .rposition(|g| matches!(*g, "。" | "！" | "？" | "." | "!" | "?" | "；" | ";"))
        .filter(|&i| i >= floor);
    let cut = match sentence_end {
        Some(i) => i + 1,
        None => head
            .iter()
            .rposition(|g| g.chars().all(char::is_whitespace))
            .filter(|&i| i >= floor)
            .unwrap_or(max),
    };
    let mut out: String = head[..cut].concat();
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if sentence_end.is_none() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Inline, List, ListItem, Raw};

    #[test]
    fn text_of_blocks_one_line_each() {
        let blocks = vec![
            Block::Heading {
                level: 2,
                id: None,
                content: vec![Inline::text("标题")],
            },
            Block::paragraph(vec![
                Inline::text("甲"),
                Inline::Strong {
                    content: vec![Inline::text("乙")],
                },
                Inline::LineBreak,
                Inline::text("丙"),
            ]),
            Block::List(List {
                ordered: false,
                start: 1,
                tight: true,
                items: vec![ListItem {
                    task: None,
                    content: vec![Block::paragraph(vec![Inline::text("item")])],
                }],
            }),
            Block::MoreMarker,
            Block::Raw(Raw {
                format: RawFormat::Html,
                content: "<dl><dt>a &amp; b</dt><dd>&#x4e2d;</dd></dl>".into(),
            }),
        ];
        assert_eq!(plain_text(&blocks), "标题\n甲乙\n丙\nitem\na & b 中");
    }

    #[test]
    fn truncation_never_splits_a_character() {
        let text = "北京新冠肺炎疫情防控工作领导小组召开会议。研究调度疫情处置工作，确保落实";
        let cut = truncate_text(text, 25);
        assert_eq!(cut, "北京新冠肺炎疫情防控工作领导小组召开会议。");
        let emoji = "👩‍👩‍👧‍👦".repeat(10);
        let cut = truncate_text(&emoji, 3);
        assert_eq!(cut, format!("{}…", "👩‍👩‍👧‍👦".repeat(3)));
    }

    #[test]
    fn truncation_prefers_spaces_in_spaced_scripts() {
        let cut = truncate_text("The quick brown fox jumps over the lazy dog", 22);
        assert_eq!(cut, "The quick brown fox…");
        assert_eq!(truncate_text("short", 10), "short");
    }
}
