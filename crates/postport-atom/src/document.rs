//! One feed document: the feed's head (id, title, updated, author, links, generator,
//! RFC 5005 markers) written before its entries, then its end. Dates and ids are
//! written with no whitespace around them, as RFC 4287 requires.

use std::io::{self, Write};

use postport_model::Person;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// A link of a feed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// `self`, `alternate`, `current`, `prev-archive`, `next-archive`.
    pub rel: &'static str,
    /// Where.
    pub href: String,
    /// Its media type, if stated.
    pub media_type: Option<&'static str>,
}

/// What RFC 5005 says about a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// An ordinary (subscription) feed.
    None,
    /// An archive document (`fh:archive`).
    Archive,
    /// The whole feed in one document (`fh:complete`).
    Complete,
}

/// The head of a feed document.
#[derive(Debug, Clone)]
pub struct FeedHead {
    /// `atom:id`.
    pub id: String,
    /// `atom:title`.
    pub title: String,
    /// `atom:subtitle`.
    pub subtitle: Option<String>,
    /// `atom:updated` (RFC 3339).
    pub updated: String,
    /// The feed's author.
    pub author: String,
    /// Links.
    pub links: Vec<FeedLink>,
    /// `atom:icon`.
    pub icon: Option<String>,
    /// `atom:logo`.
    pub logo: Option<String>,
    /// `xml:lang`.
    pub language: Option<String>,
    /// RFC 5005 marker.
    pub history: History,
}

/// `<name attrs>text</name>` on a line of its own, indented by `indent`: no whitespace
/// inside the element (RFC 4287 forbids it around dates and IRIs), characters XML
/// forbids dropped.
pub(crate) fn text_line<W: Write>(
    out: &mut Writer<W>,
    indent: &str,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    out.get_mut().write_all(indent.as_bytes())?;
    out.write_event(Event::Start(start_tag(name, attrs)))?;
    out.write_event(Event::Text(BytesText::new(&postport_html::xml_safe(text))))?;
    out.write_event(Event::End(BytesEnd::new(name)))?;
    out.get_mut().write_all(b"\n")
}

/// A start tag with its attributes, without the characters XML forbids.
pub(crate) fn start_tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for a in attrs {
        start.push_attribute((a.0, postport_html::xml_safe(a.1).as_ref()));
    }
    start
}

fn line<W: Write>(
    out: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    text_line(out, "  ", name, attrs, text)
}

/// Writes the XML declaration and the feed's head.
pub fn write_head<W: Write>(sink: W, head: &FeedHead) -> io::Result<W> {
    let mut out = Writer::new(sink);
    out.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    out.get_mut().write_all(b"\n")?;
    let mut feed = BytesStart::new("feed");
    feed.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
    if head.history != History::None {
        feed.push_attribute(("xmlns:fh", "http://purl.org/syndication/history/1.0"));
    }
    if let Some(lang) = &head.language {
        feed.push_attribute(("xml:lang", lang.as_str()));
    }
    out.write_event(Event::Start(feed))?;
    out.get_mut().write_all(b"\n")?;
    line(&mut out, "id", &[], &head.id)?;
    line(&mut out, "title", &[("type", "text")], &head.title)?;
    if let Some(s) = &head.subtitle {
        line(&mut out, "subtitle", &[("type", "text")], s)?;
    }
    line(&mut out, "updated", &[], &head.updated)?;
    out.get_mut().write_all(b"  ")?;
    write_person(&mut out, &head.author)?;
    for link in &head.links {
        let mut el = BytesStart::new("link");
        el.push_attribute(("rel", link.rel));
        if let Some(t) = link.media_type {
            el.push_attribute(("type", t));
        }
        el.push_attribute(("href", postport_html::url::iri(&link.href).as_ref()));
        out.get_mut().write_all(b"  ")?;
        out.write_event(Event::Empty(el))?;
        out.get_mut().write_all(b"\n")?;
    }
    let version = env!("CARGO_PKG_VERSION");
    line(&mut out, "generator", &[("version", version)], "postport")?;
    if let Some(icon) = &head.icon {
        line(&mut out, "icon", &[], &postport_html::url::iri(icon))?;
    }
    if let Some(logo) = &head.logo {
        line(&mut out, "logo", &[], &postport_html::url::iri(logo))?;
    }
    match head.history {
        History::Archive => out.get_mut().write_all(b"  <fh:archive/>\n")?,
        History::Complete => out.get_mut().write_all(b"  <fh:complete/>\n")?,
        History::None => {}
    }
    Ok(out.into_inner())
}

/// Ends a feed document.
pub fn write_tail<W: Write>(mut sink: W) -> io::Result<W> {
    sink.write_all(b"</feed>\n")?;
    Ok(sink)
}

/// An `atom:author` from a person string (`Name <email> (url)`), on one line.
pub(crate) fn write_person<W: Write>(out: &mut Writer<W>, person: &str) -> io::Result<()> {
    let person = Person::parse(person);
    let uri = person.url.map(postport_html::url::iri);
    out.get_mut().write_all(b"<author>")?;
    for (name, value) in [
        ("name", Some(person.name)),
        ("email", person.email),
        ("uri", uri.as_deref()),
    ] {
        if let Some(value) = value {
            out.write_event(Event::Start(BytesStart::new(name)))?;
            out.write_event(Event::Text(BytesText::new(&postport_html::xml_safe(value))))?;
            out.write_event(Event::End(BytesEnd::new(name)))?;
        }
    }
    out.get_mut().write_all(b"</author>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(text: &str) -> String {
        let mut out = Writer::new(Vec::new());
        write_person(&mut out, text).expect("writes");
        String::from_utf8(out.into_inner()).expect("utf-8")
    }

    #[test]
    fn a_person_string_becomes_name_email_and_uri() {
        assert_eq!(
            person("Ada <ada@example.org> (https://ada.example/)"),
            "<author><name>Ada</name><email>ada@example.org</email><uri>https://ada.example/</uri></author>\n"
        );
        assert_eq!(
            person("R&D <team>"),
            "<author><name>R&amp;D &lt;team&gt;</name></author>\n"
        );
    }
}
