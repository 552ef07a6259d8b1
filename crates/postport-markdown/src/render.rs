//! The document tree as CommonMark/GFM: one line per paragraph (no hard wrapping, so
//! Chinese text never gains spaces), emphasis checked against the flanking rules,
//! escaping only where needed, the target's idioms for figures, embeds and links
//! between posts, and raw HTML only where Markdown cannot say it (each use counted).

use postport_html::{ImageChoice, RenderHooks, render_html};
use postport_model::{
    Alignment, Block, Embed, EmbedKind, Figure, Image, Inline, Link, LinkTarget, List, Raw,
    RawFormat, Table, inline_text,
};

use crate::escape::{
    TextPlace, code_span, escape_line_start, escape_text, hide_template_braces, longest_run,
    math_markdown, protect_html_text, template_safe_code,
};
use crate::flanking::{is_punctuation, is_whitespace, star_pair_works};
use crate::target::Target;

/// How a link to another post of the archive is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostHref {
    /// Hugo `{{< ref "/posts/slug" >}}`.
    Hugo(String),
    /// Hexo `{% post_link slug %}`.
    Hexo(String),
    /// Jekyll `{% post_url 2021-10-24-slug %}`.
    Jekyll(String),
    /// Zola `@/posts/slug.md`.
    Zola(String),
    /// A plain URL (a relative path for plain Markdown).
    Url(String),
}

/// Another post, as a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLink {
    /// Its title (the text of a link written without one).
    pub title: String,
    /// How to point at it.
    pub href: PostHref,
    /// A heading of it the link points at (`#part`), when the post has that id.
    pub fragment: Option<String>,
}

/// What the renderer asks the writer: where images and files went, and where other
/// posts are.
pub trait BodyEnv {
    /// The address to write for an image or file the post refers to.
    fn local_src(&self, src: &str) -> String {
        src.to_string()
    }
    /// Whether `src` was copied into the post's own folder (Hexo: `{% asset_img %}`).
    fn in_bundle(&self, src: &str) -> bool {
        let _ = src;
        false
    }
    /// Another post, by the reference the source used.
    fn post(&self, reference: &str) -> Option<PostLink> {
        let _ = reference;
        None
    }
}

/// An environment that rewrites nothing.
#[derive(Debug, Default)]
pub struct PlainEnv;

impl BodyEnv for PlainEnv {}

/// A body as Markdown, and what it needed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    /// The Markdown, ending with a newline (empty for an empty body).
    pub markdown: String,
    /// Why raw HTML was written, one entry per use.
    pub raw_html: Vec<&'static str>,
    /// References to other posts that could not be resolved (written as text).
    pub unresolved: Vec<String>,
    /// A TeX formula was written between dollars.
    pub math: bool,
}

/// Renders a body for `target`.
pub fn render_body(blocks: &[Block], target: Target, env: &dyn BodyEnv) -> RenderedBody {
    let mut r = Renderer {
        target,
        env,
        raw: Vec::new(),
        unresolved: Vec::new(),
        math: false,
    };
    let text = r.blocks(blocks, false);
    let markdown = if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    };
    RenderedBody {
        markdown,
        raw_html: r.raw,
        unresolved: r.unresolved,
        math: r.math,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delim {
    Emphasis,
    Strong,
    Strike,
}

impl Delim {
    fn markdown(self) -> &'static str {
        match self {
            Delim::Emphasis => "*",
            Delim::Strong => "**",
            Delim::Strike => "~~",
        }
    }
    fn tag(self) -> &'static str {
        match self {
            Delim::Emphasis => "em",
            Delim::Strong => "strong",
            Delim::Strike => "del",
        }
    }
    fn wrap(self, content: Vec<Inline>) -> Inline {
        match self {
            Delim::Emphasis => Inline::Emphasis { content },
            Delim::Strong => Inline::Strong { content },
            Delim::Strike => Inline::Strikethrough { content },
        }
    }
}

/// Where inline content is written.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    table: bool,
    heading: bool,
    link: bool,
}

impl Place {
    fn text(self) -> TextPlace {
        TextPlace {
            in_table: self.table,
            in_link: self.link,
        }
    }
}

/// Stands for an enclosing delimiter when its content is rendered on its own.
const PARENT_MARK: char = '!';

struct Renderer<'a> {
    target: Target,
    env: &'a dyn BodyEnv,
    raw: Vec<&'static str>,
    unresolved: Vec<String>,
    math: bool,
}

