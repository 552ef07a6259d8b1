//! The gates every Atom document the tests write goes through: the RFC 4287 RELAX NG
//! schema (jing), a real feed client (Python's feedparser), and the rules of RFC 4287 and
//! RFC 5005 the schema cannot express, checked here on the parsed document.

use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::support::{files_under, require_tool, root};

/// One entry as the tests read it.
#[derive(Debug, Clone, Default)]
pub struct EntryDoc {
    pub id: String,
    pub title: String,
    pub published: Option<String>,
    pub updated: String,
    pub authors: Vec<String>,
    pub alternate: Option<String>,
    pub content_type: Option<String>,
    /// The content's text (`html`), or its inner markup (`xhtml`).
    pub content: Option<String>,
    pub summary: Option<String>,
    pub language: Option<String>,
    pub categories: Vec<(String, Option<String>)>,
    pub enclosures: Vec<String>,
}

/// One feed document as the tests read it.
#[derive(Debug, Clone, Default)]
pub struct FeedDoc {
    pub path: PathBuf,
    pub id: String,
    pub title: String,
    pub updated: String,
    pub authors: Vec<String>,
    /// `(rel, href)`.
    pub links: Vec<(String, String)>,
    pub language: Option<String>,
    pub archive: bool,
    pub complete: bool,
    pub entries: Vec<EntryDoc>,
}

impl FeedDoc {
    /// The href of the link with `rel`.
    pub fn link(&self, rel: &str) -> Option<&str> {
        self.links
            .iter()
            .find(|(r, _)| r == rel)
            .map(|(_, h)| h.as_str())
    }
}

fn attr(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| {
            let key: &str = a.key.as_ref();
            key == name
        })
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn element_name(start: &BytesStart<'_>) -> String {
    let qname = start.name();
    let name: &str = qname.as_ref();
    name.to_string()
}

