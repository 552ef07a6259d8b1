//! A fast path for well-formed fragments, the common case of post bodies: builds the DOM
//! html5ever would, through scraper's own tree sink, and gives the fragment back to
//! html5ever at the first construct whose HTML5 parsing rule it does not implement.
//!
//! html5ever tokenizes one character at a time through a buffer queue and was a third of
//! a conversion's time. Most bodies (every pulldown-cmark output, most CMS exports) only
//! use the part of HTML5 where tree construction is plain nesting: there, this scanner
//! works on bytes and decides nothing html5ever would decide differently. Wherever the
//! specification does more than nest (implied end tags, misnested formatting, tables,
//! foreign content, unusual tokens), it returns `None`. `tests::differential` holds it to
//! html5ever's output.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use std::borrow::Cow;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, TreeSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use scraper::{Html, HtmlTreeSink};

use crate::depth_guard::{MAX_MARKUP_DEPTH, flatten_deep_markup};

type Handle = <HtmlTreeSink as TreeSink>::Handle;

/// A post body as parsed: its DOM, and the text it was parsed from when markup nested
/// deeper than the limit had to be flattened first.
pub(crate) struct ParsedBody {
    pub doc: Html,
    pub flattened: Option<String>,
}

/// Parses a post body (a fragment in a `<body>` context) as `Html::parse_fragment` does,
/// after [`flatten_deep_markup`]. A well-formed body nested no deeper than the limit is
/// one the flattening leaves alone, so the fast path spares it that tokenizing pass.
pub(crate) fn parse_body(html: &str) -> ParsedBody {
    let normalized = normalize_newlines(html);
    let html = normalized.as_deref().unwrap_or(html);
    if let Some(doc) = well_formed(html, MAX_MARKUP_DEPTH) {
        return ParsedBody {
            doc,
            flattened: None,
        };
    }
    let flattened = flatten_deep_markup(html);
    let doc = parse_fragment(flattened.as_deref().unwrap_or(html));
    ParsedBody { doc, flattened }
}