/// The first character an inline will be written with, as far as flanking cares: its
/// text's first character, else punctuation (every other inline opens with a mark).
fn first_char(inlines: &[Inline]) -> Option<char> {
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                if let Some(c) = text.chars().next() {
                    return Some(if c == '\n' { ' ' } else { c });
                }
            }
            _ => return Some('*'),
        }
    }
    None
}

fn indent(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let prefix = if i == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

/// Splits characters matching `edge` off the first and last text of `content`.
fn split_edges(content: &[Inline], edge: fn(char) -> bool) -> (String, Vec<Inline>, String) {
    let mut core = content.to_vec();
    let mut lead = String::new();
    let mut trail = String::new();
    if let Some(Inline::Text { text }) = core.first_mut() {
        let n = text
            .char_indices()
            .find(|&(_, c)| !edge(c))
            .map_or(text.len(), |(i, _)| i);
        lead = text[..n].to_string();
        text.replace_range(..n, "");
    }
    if let Some(Inline::Text { text }) = core.last_mut() {
        let n = text
            .char_indices()
            .rev()
            .find(|&(_, c)| !edge(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        trail = text[n..].to_string();
        text.truncate(n);
    }
    core.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    (lead, core, trail)
}

fn youtube_id(url: &str) -> Option<String> {
    let id = if let Some((_, q)) = url.split_once("v=") {
        q.split(['&', '#']).next()?
    } else if let Some((_, rest)) = url.split_once("youtu.be/") {
        rest.split(['?', '#', '/']).next()?
    } else if let Some((_, rest)) = url.split_once("/embed/") {
        rest.split(['?', '#', '/']).next()?
    } else {
        return None;
    };
    (!id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then(|| id.to_string())
}

fn vimeo_id(url: &str) -> Option<String> {
    let id = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()?
        .split(['?', '#'])
        .next()?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_digit())).then(|| id.to_string())
}

/// A link destination: bare when it can be, else `<...>`.
fn destination(url: &str) -> String {
    let mut depth = 0i32;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    let plain = balanced
        && depth == 0
        && !url.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    if plain {
        url.replace('\\', "%5C")
    } else {
        let cleaned: String = url
            .chars()
            .map(|c| match c {
                '<' => "%3C".to_string(),
                '>' => "%3E".to_string(),
                '\n' | '\r' => String::new(),
                c => c.to_string(),
            })
            .collect();
        format!("<{cleaned}>")
    }
}

fn title_part(title: Option<&str>) -> String {
    match title.filter(|t| !t.is_empty()) {
        Some(t) => format!(
            " \"{}\"",
            t.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(['\n', '\r'], " ")
        ),
        None => String::new(),
    }
}

/// A footnote label CommonMark and every target accept.
fn note_label(label: &str) -> String {
    let clean: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.is_empty() {
        "note".to_string()
    } else {
        clean
    }
}

/// A value inside a Hugo shortcode's double quotes.
fn shortcode_value(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

/// Hooks for the HTML fallback (tables Markdown cannot hold, details): images and
/// links rewritten like the Markdown around them.
struct FallbackHooks<'a> {
    env: &'a dyn BodyEnv,
}

impl RenderHooks for FallbackHooks<'_> {
    fn link_href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Url(url) => Some(self.env.local_src(url)),
            LinkTarget::Post(reference) => match self.env.post(reference)?.href {
                PostHref::Url(url) => Some(url),
                _ => None,
            },
        }
    }

    fn mark_post_links(&self) -> bool {
        false
    }

    fn post_title(&self, reference: &str) -> Option<String> {
        self.env.post(reference).map(|p| p.title)
    }

    fn image(&self, image: &Image) -> ImageChoice {
        ImageChoice::Embed(self.env.local_src(&image.src))
    }

    fn keep_more_marker(&self) -> bool {
        false
    }
}

