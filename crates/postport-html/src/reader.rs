//! HTML (tag soup included) to the document tree. The tree is an allowlist: only what
//! it can name gets in; scripts, styles, handlers and unsafe URLs never do.
//!
//! The walk is iterative (an explicit work stack), so 20,000 nested `<div>`s cost
//! memory, not stack; block and inline nesting beyond the model's limits is flattened.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ego_tree::{NodeId, NodeRef};
use postport_model::{
    Alignment, Block, Diagnostic, DiagnosticKind, Embed, EmbedKind, Figure, Image, Inline, Link,
    LinkTarget, List, ListItem, MAX_BLOCK_DEPTH, Raw, RawFormat, Table, TableCell, TableRow,
    plain_text,
};
use scraper::node::Element;
use scraper::{ElementRef, Node, Selector};

use crate::inline_builder::{InlineBuilder, Mark};
use crate::rules::{CleaningRules, RuleAction};
use crate::sanitize::{NEVER, sanitized_html};
use crate::url::{
    POST_REF_SCHEME, is_placeholder_src, percent_decode, sanitize_href, sanitize_src,
};
use crate::well_formed::{ParsedBody, parse_body};

/// The tree read from an HTML fragment, and what could not be carried over.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlRead {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// What was dropped or flattened, one diagnostic per cause.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads an HTML fragment (a post body) into blocks, applying `rules`.
pub fn read_html(html: &str, rules: &CleaningRules) -> HtmlRead {
    let ParsedBody { doc, flattened } = parse_body(html);
    let active = rules.active(flattened.as_deref().unwrap_or(html));
    let actions = rule_actions(&doc, rules, &active);
    let ctx = Context { rules, actions };
    let mut converter = Converter::new(&ctx, 0);
    converter.run_children(*doc.root_element());
    let (blocks, mut report) = converter.finish();
    report.too_deep |= flattened.is_some();
    HtmlRead {
        blocks,
        diagnostics: report.diagnostics(),
    }
}

/// Which rule applies to which element: the last rule with a selector alternative that
/// matches it. One pass over the elements for every active alternative, where
/// `Html::select` made one pass per alternative; an alternative is only run on elements
/// with the name and attribute its subject requires.
fn rule_actions(doc: &scraper::Html, rules: &CleaningRules, active: &[Vec<bool>]) -> RuleActions {
    let mut actions = RuleActions::default();
    let chosen: Vec<(usize, &crate::rules::Alternative)> = rules
        .rules
        .iter()
        .enumerate()
        .flat_map(|(i, rule)| {
            rule.alternatives
                .iter()
                .zip(&active[i])
                .filter(|(_, on)| **on)
                .map(move |(alternative, _)| (i, alternative))
        })
        .collect();
    if chosen.is_empty() {
        return actions;
    }
    for node in doc.tree.nodes() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if element.parent().is_none() {
            continue;
        }
        for (i, alternative) in &chosen {
            if !alternative.subject.admits(element.value()) {
                continue;
            }
            if alternative.selector.matches(&element) {
                actions.set(element.id(), *i);
            }
        }
    }
    actions
}

/// The rule of each element a rule applies to, in node order (the order the pass
/// visits them), so a lookup is a binary search.
#[derive(Default)]
struct RuleActions(Vec<(NodeId, usize)>);

impl RuleActions {
    /// Sets the rule of `id`, which is the last node set or comes after it.
    fn set(&mut self, id: NodeId, rule: usize) {
        match self.0.last_mut() {
            Some((last, r)) if *last == id => *r = rule,
            _ => self.0.push((id, rule)),
        }
    }

    fn get(&self, id: NodeId) -> Option<usize> {
        self.0
            .binary_search_by_key(&id, |(node, _)| *node)
            .ok()
            .map(|i| self.0[i].1)
    }
}

struct Context<'r> {
    rules: &'r CleaningRules,
    actions: RuleActions,
}

/// What the reader removed, counted, to become diagnostics at the end.
#[derive(Default)]
struct Report {
    dropped: BTreeMap<String, usize>,
    /// Elements kept only as their text.
    as_text: BTreeMap<String, usize>,
    by_rule: BTreeMap<String, usize>,
    unsafe_urls: usize,
    too_deep: bool,
}

impl Report {
    fn merge(&mut self, other: Report) {
        for (k, v) in other.dropped {
            *self.dropped.entry(k).or_default() += v;
        }
        for (k, v) in other.as_text {
            *self.as_text.entry(k).or_default() += v;
        }
        for (k, v) in other.by_rule {
            *self.by_rule.entry(k).or_default() += v;
        }
        self.unsafe_urls += other.unsafe_urls;
        self.too_deep |= other.too_deep;
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (name, n) in &self.dropped {
            let lossy = matches!(name.as_str(), "svg" | "math" | "canvas" | "applet");
            let message = format!("removed {n} <{name}> element(s): they never reach an output");
            out.push(if lossy {
                Diagnostic::warning(
                    DiagnosticKind::DroppedElement,
                    format!("{message}; their content is lost"),
                )
            } else {
                Diagnostic::info(DiagnosticKind::DroppedElement, message)
            });
        }
        for (name, n) in &self.as_text {
            out.push(Diagnostic::warning(
                DiagnosticKind::LossyConversion,
                format!("kept {n} <{name}> element(s) as plain text; their layout is lost"),
            ));
        }
        for (selector, n) in &self.by_rule {
            out.push(Diagnostic::info(
                DiagnosticKind::DroppedElement,
                format!(
                    "cleaning rule `{selector}` removed {n} element(s) (--no-clean keeps them)"
                ),
            ));
        }
        if self.unsafe_urls > 0 {
            out.push(Diagnostic::warning(
                DiagnosticKind::UnsafeUrl,
                format!(
                    "removed {} unsafe URL(s) (javascript:, data: or an unknown scheme); the text was kept",
                    self.unsafe_urls
                ),
            ));
        }
        if self.too_deep {
            out.push(Diagnostic::warning(
                DiagnosticKind::NestingTooDeep,
                format!(
                    "markup nested deeper than {MAX_BLOCK_DEPTH} containers was flattened; the text was kept"
                ),
            ));
        }
        out
    }
}

