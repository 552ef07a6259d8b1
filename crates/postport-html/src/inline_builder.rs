//! Builds the inline content of one paragraph from a stream of text, marks and atoms,
//! collapsing whitespace the way a browser renders it.

use postport_model::{Inline, Link, LinkTarget, MAX_INLINE_DEPTH};

/// An open inline container.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    Strong,
    Emphasis,
    Strikethrough,
    Superscript,
    Subscript,
    Link {
        target: LinkTarget,
        title: Option<String>,
    },
    /// Opened where a mark would repeat an enclosing one, or nest too deep: adds nothing.
    Transparent,
}

impl Mark {
    fn same_kind(&self, other: &Mark) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    fn wrap(&self, content: Vec<Inline>) -> Vec<Inline> {
        let inline = match self {
            Mark::Strong => Inline::Strong { content },
            Mark::Emphasis => Inline::Emphasis { content },
            Mark::Strikethrough => Inline::Strikethrough { content },
            Mark::Superscript => Inline::Superscript { content },
            Mark::Subscript => Inline::Subscript { content },
            Mark::Link { target, title } => Inline::Link(Link {
                target: target.clone(),
                title: title.clone(),
                content,
            }),
            Mark::Transparent => return content,
        };
        vec![inline]
    }
}

/// What was emitted last, for whitespace collapsing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    Char(char),
    Break,
}

/// Paragraph content under construction: a stack of open marks, each with the
/// inlines collected inside it so far.
#[derive(Debug)]
pub(crate) struct InlineBuilder {
    stack: Vec<(Mark, Vec<Inline>)>,
    root: Vec<Inline>,
    /// A whitespace run not yet written (and whether it held a line break).
    pending_space: Option<bool>,
    last: Last,
    /// Whether anything visible was emitted since the paragraph began.
    has_content: bool,
    /// How deep the marks were when too-deep nesting was first flattened.
    pub(crate) flattened: bool,
}

impl InlineBuilder {
    pub(crate) fn new() -> Self {
        InlineBuilder {
            stack: Vec::new(),
            root: Vec::new(),
            pending_space: None,
            last: Last::Nothing,
            has_content: false,
            flattened: false,
        }
    }

    fn top(&mut self) -> &mut Vec<Inline> {
        match self.stack.last_mut() {
            Some((_, content)) => content,
            None => &mut self.root,
        }
    }

    /// Whether the paragraph holds nothing visible yet.
    pub(crate) fn is_empty(&self) -> bool {
        !self.has_content
    }

    /// Opens a mark. A mark of a kind already open (a link in a link, bold in bold)
    /// or beyond the depth limit adds nothing.
    pub(crate) fn open(&mut self, mark: Mark) {
        let real = self
            .stack
            .iter()
            .filter(|(m, _)| *m != Mark::Transparent)
            .count();
        let mark = if self.stack.iter().any(|(m, _)| m.same_kind(&mark)) {
            Mark::Transparent
        } else if real >= MAX_INLINE_DEPTH {
            self.flattened = true;
            Mark::Transparent
        } else {
            mark
        };
        // Whitespace before a mark belongs outside it, unless it may vanish between
        // two CJK characters (decided when the next character comes).
        if let Some(had_newline) = self.pending_space {
            let may_vanish = had_newline && matches!(self.last, Last::Char(c) if is_wide(c));
            if !may_vanish {
                self.flush_space();
            }
        }
        self.stack.push((mark, Vec::new()));
    }

    /// Closes the innermost mark; an empty one disappears.
    pub(crate) fn close(&mut self) {
        let Some((mark, content)) = self.stack.pop() else {
            return;
        };
        if content.is_empty() {
            return;
        }
        let wrapped = mark.wrap(content);
        let top = self.top();
        for inline in wrapped {
            push_merging(top, inline);
        }
    }