/// Parses a feed document (panics on XML that is not well-formed).
pub fn parse(path: &Path) -> FeedDoc {
    let text = std::fs::read_to_string(path).expect("a UTF-8 feed");
    let mut reader = Reader::from_str(&text);
    let mut doc = FeedDoc {
        path: path.to_path_buf(),
        ..FeedDoc::default()
    };
    let mut stack: Vec<String> = Vec::new();
    let mut entry: Option<EntryDoc> = None;
    let mut text_buf = String::new();
    // Inside xhtml content: its raw inner markup is kept.
    let mut xhtml_start: Option<usize> = None;
    loop {
        let position = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
        match event {
            Event::Start(start) => {
                let name = element_name(&start);
                if xhtml_start.is_some() {
                    stack.push(name);
                    continue;
                }
                match (stack.last().map(String::as_str), name.as_str()) {
                    (None, "feed") => doc.language = attr(&start, "xml:lang"),
                    (Some("feed"), "entry") => {
                        entry = Some(EntryDoc {
                            language: attr(&start, "xml:lang"),
                            ..EntryDoc::default()
                        })
                    }
                    (Some("entry"), "content") => {
                        let e = entry.as_mut().expect("in an entry");
                        e.content_type = attr(&start, "type");
                        if e.content_type.as_deref() == Some("xhtml") {
                            xhtml_start = Some(reader.buffer_position() as usize);
                        }
                    }
                    _ => {}
                }
                stack.push(name);
                text_buf.clear();
            }
            Event::Empty(start) => {
                if xhtml_start.is_some() {
                    continue;
                }
                let name = element_name(&start);
                match (stack.last().map(String::as_str), name.as_str()) {
                    (Some("feed"), "link") => doc.links.push((
                        attr(&start, "rel").unwrap_or_else(|| "alternate".into()),
                        attr(&start, "href").unwrap_or_default(),
                    )),
                    (Some("feed"), "fh:archive") => doc.archive = true,
                    (Some("feed"), "fh:complete") => doc.complete = true,
                    (Some("entry"), "link") => {
                        let e = entry.as_mut().expect("in an entry");
                        let href = attr(&start, "href").unwrap_or_default();
                        match attr(&start, "rel").as_deref().unwrap_or("alternate") {
                            "alternate" => e.alternate = Some(href),
                            "enclosure" => e.enclosures.push(href),
                            _ => {}
                        }
                    }
                    (Some("entry"), "category") => {
                        entry.as_mut().expect("in an entry").categories.push((
                            attr(&start, "term").unwrap_or_default(),
                            attr(&start, "label"),
                        ))
                    }
                    _ => {}
                }
            }
            Event::Text(t) if xhtml_start.is_none() => text_buf.push_str(&t.xml10_content()),
            Event::CData(c) if xhtml_start.is_none() => text_buf.push_str(&c.xml10_content()),
            Event::GeneralRef(r) if xhtml_start.is_none() => {
                let reference = format!("&{};", &*r.xml10_content());
                text_buf
                    .push_str(&quick_xml::escape::unescape(&reference).expect("a known entity"));
            }
            Event::End(end) => {
                let qname = end.name();
                let name: &str = qname.as_ref();
                let name = name.to_string();
                stack.pop();
                if let Some(start) = xhtml_start {
                    if name == "content" && stack.last().map(String::as_str) == Some("entry") {
                        let e = entry.as_mut().expect("in an entry");
                        e.content = Some(text[start..position].to_string());
                        xhtml_start = None;
                    }
                    continue;
                }
                let value = std::mem::take(&mut text_buf);
                let parent = stack.last().map(String::as_str);
                match (parent, name.as_str(), entry.as_mut()) {
                    (Some("feed"), "entry", _) => {
                        doc.entries.push(entry.take().expect("in an entry"))
                    }
                    (Some("feed"), "id", _) => doc.id = value,
                    (Some("feed"), "title", _) => doc.title = value,
                    (Some("feed"), "updated", _) => doc.updated = value,
                    (Some("author"), "name", Some(e)) if stack.len() == 3 => e.authors.push(value),
                    (Some("author"), "name", None) if stack.len() == 2 => doc.authors.push(value),
                    (Some("entry"), "id", Some(e)) => e.id = value,
                    (Some("entry"), "title", Some(e)) => e.title = value,
                    (Some("entry"), "published", Some(e)) => e.published = Some(value),
                    (Some("entry"), "updated", Some(e)) => e.updated = value,
                    (Some("entry"), "summary", Some(e)) => e.summary = Some(value),
                    (Some("entry"), "content", Some(e)) => e.content = Some(value),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    doc
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' {
        return false;
    }
    if !digits(8..10) || b[10] != b'T' || !digits(11..13) || b[13] != b':' || !digits(14..16) {
        return false;
    }
    if b[16] != b':' || !digits(17..19) {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..].bytes())
                .all(|c| c.is_ascii_digit()))
}

fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok || rest.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if scheme == "tag" {
        // RFC 4151: tag:authority,date:specific, date = YYYY[-MM[-DD]].
        let Some((authority_date, _specific)) = rest.split_once(':') else {
            return false;
        };
        let Some((authority, date)) = authority_date.split_once(',') else {
            return false;
        };
        let date_ok = matches!(date.len(), 4 | 7 | 10)
            && date.bytes().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        return !authority.is_empty() && date_ok;
    }
    true
}

fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').enumerate().all(|(i, part)| {
            (1..=8).contains(&part.len())
                && if i == 0 {
                    part.chars().all(|c| c.is_ascii_alphabetic())
                } else {
                    part.chars().all(|c| c.is_ascii_alphanumeric())
                }
        })
}

/// Script, event handlers and script URLs left in content (parsed as HTML, as a reader
/// would).
fn unsafe_markup(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        if matches!(
            name,
            "script" | "style" | "iframe" | "object" | "embed" | "frame" | "base" | "meta" | "link"
        ) {
            found.push(format!("<{name}>"));
        }
        for (key, value) in element.attrs() {
            let value = value.trim().to_ascii_lowercase();
            if key.to_ascii_lowercase().starts_with("on")
                || value.starts_with("javascript:")
                || value.starts_with("vbscript:")
                || value.starts_with("data:text/html")
            {
                found.push(format!("<{name} {key}={value}>"));
            }
        }
    }
    found
}

