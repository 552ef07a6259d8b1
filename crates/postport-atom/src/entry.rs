//! One post as an `atom:entry`: id, title, dates with offsets, authors, categories with
//! labels and schemes, the alternate link, the cover as an enclosure, a summary that
//! never breaks a character, and content as escaped HTML or an XHTML `div`, every URL
//! in it made absolute.

use std::io::{self, Write};

use postport_html::url::join;
use postport_html::{ImageChoice, RenderHooks, TemplateStyle, render_html, write_blocks, xml_safe};
use postport_media::ImageFormat;
use postport_model::{
    Article, Collection, Image, LinkTarget, Resources, plain_text, rfc3339, truncate_text,
};
use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesEnd, BytesStart, BytesText, Event};

use crate::document::{start_tag, write_person};
use crate::ids::entry_id;

/// What goes into `atom:content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContentMode {
    /// `type="html"`: the HTML as text, in CDATA sections (as Hexo's feed generator
    /// writes it; any XML parser reads it as the same text as escaped markup).
    #[default]
    Html,
    /// `type="xhtml"`, an `xhtml:div` written from the tree.
    Xhtml,
    /// No content, the summary only (the alternate link carries the post).
    Summary,
    /// No content and no generated summary.
    None,
}

/// How entry ids are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntryIdStyle {
    /// Front matter id, else a `tag:` URI (stable across moves and permalink changes).
    #[default]
    Tag,
    /// The post's URL.
    Permalink,
}

/// What an entry needs besides the article.
pub struct EntryContext<'a> {
    /// The collection (links between posts).
    pub collection: &'a Collection,
    /// The archive's files (the size of a local cover).
    pub resources: &'a dyn Resources,
    /// The feed's language.
    pub feed_language: Option<&'a str>,
    /// What goes into content.
    pub content: ContentMode,
    /// How ids are made.
    pub ids: EntryIdStyle,
    /// `--url-pattern`, when given.
    pub url_pattern: Option<&'a str>,
    /// The feed's last change, for undated posts.
    pub fallback_updated: &'a str,
}

/// URLs in content made absolute against the post's URL (and `xml:base` says so too,
/// for readers that honour it).
struct Absolute<'a> {
    collection: &'a Collection,
    post_url: Option<&'a str>,
    base_url: Option<&'a str>,
}

impl Absolute<'_> {
    fn resolve(&self, url: &str) -> String {
        if postport_html::url::scheme(url).is_some() {
            return url.to_string();
        }
        match (url.starts_with('/'), self.post_url, self.base_url) {
            (false, Some(post), _) => join(post, url),
            (true, _, Some(base)) | (true, Some(base), None) => join(base, url),
            _ => url.to_string(),
        }
    }
}

impl RenderHooks for Absolute<'_> {
    fn link_href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Url(url) => Some(self.resolve(url)),
            LinkTarget::Post(reference) => self
                .collection
                .resolve(reference)
                .and_then(|i| self.collection.entries[i].url.clone()),
        }
    }

    fn mark_post_links(&self) -> bool {
        false
    }

    fn post_title(&self, reference: &str) -> Option<String> {
        self.collection
            .resolve(reference)
            .map(|i| self.collection.entries[i].title.clone())
    }

    fn image(&self, image: &Image) -> ImageChoice {
        ImageChoice::Embed(self.resolve(&image.src))
    }

    fn template_style(&self) -> TemplateStyle {
        TemplateStyle::Code
    }

    fn keep_more_marker(&self) -> bool {
        false
    }
}

/// `--url-pattern`: `:year`, `:month`, `:day`, `:slug` replaced.
fn url_from_pattern(pattern: &str, article: &Article) -> String {
    let date = article.sort_date();
    pattern
        .replace(
            ":year",
            &date.map(|d| d.format("%Y").to_string()).unwrap_or_default(),
        )
        .replace(
            ":month",
            &date.map(|d| d.format("%m").to_string()).unwrap_or_default(),
        )
        .replace(
            ":day",
            &date.map(|d| d.format("%d").to_string()).unwrap_or_default(),
        )
        .replace(":slug", &article.meta.slug)
}

/// The post's URL: `--url-pattern`, else the one computed from the site's permalinks.
pub fn post_url(article: &Article, pattern: Option<&str>) -> Option<String> {
    match pattern {
        Some(p) => Some(url_from_pattern(p, article)),
        None => article.meta.url.clone(),
    }
}

fn element<W: Write>(
    out: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    crate::document::text_line(out, "    ", name, attrs, text)
}