/// A container under construction.
enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<ListItem>,
        loose: bool,
    },
    Item {
        task: Option<bool>,
        loose: bool,
        blocks: Vec<Block>,
    },
    Table {
        before: Vec<Block>,
        caption: Vec<Inline>,
        head: Vec<TableRow>,
        body: Vec<TableRow>,
        foot: Vec<TableRow>,
        alignments: Vec<Alignment>,
    },
    Section {
        /// `thead`, `tbody` or `tfoot`.
        name: &'static str,
    },
    Row {
        cells: Vec<TableCell>,
        all_th: bool,
        aligns: Vec<Alignment>,
    },
    Cell {
        blocks: Vec<Block>,
        colspan: u32,
        rowspan: u32,
        th: bool,
        align: Alignment,
    },
    Details {
        open: bool,
        summary: Vec<Inline>,
        blocks: Vec<Block>,
    },
    Note {
        label: String,
        blocks: Vec<Block>,
    },
}

impl Frame {
    /// Whether this frame is a level of block nesting in the model.
    fn nests(&self) -> bool {
        matches!(
            self,
            Frame::Quote(_)
                | Frame::Item { .. }
                | Frame::Cell { .. }
                | Frame::Details { .. }
                | Frame::Note { .. }
        )
    }
}

#[derive(Clone, Copy, PartialEq)]
enum ParaKind {
    Paragraph,
    Heading(u8),
}

enum Work<'t> {
    Enter(NodeRef<'t, Node>),
    Flush,
    CloseMark,
    /// Text written after an element's children (the closing mark of a `<q>`).
    Text(&'static str),
    EndFrame,
    EndHeading(ParaKind, Option<String>),
    /// The start of a footnote's text, from a rendered list of notes.
    BeginNote(String),
}

struct Converter<'c> {
    ctx: &'c Context<'c>,
    frames: Vec<Frame>,
    inlines: InlineBuilder,
    para: ParaKind,
    heading_id: Option<String>,
    report: Report,
    nesting: usize,
}

impl<'c> Converter<'c> {
    fn new(ctx: &'c Context<'c>, nesting: usize) -> Self {
        Converter {
            ctx,
            frames: vec![Frame::Root(Vec::new())],
            inlines: InlineBuilder::new(),
            para: ParaKind::Paragraph,
            heading_id: None,
            report: Report::default(),
            nesting,
        }
    }

    fn finish(mut self) -> (Vec<Block>, Report) {
        self.flush();
        while self.frames.len() > 1 {
            self.end_frame();
        }
        self.report.too_deep |= self.inlines.flattened;
        let blocks = match self.frames.pop() {
            Some(Frame::Root(blocks)) => blocks,
            _ => Vec::new(),
        };
        (blocks, self.report)
    }