/// html5ever turns CR LF and CR into LF before tokenizing; doing it first lets the fast
/// path see the same text.
fn normalize_newlines(html: &str) -> Option<String> {
    memchr::memchr(b'\r', html.as_bytes()).map(|_| html.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Parses an HTML fragment (in a `<body>` context), as `Html::parse_fragment` does.
pub(crate) fn parse_fragment(html: &str) -> Html {
    let normalized = normalize_newlines(html);
    let html = normalized.as_deref().unwrap_or(html);
    well_formed(html, usize::MAX).unwrap_or_else(|| Html::parse_fragment(html))
}

/// The fragment's DOM, or `None` when html5ever has to decide or elements nest deeper
/// than `max_depth`.
pub(crate) fn well_formed(html: &str, max_depth: usize) -> Option<Html> {
    // NUL (dropped by the tree builder) and a leading BOM (dropped by the tokenizer) are
    // html5ever's business.
    if memchr::memchr(0, html.as_bytes()).is_some() || html.starts_with('\u{feff}') {
        return None;
    }
    let mut fragment = Html::new_fragment();
    // About a node per tag and one per text between tags: growing the tree's vector
    // node by node was a tenth of the parse.
    let tags = memchr::memchr_iter(b'<', html.as_bytes()).count();
    fragment.tree = ego_tree::Tree::with_capacity(scraper::Node::Fragment, 2 * tags + 4);
    let sink = HtmlTreeSink::new(fragment);
    // html5ever creates the context element (unattached) before the root; doing the same
    // keeps both trees alike, node for node.
    let _context = create(&sink, local_name!("body"), Vec::new());
    let root = create(&sink, local_name!("html"), Vec::new());
    sink.append(&sink.get_document(), NodeOrText::AppendNode(root));
    let mut builder = Builder {
        src: html,
        pos: 0,
        sink,
        stack: vec![Open {
            handle: root,
            name: local_name!("html"),
            kind: Kind::Root,
        }],
        text: String::new(),
        max_depth,
    };
    builder.run()?;
    Some(builder.sink.finish())
}

fn create(sink: &HtmlTreeSink, name: LocalName, attrs: Vec<Attribute>) -> Handle {
    sink.create_element(
        QualName::new(None, ns!(html), name),
        attrs,
        ElementFlags::default(),
    )
}

/// How the tree builder treats an element, for the elements the fast path knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The fragment's `html` root.
    Root,
    /// A "special" element whose start tag closes an open `p`.
    Block,
    P,
    Heading,
    Li,
    Pre,
    /// Formatting elements (tracked by the tree builder; plain nesting here).
    Formatting,
    A,
    /// Elements the "any other start tag" rule handles.
    Ordinary,
    /// Void elements.
    Void,
    /// `hr`: void, and closes an open `p`.
    Hr,
    /// `style`: raw text.
    RawText,
    /// `script`: script data.
    Script,
    Table,
    /// `thead`, `tbody`, `tfoot`.
    TableSection,
    Row,
    /// `td`, `th`.
    Cell,
}

impl Kind {
    fn of(name: &str) -> Option<Kind> {
        Some(match name {
            "p" => Kind::P,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
            "li" => Kind::Li,
            "pre" => Kind::Pre,
            "address" | "article" | "aside" | "blockquote" | "center" | "details" | "div"
            | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "main" | "menu"
            | "nav" | "ol" | "section" | "summary" | "ul" => Kind::Block,
            "b" | "big" | "code" | "em" | "font" | "i" | "s" | "small" | "strike" | "strong"
            | "tt" | "u" => Kind::Formatting,
            "a" => Kind::A,
            "span" | "abbr" | "cite" | "dfn" | "kbd" | "mark" | "q" | "samp" | "sub" | "sup"
            | "time" | "var" | "bdi" | "bdo" | "data" | "ins" | "del" | "label" | "picture" => {
                Kind::Ordinary
            }
            "img" | "br" | "wbr" => Kind::Void,
            "hr" => Kind::Hr,
            "style" => Kind::RawText,
            "script" => Kind::Script,
            "table" => Kind::Table,
            "thead" | "tbody" | "tfoot" => Kind::TableSection,
            "tr" => Kind::Row,
            "td" | "th" => Kind::Cell,
            // Custom elements and namespaced cruft (`o:p`) are never names HTML gives a
            // rule to.
            _ if name.contains(['-', ':']) => Kind::Ordinary,
            _ => return None,
        })
    }

    /// In the HTML5 "special" category (where the `li` start tag's search stops).
    fn is_special(self) -> bool {
        !matches!(self, Kind::Formatting | Kind::A | Kind::Ordinary)
    }

    /// Whether this element, as the current node, puts the tree builder in one of the
    /// table modes, where text other than whitespace and most tags are foster-parented.
    fn is_table_mode(self) -> bool {
        matches!(self, Kind::Table | Kind::TableSection | Kind::Row)
    }
}

struct Open {
    handle: Handle,
    name: LocalName,
    kind: Kind,
}

struct Builder<'a> {
    src: &'a str,
    pos: usize,
    sink: HtmlTreeSink,
    stack: Vec<Open>,
    /// Character data not yet appended to the current node.
    text: String,
    /// How deep elements may nest (the root not counted).
    max_depth: usize,
}

/// One parsed tag.
struct Tag<'a> {
    name: Cow<'a, str>,
    attrs: Vec<Attribute>,
    self_closing: bool,
}

/// Tag and attribute names are ASCII-case-insensitive; most are lowercase already.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b' ')
}

