//! The body of an article as a document tree of blocks and inlines.
//! Every reader produces it and every writer consumes it; `Raw` is the lossless escape hatch.

use serde::{Deserialize, Serialize};

/// How deep block containers (quotes, lists, cells, figures, details, notes) may nest.
///
/// Readers flatten anything deeper (with a diagnostic) so that no input can make a
/// writer recurse without bound, and so that the tree always fits serde_json's
/// recursion limit when it travels as JSON.
pub const MAX_BLOCK_DEPTH: usize = 16;

/// How deep inline containers (emphasis, links, ...) may nest. See [`MAX_BLOCK_DEPTH`].
pub const MAX_INLINE_DEPTH: usize = 8;

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph {
        /// The paragraph's text.
        content: Vec<Inline>,
    },
    /// A heading, level 1 to 6.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The anchor id given by the source, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// The heading's text.
        content: Vec<Inline>,
    },
    /// A block quotation.
    BlockQuote {
        /// The quoted blocks.
        content: Vec<Block>,
    },
    /// A bulleted or numbered list.
    List(List),
    /// Preformatted code, kept byte for byte.
    CodeBlock {
        /// The language tag (`rust`, `js`), if the source named one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        /// The code, with its line breaks.
        code: String,
    },
    /// A table.
    Table(Table),
    /// An image with a caption.
    Figure(Figure),
    /// A horizontal rule.
    ThematicBreak,
    /// Embedded media from elsewhere (a video, an iframe): writers show a link where
    /// their format cannot embed it.
    Embed(Embed),
    /// A disclosure widget (HTML `details`, Hugo `details`).
    Details {
        /// The always-visible summary line.
        summary: Vec<Inline>,
        /// Whether it starts open.
        #[serde(default, skip_serializing_if = "is_false")]
        open: bool,
        /// The hidden content.
        content: Vec<Block>,
    },
    /// The text of a footnote, referenced by [`Inline::FootnoteReference`] with the same label.
    FootnoteDefinition {
        /// The label that references use.
        label: String,
        /// The note's content.
        content: Vec<Block>,
    },
    /// The excerpt divider (`<!-- more -->`, `<!--more-->`): what comes before it is the summary.
    MoreMarker,
    /// Content that the tree cannot express, kept verbatim (see [`Raw`]).
    Raw(Raw),
}

/// An inline element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text. Whitespace is already collapsed the way HTML renders it.
    Text {
        /// The characters.
        text: String,
    },
    /// Emphasis (usually italic).
    Emphasis {
        /// The emphasised inlines.
        content: Vec<Inline>,
    },
    /// Strong emphasis (usually bold).
    Strong {
        /// The strongly emphasised inlines.
        content: Vec<Inline>,
    },
    /// Struck-through text.
    Strikethrough {
        /// The deleted inlines.
        content: Vec<Inline>,
    },
    /// Superscript.
    Superscript {
        /// The raised inlines.
        content: Vec<Inline>,
    },
    /// Subscript.
    Subscript {
        /// The lowered inlines.
        content: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The code, verbatim.
        code: String,
    },
    /// A TeX formula (MathJax/KaTeX `$…$`, `$$…$$`), as pandoc's `Math`. HTML (EPUB,
    /// Atom): `<span class="math inline">\(…\)</span>`, or `display` with `\[…\]`, for
    /// MathJax to typeset and every other reader to show as written. Markdown: `$…$`,
    /// `$$…$$`, with the target told to pass them through.
    Math {
        /// The TeX source, without its delimiters.
        tex: String,
        /// Set apart on its own line (`$$…$$`), rather than in the text.
        display: bool,
    },
    /// A hyperlink.
    Link(Link),
    /// An inline image.
    Image(Image),
    /// A hard line break.
    LineBreak,
    /// A reference to the [`Block::FootnoteDefinition`] with this label.
    FootnoteReference {
        /// The note's label.
        label: String,
    },
    /// Inline content that the tree cannot express, kept verbatim (see [`Raw`]).
    Raw(Raw),
}

impl Inline {
    /// A text inline.
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into() }
    }
}

/// A hyperlink.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Where it points.
    pub target: LinkTarget,
    /// The tooltip title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The link text. Empty for a reference to another post written without a text
    /// (Hexo `{% post_link slug %}`): writers show that post's title.
    pub content: Vec<Inline>,
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LinkTarget {
    /// A URL, absolute or relative to the post, as the source wrote it.
    Url(String),
    /// Another post of the archive, named the way the source named it: a Hexo slug
    /// (`post_link`), a Hugo content path (`ref`, `relref`) or a Jekyll post name
    /// (`post_url`). Writers resolve it against the archive.
    Post(String),
}

