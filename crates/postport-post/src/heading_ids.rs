//! Heading anchors the source site generated: Hugo, Jekyll and Hexo give every Markdown
//! heading an id from its text, and a post's own links (`[see](#my-section)`) point at them.
//!
//! The tree keeps only ids the source wrote, so such links would lead nowhere. A heading
//! that a link of the same post names by one of those generated ids gets it as its id;
//! other headings stay without one, so outputs do not fill with anchors nobody uses.

use std::collections::{HashMap, HashSet};

use postport_html::url::percent_decode;
use postport_model::walk::{walk_blocks, walk_blocks_mut, walk_inlines};
use postport_model::{Block, Inline, LinkTarget, inline_text};

/// Gives the headings that the post's own `#fragment` links name their generated ids.
pub fn anchor_linked_headings(body: &mut [Block]) {
    let mut wanted: HashSet<String> = HashSet::new();
    walk_inlines(body, &mut |inline| {
        if let Inline::Link(link) = inline
            && let LinkTarget::Url(url) = &link.target
            && let Some(fragment) = url.strip_prefix('#')
            && !fragment.is_empty()
        {
            wanted.insert(percent_decode(fragment));
        }
    });
    if wanted.is_empty() {
        return;
    }
    // Ids already in the post are not generated again (a link to them already works).
    walk_blocks(body, &mut |block| {
        if let Block::Heading { id: Some(id), .. } = block {
            wanted.remove(id);
        }
    });
    if wanted.is_empty() {
        return;
    }
    let mut seen: [HashMap<String, usize>; 3] = Default::default();
    walk_blocks_mut(body, &mut |block| {
        let Block::Heading { id, content, .. } = block else {
            return;
        };
        let text = inline_text(content);
        let mut chosen = None;
        for (i, slug) in [github_id(&text), hexo_id(&text), kramdown_id(&text)]
            .into_iter()
            .enumerate()
        {
            // The second heading of the same text is `-1`, the third `-2`, in all three.
            let count = seen[i].entry(slug.clone()).or_insert(0);
            let slug = match *count {
                0 => slug,
                n => format!("{slug}-{n}"),
            };
            *count += 1;
            if chosen.is_none() && id.is_none() && wanted.contains(&slug) {
                chosen = Some(slug);
            }
        }
        if let Some(slug) = chosen {
            wanted.remove(&slug);
            *id = Some(slug);
        }
    });
}

/// Hugo's default (goldmark, `autoHeadingIDType = "github"`) and GitHub's: lower case,
/// letters and digits of any script, `-` and `_`; spaces become `-`; the rest goes.
fn github_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// Hexo's (hexo-renderer-marked, through hexo-util's `slugize`): runs of spaces and
/// punctuation become one `-`, trimmed at both ends; case and other scripts are kept.
fn hexo_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_control() {
            continue;
        }
        if c.is_whitespace() || "~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/".contains(c) {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Jekyll's (kramdown `auto_ids`): from the first ASCII letter on, ASCII letters, digits,
/// spaces and `-`; spaces become `-`; lower case; `section` when nothing is left.
pub(crate) fn kramdown_id(text: &str) -> String {
    let from_letter = text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let id: String = from_letter
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{Link, ListItem};

    fn heading(text: &str) -> Block {
        Block::Heading {
            level: 2,
            id: None,
            content: vec![Inline::text(text)],
        }
    }

    fn link_to(fragment: &str) -> Block {
        Block::Paragraph {
            content: vec![Inline::Link(Link {
                target: LinkTarget::Url(format!("#{fragment}")),
                title: None,
                content: vec![Inline::text("go")],
            })],
        }
    }

    fn ids(body: &[Block]) -> Vec<Option<String>> {
        let mut out = Vec::new();
        walk_blocks(body, &mut |b| {
            if let Block::Heading { id, .. } = b {
                out.push(id.clone());
            }
        });
        out
    }

    #[test]
    fn the_slug_of_each_generator() {
        assert_eq!(github_id("My Section: v2.0!"), "my-section-v20");
        assert_eq!(github_id("中文 标题"), "中文-标题");
        assert_eq!(hexo_id("My Section: v2.0!"), "My-Section-v2-0");
        assert_eq!(kramdown_id("1. My Section: v2.0!"), "my-section-v20");
        assert_eq!(kramdown_id("中文"), "section");
    }

    #[test]
    fn only_linked_headings_get_ids_and_duplicates_count() {
        let mut body = vec![
            Block::List(postport_model::List {
                ordered: false,
                start: 1,
                tight: true,
                items: vec![ListItem {
                    task: None,
                    content: vec![link_to("my-section-1"), link_to("%E4%B8%AD%E6%96%87")],
                }],
            }),
            heading("My Section"),
            heading("My Section"),
            heading("Unlinked"),
            heading("中文"),
        ];
        anchor_linked_headings(&mut body);
        assert_eq!(
            ids(&body),
            [None, Some("my-section-1".into()), None, Some("中文".into())]
        );
    }

    #[test]
    fn an_id_the_source_wrote_is_kept() {
        let mut body = vec![
            link_to("intro"),
            Block::Heading {
                level: 2,
                id: Some("intro".into()),
                content: vec![Inline::text("Intro")],
            },
            heading("Intro"),
        ];
        anchor_linked_headings(&mut body);
        assert_eq!(ids(&body), [Some("intro".into()), None]);
    }
}