/// A `]]>` that does not end a CDATA section, and sections that never end: a CDATA
/// section ends at its first `]]>`, so any other is a hazard.
fn cdata_hazards(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut outside = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<![CDATA[") {
        outside.push_str(&rest[..start]);
        let section = &rest[start + "<![CDATA[".len()..];
        match section.find("]]>") {
            Some(end) => rest = &section[end + "]]>".len()..],
            None => {
                found.push("an unterminated CDATA section".to_string());
                rest = "";
            }
        }
    }
    outside.push_str(rest);
    if outside.contains("]]>") {
        found.push("`]]>` outside a CDATA section".to_string());
    }
    found
}

/// The rules RFC 4287 and RFC 5005 state that the schema cannot check; one message per
/// broken rule.
pub fn rule_violations(doc: &FeedDoc) -> Vec<String> {
    let mut v = Vec::new();
    let bytes = std::fs::read(&doc.path).expect("read");
    let text = String::from_utf8_lossy(&bytes);
    if let Some(c) = text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    }) {
        v.push(format!("a character XML forbids: U+{:04X}", c as u32));
    }
    v.extend(cdata_hazards(&text));
    let mut check_date = |what: &str, s: &str| {
        if !is_rfc3339(s) {
            v.push(format!(
                "{what} `{s}` is not an RFC 3339 date-time with an offset"
            ));
        }
    };
    check_date("feed updated", &doc.updated);
    for e in &doc.entries {
        check_date("entry updated", &e.updated);
        if let Some(p) = &e.published {
            check_date("entry published", p);
        }
    }
    if !is_absolute_iri(&doc.id) {
        v.push(format!("feed id `{}` is not an absolute IRI", doc.id));
    }
    if doc.title.trim().is_empty() {
        v.push("empty feed title".into());
    }
    let feed_author = doc.authors.iter().any(|a| !a.trim().is_empty());
    if doc.authors.iter().any(|a| a.trim().is_empty()) {
        v.push("an empty feed author name".into());
    }
    for (rel, href) in &doc.links {
        if !is_absolute_iri(href) {
            v.push(format!("feed link {rel} `{href}` is not absolute"));
        }
    }
    if let Some(lang) = &doc.language
        && !is_language_tag(lang)
    {
        v.push(format!("feed xml:lang `{lang}` is not BCP 47"));
    }
    let mut ids = std::collections::HashSet::new();
    for e in &doc.entries {
        let at = format!("entry `{}`", e.title);
        if !is_absolute_iri(&e.id) {
            v.push(format!("{at}: id `{}` is not an absolute IRI", e.id));
        }
        if !ids.insert(e.id.clone()) {
            v.push(format!("{at}: id `{}` repeated", e.id));
        }
        if e.title.trim().is_empty() {
            v.push(format!("{at}: empty title"));
        }
        if !feed_author && !e.authors.iter().any(|a| !a.trim().is_empty()) {
            v.push(format!("{at}: no author, and the feed has none"));
        }
        if e.content.is_none() && e.alternate.is_none() {
            v.push(format!("{at}: neither content nor an alternate link"));
        }
        if let Some(href) = &e.alternate
            && !is_absolute_iri(href)
        {
            v.push(format!("{at}: alternate link `{href}` is not absolute"));
        }
        for href in &e.enclosures {
            if !is_absolute_iri(href) {
                v.push(format!("{at}: enclosure `{href}` is not an absolute IRI"));
            }
        }
        if let Some(lang) = &e.language
            && !is_language_tag(lang)
        {
            v.push(format!("{at}: xml:lang `{lang}` is not BCP 47"));
        }
        if let Some(content) = &e.content {
            for found in unsafe_markup(content) {
                v.push(format!("{at}: unsafe markup in content: {found}"));
            }
            // Relative URLs are made absolute whenever the post's URL is known.
            if e.content_type.as_deref() == Some("html") && e.alternate.is_some() {
                for found in relative_urls(content) {
                    v.push(format!("{at}: relative URL in content: {found}"));
                }
            }
        }
    }
    // RFC 5005.
    if doc.complete
        && doc.links.iter().any(|(r, _)| {
            matches!(
                r.as_str(),
                "prev-archive" | "next-archive" | "next" | "previous"
            )
        })
    {
        v.push("fh:complete with paging or archive links".into());
    }
    if doc.archive && doc.link("current").is_none() {
        v.push("archive document without a current link".into());
    }
    if doc.archive && doc.link("self").is_none() {
        v.push("archive document without a self link".into());
    }
    v
}

/// `href`/`src` values that are relative, which a reader ignoring `xml:base` breaks.
fn relative_urls(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in fragment.tree.nodes() {
        if let Some(element) = node.value().as_element() {
            for key in ["href", "src"] {
                if let Some(url) = element.attr(key)
                    && !url.starts_with('#')
                    && !is_absolute_iri(url)
                {
                    found.push(url.to_string());
                }
            }
        }
    }
    found
}