impl<'a> Builder<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn run(&mut self) -> Option<()> {
        while self.pos < self.src.len() {
            let rest = &self.bytes()[self.pos..];
            let Some(at) = memchr::memchr2(b'<', b'&', rest) else {
                self.text.push_str(&self.src[self.pos..]);
                self.pos = self.src.len();
                break;
            };
            let start = self.pos;
            let src = self.src;
            self.text.push_str(&src[start..start + at]);
            self.pos += at;
            if rest[at] == b'&' {
                self.pos += 1;
                self.char_ref(false)?;
                continue;
            }
            match self.bytes().get(self.pos + 1).copied() {
                Some(b'!') => self.comment()?,
                Some(b'/') => self.end_tag()?,
                Some(b) if b.is_ascii_alphabetic() => self.start_tag()?,
                Some(b'?') => return None,
                // A `<` that starts no tag is text.
                _ => {
                    self.text.push('<');
                    self.pos += 1;
                }
            }
        }
        self.flush()
    }

    fn current(&self) -> &Open {
        // The root is never popped: an end tag must match a non-root current node.
        &self.stack[self.stack.len() - 1]
    }

    fn flush(&mut self) -> Option<()> {
        if self.text.is_empty() {
            return Some(());
        }
        if self.current().kind.is_table_mode()
            && !self
                .text
                .bytes()
                .all(|b| matches!(b, b'\t' | b'\n' | 0x0c | b' '))
        {
            return None;
        }
        let text = StrTendril::from(self.text.as_str());
        self.text.clear();
        let parent = self.current().handle;
        self.sink.append(&parent, NodeOrText::AppendText(text));
        Some(())
    }

    /// `<!--...-->`; any other `<!` is html5ever's.
    fn comment(&mut self) -> Option<()> {
        let rest = &self.src[self.pos..];
        let body = rest.strip_prefix("<!--")?;
        let end = memchr::memmem::find(body.as_bytes(), b"-->")?;
        let data = &body[..end];
        // Abrupt, nested and `--!>` comments follow rules of their own.
        if data.starts_with('>')
            || data.starts_with("->")
            || data.ends_with('-')
            || data.contains("<!-")
            || data.contains("--!")
        {
            return None;
        }
        self.flush()?;
        let comment = self.sink.create_comment(StrTendril::from(data));
        let parent = self.current().handle;
        self.sink.append(&parent, NodeOrText::AppendNode(comment));
        self.pos += 4 + end + 3;
        Some(())
    }

    fn start_tag(&mut self) -> Option<()> {
        self.pos += 1;
        let tag = self.tag_body(false)?;
        let kind = Kind::of(&tag.name)?;
        let void = matches!(kind, Kind::Void | Kind::Hr);
        if tag.self_closing && !void {
            return None;
        }
        // Tables must be whole: sections in tables, rows in sections, cells in rows, and
        // nothing else directly in any of them.
        let parent = self.current().kind;
        let fits = match kind {
            Kind::TableSection => parent == Kind::Table,
            Kind::Row => parent == Kind::TableSection,
            Kind::Cell => parent == Kind::Row,
            _ => !parent.is_table_mode(),
        };
        if !fits {
            return None;
        }
        // Every rule that closes elements implicitly is html5ever's to apply.
        let p_open = self.stack.iter().any(|o| o.kind == Kind::P);
        match kind {
            Kind::Block | Kind::P | Kind::Pre | Kind::Hr | Kind::Table if p_open => return None,
            Kind::Heading if p_open || self.current().kind == Kind::Heading => return None,
            Kind::Li if p_open || self.li_would_close() => return None,
            Kind::A if self.stack.iter().any(|o| o.kind == Kind::A) => return None,
            _ => {}
        }
        self.flush()?;
        let name = LocalName::from(&*tag.name);
        let handle = create(&self.sink, name.clone(), tag.attrs);
        let parent = self.current().handle;
        self.sink.append(&parent, NodeOrText::AppendNode(handle));
        if void {
            return Some(());
        }
        // The stack holds the root, so its length is the new element's depth.
        if self.stack.len() > self.max_depth {
            return None;
        }
        self.stack.push(Open { handle, name, kind });
        match kind {
            Kind::RawText | Kind::Script => self.raw_text(kind),
            Kind::Pre => {
                // The newline right after `<pre>` is not content.
                match self.peek() {
                    Some(b'\n') => self.pos += 1,
                    Some(b'&') => return None,
                    _ => {}
                }
                Some(())
            }
            _ => Some(()),
        }
    }

    /// Whether an `li` start tag would close an open `li` (the list item algorithm).
    fn li_would_close(&self) -> bool {
        for open in self.stack.iter().rev() {
            match open.kind {
                Kind::Li => return true,
                Kind::Block if matches!(&*open.name, "address" | "div") => {}
                kind if kind.is_special() => return false,
                _ => {}
            }
        }
        false
    }

    /// The content of `style` or `script`, up to its end tag.
    fn raw_text(&mut self, kind: Kind) -> Option<()> {
        let name = if kind == Kind::Script {
            "script"
        } else {
            "style"
        };
        let rest = &self.src[self.pos..];
        let mut from = 0;
        let end = loop {
            let at = from + memchr::memmem::find(&rest.as_bytes()[from..], b"</")?;
            let after = &rest.as_bytes()[at + 2..];
            if after.len() > name.len()
                && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(after[name.len()], b'\t' | b'\n' | 0x0c | b' ' | b'/' | b'>')
            {
                break at;
            }
            from = at + 2;
        };
        let content = &rest[..end];
        // Script data has escape states behind `<!--`.
        if kind == Kind::Script && content.contains("<!--") {
            return None;
        }
        self.text.push_str(content);
        self.pos += end;
        self.end_tag()
    }

    fn end_tag(&mut self) -> Option<()> {
        self.pos += 2;
        if !self.peek()?.is_ascii_alphabetic() {
            return None;
        }
        let tag = self.tag_body(true)?;
        let current = self.current();
        if current.kind == Kind::Root || *current.name != tag.name {
            return None;
        }
        self.flush()?;
        self.stack.pop();
        Some(())
    }

    /// A tag from its name on; `None` for anything but the plain forms.
    fn tag_body(&mut self, end: bool) -> Option<Tag<'a>> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':')
        {
            self.pos += 1;
        }
        let name = lowercase(&self.src[start..self.pos]);
        let mut tag = Tag {
            name,
            attrs: Vec::new(),
            self_closing: false,
        };
        loop {
            let b = self.peek()?;
            match b {
                b'>' => {
                    self.pos += 1;
                    return Some(tag);
                }
                _ if is_space(b) => self.pos += 1,
                b'/' => {
                    if bytes.get(self.pos + 1) != Some(&b'>') || end {
                        return None;
                    }
                    tag.self_closing = true;
                    self.pos += 2;
                    return Some(tag);
                }
                _ if end => return None,
                _ => {
                    // Attributes must be separated from the name and each other.
                    if !is_space(bytes[self.pos - 1]) {
                        return None;
                    }
                    let attr = self.attribute()?;
                    if tag.attrs.iter().any(|a| a.name == attr.name) {
                        return None;
                    }
                    tag.attrs.push(attr);
                }
            }
        }
    }

    fn attribute(&mut self) -> Option<Attribute> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            match b {
                b'"' | b'\'' | b'<' => return None,
                b'=' if self.pos == start => return None,
                b'/' | b'>' | b'=' => break,
                _ if is_space(b) => break,
                _ => self.pos += 1,
            }
        }
        let name = lowercase(&self.src[start..self.pos]);
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
        let mut value = StrTendril::new();
        if self.peek() == Some(b'=') {
            self.pos += 1;
            while self.peek().is_some_and(is_space) {
                self.pos += 1;
            }
            match self.peek()? {
                quote @ (b'"' | b'\'') => {
                    self.pos += 1;
                    let rest = &self.bytes()[self.pos..];
                    let len = memchr::memchr(quote, rest)?;
                    if memchr::memchr(b'&', &rest[..len]).is_none() {
                        value = StrTendril::from_slice(&self.src[self.pos..self.pos + len]);
                        self.pos += len;
                    } else {
                        let mut decoded = String::new();
                        self.value_until(&mut decoded, |b| b == quote)?;
                        value = StrTendril::from(decoded);
                    }
                    self.pos += 1;
                    // A quoted value must be followed by a space, `/` or `>`.
                    if !self
                        .peek()
                        .is_some_and(|b| is_space(b) || b == b'/' || b == b'>')
                    {
                        return None;
                    }
                }
                b'>' => return None,
                _ => {
                    let mut decoded = String::new();
                    self.value_until(&mut decoded, |b| is_space(b) || b == b'>')?;
                    if decoded.contains(['"', '\'', '<', '=', '`']) {
                        return None;
                    }
                    value = StrTendril::from(decoded);
                }
            }
        }
        Some(Attribute {
            name: QualName::new(None, ns!(), LocalName::from(&*name)),
            value,
        })
    }

    /// An attribute value up to `stop` (not consumed), character references decoded.
    fn value_until(&mut self, value: &mut String, stop: impl Fn(u8) -> bool) -> Option<()> {
        // The text buffer serves character references; keep what it holds.
        let pending = std::mem::take(&mut self.text);
        let result = loop {
            let Some(b) = self.peek() else { break None };
            if stop(b) {
                break Some(());
            }
            let start = self.pos;
            while self.peek().is_some_and(|b| !stop(b) && b != b'&') {
                self.pos += 1;
            }
            self.text.push_str(&self.src[start..self.pos]);
            if self.peek() == Some(b'&') {
                self.pos += 1;
                if self.char_ref(true).is_none() {
                    break None;
                }
            }
        };
        value.push_str(&self.text);
        self.text = pending;
        result
    }

    /// A character reference after its `&`, decoded into the text buffer as html5ever
    /// decodes it (the named reference algorithm, its table, its numeric replacements).
    fn char_ref(&mut self, in_attribute: bool) -> Option<()> {
        let rest = &self.src[self.pos..];
        match rest.as_bytes().first() {
            Some(b'#') => self.numeric_ref(),
            Some(b) if b.is_ascii_alphanumeric() => {
                match named_ref(rest, in_attribute) {
                    Some((chars, len)) => {
                        self.text.extend(chars);
                        self.pos += len;
                    }
                    None => self.text.push('&'),
                }
                Some(())
            }
            _ => {
                self.text.push('&');
                Some(())
            }
        }
    }

    fn numeric_ref(&mut self) -> Option<()> {
        let bytes = self.src.as_bytes();
        let mut at = self.pos + 1;
        let hex = matches!(bytes.get(at), Some(b'x' | b'X'));
        if hex {
            at += 1;
        }
        let base = if hex { 16 } else { 10 };
        let digits_start = at;
        let mut value: u32 = 0;
        let mut too_big = false;
        while let Some(d) = bytes.get(at).and_then(|&b| (b as char).to_digit(base)) {
            value = value.wrapping_mul(base).wrapping_add(d);
            too_big |= value > 0x10FFFF;
            at += 1;
        }
        if at == digits_start {
            // No digits: the `&` is text, and what follows is read again.
            self.text.push('&');
            return Some(());
        }
        if bytes.get(at) == Some(&b';') {
            at += 1;
        }
        self.text.push(numeric_char(value, too_big));
        self.pos = at;
        Some(())
    }
}