/// An image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// The image's address as the source wrote it: a URL, or a path that
    /// [`crate::Article::assets`] maps to a file of the archive.
    pub src: String,
    /// The alternative text (empty for a decorative image).
    #[serde(default)]
    pub alt: String,
    /// The tooltip title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// An image with a caption, and optionally a link around the image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The image.
    pub image: Image,
    /// Where clicking the image leads, if the source linked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The caption (may be empty).
    #[serde(default)]
    pub caption: Vec<Inline>,
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// Numbered (`ol`) or bulleted (`ul`).
    pub ordered: bool,
    /// The first number of a numbered list.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub start: u64,
    /// Tight lists have no blank lines between items (no paragraphs in HTML).
    #[serde(default, skip_serializing_if = "is_false")]
    pub tight: bool,
    /// The items.
    pub items: Vec<ListItem>,
}

/// One item of a [`List`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// `Some(done)` for a task-list item (`- [x]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<bool>,
    /// The item's blocks.
    pub content: Vec<Block>,
}

/// A table: a caption, a header section, a body, a footer, per-column alignment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The caption (`<caption>`), empty if none. GFM has none: the Markdown writer puts
    /// it in a paragraph above the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<Inline>,
    /// One alignment per column (may be shorter than the widest row).
    #[serde(default)]
    pub alignments: Vec<Alignment>,
    /// Header rows (`thead`, or the first row of `th` cells).
    #[serde(default)]
    pub head: Vec<TableRow>,
    /// Body rows.
    #[serde(default)]
    pub body: Vec<TableRow>,
    /// Footer rows (`tfoot`: totals, notes). GFM has none: the Markdown writer puts
    /// them after the body rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foot: Vec<TableRow>,
}

impl Table {
    /// Every row: header, body, footer.
    pub fn rows(&self) -> impl Iterator<Item = &TableRow> {
        self.head.iter().chain(&self.body).chain(&self.foot)
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// The cells, left to right.
    pub cells: Vec<TableCell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableCell {
    /// The cell's content; a simple cell holds one paragraph.
    pub content: Vec<Block>,
    /// How many columns it spans (1 for an ordinary cell).
    #[serde(default = "one_u32", skip_serializing_if = "is_one_u32")]
    pub colspan: u32,
    /// How many rows it spans (1 for an ordinary cell).
    #[serde(default = "one_u32", skip_serializing_if = "is_one_u32")]
    pub rowspan: u32,
}

impl TableCell {
    /// A one-by-one cell.
    pub fn new(content: Vec<Block>) -> Self {
        TableCell {
            content,
            colspan: 1,
            rowspan: 1,
        }
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    /// Not specified.
    #[default]
    None,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// Media embedded from elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Embed {
    /// What the source embedded.
    pub kind: EmbedKind,
    /// The page or media URL (for YouTube and Vimeo, the watch page).
    pub url: String,
    /// A title for the link that stands in for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The kind of an [`Embed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmbedKind {
    /// A YouTube video.
    Youtube,
    /// A Vimeo video.
    Vimeo,
    /// Any other video (`<video>`).
    Video,
    /// Audio (`<audio>`).
    Audio,
    /// A GitHub gist.
    Gist,
    /// A post on X/Twitter.
    Tweet,
    /// Any other framed page (`<iframe>`).
    Frame,
}

/// Content kept verbatim because the tree cannot express it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Raw {
    /// What the content is written in.
    pub format: RawFormat,
    /// The content. For [`RawFormat::Html`] it is already sanitized (no scripts,
    /// no event handlers, no `javascript:` URLs); the others are shown as text.
    pub content: String,
}

/// The language of a [`Raw`] node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawFormat {
    /// Sanitized HTML (definition lists, ruby annotations, ...).
    Html,
    /// A Hugo shortcode this reader does not know, e.g. `{{< chart id=3 >}}`.
    HugoShortcode,
    /// A Hexo tag plugin this reader does not know, e.g. `{% note info %}...{% endnote %}`.
    HexoTag,
    /// A Liquid tag (Jekyll) this reader does not know, e.g. `{% include x.html %}`.
    Liquid,
}

impl Block {
    /// A paragraph.
    pub fn paragraph(content: Vec<Inline>) -> Self {
        Block::Paragraph { content }
    }
}

fn one() -> u64 {
    1
}
fn is_one(n: &u64) -> bool {
    *n == 1
}
fn one_u32() -> u32 {
    1
}
fn is_one_u32(n: &u32) -> bool {
    *n == 1
}
fn is_false(b: &bool) -> bool {
    !*b
}
