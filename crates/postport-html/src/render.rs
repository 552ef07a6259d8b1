//! The tree back to markup: one serializer whose output is both HTML5 and well-formed
//! XHTML (every text and attribute escaped by quick-xml, void elements self-closed).
//! Writers adapt it through [`RenderHooks`]: link targets, images, footnote style.

use std::collections::HashMap;
use std::io::{self, Write};

use postport_model::walk::walk_inlines;
use postport_model::{
    Alignment, Block, Embed, EmbedKind, Figure, Image, Inline, Link, LinkTarget, List, Raw,
    RawFormat, Table, TableCell,
};
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::sanitize::RawPolicy;
use crate::xml_chars::xml_safe;

/// How an image is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageChoice {
    /// An `<img>` with this `src`.
    Embed(String),
    /// A link to this URL with this text, standing in for the image (offline books).
    Link {
        /// Where the link goes.
        href: String,
        /// The link text.
        text: String,
    },
    /// This text in place of the image (a local image the archive does not hold).
    Text(String),
    /// Nothing.
    Omit,
}

/// How templates the reader did not know (Hugo shortcodes, Hexo tags) are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStyle {
    /// `<postport-raw data-format=…>`: recognised again by the reader (JSON Lines).
    Element,
    /// `<code class="template">`: plain, valid everywhere (EPUB, Atom).
    Code,
}

/// What a writer decides about rendering; every method has the JSON Lines default.
pub trait RenderHooks {
    /// The `href` of a link; `None` renders the link text without a link.
    fn link_href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Url(url) => Some(url.clone()),
            LinkTarget::Post(_) => None,
        }
    }

    /// Whether links to other posts carry `data-post="<reference>"`, so a reader can
    /// tell them from ordinary links.
    fn mark_post_links(&self) -> bool {
        true
    }

    /// The text of a link to another post written without one (`{% post_link slug %}`).
    fn post_title(&self, reference: &str) -> Option<String> {
        let _ = reference;
        None
    }

    /// How an image is rendered.
    fn image(&self, image: &Image) -> ImageChoice {
        ImageChoice::Embed(image.src.clone())
    }

    /// How unknown templates are rendered.
    fn template_style(&self) -> TemplateStyle {
        TemplateStyle::Element
    }

    /// EPUB footnotes: `epub:type="noteref"` links and `<aside epub:type="footnote">`.
    fn epub_footnotes(&self) -> bool {
        false
    }

    /// Whether the excerpt divider is written as `<!--more-->`.
    fn keep_more_marker(&self) -> bool {
        true
    }

    /// What raw HTML fallbacks may keep (a book wants no images or relative links there).
    fn raw_policy(&self) -> RawPolicy {
        RawPolicy::default()
    }
}

/// The JSON Lines rendering: everything kept, post links marked.
#[derive(Debug, Default, Clone, Copy)]
pub struct DefaultHooks;

impl RenderHooks for DefaultHooks {}

/// Renders blocks to an HTML string.
pub fn render_html(blocks: &[Block], hooks: &dyn RenderHooks) -> String {
    let mut writer = Writer::new(Vec::with_capacity(4096));
    // Writing to a Vec cannot fail.
    let _ = write_blocks(&mut writer, blocks, hooks);
    // quick-xml writes UTF-8; simdutf8 checks it several times faster than std.
    let bytes = writer.into_inner();
    simdutf8::basic::from_utf8(&bytes)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// Writes blocks into an XML writer (an EPUB chapter, an Atom `xhtml:div`).
pub fn write_blocks<W: Write>(
    writer: &mut Writer<W>,
    blocks: &[Block],
    hooks: &dyn RenderHooks,
) -> io::Result<()> {
    let mut renderer = Renderer {
        out: writer,
        hooks,
        notes: footnote_numbers(blocks),
    };
    renderer.blocks(blocks, false)
}

/// Numbers footnotes in the order of their first reference.
fn footnote_numbers(blocks: &[Block]) -> HashMap<String, usize> {
    let mut numbers = HashMap::new();
    walk_inlines(blocks, &mut |inline| {
        if let Inline::FootnoteReference { label } = inline {
            let next = numbers.len() + 1;
            numbers.entry(label.clone()).or_insert(next);
        }
    });
    numbers
}

/// An id for a footnote label that is valid in XHTML.
pub fn note_id(label: &str) -> String {
    let clean: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("fn-{clean}")
}

struct Renderer<'a, W: Write> {
    out: &'a mut Writer<W>,
    hooks: &'a dyn RenderHooks,
    notes: HashMap<String, usize>,
}

fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, xml_safe(v).as_ref()));
    }
    el
}

