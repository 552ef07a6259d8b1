//! One post as a chapter: an XHTML document written from the tree through
//! postport-html's serializer (never from source HTML), with a header (title, date,
//! authors, categories, tags, link to the original), links between posts pointing
//! inside the book, unique ids and no dead fragments.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use postport_html::url::join;
use postport_html::{ImageChoice, RawPolicy, RenderHooks, TemplateStyle, note_id, write_blocks};
use postport_model::walk::{walk_blocks, walk_blocks_mut};
use postport_model::{Article, Block, Collection, Image, LinkTarget, Person, rfc3339};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::labels::Labels;

/// Where every post of the book is.
pub struct BookLinks<'a> {
    /// The collection.
    pub collection: &'a Collection,
    /// Each entry's chapter file (`c00012.xhtml`, relative to the text folder) when it
    /// is in this book (volume); `None` for posts in other volumes.
    pub chapters: &'a dyn Fn(usize) -> Option<String>,
}

/// An XHTML document's head and opening.
pub fn open_document<W: Write>(
    out: &mut Writer<W>,
    title: &str,
    language: &str,
    stylesheets: &[String],
) -> io::Result<()> {
    out.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    out.get_mut().write_all(b"\n<!DOCTYPE html>\n")?;
    let mut html = BytesStart::new("html");
    html.push_attribute(("xmlns", "http://www.w3.org/1999/xhtml"));
    html.push_attribute(("xmlns:epub", "http://www.idpf.org/2007/ops"));
    html.push_attribute(("xml:lang", language));
    html.push_attribute(("lang", language));
    if postport_model::is_rtl_language(language) {
        html.push_attribute(("dir", "rtl"));
    }
    out.write_event(Event::Start(html))?;
    out.write_event(Event::Start(BytesStart::new("head")))?;
    let mut meta = BytesStart::new("meta");
    meta.push_attribute(("charset", "utf-8"));
    out.write_event(Event::Empty(meta))?;
    out.create_element("title")
        .write_text_content(BytesText::new(&postport_html::xml_safe(title)))?;
    for href in stylesheets {
        let mut link = BytesStart::new("link");
        link.push_attribute(("rel", "stylesheet"));
        link.push_attribute(("type", "text/css"));
        link.push_attribute(("href", href.as_str()));
        out.write_event(Event::Empty(link))?;
    }
    out.write_event(Event::End(BytesEnd::new("head")))?;
    out.get_mut().write_all(b"\n")
}

/// Closes what [`open_document`] opened.
pub fn close_document<W: Write>(out: &mut Writer<W>) -> io::Result<()> {
    out.write_event(Event::End(BytesEnd::new("html")))?;
    out.get_mut().write_all(b"\n")
}

/// Renaming of duplicate heading ids, and the set of ids a chapter has.
fn unique_ids(body: &mut [Block]) -> HashSet<String> {
    let mut seen: HashSet<String> = ["pp-header", "pp-title"]
        .into_iter()
        .map(String::from)
        .collect();
    walk_blocks(body, &mut |b| {
        if let Block::FootnoteDefinition { label, .. } = b {
            seen.insert(note_id(label));
        }
    });
    walk_blocks_mut(body, &mut |b| {
        if let Block::Heading { id: Some(id), .. } = b {
            let mut candidate = id.clone();
            let mut n = 2;
            while seen.contains(&candidate) {
                candidate = format!("{id}-{n}");
                n += 1;
            }
            seen.insert(candidate.clone());
            *id = candidate;
        }
    });
    seen
}

struct Hooks<'a> {
    links: &'a BookLinks<'a>,
    images: &'a HashMap<String, ImageChoice>,
    ids: &'a HashSet<String>,
    post_url: Option<&'a str>,
    base_url: Option<&'a str>,
}