    fn run_children<'t>(&mut self, node: NodeRef<'t, Node>) {
        let mut work: Vec<Work<'t>> = Vec::new();
        push_children(&mut work, node);
        while let Some(item) = work.pop() {
            match item {
                Work::Enter(node) => self.enter(node, &mut work),
                Work::Flush => self.flush(),
                Work::CloseMark => self.inlines.close(),
                Work::Text(text) => self.inlines.text(text, false),
                Work::EndFrame => self.end_frame(),
                Work::BeginNote(label) => {
                    self.flush();
                    self.frames.push(Frame::Note {
                        label,
                        blocks: Vec::new(),
                    });
                }
                Work::EndHeading(previous, previous_id) => {
                    self.flush();
                    self.para = previous;
                    self.heading_id = previous_id;
                }
            }
        }
    }

    fn strip_indent(&self) -> bool {
        self.ctx.rules.strip_indent
    }

    fn block_depth(&self) -> usize {
        self.frames.iter().filter(|f| f.nests()).count()
    }

    fn can_nest(&mut self) -> bool {
        if self.block_depth() >= MAX_BLOCK_DEPTH {
            self.report.too_deep = true;
            false
        } else {
            true
        }
    }

    /// Ends the paragraph (or heading) under construction, if it has content.
    fn flush(&mut self) {
        let content = self.inlines.take();
        if content.is_empty() {
            return;
        }
        let block = match self.para {
            ParaKind::Paragraph => Block::Paragraph { content },
            ParaKind::Heading(level) => Block::Heading {
                level,
                id: self.heading_id.take(),
                content,
            },
        };
        self.push_block(block);
    }

    fn push_block(&mut self, block: Block) {
        match self.frames.last_mut() {
            Some(Frame::Root(blocks))
            | Some(Frame::Quote(blocks))
            | Some(Frame::Item { blocks, .. })
            | Some(Frame::Cell { blocks, .. })
            | Some(Frame::Details { blocks, .. })
            | Some(Frame::Note { blocks, .. }) => blocks.push(block),
            Some(Frame::List { items, .. }) => {
                if items.is_empty() {
                    items.push(ListItem {
                        task: None,
                        content: Vec::new(),
                    });
                }
                if let Some(item) = items.last_mut() {
                    item.content.push(block);
                }
            }
            Some(Frame::Table { .. }) | Some(Frame::Section { .. }) | Some(Frame::Row { .. }) => {
                // Content outside cells (rare after html5ever's foster parenting)
                // goes before the table.
                if let Some(Frame::Table { before, .. }) = self
                    .frames
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f, Frame::Table { .. }))
                {
                    before.push(block);
                }
            }
            None => {}
        }
    }

    fn end_frame(&mut self) {
        self.flush();
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Root(blocks) => {
                // Never popped by a work item; put it back.
                self.frames.insert(0, Frame::Root(blocks));
            }
            Frame::Quote(content) => {
                if !content.is_empty() {
                    self.push_block(Block::BlockQuote { content });
                }
            }
            Frame::List {
                ordered,
                start,
                items,
                loose,
            } => {
                if items.is_empty() {
                    return;
                }
                // Two paragraphs side by side cannot be written tight without merging.
                let loose = loose
                    || items.iter().any(|i| {
                        i.content.windows(2).any(|w| {
                            matches!(w, [Block::Paragraph { .. }, Block::Paragraph { .. }])
                        })
                    });
                self.push_block(Block::List(List {
                    ordered,
                    start,
                    tight: !loose,
                    items,
                }));
            }
            Frame::Item {
                task,
                loose,
                blocks,
            } => {
                if let Some(Frame::List {
                    items, loose: l, ..
                }) = self.frames.last_mut()
                {
                    *l |= loose;
                    items.push(ListItem {
                        task,
                        content: blocks,
                    });
                } else {
                    for b in blocks {
                        self.push_block(b);
                    }
                }
            }
            Frame::Table {
                before,
                caption,
                head,
                body,
                foot,
                alignments,
            } => {
                for b in before {
                    self.push_block(b);
                }
                let rows: Vec<&TableRow> = head.iter().chain(&body).chain(&foot).collect();
                if rows.len() == 1 && rows[0].cells.len() == 1 && caption.is_empty() {
                    // A one-cell table is layout, not data.
                    let cell = body
                        .into_iter()
                        .chain(head)
                        .chain(foot)
                        .next()
                        .and_then(|r| r.cells.into_iter().next());
                    for b in cell.map(|c| c.content).unwrap_or_default() {
                        self.push_block(b);
                    }
                } else if let Some(figure) = captioned_image_table(&rows, &caption) {
                    self.push_block(Block::Figure(figure));
                } else if !rows.is_empty() {
                    self.push_block(Block::Table(Table {
                        caption,
                        alignments,
                        head,
                        body,
                        foot,
                    }));
                } else if !caption.is_empty() {
                    self.push_block(Block::Paragraph { content: caption });
                }
            }
            Frame::Section { .. } => {}
            Frame::Row {
                cells,
                all_th,
                aligns,
            } => {
                if cells.is_empty() {
                    return;
                }
                let section = self
                    .frames
                    .iter()
                    .rev()
                    .take_while(|f| !matches!(f, Frame::Table { .. }))
                    .find_map(|f| match f {
                        Frame::Section { name } => Some(*name),
                        _ => None,
                    });
                if let Some(Frame::Table {
                    head,
                    body,
                    foot,
                    alignments,
                    ..
                }) = self
                    .frames
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f, Frame::Table { .. }))
                {
                    if alignments.is_empty() && aligns.iter().any(|a| *a != Alignment::None) {
                        *alignments = aligns;
                    }
                    let row = TableRow { cells };
                    if section == Some("thead")
                        || (all_th && body.is_empty() && section != Some("tfoot"))
                    {
                        head.push(row);
                    } else if section == Some("tfoot") {
                        foot.push(row);
                    } else {
                        body.push(row);
                    }
                }
            }
            Frame::Cell {
                blocks,
                colspan,
                rowspan,
                th,
                align,
            } => {
                if let Some(Frame::Row {
                    cells,
                    all_th,
                    aligns,
                }) = self.frames.last_mut()
                {
                    *all_th &= th;
                    aligns.push(align);
                    cells.push(TableCell {
                        content: blocks,
                        colspan,
                        rowspan,
                    });
                } else {
                    for b in blocks {
                        self.push_block(b);
                    }
                }
            }
            Frame::Details {
                open,
                summary,
                blocks,
            } => self.push_block(Block::Details {
                summary,
                open,
                content: blocks,
            }),
            Frame::Note { label, blocks } => self.push_block(Block::FootnoteDefinition {
                label,
                content: blocks,
            }),
        }
    }

    fn enter<'t>(&mut self, node: NodeRef<'t, Node>, work: &mut Vec<Work<'t>>) {
        match node.value() {
            Node::Text(text) => {
                let strip = self.strip_indent();
                self.inlines.text(text, strip);
            }
            Node::Comment(comment) if is_more_marker(comment) => {
                self.flush();
                self.push_block(Block::MoreMarker);
            }
            Node::Element(el) => self.enter_element(node, el, work),
            _ => {}
        }
    }

    /// Children are processed with nothing around them.
    fn transparent<'t>(
        &mut self,
        node: NodeRef<'t, Node>,
        boundary: bool,
        work: &mut Vec<Work<'t>>,
    ) {
        if boundary {
            self.flush();
            work.push(Work::Flush);
        }
        push_children(work, node);
    }

    fn mark<'t>(
        &mut self,
        node: NodeRef<'t, Node>,
        mark: Mark,
        boundary: bool,
        work: &mut Vec<Work<'t>>,
    ) {
        if boundary {
            self.flush();
            work.push(Work::Flush);
        }
        self.inlines.open(mark);
        work.push(Work::CloseMark);
        push_children(work, node);
    }

    fn frame<'t>(&mut self, node: NodeRef<'t, Node>, frame: Frame, work: &mut Vec<Work<'t>>) {
        self.flush();
        self.frames.push(frame);
        work.push(Work::EndFrame);
        push_children(work, node);
    }

    fn drop_element(&mut self, name: &str) {
        let silent = matches!(name, "style" | "head" | "title" | "meta" | "link" | "base");
        if !silent {
            *self.report.dropped.entry(name.to_string()).or_default() += 1;
        }
    }

    fn enter_element<'t>(
        &mut self,
        node: NodeRef<'t, Node>,
        el: &Element,
        work: &mut Vec<Work<'t>>,
    ) {
        let name = el.name();
        let block_level = is_block_level(name);
        if let Some(index) = self.ctx.actions.get(node.id()) {
            let rule = &self.ctx.rules.rules[index];
            match &rule.action {
                RuleAction::Drop => {
                    *self
                        .report
                        .by_rule
                        .entry(rule.selector_text.clone())
                        .or_default() += 1;
                    return;
                }
                RuleAction::Unwrap => return self.transparent(node, block_level, work),
                RuleAction::Strong => return self.mark(node, Mark::Strong, block_level, work),
                RuleAction::Emphasis => return self.mark(node, Mark::Emphasis, block_level, work),
                RuleAction::Paragraph => return self.transparent(node, true, work),
                RuleAction::Figure { caption } => {
                    if self.try_figure(node, caption.as_ref()) {
                        return;
                    }
                }
            }
        }
        if self.whole_element(node, el, work) {
            return;
        }
        match name {
            "p" => {
                self.flush();
                if let Some(Frame::Item { loose, .. }) = self.frames.last_mut() {
                    *loose = true;
                }
                work.push(Work::Flush);
                push_children(work, node);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name.as_bytes()[1] - b'0';
                work.push(Work::EndHeading(self.para, self.heading_id.take()));
                self.para = ParaKind::Heading(level);
                self.heading_id = el
                    .attr("id")
                    .or_else(|| anchor_id(node))
                    .map(clean_id)
                    .filter(|id| !id.is_empty());
                push_children(work, node);
            }
            "br" => {
                if self.inlines.line_break() {
                    self.flush();
                }
            }
            "wbr" => {}
            "hr" => {
                self.flush();
                self.push_block(Block::ThematicBreak);
            }
            "img" => match image_from(el)
                .filter(|i| !is_placeholder_src(&i.src))
                .or_else(|| noscript_image(node))
                .or_else(|| image_from(el))
            {
                Some(image) => self.inlines.atom(Inline::Image(image)),
                None => {
                    if el.attr("src").is_some_and(|s| !s.trim().is_empty()) {
                        self.report.unsafe_urls += 1;
                    }
                }
            },
            // The link back from a rendered footnote to its reference: the tree's notes
            // are linked by the writers.
            "a" if is_footnote_backlink(el) => {}
            "a" => {
                let target = if let Some(post) = el.attr("data-post").filter(|p| !p.is_empty()) {
                    Some(LinkTarget::Post(post.to_string()))
                } else if let Some(href) = el.attr("href") {
                    match sanitize_href(href) {
                        Some(url) => Some(
                            match url
                                .strip_prefix(POST_REF_SCHEME)
                                .and_then(|r| r.strip_prefix(':'))
                            {
                                Some(reference) => LinkTarget::Post(percent_decode(reference)),
                                None => LinkTarget::Url(url),
                            },
                        ),
                        None => {
                            self.report.unsafe_urls += 1;
                            None
                        }
                    }
                } else {
                    None
                };
                match target {
                    // A reference to another post written without a text (Hexo's
                    // `{% post_link slug %}`): an empty link, which writers give the
                    // post's title.
                    Some(target @ LinkTarget::Post(_)) if node.children().next().is_none() => {
                        let title = el.attr("title").map(collapse).filter(|t| !t.is_empty());
                        self.inlines.atom(Inline::Link(Link {
                            target,
                            title,
                            content: Vec::new(),
                        }));
                    }
                    Some(target) => {
                        let title = el.attr("title").map(collapse).filter(|t| !t.is_empty());
                        self.mark(node, Mark::Link { target, title }, false, work)
                    }
                    None => self.transparent(node, false, work),
                }
            }
            "strong" | "b" => self.mark(node, Mark::Strong, false, work),
            "em" | "i" | "cite" | "dfn" | "var" => self.mark(node, Mark::Emphasis, false, work),
            "del" | "s" | "strike" => self.mark(node, Mark::Strikethrough, false, work),
            "sub" => self.mark(node, Mark::Subscript, false, work),
            // A browser draws the quotation marks of `<q>`; the tree has no quote inline,
            // so they become text rather than vanish (as pandoc's Quoted does).
            "q" => {
                self.inlines.text("\u{201c}", false);
                work.push(Work::Text("\u{201d}"));
                push_children(work, node);
            }
            "sup" => {
                let names_a_note = has_class(el, "footnote-reference")
                    || is_footnote_ref(el)
                    || el.attr("id").is_some_and(|id| id.starts_with("fnref"))
                    || node
                        .children()
                        .filter_map(|c| c.value().as_element())
                        .any(|a| a.name() == "a" && is_footnote_ref(a));
                if names_a_note && let Some(label) = footnote_label(node) {
                    self.inlines.atom(Inline::FootnoteReference { label });
                    return;
                }
                self.mark(node, Mark::Superscript, false, work)
            }
            "code" | "kbd" | "samp" | "tt" => {
                let code = text_content(node).replace(['\n', '\r'], " ");
                if !code.is_empty() {
                    self.inlines.atom(Inline::Code { code });
                }
            }
            "pre" => {
                self.flush();
                let (code, language) = code_block(node, el);
                self.push_block(Block::CodeBlock { language, code });
            }
            "blockquote" => {
                if self.can_nest() {
                    self.frame(node, Frame::Quote(Vec::new()), work);
                } else {
                    self.transparent(node, true, work);
                }
            }
            "ul" | "ol" | "menu" => {
                if self.can_nest() {
                    let start = el
                        .attr("start")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .unwrap_or(1);
                    let frame = Frame::List {
                        ordered: name == "ol",
                        start,
                        items: Vec::new(),
                        loose: false,
                    };
                    self.frame(node, frame, work);
                } else {
                    self.transparent(node, true, work);
                }
            }
            "li" => {
                if matches!(self.frames.last(), Some(Frame::List { .. })) {
                    let frame = Frame::Item {
                        task: None,
                        loose: false,
                        blocks: Vec::new(),
                    };
                    self.frame(node, frame, work);
                } else {
                    self.transparent(node, true, work);
                }
            }
            "input" => {
                let checkbox = el
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("checkbox"));
                let at_item_start = self.inlines.is_empty()
                    && matches!(self.frames.last(), Some(Frame::Item { task: None, blocks, .. }) if blocks.is_empty());
                if checkbox && at_item_start {
                    if let Some(Frame::Item { task, .. }) = self.frames.last_mut() {
                        *task = Some(el.attr("checked").is_some());
                    }
                } else {
                    self.drop_element(name);
                }
            }
            "table" => {
                if self.can_nest() {
                    let frame = Frame::Table {
                        before: Vec::new(),
                        caption: Vec::new(),
                        head: Vec::new(),
                        body: Vec::new(),
                        foot: Vec::new(),
                        alignments: Vec::new(),
                    };
                    self.frame(node, frame, work);
                } else {
                    self.transparent(node, true, work);
                }
            }
            "thead" | "tbody" | "tfoot" => {
                if matches!(self.frames.last(), Some(Frame::Table { .. })) {
                    self.frame(
                        node,
                        Frame::Section {
                            name: match name {
                                "thead" => "thead",
                                "tfoot" => "tfoot",
                                _ => "tbody",
                            },
                        },
                        work,
                    );
                } else {
                    self.transparent(node, true, work);
                }
            }
            "tr" => {
                if matches!(
                    self.frames.last(),
                    Some(Frame::Table { .. } | Frame::Section { .. })
                ) {
                    let frame = Frame::Row {
                        cells: Vec::new(),
                        all_th: true,
                        aligns: Vec::new(),
                    };
                    self.frame(node, frame, work);
                } else {
                    self.transparent(node, true, work);
                }
            }
            "td" | "th" => {
                if matches!(self.frames.last(), Some(Frame::Row { .. })) {
                    let span = |attr: &str| {
                        el.attr(attr)
                            .and_then(|s| s.trim().parse::<u32>().ok())
                            .filter(|n| (1..=1000).contains(n))
                            .unwrap_or(1)
                    };
                    let frame = Frame::Cell {
                        blocks: Vec::new(),
                        colspan: span("colspan"),
                        rowspan: span("rowspan"),
                        th: name == "th",
                        align: alignment_of(el),
                    };
                    self.frame(node, frame, work);
                } else {
                    self.transparent(node, true, work);
                }
            }
            "caption" => {
                if matches!(self.frames.last(), Some(Frame::Table { .. })) {
                    let content = self.inline_content(node);
                    if let Some(Frame::Table { caption, .. }) = self.frames.last_mut()
                        && caption.is_empty()
                    {
                        *caption = content;
                    }
                } else {
                    self.transparent(node, true, work);
                }
            }
            "colgroup" | "col" => {}
            "dl" => {
                self.flush();
                self.push_block(Block::Raw(Raw {
                    format: RawFormat::Html,
                    content: sanitized_html(node),
                }));
            }
            "ruby" => self.inlines.atom(Inline::Raw(Raw {
                format: RawFormat::Html,
                content: sanitized_html(node),
            })),
            "figure" => {
                if has_class(el, "embed")
                    && let Some(embed) = embed_from_figure(node, el)
                {
                    self.flush();
                    self.push_block(Block::Embed(embed));
                    return;
                }
                if has_class(el, "highlight")
                    && let Some(block) = highlighted_code(node, el)
                {
                    self.flush();
                    self.push_block(block);
                    return;
                }
                if !self.try_figure(node, Some(figcaption_selector())) {
                    self.transparent(node, true, work);
                }
            }
            "iframe" | "embed" | "object" | "video" | "audio" => {
                let url = match name {
                    "object" => el.attr("data"),
                    _ => el.attr("src"),
                }
                .map(str::to_string)
                .or_else(|| first_source(node));
                match url.as_deref().and_then(sanitize_href) {
                    Some(url) if !url.is_empty() => {
                        self.flush();
                        let title = el.attr("title").map(collapse).filter(|t| !t.is_empty());
                        self.push_block(Block::Embed(embed_from_url(name, &url, title)));
                    }
                    _ => self.drop_element(name),
                }
            }
            "details" => {
                if self.can_nest() {
                    self.flush();
                    let summary_node = node.children().find(|c| {
                        c.value()
                            .as_element()
                            .is_some_and(|e| e.name() == "summary")
                    });
                    let summary = summary_node
                        .map(|s| self.inline_content(s))
                        .unwrap_or_default();
                    self.frames.push(Frame::Details {
                        open: el.attr("open").is_some(),
                        summary,
                        blocks: Vec::new(),
                    });
                    work.push(Work::EndFrame);
                    let children: Vec<_> = node
                        .children()
                        .filter(|c| Some(c.id()) != summary_node.map(|s| s.id()))
                        .collect();
                    work.extend(children.into_iter().rev().map(Work::Enter));
                } else {
                    self.transparent(node, true, work);
                }
            }
            "div" if has_class(el, "footnote-definition") && el.attr("id").is_some() => {
                if self.can_nest() {
                    let id = el.attr("id").unwrap_or_default();
                    let label = note_label(id);
                    self.flush();
                    self.frames.push(Frame::Note {
                        label,
                        blocks: Vec::new(),
                    });
                    work.push(Work::EndFrame);
                    let children: Vec<_> = node
                        .children()
                        .filter(|c| {
                            !c.value().as_element().is_some_and(|e| {
                                e.name() == "sup" && has_class(e, "footnote-definition-label")
                            })
                        })
                        .collect();
                    work.extend(children.into_iter().rev().map(Work::Enter));
                } else {
                    self.transparent(node, true, work);
                }
            }
            "postport-raw" => {
                let format = match el.attr("data-format") {
                    Some("hexo-tag") => RawFormat::HexoTag,
                    Some("liquid") => RawFormat::Liquid,
                    Some("html") => RawFormat::Html,
                    _ => RawFormat::HugoShortcode,
                };
                let content = text_content(node);
                let raw = Raw { format, content };
                if el.attr("data-block").is_some() {
                    self.flush();
                    self.push_block(Block::Raw(raw));
                } else {
                    self.inlines.atom(Inline::Raw(raw));
                }
            }
            "html" | "body" => push_children(work, node),
            // No output takes MathML everywhere (an EPUB would have to declare it, a
            // feed reader may strip it): its visible text is kept, as pandoc's plain
            // writers do, and the loss of layout is said.
            "math" => {
                let text = math_text(node);
                if !text.trim().is_empty() {
                    self.inlines.text(&text, false);
                }
                *self.report.as_text.entry("math".into()).or_default() += 1;
            }
            _ if NEVER.contains(&name) => self.drop_element(name),
            _ => self.transparent(node, block_level, work),
        }
    }

    /// Reads an element that stands for one thing of the tree as a whole, whatever its
    /// markup: a formula, a footnote reference, a rendered list of notes (Hugo's,
    /// Jekyll's, pandoc's, markdown-it's). `false` when it is none of them.
    fn whole_element<'t>(
        &mut self,
        node: NodeRef<'t, Node>,
        el: &Element,
        work: &mut Vec<Work<'t>>,
    ) -> bool {
        match el.name() {
            "span" | "script" | "math" => match math_of(node, el) {
                Some(math) => self.inlines.atom(math),
                None => return false,
            },
            "a" if is_footnote_ref(el) => match footnote_target(el) {
                Some(label) => self.inlines.atom(Inline::FootnoteReference { label }),
                None => return false,
            },
            "div" | "section" | "aside" if is_footnote_list(el) && self.can_nest() => {
                let notes = rendered_notes(node);
                if notes.is_empty() {
                    return false;
                }
                for (label, li) in notes.into_iter().rev() {
                    work.push(Work::EndFrame);
                    let children: Vec<_> = li.children().collect();
                    work.extend(children.into_iter().rev().map(Work::Enter));
                    work.push(Work::BeginNote(label));
                }
            }
            _ => return false,
        }
        true
    }

    /// The inline content of a subtree (a caption, a summary), by a nested reader.
    fn inline_content(&mut self, node: NodeRef<'_, Node>) -> Vec<Inline> {
        if self.nesting >= 4 {
            let text = collapse(&text_content(node));
            return if text.is_empty() {
                Vec::new()
            } else {
                vec![Inline::text(text)]
            };
        }
        let mut sub = Converter::new(self.ctx, self.nesting + 1);
        sub.run_children(node);
        let (blocks, report) = sub.finish();
        self.report.merge(report);
        flatten_to_inlines(blocks)
    }

    /// Reads `node` as one image with an optional caption; `false` (nothing consumed)
    /// when it holds anything else, so no text is lost to a figure.
    fn try_figure(&mut self, node: NodeRef<'_, Node>, caption: Option<&Selector>) -> bool {
        let mut images = Vec::new();
        let mut caption_node = None;
        let mut stack: Vec<NodeRef<'_, Node>> = node.children().collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            match n.value() {
                Node::Text(t) if !t.trim_matches(|c: char| c.is_whitespace()).is_empty() => {
                    return false;
                }
                Node::Element(el) => {
                    if caption_node.is_none()
                        && let (Some(sel), Some(er)) = (caption, ElementRef::wrap(n))
                        && sel.matches(&er)
                    {
                        caption_node = Some(n);
                        continue;
                    }
                    match el.name() {
                        "img" => images.push(n),
                        name if NEVER.contains(&name) => {}
                        "br" | "a" | "span" | "div" | "p" | "font" | "center" | "picture"
                        | "source" | "strong" | "b" => {
                            let mut children: Vec<_> = n.children().collect();
                            children.reverse();
                            stack.extend(children);
                        }
                        _ => return false,
                    }
                }
                _ => {}
            }
        }
        let [img_node] = images.as_slice() else {
            return false;
        };
        let Some(image) = img_node.value().as_element().and_then(image_from) else {
            return false;
        };
        let link = img_node
            .ancestors()
            .take_while(|a| a.id() != node.id())
            .filter_map(|a| {
                a.value()
                    .as_element()
                    .filter(|e| e.name() == "a")
                    .and_then(|e| e.attr("href"))
            })
            .next()
            .and_then(sanitize_href);
        let caption = caption_node
            .map(|c| self.inline_content(c))
            .unwrap_or_default();
        self.flush();
        self.push_block(Block::Figure(Figure {
            image,
            link,
            caption,
        }));
        true
    }
}