/// html5ever's value for a numeric character reference.
fn numeric_char(value: u32, too_big: bool) -> char {
    match value {
        _ if too_big => '\u{fffd}',
        0 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
            .or_else(|| char::from_u32(value))
            .unwrap_or('\u{fffd}'),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    }
}

/// A named character reference at the start of `rest` (after the `&`): its characters
/// and length, or `None` when the `&` stays text.
fn named_ref(rest: &str, in_attribute: bool) -> Option<(impl Iterator<Item = char>, usize)> {
    let mut matched = None;
    let mut matched_len = 0;
    for (i, c) in rest.char_indices() {
        let end = i + c.len_utf8();
        match NAMED_ENTITIES.get(&rest[..end]) {
            Some(&m) => {
                if m.0 != 0 {
                    matched = Some(m);
                    matched_len = end;
                }
            }
            None => break,
        }
    }
    let (c1, c2) = matched?;
    let last = rest.as_bytes()[matched_len - 1];
    let next = rest.as_bytes().get(matched_len).copied();
    // In attributes, for historical reasons, `&amp=` and `&ampx` stay as written.
    if in_attribute && last != b';' && next.is_some_and(|b| b == b'=' || b.is_ascii_alphanumeric())
    {
        return None;
    }
    let chars = [
        char::from_u32(c1),
        (c2 != 0).then(|| char::from_u32(c2)).flatten(),
    ]
    .into_iter()
    .flatten();
    Some((chars, matched_len))
}

#[cfg(test)]
mod tests;