/// An element whose text is written as CDATA sections: markup-heavy text (HTML) is
/// copied as it is rather than escaped, a third smaller and faster to write. A `]]>` in
/// the text ends one section and starts the next (quick-xml splits it), and a CR, which
/// XML parsers would read as LF inside CDATA, is kept as a character reference.
fn cdata_element<W: Write>(
    out: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    out.get_mut().write_all(b"    ")?;
    out.write_event(Event::Start(start_tag(name, attrs)))?;
    let text = xml_safe(text);
    for (i, line) in text.split('\r').enumerate() {
        if i > 0 {
            out.write_event(Event::Text(BytesText::new("\r")))?;
        }
        if !line.is_empty() {
            for section in BytesCData::escaped(line) {
                out.write_event(Event::CData(section))?;
            }
        }
    }
    out.write_event(Event::End(BytesEnd::new(name)))?;
    out.get_mut().write_all(b"\n")
}

fn empty<W: Write>(out: &mut Writer<W>, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    out.get_mut().write_all(b"    ")?;
    out.write_event(Event::Empty(start_tag(name, attrs)))?;
    out.get_mut().write_all(b"\n")
}

/// The `atom:entry` of an article, ready to be copied into one or more documents.
/// Returns the XML and whether content had to be kept for lack of an alternate link.
pub fn entry_xml(article: &Article, cx: &EntryContext<'_>) -> io::Result<(Vec<u8>, bool)> {
    let meta = &article.meta;
    let site = &cx.collection.site;
    let url = post_url(article, cx.url_pattern)
        .filter(|u| postport_html::url::scheme(u).is_some())
        .map(|u| postport_html::url::iri(&u).into_owned());
    let date = article.sort_date();
    let id = match (cx.ids, &url) {
        (EntryIdStyle::Permalink, Some(u)) => u.clone(),
        // The site's host; in an input of several sites, the host of the post's own
        // site (its URL from the site's permalinks, never `--url-pattern`).
        _ => entry_id(
            meta.id.as_deref(),
            site.base_url.as_deref().or(meta.url.as_deref()),
            date.as_ref(),
            &meta.slug,
            &article.source.display(),
        ),
    };
    let mut out = Writer::new(Vec::with_capacity(8192));
    let mut start = BytesStart::new("entry");
    let language = meta
        .language
        .as_deref()
        .filter(|l| Some(*l) != cx.feed_language);
    if let Some(lang) = language {
        start.push_attribute(("xml:lang", lang));
    }
    out.get_mut().write_all(b"  ")?;
    out.write_event(Event::Start(start))?;
    out.get_mut().write_all(b"\n")?;
    element(&mut out, "id", &[], &id)?;
    element(
        &mut out,
        "title",
        &[("type", "text")],
        &postport_html::shown_title(article),
    )?;
    if let Some(published) = date {
        element(&mut out, "published", &[], &rfc3339(&published))?;
    }
    let updated = meta.updated.or(date).map(|d| rfc3339(&d));
    element(
        &mut out,
        "updated",
        &[],
        updated.as_deref().unwrap_or(cx.fallback_updated),
    )?;
    for author in &meta.authors {
        out.get_mut().write_all(b"    ")?;
        write_person(&mut out, author)?;
    }
    if let Some(u) = &url {
        empty(
            &mut out,
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", u)],
        )?;
    }
    if let Some(cover) = &meta.cover {
        let hooks = Absolute {
            collection: cx.collection,
            post_url: url.as_deref(),
            base_url: site.base_url.as_deref(),
        };
        let href = postport_html::url::iri(&hooks.resolve(cover)).into_owned();
        if postport_html::url::scheme(&href).is_some_and(|s| s == "http" || s == "https") {
            let length = article
                .asset(cover)
                .and_then(|a| cx.resources.read(&a.path).ok())
                .map(|b| b.len().to_string());
            let media_type =
                ImageFormat::from_extension(cover.split(['?', '#']).next().unwrap_or(cover))
                    .map(ImageFormat::media_type)
                    .unwrap_or("image/jpeg");
            let mut attrs = vec![
                ("rel", "enclosure"),
                ("type", media_type),
                ("href", href.as_str()),
            ];
            if let Some(l) = &length {
                attrs.push(("length", l.as_str()));
            }
            empty(&mut out, "link", &attrs)?;
        }
    }
    // The schemes depend on the site alone: made once an entry, not once a category.
    let scheme = |folder: &str| {
        site.base_url
            .as_deref()
            .map(|b| postport_html::url::iri(&format!("{b}{folder}/")).into_owned())
    };
    let (category_scheme, tag_scheme) = (scheme("categories"), scheme("tags"));
    for path in &meta.categories {
        let term = path.join("/");
        let label = path.join(" > ");
        let mut attrs = vec![("term", term.as_str())];
        if path.len() > 1 {
            attrs.push(("label", label.as_str()));
        }
        if let Some(s) = &category_scheme {
            attrs.push(("scheme", s.as_str()));
        }
        empty(&mut out, "category", &attrs)?;
    }
    for tag in &meta.tags {
        let mut attrs = vec![("term", tag.as_str())];
        if let Some(s) = &tag_scheme {
            attrs.push(("scheme", s.as_str()));
        }
        empty(&mut out, "category", &attrs)?;
    }
    // Without an alternate link, an entry must carry its content (RFC 4287 4.1.2).
    let mut content = cx.content;
    let forced = url.is_none() && matches!(content, ContentMode::Summary | ContentMode::None);
    if forced {
        content = ContentMode::Html;
    }
    let summary = article.summary_text().or_else(|| {
        matches!(content, ContentMode::Summary)
            .then(|| truncate_text(&plain_text(&article.body), 240))
    });
    if let Some(s) = summary.filter(|s| !s.trim().is_empty()) {
        element(&mut out, "summary", &[("type", "text")], s.trim())?;
    }
    let hooks = Absolute {
        collection: cx.collection,
        post_url: url.as_deref(),
        base_url: site.base_url.as_deref(),
    };
    match content {
        ContentMode::Html => {
            let html = render_html(&article.body, &hooks);
            let mut attrs = vec![("type", "html")];
            if let Some(u) = &url {
                attrs.push(("xml:base", u.as_str()));
            }
            cdata_element(&mut out, "content", &attrs, &html)?;
        }
        ContentMode::Xhtml => {
            let mut start = BytesStart::new("content");
            start.push_attribute(("type", "xhtml"));
            if let Some(u) = &url {
                start.push_attribute(("xml:base", u.as_str()));
            }
            out.get_mut().write_all(b"    ")?;
            out.write_event(Event::Start(start))?;
            let mut div = BytesStart::new("div");
            div.push_attribute(("xmlns", "http://www.w3.org/1999/xhtml"));
            out.write_event(Event::Start(div))?;
            write_blocks(&mut out, &article.body, &hooks)?;
            out.write_event(Event::End(BytesEnd::new("div")))?;
            out.write_event(Event::End(BytesEnd::new("content")))?;
            out.get_mut().write_all(b"\n")?;
        }
        ContentMode::Summary | ContentMode::None => {}
    }
    out.get_mut().write_all(b"  ")?;
    out.write_event(Event::End(BytesEnd::new("entry")))?;
    out.get_mut().write_all(b"\n")?;
    Ok((out.into_inner(), forced))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::{Reader, XmlVersion};

    /// The text an XML parser reads back from `<content>`.
    fn read_back(xml: &str) -> String {
        let mut reader = Reader::from_str(xml);
        let mut text = String::new();
        let mut inside = false;
        loop {
            match reader.read_event().expect("well-formed") {
                Event::Start(_) => inside = true,
                Event::End(_) => inside = false,
                Event::Text(t) if inside => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
                Event::GeneralRef(r) if inside => {
                    let c = r.resolve_char_ref().expect("char ref").expect("a char");
                    text.push(c);
                }
                Event::CData(c) if inside => text.push_str(&c.xml_content(XmlVersion::Implicit1_0)),
                Event::Eof => return text,
                _ => {}
            }
        }
    }

    #[test]
    fn cdata_content_reads_back_as_the_same_text() {
        for html in [
            "",
            "<p>plain</p>",
            "<a title=\"]]>\">x</a> ]]>]]> end",
            "crlf\r\nand cr\rin pre",
            "\r",
            "bell\u{7}dropped",
        ] {
            let mut out = Writer::new(Vec::new());
            cdata_element(&mut out, "content", &[("type", "html")], html).expect("write");
            let xml = String::from_utf8(out.into_inner()).expect("utf-8");
            assert_eq!(read_back(&xml), xml_safe(html), "{xml}");
            // Outside the sections' own markers, no `]]>` is left to end one early.
            let markers = xml.matches("]]>").count();
            assert_eq!(markers, xml.matches("<![CDATA[").count(), "{xml}");
        }
    }
}