/// A two-row, one-column table of an image over its caption, as Blogger
/// (`tr-caption-container`) and many CMSs lay out a captioned photo: a figure.
fn captioned_image_table(rows: &[&TableRow], caption: &[Inline]) -> Option<Figure> {
    let [top, bottom] = rows else {
        return None;
    };
    let ([image_cell], [caption_cell]) = (top.cells.as_slice(), bottom.cells.as_slice()) else {
        return None;
    };
    if !caption.is_empty() {
        return None;
    }
    let (image, link) = match image_cell.content.as_slice() {
        [Block::Figure(f)] if f.caption.is_empty() => (f.image.clone(), f.link.clone()),
        [Block::Paragraph { content }] => match content.as_slice() {
            [Inline::Image(image)] => (image.clone(), None),
            [Inline::Link(link)] => match (&link.target, link.content.as_slice()) {
                (LinkTarget::Url(url), [Inline::Image(image)]) => {
                    (image.clone(), Some(url.clone()))
                }
                _ => return None,
            },
            _ => return None,
        },
        _ => return None,
    };
    let [Block::Paragraph { content: text }] = caption_cell.content.as_slice() else {
        return None;
    };
    let mut has_image = false;
    postport_model::walk::walk_inlines(&caption_cell.content, &mut |i| {
        has_image |= matches!(i, Inline::Image(_));
    });
    if has_image {
        return None;
    }
    Some(Figure {
        image,
        link,
        caption: text.clone(),
    })
}