impl Hooks<'_> {
    /// The in-book target of an entry, else its URL; with the link's fragment when the
    /// post has a heading of that id (any other fragment would be a dead link).
    fn entry_href(&self, i: usize, fragment: Option<&str>) -> Option<String> {
        let entry = &self.links.collection.entries[i];
        let href = (self.links.chapters)(i).or_else(|| entry.url.clone())?;
        let known = fragment.filter(|f| names_an_id(f, |id| entry.anchors.iter().any(|a| a == id)));
        Some(match known {
            Some(f) => format!("{href}#{f}"),
            None => href,
        })
    }
}

fn fragment_of(reference: &str) -> Option<&str> {
    reference.split_once('#').map(|(_, f)| f)
}

/// Whether a link's fragment, as written or percent-decoded (`#%E4%B8%AD` for `#中`),
/// is an id the target has.
fn names_an_id(fragment: &str, has: impl Fn(&str) -> bool) -> bool {
    !fragment.is_empty() && (has(fragment) || has(&postport_html::url::percent_decode(fragment)))
}

impl RenderHooks for Hooks<'_> {
    fn link_href(&self, target: &LinkTarget) -> Option<String> {
        let collection = self.links.collection;
        match target {
            LinkTarget::Post(reference) => collection
                .resolve(reference)
                .and_then(|i| self.entry_href(i, fragment_of(reference))),
            LinkTarget::Url(url) => {
                if let Some(fragment) = url.strip_prefix('#') {
                    // A fragment of this chapter that exists; others would be dead links.
                    return names_an_id(fragment, |id| self.ids.contains(id)).then(|| url.clone());
                }
                let absolute = if postport_html::url::scheme(url).is_some() {
                    url.clone()
                } else if url.starts_with('/') {
                    match self.base_url {
                        Some(base) => join(base, url),
                        None => return None,
                    }
                } else {
                    match self.post_url {
                        Some(post) => join(post, url),
                        None => return None,
                    }
                };
                if let Some(i) = collection.resolve_url(&absolute) {
                    return self.entry_href(i, fragment_of(&absolute));
                }
                Some(absolute)
            }
        }
    }

    fn mark_post_links(&self) -> bool {
        false
    }

    fn post_title(&self, reference: &str) -> Option<String> {
        let collection = self.links.collection;
        collection
            .resolve(reference)
            .map(|i| collection.entries[i].title.clone())
    }

    fn image(&self, image: &Image) -> ImageChoice {
        self.images
            .get(&image.src)
            .cloned()
            .unwrap_or(ImageChoice::Omit)
    }

    fn template_style(&self) -> TemplateStyle {
        TemplateStyle::Code
    }

    fn epub_footnotes(&self) -> bool {
        true
    }

    fn keep_more_marker(&self) -> bool {
        false
    }

    fn raw_policy(&self) -> RawPolicy {
        RawPolicy {
            images: false,
            relative_links: false,
        }
    }
}

/// Everything a chapter needs besides the article.
pub struct ChapterContext<'a> {
    /// Where posts are.
    pub links: &'a BookLinks<'a>,
    /// How each image is shown.
    pub images: &'a HashMap<String, ImageChoice>,
    /// Words in the book's language.
    pub labels: Labels,
    /// The book's language (the chapter's when the post has none).
    pub language: &'a str,
    /// Stylesheets, relative to the chapter.
    pub stylesheets: &'a [String],
}

