//! The allowlist applied to a tree that did not come from this crate's reader (a JSON
//! Lines `body` written elsewhere): unsafe link and image URLs are removed.

use postport_model::walk::{walk_blocks_mut, walk_inlines_mut};
use postport_model::{Block, Inline, LinkTarget, inline_text};

use crate::url::{sanitize_href, sanitize_src};

/// Removes unsafe URLs from a tree in place: a link becomes its plain text,
/// an image is replaced by its alt text. Returns how many were removed.
pub fn sanitize_tree(blocks: &mut [Block]) -> usize {
    let mut removed = 0;
    walk_inlines_mut(blocks, &mut |inline| match inline {
        Inline::Link(link) => {
            if let LinkTarget::Url(url) = &link.target {
                match sanitize_href(url) {
                    Some(clean) => link.target = LinkTarget::Url(clean),
                    None => {
                        removed += 1;
                        *inline = Inline::text(inline_text(&link.content));
                    }
                }
            }
        }
        Inline::Image(image) => match sanitize_src(&image.src) {
            Some(clean) => image.src = clean,
            None => {
                removed += 1;
                *inline = Inline::text(image.alt.clone());
            }
        },
        _ => {}
    });
    walk_blocks_mut(blocks, &mut |block| {
        if let Block::Figure(figure) = block {
            if let Some(link) = &figure.link {
                figure.link = sanitize_href(link);
            }
            match sanitize_src(&figure.image.src) {
                Some(clean) => figure.image.src = clean,
                None => {
                    removed += 1;
                    let caption = std::mem::take(&mut figure.caption);
                    *block = Block::Paragraph { content: caption };
                }
            }
        } else if let Block::Embed(embed) = block
            && sanitize_href(&embed.url).is_none()
        {
            removed += 1;
            let text = embed.title.clone().unwrap_or_default();
            *block = Block::Paragraph {
                content: vec![Inline::text(text)],
            };
        }
    });
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{Image, Link};

    #[test]
    fn removes_script_urls() {
        let mut blocks = vec![Block::paragraph(vec![
            Inline::Link(Link {
                target: LinkTarget::Url("javascript:alert(1)".into()),
                title: None,
                content: vec![Inline::text("x")],
            }),
            Inline::Image(Image {
                src: "vbscript:x".into(),
                alt: "alt".into(),
                title: None,
            }),
        ])];
        assert_eq!(sanitize_tree(&mut blocks), 2);
        assert_eq!(
            blocks,
            vec![Block::paragraph(vec![
                Inline::text("x"),
                Inline::text("alt")
            ])]
        );
    }
}