fn push_children<'t>(work: &mut Vec<Work<'t>>, node: NodeRef<'t, Node>) {
    let start = work.len();
    work.extend(node.children().map(Work::Enter));
    work[start..].reverse();
}

fn figcaption_selector() -> &'static Selector {
    static SELECTOR: OnceLock<Selector> = OnceLock::new();
    #[allow(clippy::expect_used)]
    SELECTOR.get_or_init(|| Selector::parse("figcaption").expect("valid selector"))
}

/// `<!-- more -->`, `<!--more-->`, `<!-- MORE -->`: the excerpt divider.
fn is_more_marker(comment: &str) -> bool {
    comment.trim().eq_ignore_ascii_case("more")
}

fn is_block_level(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "address"
            | "center"
            | "hgroup"
            | "fieldset"
            | "legend"
            | "figcaption"
            | "caption"
            | "dt"
            | "dd"
            | "li"
            | "summary"
            | "form"
            | "search"
            | "dialog"
            | "figure"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "ul"
            | "ol"
            | "dl"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "details"
    )
}

fn has_class(el: &Element, class: &str) -> bool {
    el.classes().any(|c| c == class)
}

/// A TeX formula, from the forms pages carry it in: pandoc's and pulldown-cmark's
/// `<span class="math inline|display">`, MathJax 2's `<script type="math/tex">`, and the
/// TeX annotation of MathML (as KaTeX writes it, inside `<span class="katex">`).
fn math_of(node: NodeRef<'_, Node>, el: &Element) -> Option<Inline> {
    let (tex, display) = match el.name() {
        "script" => {
            let kind = el.attr("type")?.to_ascii_lowercase();
            let kind = kind.strip_prefix("math/tex")?;
            (text_of(node), kind.contains("mode=display"))
        }
        "math" => (tex_annotation(node)?, el.attr("display") == Some("block")),
        _ if has_class(el, "katex-display") || has_class(el, "katex") => {
            let math = node
                .descendants()
                .find(|n| n.value().as_element().is_some_and(|e| e.name() == "math"))?;
            (tex_annotation(math)?, has_class(el, "katex-display"))
        }
        _ if has_class(el, "math") => {
            let display = if has_class(el, "display") || has_class(el, "math-display") {
                true
            } else if has_class(el, "inline") || has_class(el, "math-inline") {
                false
            } else {
                return None;
            };
            let text = text_of(node);
            let trimmed = text.trim();
            // pandoc writes the delimiters inside the span; pulldown-cmark does not.
            let (open, close) = if display {
                ("\\[", "\\]")
            } else {
                ("\\(", "\\)")
            };
            let tex = trimmed
                .strip_prefix(open)
                .and_then(|t| t.strip_suffix(close))
                .unwrap_or(trimmed);
            (tex.to_string(), display)
        }
        _ => return None,
    };
    let tex = tex.trim().to_string();
    (!tex.is_empty()).then_some(Inline::Math { tex, display })
}