    /// Appends text, collapsing ASCII whitespace runs; `strip_indent` drops the
    /// full-width and no-break spaces that indent the start of a paragraph.
    pub(crate) fn text(&mut self, text: &str, strip_indent: bool) {
        let mut text = text;
        if strip_indent && !self.has_content {
            text = text.trim_start_matches(|c: char| {
                matches!(
                    c,
                    '\u{3000}' | '\u{a0}' | ' ' | '\t' | '\n' | '\r' | '\u{c}'
                )
            });
        }
        // Whitespace to collapse is ASCII, so runs between it are found bytewise and
        // copied whole (Chinese text often has none at all).
        let mut buf = String::with_capacity(text.len());
        let bytes = text.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
                if start < i {
                    self.push_run(&text[start..i], &mut buf);
                }
                let newline = b == b'\n' || b == b'\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                start = i + 1;
            }
        }
        if start < bytes.len() {
            self.push_run(&text[start..], &mut buf);
        }
        if !buf.is_empty() {
            let top = self.top();
            push_merging(top, Inline::Text { text: buf });
        }
    }

    /// Appends a run without collapsible whitespace.
    fn push_run(&mut self, run: &str, buf: &mut String) {
        let (Some(first), Some(last)) = (run.chars().next(), run.chars().next_back()) else {
            return;
        };
        self.resolve_space_before(first, buf);
        buf.push_str(run);
        self.last = Last::Char(last);
        self.has_content = true;
    }

    fn resolve_space_before(&mut self, next: char, buf: &mut String) {
        if let Some(had_newline) = self.pending_space.take() {
            match self.last {
                Last::Nothing | Last::Break | Last::Char(' ') => {}
                Last::Char(prev) => {
                    // CSS Text 3: a segment break between two wide (CJK) characters
                    // is removed rather than rendered as a space.
                    if !(had_newline && is_wide(prev) && is_wide(next)) {
                        buf.push(' ');
                    }
                }
            }
        }
    }

    fn flush_space(&mut self) {
        if self.pending_space.take().is_some() && matches!(self.last, Last::Char(_)) {
            let top = self.top();
            push_merging(top, Inline::text(" "));
            self.last = Last::Char(' ');
        }
    }

    /// Appends an atom (image, code, footnote reference, raw HTML).
    pub(crate) fn atom(&mut self, inline: Inline) {
        self.flush_space();
        self.top().push(inline);
        self.last = Last::Char('\u{fffc}');
        self.has_content = true;
    }

    /// Appends a hard line break. Returns `true` when it follows another one: a
    /// blank line is a paragraph break, and the caller should end the paragraph.
    pub(crate) fn line_break(&mut self) -> bool {
        self.pending_space = None;
        if self.last == Last::Break {
            // Take back the first break; the paragraph ends here.
            let top = self.top();
            if matches!(top.last(), Some(Inline::LineBreak)) {
                top.pop();
            }
            self.last = Last::Nothing;
            return true;
        }
        if !self.has_content {
            return false;
        }
        self.top().push(Inline::LineBreak);
        self.last = Last::Break;
        false
    }

    /// Takes the paragraph's content, closing and re-opening the open marks so that
    /// what follows (in the next block) keeps their formatting.
    pub(crate) fn take(&mut self) -> Vec<Inline> {
        let marks: Vec<Mark> = self.stack.iter().map(|(m, _)| m.clone()).collect();
        let depth = self.stack.len();
        for _ in 0..depth {
            self.close();
        }
        for mark in marks {
            self.stack.push((mark, Vec::new()));
        }
        self.pending_space = None;
        self.last = Last::Nothing;
        self.has_content = false;
        let mut content = std::mem::take(&mut self.root);
        trim_edges(&mut content);
        content
    }
}

/// Appends an inline, merging adjacent text.
fn push_merging(list: &mut Vec<Inline>, inline: Inline) {
    if let Inline::Text { text } = &inline
        && let Some(Inline::Text { text: prev }) = list.last_mut()
    {
        prev.push_str(text);
        return;
    }
    list.push(inline);
}

/// Removes line breaks and spaces at the start and end of a paragraph.
fn trim_edges(content: &mut Vec<Inline>) {
    while matches!(content.last(), Some(Inline::LineBreak)) {
        content.pop();
    }
    while matches!(content.first(), Some(Inline::LineBreak)) {
        content.remove(0);
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        let trimmed = text.trim_end_matches(' ').len();
        text.truncate(trimmed);
        if text.is_empty() {
            content.pop();
        }
    }
}

/// East Asian wide characters (Han, kana, CJK punctuation, full-width forms), not Hangul,
/// which is written with spaces.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x2FFFD
        | 0x30000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::text(s)
    }

    #[test]
    fn collapses_whitespace_like_a_browser() {
        let mut b = InlineBuilder::new();
        b.text("  a  \n b ", false);
        b.open(Mark::Strong);
        b.text(" c ", false);
        b.close();
        b.text(" d ", false);
        assert_eq!(
            b.take(),
            vec![
                text("a b "),
                Inline::Strong {
                    content: vec![text("c")]
                },
                text(" d")
            ]
        );
    }

    #[test]
    fn segment_breaks_between_cjk_vanish() {
        let mut b = InlineBuilder::new();
        b.text("中文\n断行", false);
        b.text(" English\nwords", false);
        assert_eq!(b.take(), vec![text("中文断行 English words")]);
    }

    #[test]
    fn strips_full_width_indent_only_at_paragraph_start() {
        let mut b = InlineBuilder::new();
        b.text("\u{3000}\u{3000}会议指出，\u{3000}要", true);
        assert_eq!(b.take(), vec![text("会议指出，\u{3000}要")]);
    }

    #[test]
    fn repeated_marks_collapse() {
        let mut b = InlineBuilder::new();
        b.open(Mark::Strong);
        b.open(Mark::Strong);
        b.text("x", false);
        b.close();
        b.close();
        assert_eq!(
            b.take(),
            vec![Inline::Strong {
                content: vec![text("x")]
            }]
        );
    }

    #[test]
    fn marks_survive_a_paragraph_break() {
        let mut b = InlineBuilder::new();
        b.open(Mark::Emphasis);
        b.text("one", false);
        let first = b.take();
        b.text("two", false);
        b.close();
        let second = b.take();
        let em = |s: &str| Inline::Emphasis {
            content: vec![text(s)],
        };
        assert_eq!(first, vec![em("one")]);
        assert_eq!(second, vec![em("two")]);
    }

    #[test]
    fn double_break_ends_paragraph() {
        let mut b = InlineBuilder::new();
        b.text("a", false);
        assert!(!b.line_break());
        assert!(b.line_break());
        assert_eq!(b.take(), vec![text("a")]);
    }

    #[test]
    fn empty_marks_vanish() {
        let mut b = InlineBuilder::new();
        b.open(Mark::Emphasis);
        b.close();
        assert!(b.is_empty());
        assert!(b.take().is_empty());
    }
}