/// Where the Atom schema is: `$POSTPORT_SHARED/validators/atom.rnc`, else
/// `../shared/validators/atom.rnc` beside the repository.
fn atom_schema() -> Option<PathBuf> {
    let shared = std::env::var_os("POSTPORT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let schema = shared.join("validators/atom.rnc");
    schema.exists().then_some(schema)
}

fn have(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Validates documents with jing against the RFC 4287 schema. Skipped, saying so, only
/// when `../shared` (which holds the schema) is absent.
fn jing(paths: &[PathBuf]) {
    let Some(schema) = atom_schema() else {
        eprintln!("skipped: the Atom schema check, as ../shared/validators/atom.rnc is absent");
        return;
    };
    if !require_tool(which("jing"), "jing (bash scripts/setup.sh installs it)") {
        return;
    }
    let output = std::process::Command::new("jing")
        .arg("-c")
        .arg(&schema)
        .args(paths)
        .output()
        .expect("jing runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.trim().is_empty(),
        "jing rejects a feed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The Python that has feedparser (Debian's `python3-feedparser` is for the system
/// Python, which a user's own Python may shadow on PATH).
fn python() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| have(p, &["-c", "import feedparser"]))
}

const FEEDPARSER: &str = r#"
import json, sys, feedparser
out = []
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    out.append({
        "bozo": bool(d.bozo),
        "error": str(d.get("bozo_exception", "")),
        "version": d.get("version", ""),
        "entries": [
            {"title": e.get("title"), "published": e.get("published"), "updated": e.get("updated")}
            for e in d.entries
        ],
    })
print(json.dumps(out))
"#;

/// Parses documents with feedparser: not bozo, an Atom 1.0 feed, and the entries, titles
/// and dates the tests read themselves.
fn feedparser(docs: &[FeedDoc]) {
    let Some(python) = python() else {
        require_tool(
            false,
            "Python's feedparser (bash scripts/setup.sh installs it)",
        );
        return;
    };
    let output = std::process::Command::new(python)
        .arg("-c")
        .arg(FEEDPARSER)
        .args(docs.iter().map(|d| &d.path))
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "feedparser failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("feedparser's JSON");
    for (doc, client) in docs.iter().zip(&parsed) {
        let at = doc.path.display();
        assert_eq!(
            client["bozo"], false,
            "{at}: feedparser: {}",
            client["error"]
        );
        assert_eq!(client["version"], "atom10", "{at}");
        let entries = client["entries"].as_array().expect("entries");
        assert_eq!(entries.len(), doc.entries.len(), "{at}: entry count");
        for (mine, theirs) in doc.entries.iter().zip(entries) {
            assert_eq!(theirs["title"], mine.title.as_str(), "{at}: title");
            assert_eq!(theirs["updated"], mine.updated.as_str(), "{at}: updated");
            assert_eq!(
                theirs["published"].as_str(),
                mine.published.as_deref(),
                "{at}: published"
            );
        }
    }
}

/// Every `.atom` file under `dir`, sorted.
pub fn feeds_under(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "atom"))
        .collect()
}

/// Runs every gate on the documents and returns them parsed.
pub fn validate(paths: &[PathBuf]) -> Vec<FeedDoc> {
    assert!(!paths.is_empty(), "no feed to validate");
    let docs: Vec<FeedDoc> = paths.iter().map(|p| parse(p)).collect();
    for doc in &docs {
        let violations = rule_violations(doc);
        assert!(
            violations.is_empty(),
            "{} breaks Atom rules:\n  {}",
            doc.path.display(),
            violations.join("\n  ")
        );
    }
    jing(paths);
    feedparser(&docs);
    docs
}

#[test]
fn the_rules_catch_what_they_should() {
    assert!(is_rfc3339("2021-10-24T07:55:27+08:00") && is_rfc3339("2021-10-24T07:55:27.5Z"));
    assert!(!is_rfc3339(" 2021-10-24T07:55:27Z") && !is_rfc3339("2021-10-24T07:55:27"));
    assert!(is_absolute_iri("tag:news.example.cn,2021-10-24:a/b"));
    assert!(!is_absolute_iri("tag:news.example.cn:123") && !is_absolute_iri("/p/1"));
    assert!(!is_absolute_iri("https://a.example/a b.png"));
    assert!(is_language_tag("zh-CN") && !is_language_tag("zh_CN"));
    assert_eq!(
        unsafe_markup("<p onclick=\"x()\">a</p><script>b</script><a href=\"javascript:c\">d</a>")
            .len(),
        3
    );
    assert_eq!(
        relative_urls("<img src=\"a.png\"><a href=\"#n\">x</a>"),
        ["a.png"]
    );
    assert!(cdata_hazards("<c><![CDATA[a]]]]><![CDATA[>b]]></c>").is_empty());
    assert_eq!(cdata_hazards("<c>a]]>b</c>").len(), 1);
    assert_eq!(cdata_hazards("<c><![CDATA[a</c>").len(), 1);
}