/// All text under a node, verbatim.
fn text_of(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| &**t))
        .collect()
}

/// The TeX source a MathML element carries in `<annotation encoding="application/x-tex">`.
fn tex_annotation(math: NodeRef<'_, Node>) -> Option<String> {
    math.descendants()
        .find(|n| {
            n.value().as_element().is_some_and(|e| {
                e.name() == "annotation"
                    && e.attr("encoding")
                        .is_some_and(|enc| enc.eq_ignore_ascii_case("application/x-tex"))
            })
        })
        .map(text_of)
}

/// Text of a subtree, skipping what never reaches an output; `<br>` is a line break.
/// The text a reader sees of a `<math>` element: its presentation, without the
/// annotations (TeX source and the like) that are not displayed.
fn math_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut stack: Vec<NodeRef<'_, Node>> = node.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => out.push_str(t.trim()),
            Node::Element(el) if !matches!(el.name(), "annotation" | "annotation-xml") => {
                let mut children: Vec<_> = n.children().collect();
                children.reverse();
                stack.extend(children);
            }
            _ => {}
        }
    }
    out
}

fn text_content(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut stack: Vec<NodeRef<'_, Node>> = node.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(el) => {
                if el.name() == "br" {
                    out.push('\n');
                } else if !NEVER.contains(&el.name()) {
                    let mut children: Vec<_> = n.children().collect();
                    children.reverse();
                    stack.extend(children);
                }
            }
            _ => {}
        }
    }
    out
}