/// The XHTML of a chapter.
pub fn chapter_xhtml(article: &Article, cx: &ChapterContext<'_>) -> io::Result<Vec<u8>> {
    let mut body = article.body.clone();
    let ids = unique_ids(&mut body);
    let meta = &article.meta;
    let language = meta.language.as_deref().unwrap_or(cx.language);
    let hooks = Hooks {
        links: cx.links,
        images: cx.images,
        ids: &ids,
        post_url: meta.url.as_deref(),
        base_url: cx.links.collection.site.base_url.as_deref(),
    };
    let mut out = Writer::new(Vec::with_capacity(8192));
    let title = postport_html::shown_title(article);
    open_document(&mut out, &title, language, cx.stylesheets)?;
    let mut body_el = BytesStart::new("body");
    body_el.push_attribute(("epub:type", "bodymatter"));
    out.write_event(Event::Start(body_el))?;
    let mut section = BytesStart::new("section");
    section.push_attribute(("epub:type", "chapter"));
    out.write_event(Event::Start(section))?;
    // The header speaks the post's language, which may not be the book's.
    let labels = if meta.language.is_some() {
        Labels::for_language(language)
    } else {
        cx.labels
    };
    header(&mut out, article, &labels, &hooks)?;
    write_blocks(&mut out, &body, &hooks)?;
    out.write_event(Event::End(BytesEnd::new("section")))?;
    out.write_event(Event::End(BytesEnd::new("body")))?;
    close_document(&mut out)?;
    Ok(out.into_inner())
}

fn text<W: Write>(out: &mut Writer<W>, s: &str) -> io::Result<()> {
    out.write_event(Event::Text(BytesText::new(&postport_html::xml_safe(s))))
}

fn start<W: Write>(out: &mut Writer<W>, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    let mut el = BytesStart::new(name);
    for a in attrs {
        el.push_attribute(*a);
    }
    out.write_event(Event::Start(el))
}

fn end<W: Write>(out: &mut Writer<W>, name: &str) -> io::Result<()> {
    out.write_event(Event::End(BytesEnd::new(name)))
}

/// The post's header: title, date, authors, categories, tags, original link.
fn header<W: Write>(
    out: &mut Writer<W>,
    article: &Article,
    labels: &Labels,
    hooks: &Hooks<'_>,
) -> io::Result<()> {
    let meta = &article.meta;
    start(
        out,
        "header",
        &[("class", "post-header"), ("id", "pp-header")],
    )?;
    start(out, "h1", &[("class", "post-title"), ("id", "pp-title")])?;
    text(out, &postport_html::shown_title(article))?;
    end(out, "h1")?;
    let date = article.sort_date();
    if date.is_some() || !meta.authors.is_empty() {
        start(out, "p", &[("class", "post-meta")])?;
        if let Some(d) = date {
            let stamp = rfc3339(&d);
            start(out, "time", &[("datetime", stamp.as_str())])?;
            text(out, &labels.date(&d))?;
            end(out, "time")?;
        }
        if !meta.authors.is_empty() {
            if date.is_some() {
                text(out, " · ")?;
            }
            let names: Vec<&str> = meta.authors.iter().map(|a| Person::parse(a).name).collect();
            text(out, &names.join(labels.separator()))?;
        }
        end(out, "p")?;
    }
    if !meta.categories.is_empty() || !meta.tags.is_empty() {
        start(out, "p", &[("class", "post-taxonomy")])?;
        if !meta.categories.is_empty() {
            start(out, "span", &[("class", "label")])?;
            text(out, labels.categories)?;
            end(out, "span")?;
            let paths: Vec<String> = meta.categories.iter().map(|p| p.join(" › ")).collect();
            text(out, &format!(" {}", paths.join(labels.separator())))?;
        }
        if !meta.tags.is_empty() {
            if !meta.categories.is_empty() {
                text(out, "  ")?;
            }
            start(out, "span", &[("class", "label")])?;
            text(out, labels.tags)?;
            end(out, "span")?;
            text(out, &format!(" {}", meta.tags.join(labels.separator())))?;
        }
        end(out, "p")?;
    }
    let original = meta
        .url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let _ = hooks;
    if let Some(url) = original {
        start(out, "p", &[("class", "post-source")])?;
        start(out, "a", &[("href", url)])?;
        text(out, labels.original)?;
        end(out, "a")?;
        end(out, "p")?;
    }
    end(out, "header")?;
    out.get_mut().write_all(b"\n")
}