impl Renderer<'_> {
    fn raw_html(&mut self, why: &'static str) {
        self.raw.push(why);
    }

    fn html_fallback(&mut self, blocks: &[Block], why: &'static str) -> String {
        self.raw_html(why);
        let html = render_html(blocks, &FallbackHooks { env: self.env });
        // An HTML block ends at a blank line: keep it one block.
        let mut out = String::new();
        for line in html.lines() {
            if !line.trim().is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        }
        hide_template_braces(out.trim_end())
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut previous_list: Option<(bool, bool)> = None;
        for block in blocks {
            let rendered = match block {
                Block::List(list) => {
                    // Two lists in a row would merge: the second uses the other marker.
                    let alternate = match previous_list {
                        Some((ordered, alt)) if ordered == list.ordered => !alt,
                        _ => false,
                    };
                    previous_list = Some((list.ordered, alternate));
                    self.list(list, alternate)
                }
                other => {
                    previous_list = None;
                    self.block(other)
                }
            };
            if !rendered.is_empty() {
                parts.push(rendered);
            }
        }
        parts.join(if tight { "\n" } else { "\n\n" })
    }

    fn paragraph(&mut self, content: &[Inline]) -> String {
        let mut out = String::new();
        self.inlines(content, &mut out, None, None, Place::default());
        let text = out.trim_end_matches([' ', '\t']);
        text.split('\n')
            .map(escape_line_start)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn block(&mut self, block: &Block) -> String {
        match block {
            Block::Paragraph { content } => self.paragraph(content),
            Block::Heading { level, id, content } => self.heading(*level, id.as_deref(), content),
            Block::BlockQuote { content } => {
                let inner = self.blocks(content, false);
                if inner.is_empty() {
                    ">".to_string()
                } else {
                    indent(&inner, "> ", "> ")
                }
            }
            Block::List(list) => self.list(list, false),
            Block::CodeBlock { language, code } => self.code_block(language.as_deref(), code),
            Block::Table(table) => self.table(table),
            Block::Figure(figure) => self.figure(figure),
            Block::ThematicBreak => "***".to_string(),
            Block::Embed(embed) => self.embed(embed),
            Block::Details { .. } => {
                self.html_fallback(std::slice::from_ref(block), "a details block")
            }
            Block::FootnoteDefinition { label, content } => {
                let inner = self.blocks(content, false);
                indent(&inner, &format!("[^{}]: ", note_label(label)), "    ")
            }
            Block::MoreMarker => self.target.more_marker().to_string(),
            Block::Raw(raw) => self.raw_block(raw),
        }
    }

    fn heading(&mut self, level: u8, id: Option<&str>, content: &[Inline]) -> String {
        let mut out = String::new();
        self.inlines(
            content,
            &mut out,
            None,
            None,
            Place {
                heading: true,
                ..Place::default()
            },
        );
        let mut text = out.trim().to_string();
        // A trailing `#` would be a closing sequence, a trailing `{...}` attributes.
        if text.ends_with('#') {
            text.insert(text.len() - 1, '\\');
        }
        if text.ends_with('}')
            && let Some(i) = text.rfind('{')
            && !text[..i].ends_with('\\')
        {
            text.insert(i, '\\');
        }
        let hashes = "#".repeat(level.clamp(1, 6) as usize);
        let attrs = match id {
            Some(id)
                if !matches!(self.target, Target::Hexo)
                    && !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')) =>
            {
                format!(" {{#{id}}}")
            }
            _ => String::new(),
        };
        if text.is_empty() {
            format!("{hashes}{attrs}")
        } else {
            format!("{hashes} {text}{attrs}")
        }
    }

    fn list(&mut self, list: &List, alternate: bool) -> String {
        let mut items = Vec::new();
        let mut number = list.start;
        for item in &list.items {
            let marker = if list.ordered {
                let m = format!("{number}{} ", if alternate { ')' } else { '.' });
                number += 1;
                m
            } else {
                (if alternate { "* " } else { "- " }).to_string()
            };
            let task = match item.task {
                Some(true) => "[x] ",
                Some(false) => "[ ] ",
                None => "",
            };
            let content = self.blocks(&item.content, list.tight);
            let width = marker.chars().count();
            let first = format!("{marker}{task}");
            let rendered = if content.is_empty() {
                first.trim_end().to_string()
            } else {
                indent(&content, &first, &" ".repeat(width))
            };
            items.push(rendered);
        }
        items.join(if list.tight { "\n" } else { "\n\n" })
    }

    fn code_block(&mut self, language: Option<&str>, code: &str) -> String {
        let code = code.strip_suffix('\n').unwrap_or(code);
        let language: String = language
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !matches!(c, '`' | '{' | '}' | '~'))
            .collect();
        let Some(safe) = template_safe_code(code, self.target, true) else {
            let block = Block::CodeBlock {
                language: (!language.is_empty()).then(|| language.clone()),
                code: code.to_string(),
            };
            return self.html_fallback(&[block], "code the target's templates would read");
        };
        let fence = "`".repeat((longest_run(&safe, '`') + 1).max(3));
        format!("{fence}{language}\n{safe}\n{fence}")
    }

    fn table(&mut self, table: &Table) -> String {
        let simple_cell = |cell: &postport_model::TableCell| {
            cell.colspan == 1
                && cell.rowspan == 1
                && matches!(cell.content.as_slice(), [] | [Block::Paragraph { .. }])
        };
        let pipe =
            table.head.len() <= 1 && table.rows().all(|row| row.cells.iter().all(simple_cell));
        if !pipe {
            return self
                .html_fallback(&[Block::Table(table.clone())], "a table GFM cannot express");
        }
        let columns = table
            .rows()
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
            .max(table.alignments.len())
            .max(1);
        let place = Place {
            table: true,
            ..Place::default()
        };
        let row_text = |this: &mut Self, cells: &[postport_model::TableCell]| {
            let mut out = String::from("|");
            for i in 0..columns {
                let mut cell = String::new();
                if let Some(Block::Paragraph { content }) =
                    cells.get(i).and_then(|c| c.content.first())
                {
                    this.inlines(content, &mut cell, None, None, place);
                }
                out.push(' ');
                out.push_str(cell.trim());
                out.push_str(" |");
            }
            out
        };
        let mut lines = Vec::new();
        match table.head.first() {
            Some(head) => lines.push(row_text(self, &head.cells)),
            // GFM needs a header row: an empty one says the source had none.
            None => lines.push(format!("|{}", "  |".repeat(columns))),
        }
        let mut rule = String::from("|");
        for i in 0..columns {
            rule.push_str(match table.alignments.get(i).copied().unwrap_or_default() {
                Alignment::None => " --- |",
                Alignment::Left => " :-- |",
                Alignment::Center => " :-: |",
                Alignment::Right => " --: |",
            });
        }
        lines.push(rule);
        // GFM has no footer: its rows (totals, notes) follow the body's.
        for row in table.body.iter().chain(&table.foot) {
            lines.push(row_text(self, &row.cells));
        }
        let rows = lines.join("\n");
        if table.caption.is_empty() {
            return rows;
        }
        // Nor a caption: it stands in a paragraph above.
        let mut caption = String::new();
        self.inlines(&table.caption, &mut caption, None, None, Place::default());
        format!("{}\n\n{rows}", caption.trim())
    }

    fn image_markdown(&mut self, image: &Image, out: &mut String) {
        if self.target == Target::Hexo && self.env.in_bundle(&image.src) {
            let name = self.env.local_src(&image.src);
            let mut tag = format!("{{% asset_img {name}");
            // Hexo joins the arguments after the file into the title; a title and a
            // distinct alt text go in one single-quoted argument, `'"title" "alt"'`,
            // where neither may hold a quote (typographic ones read the same).
            let quote = |s: &str| format!(" \"{}\"", s.replace('"', "'"));
            let inner = |s: &str| s.replace('"', "\u{201d}").replace('\'', "\u{2019}");
            let title = image.title.as_deref().filter(|t| !t.is_empty());
            match (title, image.alt.as_str()) {
                (Some(title), alt) if alt.is_empty() || alt == title => {
                    tag.push_str(&quote(title));
                }
                (title, "") => {
                    if let Some(title) = title {
                        tag.push_str(&quote(title));
                    }
                }
                (title, alt) => {
                    tag.push_str(&format!(
                        " '\"{}\" \"{}\"'",
                        inner(title.unwrap_or_default()),
                        inner(alt)
                    ));
                }
            }
            tag.push_str(" %}");
            out.push_str(&tag);
            return;
        }
        let before = out.chars().last().or(Some('['));
        let alt = escape_text(
            &image.alt,
            before,
            Some(']'),
            self.target,
            TextPlace {
                in_link: true,
                ..TextPlace::default()
            },
        );
        let src = self.env.local_src(&image.src);
        out.push_str(&format!(
            "![{alt}]({}{})",
            destination(&src),
            title_part(image.title.as_deref())
        ));
    }

    fn figure(&mut self, figure: &Figure) -> String {
        let mut caption = String::new();
        self.inlines(&figure.caption, &mut caption, None, None, Place::default());
        let caption = caption.trim().to_string();
        if self.target == Target::Hugo {
            let src = self.env.local_src(&figure.image.src);
            let mut sc = format!("{{{{< figure src=\"{}\"", shortcode_value(&src));
            if !figure.image.alt.is_empty() {
                sc.push_str(&format!(" alt=\"{}\"", shortcode_value(&figure.image.alt)));
            }
            if let Some(title) = &figure.image.title {
                sc.push_str(&format!(" title=\"{}\"", shortcode_value(title)));
            }
            if !caption.is_empty() {
                sc.push_str(&format!(" caption=\"{}\"", shortcode_value(&caption)));
            }
            if let Some(link) = &figure.link {
                let link = self.env.local_src(link);
                sc.push_str(&format!(" link=\"{}\"", shortcode_value(&link)));
            }
            sc.push_str(" >}}");
            return sc;
        }
        let mut image = String::new();
        match &figure.link {
            Some(link) => {
                image.push('[');
                self.image_markdown(&figure.image, &mut image);
                let link = self.env.local_src(link);
                image.push_str(&format!("]({})", destination(&link)));
            }
            None => self.image_markdown(&figure.image, &mut image),
        }
        if caption.is_empty() {
            image
        } else {
            // The caption is a paragraph of its own below the image, in italics unless
            // it has emphasis of its own.
            let mut has_emphasis = false;
            postport_model::walk::walk_inlines(
                &[Block::Paragraph {
                    content: figure.caption.clone(),
                }],
                &mut |i| has_emphasis |= matches!(i, Inline::Emphasis { .. }),
            );
            let caption = if has_emphasis {
                self.paragraph(&figure.caption)
            } else {
                self.paragraph(&[Inline::Emphasis {
                    content: figure.caption.clone(),
                }])
            };
            format!("{image}\n\n{caption}")
        }
    }

    fn embed(&mut self, embed: &Embed) -> String {
        if self.target == Target::Hugo {
            match embed.kind {
                EmbedKind::Youtube | EmbedKind::Vimeo => {
                    let (name, id) = if embed.kind == EmbedKind::Youtube {
                        ("youtube", youtube_id(&embed.url))
                    } else {
                        ("vimeo", vimeo_id(&embed.url))
                    };
                    if let Some(id) = id {
                        let title = embed
                            .title
                            .as_deref()
                            .map(|t| format!(" title=\"{}\"", shortcode_value(t)))
                            .unwrap_or_default();
                        return format!("{{{{< {name} id=\"{id}\"{title} >}}}}");
                    }
                }
                _ => {}
            }
        }
        let text = embed.title.clone().unwrap_or_else(|| embed.url.clone());
        self.paragraph(&[Inline::Link(Link {
            target: LinkTarget::Url(embed.url.clone()),
            title: None,
            content: vec![Inline::text(text)],
        })])
    }

    fn raw_block(&mut self, raw: &Raw) -> String {
        match raw.format {
            RawFormat::Html => {
                self.raw_html("HTML the tree keeps as it is");
                let clean = postport_html::sanitize_fragment(
                    &raw.content,
                    postport_html::RawPolicy::default(),
                );
                let mut out = String::new();
                for line in clean.lines() {
                    if !line.trim().is_empty() {
                        out.push_str(line.trim_end());
                        out.push('\n');
                    }
                }
                protect_html_text(&hide_template_braces(out.trim_end()))
            }
            // A template the source's generator had and this one may not: its text.
            _ => self.paragraph(&[Inline::text(raw.content.clone())]),
        }
    }

    /// Writes `inlines` into `out`. `before` stands for the character before them when
    /// `out` is empty; `after` is the character that follows them.
    fn inlines(
        &mut self,
        inlines: &[Inline],
        out: &mut String,
        before: Option<char>,
        after: Option<char>,
        place: Place,
    ) {
        for (i, inline) in inlines.iter().enumerate() {
            let next = first_char(&inlines[i + 1..]).or(after);
            let prev = out.chars().last().or(before);
            self.inline(inline, out, prev, next, place);
        }
    }

    /// An inline that Markdown cannot carry safely, as HTML whose text the target's
    /// templates and Markdown leave alone.
    fn inline_html(&mut self, inline: &Inline, why: &'static str, out: &mut String) {
        self.raw_html(why);
        let html = render_html(
            &[Block::Paragraph {
                content: vec![inline.clone()],
            }],
            &FallbackHooks { env: self.env },
        );
        let html = html.trim();
        let html = html
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or(html);
        out.push_str(&protect_html_text(&hide_template_braces(html)));
    }

    fn inline(
        &mut self,
        inline: &Inline,
        out: &mut String,
        prev: Option<char>,
        next: Option<char>,
        place: Place,
    ) {
        match inline {
            Inline::Text { text } => {
                out.push_str(&escape_text(text, prev, next, self.target, place.text()))
            }
            Inline::Emphasis { content } => {
                self.delimited(Delim::Emphasis, content, out, prev, next, place)
            }
            Inline::Strong { content } => {
                self.delimited(Delim::Strong, content, out, prev, next, place)
            }
            Inline::Strikethrough { content } => {
                self.delimited(Delim::Strike, content, out, prev, next, place)
            }
            Inline::Superscript { content } | Inline::Subscript { content } => {
                let tag = if matches!(inline, Inline::Superscript { .. }) {
                    "sup"
                } else {
                    "sub"
                };
                self.raw_html("superscript or subscript");
                out.push_str(&format!("<{tag}>"));
                self.inlines(content, out, Some('>'), Some('<'), place);
                out.push_str(&format!("</{tag}>"));
            }
            Inline::Code { code } => match template_safe_code(code, self.target, false) {
                Some(safe) => {
                    let span = code_span(&safe);
                    if place.table {
                        out.push_str(&span.replace('|', "\\|"));
                    } else {
                        out.push_str(&span);
                    }
                }
                None => self.inline_html(inline, "code the target's templates would read", out),
            },
            Inline::Math { tex, display } => match math_markdown(tex, *display, self.target) {
                Some(math) => {
                    self.math = true;
                    if place.table {
                        out.push_str(&math.replace('|', "\\|"));
                    } else {
                        out.push_str(&math);
                    }
                }
                None => {
                    self.inline_html(inline, "a formula the target's templates would read", out)
                }
            },
            Inline::Link(link) => self.link(link, out, place),
            Inline::Image(image) => self.image_markdown(image, out),
            Inline::LineBreak => {
                if place.heading {
                    out.push(' ');
                } else if place.table {
                    self.raw_html("a line break in a table cell");
                    out.push_str("<br>");
                } else {
                    out.push_str("\\\n");
                }
            }
            Inline::FootnoteReference { label } => {
                out.push_str(&format!("[^{}]", note_label(label)));
            }
            Inline::Raw(raw) => match raw.format {
                RawFormat::Html => {
                    self.raw_html("HTML the tree keeps as it is");
                    let clean = postport_html::sanitize_fragment(
                        &raw.content,
                        postport_html::RawPolicy::default(),
                    );
                    out.push_str(&protect_html_text(&hide_template_braces(
                        &clean.replace(['\n', '\r'], " "),
                    )));
                }
                _ => out.push_str(&escape_text(
                    &raw.content,
                    prev,
                    next,
                    self.target,
                    place.text(),
                )),
            },
        }
    }

    fn link(&mut self, link: &Link, out: &mut String, place: Place) {
        let (href, title, fragment) = match &link.target {
            LinkTarget::Url(url) => (PostHref::Url(self.env.local_src(url)), None, None),
            LinkTarget::Post(reference) => match self.env.post(reference) {
                Some(post) => (post.href, Some(post.title), post.fragment),
                None => {
                    self.unresolved.push(reference.clone());
                    // The text stays; the link cannot.
                    let content = if link.content.is_empty() {
                        vec![Inline::text(reference.clone())]
                    } else {
                        link.content.clone()
                    };
                    let prev = out.chars().last();
                    self.inlines(&content, out, prev, None, place);
                    return;
                }
            },
        };
        let content = if link.content.is_empty() {
            vec![Inline::text(match (&title, &href) {
                (Some(t), _) => t.clone(),
                (None, PostHref::Url(u)) => u.clone(),
                (None, _) => String::new(),
            })]
        } else {
            link.content.clone()
        };
        if let PostHref::Hexo(slug) = &href {
            let text = inline_text(&content).replace('"', "'");
            out.push_str(&format!("{{% post_link {slug} \"{text}\" %}}"));
            return;
        }
        // `<https://x>` when the text is the address itself.
        if let (PostHref::Url(url), [Inline::Text { text }]) = (&href, content.as_slice())
            && text == url
            && (url.starts_with("http://") || url.starts_with("https://"))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '<' | '>'))
            && link.title.is_none()
        {
            out.push_str(&format!("<{url}>"));
            return;
        }
        out.push('[');
        let inside = Place {
            link: true,
            ..place
        };
        self.inlines(&content, out, Some('['), Some(']'), inside);
        out.push(']');
        // Hugo's ref and Zola's @/ take the fragment inside, Liquid's post_url after it;
        // Hexo's post_link has no place for one.
        let hash = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        let dest = match &href {
            PostHref::Url(url) => destination(&format!("{url}{hash}")),
            PostHref::Hugo(path) => format!(
                "{{{{< ref \"{}\" >}}}}",
                shortcode_value(&format!("{path}{hash}"))
            ),
            PostHref::Jekyll(name) => format!("{{% post_url {name} %}}{hash}"),
            PostHref::Zola(path) => destination(&format!("@/{path}{hash}")),
            PostHref::Hexo(_) => String::new(),
        };
        let dest = if place.table {
            dest.replace('|', "%7C")
        } else {
            dest
        };
        out.push_str(&format!("({dest}{})", title_part(link.title.as_deref())));
    }

    /// Emphasis, strong or strikethrough: delimiters where CommonMark reads them as such,
    /// moving edge spaces and punctuation outside when that is what it takes, HTML as the
    /// last resort.
    fn delimited(
        &mut self,
        delim: Delim,
        content: &[Inline],
        out: &mut String,
        prev: Option<char>,
        next: Option<char>,
        place: Place,
    ) {
        // Emphasis around a whole link goes inside it: `[**text**](url)`.
        if delim != Delim::Strike
            && let [Inline::Link(link)] = content
        {
            let inner = Link {
                content: vec![delim.wrap(link.content.clone())],
                ..link.clone()
            };
            self.link(&inner, out, place);
            return;
        }
        let (lead, core, trail) = split_edges(content, is_whitespace);
        out.push_str(&lead);
        if core.is_empty() {
            out.push_str(&trail);
            return;
        }
        let mark = delim.markdown();
        let mark_char = mark.chars().next();
        let after = trail.chars().next().or(next);
        let before = out.chars().last().or(prev);
        let inner = self.render_core(&core, place);
        if self.fits(mark_char, before, &inner, after) {
            out.push_str(mark);
            out.push_str(&inner);
            out.push_str(mark);
            out.push_str(&trail);
            return;
        }
        // Punctuation at the edges moves outside: “**稳中求进**”，
        let (lead_p, core_p, trail_p) = split_edges(&core, is_punctuation);
        if !core_p.is_empty() && (!lead_p.is_empty() || !trail_p.is_empty()) {
            let mark_at = out.len();
            let lead_text = escape_text(
                &lead_p,
                before,
                first_char(&core_p),
                self.target,
                place.text(),
            );
            out.push_str(&lead_text);
            let trail_text = escape_text(&trail_p, mark_char, after, self.target, place.text());
            let before_p = out.chars().last().or(prev);
            let after_p = trail_text.chars().next().or(after);
            let inner_p = self.render_core(&core_p, place);
            if self.fits(mark_char, before_p, &inner_p, after_p) {
                out.push_str(mark);
                out.push_str(&inner_p);
                out.push_str(mark);
                out.push_str(&trail_text);
                out.push_str(&trail);
                return;
            }
            out.truncate(mark_at);
        }
        self.raw_html("emphasis Markdown cannot delimit here");
        let tag = delim.tag();
        out.push_str(&format!("<{tag}>{inner}</{tag}>{trail}"));
    }

    fn render_core(&mut self, core: &[Inline], place: Place) -> String {
        // The parent's delimiters are punctuation to the content's own emphasis, but
        // not a run it would join: `***x***` nests fine, `*a**b*` does not.
        let mut inner = String::new();
        self.inlines(
            core,
            &mut inner,
            Some(PARENT_MARK),
            Some(PARENT_MARK),
            place,
        );
        inner
    }

    fn fits(
        &self,
        mark: Option<char>,
        before: Option<char>,
        inner: &str,
        after: Option<char>,
    ) -> bool {
        let (first, last) = (inner.chars().next(), inner.chars().last());
        // A delimiter touching a sibling's of its kind would join its run.
        let touching = before == mark || after == mark;
        !inner.is_empty() && !touching && star_pair_works(before, first, last, after)
    }
}

#[cfg(test)]
mod tests;