/// Collapses ASCII whitespace runs and trims.
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// An id that is safe in XHTML: letters, digits, `-`, `_`.
/// The id of an empty anchor (`<a name="x"></a>`, `<a id="x"></a>`) inside a heading or
/// just before it, alone or in its own paragraph: how older pages mark their sections.
/// The tree keeps ids on headings only, so the heading takes it.
fn anchor_id<'t>(heading: NodeRef<'t, Node>) -> Option<&'t str> {
    let target = |node: NodeRef<'t, Node>| -> bool {
        node.value().as_element().is_some_and(|el| {
            el.name() == "a" && el.attr("href").is_none() && node.children().all(|c| is_blank(c))
        })
    };
    let id_of = |node: NodeRef<'t, Node>| -> Option<&'t str> {
        let el = node.value().as_element()?;
        el.attr("id").or_else(|| el.attr("name"))
    };
    if let Some(inside) = heading.descendants().find(|d| target(*d)) {
        return id_of(inside);
    }
    let mut previous = heading.prev_sibling();
    while let Some(p) = previous {
        if is_blank(p) {
            previous = p.prev_sibling();
            continue;
        }
        if target(p) {
            return id_of(p);
        }
        let mut own = p.children().filter(|c| !is_blank(*c));
        return match (own.next(), own.next()) {
            (Some(only), None)
                if p.value().as_element().is_some_and(|el| el.name() == "p") && target(only) =>
            {
                id_of(only)
            }
            _ => None,
        };
    }
    None
}

fn is_blank(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Text(t) => t.trim().is_empty(),
        Node::Comment(_) => true,
        _ => false,
    }
}

fn clean_id(id: &str) -> String {
    id.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A link or superscript that marks a footnote reference, as goldmark, kramdown, pandoc
/// and markdown-it render one.
fn is_footnote_ref(el: &Element) -> bool {
    has_class(el, "footnote-ref")
        || has_class(el, "footnote")
        || el.attr("role") == Some("doc-noteref")
}

/// The link from a rendered note back to its reference (`↩`).
fn is_footnote_backlink(el: &Element) -> bool {
    ["footnote-backref", "footnote-back", "reversefootnote"]
        .iter()
        .any(|c| has_class(el, c))
        || el.attr("role") == Some("doc-backlink")
}

/// The note a footnote link points at (`#fn:1` → `fn1`).
fn footnote_target(a: &Element) -> Option<String> {
    a.attr("href")
        .and_then(|h| h.strip_prefix('#'))
        .map(note_label)
        .filter(|l| !l.is_empty())
}

/// A note's label from the id its reference points at (`fn-x`, as written back by
/// postport's own HTML, is `x`).
fn note_label(id: &str) -> String {
    clean_id(id.strip_prefix("fn-").unwrap_or(id))
}

/// A rendered list of notes: `div.footnotes`, `section#footnotes`, `[role=doc-endnotes]`.
fn is_footnote_list(el: &Element) -> bool {
    has_class(el, "footnotes")
        || el.attr("role") == Some("doc-endnotes")
        || el.attr("id") == Some("footnotes")
}

/// The notes of a rendered list: each `<li id>` and its label.
fn rendered_notes(list: NodeRef<'_, Node>) -> Vec<(String, NodeRef<'_, Node>)> {
    list.descendants()
        .filter(|n| {
            n.value().as_element().is_some_and(|e| e.name() == "li")
                && n.parent()
                    .and_then(|p| {
                        p.value()
                            .as_element()
                            .map(|e| e.name() == "ol" || e.name() == "ul")
                    })
                    .unwrap_or(false)
        })
        .filter_map(|li| {
            let id = note_label(li.value().as_element()?.attr("id")?);
            (!id.is_empty()).then_some((id, li))
        })
        .collect()
}

fn footnote_label(sup: NodeRef<'_, Node>) -> Option<String> {
    sup.children()
        .filter_map(|c| c.value().as_element())
        .find(|e| e.name() == "a")
        .and_then(|a| a.attr("href"))
        .and_then(|h| h.strip_prefix('#'))
        .map(note_label)
        .filter(|l| !l.is_empty())
}

fn alignment_of(el: &Element) -> Alignment {
    let from_style = el.attr("style").and_then(|style| {
        style.split(';').find_map(|decl| {
            let (prop, value) = decl.split_once(':')?;
            (prop.trim().eq_ignore_ascii_case("text-align"))
                .then(|| value.trim().to_ascii_lowercase())
        })
    });
    match from_style
        .or_else(|| el.attr("align").map(|a| a.trim().to_ascii_lowercase()))
        .as_deref()
    {
        Some("left") | Some("start") => Alignment::Left,
        Some("center") => Alignment::Center,
        Some("right") | Some("end") => Alignment::Right,
        _ => Alignment::None,
    }
}

/// An image from an `img` element, looking past lazy-loading placeholders.
fn image_from(el: &Element) -> Option<Image> {
    let mut src = el.attr("src").unwrap_or("").trim().to_string();
    if src.is_empty() || is_placeholder_src(&src) {
        let lazy = [
            "data-src",
            "data-original",
            "data-lazy-src",
            "data-actualsrc",
            "data-url",
            "data-echo",
            "data-lazyload",
            "data-ks-lazyload",
            "data-original-src",
            "data-hi-res-src",
        ]
        .iter()
        .find_map(|a| el.attr(a).map(str::trim).filter(|v| !v.is_empty()))
        .map(str::to_string)
        .or_else(|| {
            ["data-srcset", "data-lazy-srcset", "srcset"]
                .iter()
                .find_map(|a| el.attr(a).and_then(largest_candidate))
        });
        if let Some(lazy) = lazy {
            src = lazy;
        }
    }
    let src = sanitize_src(&src)?;
    Some(Image {
        src,
        alt: collapse(el.attr("alt").unwrap_or("")),
        title: el.attr("title").map(collapse).filter(|t| !t.is_empty()),
    })
}

/// The largest image of a `srcset` (by its `800w` or `2x` descriptor; the last one when
/// none says).
fn largest_candidate(srcset: &str) -> Option<String> {
    srcset
        .split(',')
        .filter_map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let url = parts.next()?;
            let size = parts
                .next()
                .and_then(|d| d.get(..d.len().saturating_sub(1)))
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(0.0);
            Some((url, size))
        })
        .enumerate()
        .max_by(|(i, (_, a)), (j, (_, b))| a.total_cmp(b).then(i.cmp(j)))
        .map(|(_, (url, _))| url.to_string())
}

