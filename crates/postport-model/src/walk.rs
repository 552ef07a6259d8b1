//! Generic traversal of the tree, so writers can query or rewrite links, images and
//! blocks without each writing its own recursion (pandoc's `Walk`).

use crate::{Block, Inline};

/// Calls `f` on every block, containers before their children.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        for_each_child_blocks(block, &mut |children| walk_blocks(children, f));
    }
}

/// Calls `f` on every block, containers before their children, mutably.
pub fn walk_blocks_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        for_each_child_blocks_mut(block, &mut |children| walk_blocks_mut(children, f));
    }
}

/// Calls `f` on every inline of every block, containers before their children.
pub fn walk_inlines<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Inline)) {
    walk_blocks(blocks, &mut |block| {
        for_each_own_inlines(block, &mut |inlines| walk_inline_list(inlines, f));
    });
}

/// Calls `f` on every inline of every block, mutably.
pub fn walk_inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    walk_blocks_mut(blocks, &mut |block| {
        for_each_own_inlines_mut(block, &mut |inlines| walk_inline_list_mut(inlines, f));
    });
}

fn walk_inline_list<'a>(inlines: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        if let Some(children) = inline_children(inline) {
            walk_inline_list(children, f);
        }
    }
}

fn walk_inline_list_mut(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        if let Some(children) = inline_children_mut(inline) {
            walk_inline_list_mut(children, f);
        }
    }
}

/// The inline children of an inline container.
pub fn inline_children(inline: &Inline) -> Option<&[Inline]> {
    match inline {
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Superscript { content }
        | Inline::Subscript { content } => Some(content),
        Inline::Link(link) => Some(&link.content),
        _ => None,
    }
}

fn inline_children_mut(inline: &mut Inline) -> Option<&mut Vec<Inline>> {
    match inline {
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Superscript { content }
        | Inline::Subscript { content } => Some(content),
        Inline::Link(link) => Some(&mut link.content),
        _ => None,
    }
}

fn for_each_child_blocks<'a>(block: &'a Block, f: &mut impl FnMut(&'a [Block])) {
    match block {
        Block::BlockQuote { content }
        | Block::FootnoteDefinition { content, .. }
        | Block::Details { content, .. } => f(content),
        Block::List(list) => list.items.iter().for_each(|i| f(&i.content)),
        Block::Table(table) => table
            .rows()
            .flat_map(|r| &r.cells)
            .for_each(|c| f(&c.content)),
        _ => {}
    }
}

fn for_each_child_blocks_mut(block: &mut Block, f: &mut impl FnMut(&mut [Block])) {
    match block {
        Block::BlockQuote { content }
        | Block::FootnoteDefinition { content, .. }
        | Block::Details { content, .. } => f(content),
        Block::List(list) => list.items.iter_mut().for_each(|i| f(&mut i.content)),
        Block::Table(table) => table
            .head
            .iter_mut()
            .chain(&mut table.body)
            .chain(&mut table.foot)
            .flat_map(|r| &mut r.cells)
            .for_each(|c| f(&mut c.content)),
        _ => {}
    }
}

fn for_each_own_inlines<'a>(block: &'a Block, f: &mut impl FnMut(&'a [Inline])) {
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => f(content),
        Block::Figure(figure) => f(&figure.caption),
        Block::Table(table) => f(&table.caption),
        Block::Details { summary, .. } => f(summary),
        _ => {}
    }
}

fn for_each_own_inlines_mut(block: &mut Block, f: &mut impl FnMut(&mut [Inline])) {
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => f(content),
        Block::Figure(figure) => f(&mut figure.caption),
        Block::Table(table) => f(&mut table.caption),
        Block::Details { summary, .. } => f(summary),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Figure, Image, Link, LinkTarget, List, ListItem};

    fn sample() -> Vec<Block> {
        vec![
            Block::paragraph(vec![Inline::Strong {
                content: vec![Inline::Link(Link {
                    target: LinkTarget::Url("a.html".into()),
                    title: None,
                    content: vec![Inline::text("a")],
                })],
            }]),
            Block::List(List {
                ordered: false,
                start: 1,
                tight: true,
                items: vec![ListItem {
                    task: None,
                    content: vec![Block::Figure(Figure {
                        image: Image {
                            src: "x.png".into(),
                            alt: String::new(),
                            title: None,
                        },
                        link: None,
                        caption: vec![Inline::Image(Image {
                            src: "y.png".into(),
                            alt: String::new(),
                            title: None,
                        })],
                    })],
                }],
            }),
        ]
    }

    #[test]
    fn finds_nested_inlines_and_blocks() {
        let blocks = sample();
        let mut links = Vec::new();
        walk_inlines(&blocks, &mut |i| {
            if let Inline::Link(l) = i {
                links.push(l.target.clone());
            }
        });
        assert_eq!(links, vec![LinkTarget::Url("a.html".into())]);
        let mut figures = 0;
        walk_blocks(&blocks, &mut |b| {
            figures += usize::from(matches!(b, Block::Figure(_)))
        });
        assert_eq!(figures, 1);
    }

    #[test]
    fn rewrites_in_place() {
        let mut blocks = sample();
        walk_inlines_mut(&mut blocks, &mut |i| {
            if let Inline::Image(img) = i {
                img.src = format!("images/{}", img.src);
            }
        });
        let mut srcs = Vec::new();
        walk_inlines(&blocks, &mut |i| {
            if let Inline::Image(img) = i {
                srcs.push(img.src.clone());
            }
        });
        assert_eq!(srcs, vec!["images/y.png".to_string()]);
    }
}