impl<W: Write> Renderer<'_, W> {
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.out.write_event(Event::Start(start(name, attrs)))
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.out.write_event(Event::End(BytesEnd::new(name)))
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.out.write_event(Event::Empty(start(name, attrs)))
    }

    fn text(&mut self, text: &str) -> io::Result<()> {
        let safe = xml_safe(text);
        self.out
            .write_event(Event::Text(BytesText::from_escaped(partial_escape(
                safe.as_ref(),
            ))))
    }

    fn newline(&mut self) -> io::Result<()> {
        self.out.get_mut().write_all(b"\n")
    }

    fn element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        inlines: &[Inline],
    ) -> io::Result<()> {
        self.open(name, attrs)?;
        self.inlines(inlines)?;
        self.close(name)
    }

    /// `tight`: paragraphs are written without `<p>` (tight list items, simple cells).
    fn blocks(&mut self, blocks: &[Block], tight: bool) -> io::Result<()> {
        for block in blocks {
            self.block(block, tight)?;
        }
        Ok(())
    }

    fn block(&mut self, block: &Block, tight: bool) -> io::Result<()> {
        match block {
            Block::Paragraph { content } => {
                if tight {
                    self.inlines(content)?;
                    return Ok(());
                }
                self.element("p", &[], content)?;
            }
            Block::Heading { level, id, content } => {
                let name = format!("h{}", (*level).clamp(1, 6));
                let attrs: Vec<(&str, &str)> = id.iter().map(|id| ("id", id.as_str())).collect();
                self.element(&name, &attrs, content)?;
            }
            Block::BlockQuote { content } => {
                self.open("blockquote", &[])?;
                self.newline()?;
                self.blocks(content, false)?;
                self.close("blockquote")?;
            }
            Block::List(list) => self.list(list)?,
            Block::CodeBlock { language, code } => {
                self.open("pre", &[])?;
                let class = language.as_ref().map(|l| format!("language-{l}"));
                let attrs: Vec<(&str, &str)> =
                    class.iter().map(|c| ("class", c.as_str())).collect();
                self.open("code", &attrs)?;
                self.text(code)?;
                self.close("code")?;
                self.close("pre")?;
            }
            Block::Table(table) => self.table(table)?,
            Block::Figure(figure) => self.figure(figure)?,
            Block::ThematicBreak => self.empty("hr", &[])?,
            Block::Embed(embed) => self.embed(embed)?,
            Block::Details {
                summary,
                open,
                content,
            } => {
                let attrs: &[(&str, &str)] = if *open { &[("open", "open")] } else { &[] };
                self.open("details", attrs)?;
                self.element("summary", &[], summary)?;
                self.newline()?;
                self.blocks(content, false)?;
                self.close("details")?;
            }
            Block::FootnoteDefinition { label, content } => self.note(label, content)?,
            Block::MoreMarker => {
                if !self.hooks.keep_more_marker() {
                    return Ok(());
                }
                self.out
                    .write_event(Event::Comment(BytesText::from_escaped("more")))?;
            }
            Block::Raw(raw) => self.raw(raw, true)?,
        }
        if !tight {
            self.newline()?;
        }
        Ok(())
    }

    fn list(&mut self, list: &List) -> io::Result<()> {
        let start = list.start.to_string();
        if list.ordered {
            let attrs: &[(&str, &str)] = if list.start != 1 {
                &[("start", &start)]
            } else {
                &[]
            };
            self.open("ol", attrs)?;
        } else {
            self.open("ul", &[])?;
        }
        self.newline()?;
        for item in &list.items {
            self.open("li", &[])?;
            if let Some(done) = item.task {
                let mut attrs = vec![("type", "checkbox"), ("disabled", "disabled")];
                if done {
                    attrs.push(("checked", "checked"));
                }
                self.empty("input", &attrs)?;
                if list.tight {
                    self.text(" ")?;
                }
            }
            if !list.tight {
                self.newline()?;
            }
            self.blocks(&item.content, list.tight)?;
            self.close("li")?;
            self.newline()?;
        }
        self.close(if list.ordered { "ol" } else { "ul" })
    }

    fn table(&mut self, table: &Table) -> io::Result<()> {
        self.open("table", &[])?;
        if !table.caption.is_empty() {
            self.element("caption", &[], &table.caption)?;
        }
        for (section, cell_name, rows) in [
            ("thead", "th", &table.head),
            ("tbody", "td", &table.body),
            ("tfoot", "td", &table.foot),
        ] {
            if rows.is_empty() {
                continue;
            }
            self.open(section, &[])?;
            for row in rows {
                self.open("tr", &[])?;
                for (i, cell) in row.cells.iter().enumerate() {
                    self.cell(
                        cell_name,
                        cell,
                        table.alignments.get(i).copied().unwrap_or_default(),
                    )?;
                }
                self.close("tr")?;
                self.newline()?;
            }
            self.close(section)?;
        }
        self.close("table")
    }

    fn cell(&mut self, name: &str, cell: &TableCell, align: Alignment) -> io::Result<()> {
        let style = match align {
            Alignment::None => None,
            Alignment::Left => Some("text-align: left"),
            Alignment::Center => Some("text-align: center"),
            Alignment::Right => Some("text-align: right"),
        };
        let colspan = cell.colspan.to_string();
        let rowspan = cell.rowspan.to_string();
        let mut attrs = Vec::new();
        if let Some(style) = style {
            attrs.push(("style", style));
        }
        if cell.colspan != 1 {
            attrs.push(("colspan", colspan.as_str()));
        }
        if cell.rowspan != 1 {
            attrs.push(("rowspan", rowspan.as_str()));
        }
        self.open(name, &attrs)?;
        let simple = matches!(cell.content.as_slice(), [Block::Paragraph { .. }]);
        self.blocks(&cell.content, simple)?;
        self.close(name)
    }

    fn figure(&mut self, figure: &Figure) -> io::Result<()> {
        match self.hooks.image(&figure.image) {
            ImageChoice::Omit => {
                if figure.caption.is_empty() {
                    return Ok(());
                }
                self.open("figure", &[])?;
            }
            ImageChoice::Embed(src) => {
                self.open("figure", &[])?;
                if let Some(href) = &figure.link {
                    self.open("a", &[("href", href)])?;
                }
                self.image_element(&src, &figure.image)?;
                if figure.link.is_some() {
                    self.close("a")?;
                }
            }
            ImageChoice::Link { href, text } => {
                self.open("figure", &[("class", "image-link")])?;
                self.open("a", &[("href", &href)])?;
                self.text(&text)?;
                self.close("a")?;
            }
            ImageChoice::Text(text) => {
                self.open("figure", &[("class", "image-missing")])?;
                self.text(&text)?;
            }
        }
        if !figure.caption.is_empty() {
            self.element("figcaption", &[], &figure.caption)?;
        }
        self.close("figure")
    }

    fn image_element(&mut self, src: &str, image: &Image) -> io::Result<()> {
        let mut attrs = vec![("src", src), ("alt", image.alt.as_str())];
        if let Some(title) = &image.title {
            attrs.push(("title", title));
        }
        self.empty("img", &attrs)
    }

    fn embed(&mut self, embed: &Embed) -> io::Result<()> {
        let kind = match embed.kind {
            EmbedKind::Youtube => "youtube",
            EmbedKind::Vimeo => "vimeo",
            EmbedKind::Video => "video",
            EmbedKind::Audio => "audio",
            EmbedKind::Gist => "gist",
            EmbedKind::Tweet => "tweet",
            EmbedKind::Frame => "frame",
        };
        let class = format!("embed embed-{kind}");
        self.open("figure", &[("class", &class)])?;
        // Like any link: the output decides where it points, or that it cannot point
        // anywhere (a local file that is not in a book), and then only the text remains.
        let label = embed.title.as_deref().unwrap_or(&embed.url);
        match self.hooks.link_href(&LinkTarget::Url(embed.url.clone())) {
            Some(href) => {
                self.open("a", &[("href", &href)])?;
                self.text(label)?;
                self.close("a")?;
            }
            None => self.text(label)?,
        }
        self.close("figure")
    }

    fn note(&mut self, label: &str, content: &[Block]) -> io::Result<()> {
        let id = note_id(label);
        let number = self
            .notes
            .get(label)
            .map(|n| n.to_string())
            .unwrap_or_else(|| label.to_string());
        if self.hooks.epub_footnotes() {
            self.open(
                "aside",
                &[
                    ("epub:type", "footnote"),
                    ("class", "footnote-definition"),
                    ("id", &id),
                ],
            )?;
        } else {
            self.open("div", &[("class", "footnote-definition"), ("id", &id)])?;
        }
        self.open("sup", &[("class", "footnote-definition-label")])?;
        self.text(&number)?;
        self.close("sup")?;
        self.newline()?;
        self.blocks(content, false)?;
        self.close(if self.hooks.epub_footnotes() {
            "aside"
        } else {
            "div"
        })
    }

    fn raw(&mut self, raw: &Raw, block: bool) -> io::Result<()> {
        match raw.format {
            RawFormat::Html => {
                let clean =
                    crate::sanitize::sanitize_fragment(&raw.content, self.hooks.raw_policy());
                self.out
                    .write_event(Event::Text(BytesText::from_escaped(clean)))
            }
            format => match self.hooks.template_style() {
                TemplateStyle::Element => {
                    let name = match format {
                        RawFormat::HexoTag => "hexo-tag",
                        RawFormat::Liquid => "liquid",
                        _ => "hugo-shortcode",
                    };
                    let mut attrs = vec![("data-format", name)];
                    if block {
                        attrs.push(("data-block", "block"));
                    }
                    self.open("postport-raw", &attrs)?;
                    self.text(&raw.content)?;
                    self.close("postport-raw")
                }
                TemplateStyle::Code => {
                    if block {
                        self.open("p", &[("class", "template")])?;
                    }
                    self.open("code", &[("class", "template")])?;
                    self.text(&raw.content)?;
                    self.close("code")?;
                    if block {
                        self.close("p")?;
                    }
                    Ok(())
                }
            },
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) -> io::Result<()> {
        for inline in inlines {
            self.inline(inline)?;
        }
        Ok(())
    }

    fn inline(&mut self, inline: &Inline) -> io::Result<()> {
        match inline {
            Inline::Text { text } => self.text(text),
            Inline::Emphasis { content } => self.element("em", &[], content),
            Inline::Strong { content } => self.element("strong", &[], content),
            Inline::Strikethrough { content } => self.element("del", &[], content),
            Inline::Superscript { content } => self.element("sup", &[], content),
            Inline::Subscript { content } => self.element("sub", &[], content),
            Inline::Code { code } => {
                self.open("code", &[])?;
                self.text(code)?;
                self.close("code")
            }
            // pandoc's `--mathjax` form: MathJax typesets it, any other reader shows TeX.
            Inline::Math { tex, display } => {
                let (class, open, close) = if *display {
                    ("math display", "\\[", "\\]")
                } else {
                    ("math inline", "\\(", "\\)")
                };
                self.open("span", &[("class", class)])?;
                self.text(&format!("{open}{tex}{close}"))?;
                self.close("span")
            }
            Inline::Link(link) => self.link(link),
            Inline::Image(image) => match self.hooks.image(image) {
                ImageChoice::Embed(src) => self.image_element(&src, image),
                ImageChoice::Link { href, text } => {
                    self.open("a", &[("href", &href), ("class", "image-link")])?;
                    self.text(&text)?;
                    self.close("a")
                }
                ImageChoice::Text(text) => {
                    self.open("span", &[("class", "image-missing")])?;
                    self.text(&text)?;
                    self.close("span")
                }
                ImageChoice::Omit => Ok(()),
            },
            Inline::LineBreak => self.empty("br", &[]),
            Inline::FootnoteReference { label } => {
                let href = format!("#{}", note_id(label));
                let number = self
                    .notes
                    .get(label)
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| label.clone());
                self.open("sup", &[("class", "footnote-reference")])?;
                if self.hooks.epub_footnotes() {
                    self.open("a", &[("epub:type", "noteref"), ("href", &href)])?;
                } else {
                    self.open("a", &[("href", &href)])?;
                }
                self.text(&number)?;
                self.close("a")?;
                self.close("sup")
            }
            Inline::Raw(raw) => self.raw(raw, false),
        }
    }

    fn link(&mut self, link: &Link) -> io::Result<()> {
        let href = self.hooks.link_href(&link.target);
        let post = match &link.target {
            LinkTarget::Post(reference) if self.hooks.mark_post_links() => Some(reference.as_str()),
            _ => None,
        };
        if href.is_none() && post.is_none() {
            return self.link_text(link);
        }
        let mut attrs = Vec::new();
        if let Some(href) = &href {
            attrs.push(("href", href.as_str()));
        }
        if let Some(post) = post {
            attrs.push(("data-post", post));
        }
        if let Some(title) = &link.title {
            attrs.push(("title", title.as_str()));
        }
        self.open("a", &attrs)?;
        self.link_text(link)?;
        self.close("a")
    }

    fn link_text(&mut self, link: &Link) -> io::Result<()> {
        if !link.content.is_empty() {
            return self.inlines(&link.content);
        }
        let text = match &link.target {
            LinkTarget::Post(reference) => self
                .hooks
                .post_title(reference)
                .unwrap_or_else(|| reference.clone()),
            LinkTarget::Url(url) => url.clone(),
        };
        self.text(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::Figure;

    /// Every image stands as its text.
    struct ImagesAsText;

    impl RenderHooks for ImagesAsText {
        fn image(&self, image: &Image) -> ImageChoice {
            ImageChoice::Text(format!("[image: {}]", image.alt))
        }
    }

    #[test]
    fn an_image_that_cannot_be_shown_leaves_its_text() {
        let image = Image {
            src: "gone.png".into(),
            alt: "a <lake>".into(),
            title: None,
        };
        let blocks = vec![
            Block::Paragraph {
                content: vec![Inline::Image(image.clone())],
            },
            Block::Figure(Figure {
                image,
                link: None,
                caption: vec![Inline::text("Noon")],
            }),
        ];
        assert_eq!(
            render_html(&blocks, &ImagesAsText),
            "<p><span class=\"image-missing\">[image: a &lt;lake&gt;]</span></p>\n<figure class=\"image-missing\">[image: a &lt;lake&gt;]<figcaption>Noon</figcaption></figure>\n"
        );
    }
}