/// The image a `<noscript>` right after a lazy `<img>` holds: the real one, for pages
/// whose loader left nothing in the `<img>` itself but a placeholder.
fn noscript_image(node: NodeRef<'_, Node>) -> Option<Image> {
    let next = node.next_siblings().find(|n| match n.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Comment(_) => false,
        _ => true,
    })?;
    if next.value().as_element()?.name() != "noscript" {
        return None;
    }
    if let Some(img) = next
        .descendants()
        .filter_map(|n| n.value().as_element())
        .find(|e| e.name() == "img")
    {
        return image_from(img);
    }
    // A parser that runs scripts keeps `<noscript>` as text.
    let text = text_of(next);
    let fragment = scraper::Html::parse_fragment(&text);
    let img = fragment
        .tree
        .nodes()
        .filter_map(|n| n.value().as_element())
        .find(|e| e.name() == "img")?;
    image_from(img)
}

fn first_source(node: NodeRef<'_, Node>) -> Option<String> {
    node.descendants()
        .filter_map(|n| n.value().as_element())
        .find(|e| e.name() == "source" && e.attr("src").is_some())
        .and_then(|e| e.attr("src"))
        .map(str::to_string)
}

/// Maps an embedding element's URL to an [`Embed`], recognising YouTube and Vimeo players.
fn embed_from_url(element: &str, url: &str, title: Option<String>) -> Embed {
    let lower = url.to_ascii_lowercase();
    let after = |marker: &str| -> Option<String> {
        let i = lower.find(marker)?;
        let id: String = url[i + marker.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!id.is_empty()).then_some(id)
    };
    if let Some(id) = after("youtube.com/embed/")
        .or_else(|| after("youtube-nocookie.com/embed/"))
        .or_else(|| after("youtube.com/watch?v="))
        .or_else(|| after("youtu.be/"))
    {
        return Embed {
            kind: EmbedKind::Youtube,
            url: format!("https://www.youtube.com/watch?v={id}"),
            title,
        };
    }
    if let Some(id) = after("player.vimeo.com/video/").or_else(|| after("vimeo.com/")) {
        return Embed {
            kind: EmbedKind::Vimeo,
            url: format!("https://vimeo.com/{id}"),
            title,
        };
    }
    let kind = match element {
        "video" => EmbedKind::Video,
        "audio" => EmbedKind::Audio,
        _ => EmbedKind::Frame,
    };
    Embed {
        kind,
        url: url.to_string(),
        title,
    }
}

/// Our own rendering of an embed: `<figure class="embed embed-KIND"><a href>title</a></figure>`.
fn embed_from_figure(node: NodeRef<'_, Node>, el: &Element) -> Option<Embed> {
    let kind = el.classes().find_map(|c| match c.strip_prefix("embed-")? {
        "youtube" => Some(EmbedKind::Youtube),
        "vimeo" => Some(EmbedKind::Vimeo),
        "video" => Some(EmbedKind::Video),
        "audio" => Some(EmbedKind::Audio),
        "gist" => Some(EmbedKind::Gist),
        "tweet" => Some(EmbedKind::Tweet),
        "frame" => Some(EmbedKind::Frame),
        _ => None,
    })?;
    let link = node
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "a"))?;
    let url = link
        .value()
        .as_element()?
        .attr("href")
        .and_then(sanitize_href)?;
    let text = collapse(&text_content(link));
    let title = (!text.is_empty() && text != url).then_some(text);
    Some(Embed { kind, url, title })
}

/// The language named by `class="language-x"`, `lang-x`, `highlight-x` or `data-lang`.
fn language_of(el: &Element) -> Option<String> {
    if let Some(lang) = el
        .attr("data-lang")
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        return Some(lang.to_string());
    }
    el.classes()
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
                .or_else(|| c.strip_prefix("highlight-source-"))
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

fn code_block(pre: NodeRef<'_, Node>, el: &Element) -> (String, Option<String>) {
    let language = language_of(el).or_else(|| {
        pre.children()
            .filter_map(|c| c.value().as_element())
            .find(|e| e.name() == "code")
            .and_then(language_of)
    });
    let mut code = text_content(pre).replace("\r\n", "\n");
    let trimmed = code.trim_end_matches(['\n', '\r']).len();
    code.truncate(trimmed);
    (code, language)
}

/// A code block rendered by Hexo's highlighter: a table with a gutter and a code cell.
fn highlighted_code(node: NodeRef<'_, Node>, el: &Element) -> Option<Block> {
    let language = el
        .classes()
        .find(|c| *c != "highlight")
        .filter(|c| *c != "plain" && *c != "plaintext")
        .map(str::to_string);
    let code_cell = node.descendants().find(|n| {
        n.value()
            .as_element()
            .is_some_and(|e| e.name() == "td" && e.classes().any(|c| c == "code"))
    })?;
    // Each line is a `<span class="line">` followed by `<br>`.
    let mut code = text_content(code_cell);
    let trimmed = code.trim_end_matches('\n').len();
    code.truncate(trimmed);
    Some(Block::CodeBlock { language, code })
}

/// Inline content of blocks read from a caption: paragraphs joined by line breaks.
fn flatten_to_inlines(blocks: Vec<Block>) -> Vec<Inline> {
    let mut out = Vec::new();
    for block in blocks {
        if !out.is_empty() {
            out.push(Inline::LineBreak);
        }
        match block {
            Block::Paragraph { content } | Block::Heading { content, .. } => out.extend(content),
            other => {
                let text = plain_text(std::slice::from_ref(&other));
                if !text.is_empty() {
                    out.push(Inline::text(text));
                }
            }
        }
    }
    if matches!(out.last(), Some(Inline::LineBreak)) {
        out.pop();
    }
    out
}
