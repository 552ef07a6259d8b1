//! The feed files: one feed; or one `fh:complete` document; or an RFC 5005 subscription
//! document with monthly (or fixed-size) archive documents; or one feed per category or
//! tag with an OPML index. Entries are written as they come (a shared temporary file
//! holds them for per-category feeds), so memory does not grow with the archive, and
//! every file appears only when all of them are complete.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use postport_model::{
    Article, Collection, Diagnostic, DiagnosticKind, Resources, SiteInfo, rfc3339,
};
use postport_output::{AtomicFile, FinishedFile, write_atomic};
use quick_xml::escape::escape;

use crate::AtomError;
use crate::document::{FeedHead, FeedLink, History, write_head, write_tail};
use crate::entry::{ContentMode, EntryContext, EntryIdStyle, entry_xml};
use crate::ids::feed_id;
use crate::unique_ids::{UniqueIds, source_tag};

/// How the archive is split into archive documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArchiveBy {
    /// One archive document per month.
    #[default]
    Month,
    /// Archive documents of `page_size` entries, counted from the oldest.
    Count,
}

/// What to split per-topic feeds by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitOn {
    /// One feed per category (and per parent category).
    Category,
    /// One feed per tag.
    Tag,
}

/// The documents to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeedMode {
    /// One feed.
    #[default]
    Single,
    /// One document with `fh:complete` (a full export).
    Complete,
    /// A subscription document and archive documents (RFC 5005 section 4).
    Archive(ArchiveBy),
    /// The feed, plus one feed per category or tag and an OPML index.
    Split(SplitOn),
}

/// How feeds are made.
#[derive(Debug, Clone, Default)]
pub struct AtomOptions {
    /// `--feed-id`; default: a `tag:` URI from the site's host.
    pub feed_id: Option<String>,
    /// `--feed-url`, the address the feed is published at; default: the site's URL and
    /// the output's file name.
    pub feed_url: Option<String>,
    /// Title; default: the site's.
    pub title: Option<String>,
    /// Subtitle; default: the site's subtitle or description.
    pub subtitle: Option<String>,
    /// The feed's author; default: the site's, else its title.
    pub author: Option<String>,
    /// `atom:icon`.
    pub icon: Option<String>,
    /// `atom:logo`.
    pub logo: Option<String>,
    /// How entry ids are made.
    pub entry_ids: EntryIdStyle,
    /// `--url-pattern` for entries' alternate links.
    pub url_pattern: Option<String>,
    /// What entries carry.
    pub content: ContentMode,
    /// Which documents.
    pub mode: FeedMode,
    /// Entries in the subscription document (and per archive with `ArchiveBy::Count`).
    pub page_size: usize,
}

/// One entry, rendered.
#[derive(Debug)]
pub struct RenderedEntry {
    position: usize,
    xml: Vec<u8>,
}

struct OpenDoc {
    out: AtomicFile,
}

impl OpenDoc {
    fn create(path: &Path, head: &FeedHead) -> Result<Self, AtomError> {
        let out = write_head(AtomicFile::create(path)?, head)?;
        Ok(OpenDoc { out })
    }

    fn close(self) -> Result<FinishedFile, AtomError> {
        Ok(write_tail(self.out)?.finish()?)
    }
}

/// A planned document beyond the main one.
#[derive(Debug, Clone)]
struct Doc {
    key: String,
    path: PathBuf,
    url: Option<String>,
    head: FeedHead,
}

/// Entries per monthly archive document before the month is split into
/// `YYYY-MM-2`, `YYYY-MM-3`, ... (counted from the month's oldest post, so earlier parts
/// stay as they are when posts are added); feed readers give up on documents of a few MB.
pub const MONTH_PART: usize = 250;

/// The archive documents' keys, oldest first, and each entry's index into them. Months
/// are read in one fixed offset (the oldest post's) so they follow the entries' order
/// even when posts carry different offsets; undated posts come first, as the oldest.
fn archive_keys(
    collection: &Collection,
    by: ArchiveBy,
    page_size: usize,
) -> (Vec<String>, Vec<usize>) {
    let n = collection.entries.len();
    let mut named: Vec<((u8, String, usize), usize)> = Vec::with_capacity(n);
    match by {
        ArchiveBy::Count => {
            for i in 0..n {
                let part = (n - 1 - i) / page_size + 1;
                named.push(((1, format!("{part:06}"), 0), i));
            }
        }
        ArchiveBy::Month => {
            let offset = collection
                .entries
                .iter()
                .filter_map(|e| e.date)
                .min()
                .map(|d| *d.offset());
            let mut months: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
            for (i, e) in collection.entries.iter().enumerate() {
                let key = match (e.date, offset) {
                    (Some(d), Some(o)) => {
                        let d = d.with_timezone(&o);
                        (1, format!("{:04}-{:02}", d.year(), d.month()))
                    }
                    _ => (0, "undated".to_string()),
                };
                months.entry(key).or_default().push(i);
            }
            for ((rank, month), mut members) in months {
                // Oldest first: parts are counted from the month's start.
                members.sort_unstable_by(|a, b| b.cmp(a));
                for (k, i) in members.into_iter().enumerate() {
                    named.push(((rank, month.clone(), k / MONTH_PART), i));
                }
            }
        }
    }
    let mut distinct: Vec<(u8, String, usize)> = named.iter().map(|(k, _)| k.clone()).collect();
    distinct.sort();
    distinct.dedup();
    let mut keys = vec![0; n];
    for (key, i) in &named {
        if let Ok(k) = distinct.binary_search(key) {
            keys[*i] = k;
        }
    }
    let names = distinct
        .into_iter()
        .map(|(_, name, part)| {
            if part == 0 {
                name
            } else {
                format!("{name}-{}", part + 1)
            }
        })
        .collect();
    (names, keys)
}

/// Writes Atom feeds.
pub struct AtomWriter {
    output: PathBuf,
    options: AtomOptions,
    main_head: Option<FeedHead>,
    language: Option<String>,
    updated: String,
    /// `updated` of undated entries: the oldest post's date, which a new post does not move.
    undated: String,
    /// Archive or topic documents, in order (archives oldest first).
    docs: Vec<Doc>,
    /// For each entry position, the documents (indices into `docs`) it goes to.
    membership: Vec<Vec<usize>>,
    /// For each document of `docs`, its entry positions in order.
    members: Vec<Vec<usize>>,
    main: Option<OpenDoc>,
    subscription_size: usize,
    current_archive: Option<(usize, OpenDoc)>,
    closed_archives: Vec<usize>,
    spill: Option<BufWriter<File>>,
    spill_offsets: Vec<(u64, u32)>,
    spill_end: u64,
    done: Vec<FinishedFile>,
    opml: Option<(PathBuf, String)>,
    /// For each entry position, what tells its id from another's (see [`UniqueIds`]).
    source_tags: Vec<u32>,
    ids: UniqueIds,
}

fn topic_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "topic".to_string()
    } else {
        out
    }
}

impl AtomWriter {
    /// A writer whose main document is `output`.
    pub fn new(output: &Path, mut options: AtomOptions) -> Self {
        if options.page_size == 0 {
            options.page_size = 50;
        }
        AtomWriter {
            output: output.to_path_buf(),
            options,
            main_head: None,
            language: None,
            updated: String::new(),
            undated: String::new(),
            docs: Vec::new(),
            membership: Vec::new(),
            members: Vec::new(),
            main: None,
            subscription_size: usize::MAX,
            current_archive: None,
            closed_archives: Vec::new(),
            spill: None,
            spill_offsets: Vec::new(),
            spill_end: 0,
            done: Vec::new(),
            opml: None,
            source_tags: Vec::new(),
            ids: UniqueIds::default(),
        }
    }

    fn file_name(&self) -> String {
        self.output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "feed.atom".to_string())
    }

    fn extension(&self) -> String {
        self.output
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "atom".to_string())
    }

    /// Plans the documents and writes the main document's head.
    pub fn begin(&mut self, collection: &Collection) -> Result<(), AtomError> {
        self.source_tags = collection
            .entries
            .iter()
            .map(|e| source_tag(&e.source.as_path().to_string_lossy()))
            .collect();
        let site = &collection.site;
        let options = &self.options;
        let feed_url = options.feed_url.clone().or_else(|| {
            site.base_url
                .as_ref()
                .map(|b| format!("{b}{}", self.file_name()))
        });
        let needs_url = matches!(options.mode, FeedMode::Archive(_));
        if needs_url && feed_url.is_none() {
            return Err(AtomError::Invalid(
                "--archive needs the feed's address for its links: give --feed-url (the site sets no URL)".into(),
            ));
        }
        let dir_url = feed_url
            .as_ref()
            .map(|u| u[..u.rfind('/').map_or(u.len(), |i| i + 1)].to_string());
        let newest = collection
            .entries
            .iter()
            .filter_map(|e| e.last_change())
            .max();
        self.updated = newest
            .map(|d| rfc3339(&d))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let oldest = collection.entries.iter().filter_map(|e| e.date).min();
        self.undated = oldest
            .map(|d| rfc3339(&d))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let first_year = oldest.map(|d| d.year());
        let name = site.input_name.clone().unwrap_or_else(|| "postport".into());
        // A blank title or author (`--title ''`, `title: ""` in the config) counts as none:
        // readers would show an empty feed name.
        let given =
            |s: &Option<String>| s.clone().filter(|s| postport_html::xml_shown(s).is_some());
        let title = given(&options.title)
            .or_else(|| given(&site.title))
            .unwrap_or_else(|| name.clone());
        let author = given(&options.author)
            .or_else(|| given(&site.author))
            .unwrap_or_else(|| title.clone());
        self.language = feed_language(site);
        let id = feed_id(
            options.feed_id.as_deref(),
            site.base_url.as_deref(),
            first_year,
            &name,
            "",
        );
        let mut links = Vec::new();
        if let Some(u) = &feed_url {
            links.push(FeedLink {
                rel: "self",
                href: u.clone(),
                media_type: Some("application/atom+xml"),
            });
        }
        if let Some(b) = &site.base_url {
            links.push(FeedLink {
                rel: "alternate",
                href: b.clone(),
                media_type: Some("text/html"),
            });
        }
        let base_head = FeedHead {
            id: id.clone(),
            title: title.clone(),
            subtitle: options
                .subtitle
                .clone()
                .or_else(|| site.subtitle.clone())
                .or_else(|| site.description.clone()),
            updated: self.updated.clone(),
            author,
            links,
            icon: options.icon.clone(),
            logo: options.logo.clone(),
            language: self.language.clone(),
            history: History::None,
        };
        let n = collection.entries.len();
        self.membership = vec![Vec::new(); n];
        let dir = self
            .output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let ext = self.extension();
        let mut main_head = base_head.clone();
        match options.mode {
            FeedMode::Single => {}
            FeedMode::Complete => main_head.history = History::Complete,
            FeedMode::Archive(by) => {
                self.subscription_size = options.page_size;
                let (distinct, keys) = archive_keys(collection, by, options.page_size);
                let urls: Vec<Option<String>> = distinct
                    .iter()
                    .map(|k| dir_url.as_ref().map(|d| format!("{d}archive/{k}.{ext}")))
                    .collect();
                let mut grouped: Vec<Vec<usize>> = vec![Vec::new(); distinct.len()];
                for (i, &k) in keys.iter().enumerate() {
                    grouped[k].push(i);
                }
                for (j, key) in distinct.iter().enumerate() {
                    let members = &grouped[j];
                    let updated = members
                        .iter()
                        .filter_map(|&i| collection.entries[i].last_change())
                        .max()
                        .map(|d| rfc3339(&d))
                        .unwrap_or_else(|| self.undated.clone());
                    let mut head = base_head.clone();
                    head.updated = updated;
                    head.history = History::Archive;
                    head.links.retain(|l| l.rel == "alternate");
                    if let Some(u) = &urls[j] {
                        head.links.push(FeedLink {
                            rel: "self",
                            href: u.clone(),
                            media_type: Some("application/atom+xml"),
                        });
                    }
                    if let Some(u) = &feed_url {
                        head.links.push(FeedLink {
                            rel: "current",
                            href: u.clone(),
                            media_type: Some("application/atom+xml"),
                        });
                    }
                    if j > 0
                        && let Some(u) = &urls[j - 1]
                    {
                        head.links.push(FeedLink {
                            rel: "prev-archive",
                            href: u.clone(),
                            media_type: Some("application/atom+xml"),
                        });
                    }
                    if let Some(Some(u)) = urls.get(j + 1) {
                        head.links.push(FeedLink {
                            rel: "next-archive",
                            href: u.clone(),
                            media_type: Some("application/atom+xml"),
                        });
                    }
                    for &i in members {
                        self.membership[i].push(self.docs.len());
                    }
                    self.docs.push(Doc {
                        key: key.clone(),
                        path: dir.join("archive").join(format!("{key}.{ext}")),
                        url: urls[j].clone(),
                        head,
                    });
                }
                if let Some(Some(newest)) = urls.last() {
                    main_head.links.push(FeedLink {
                        rel: "prev-archive",
                        href: newest.clone(),
                        media_type: Some("application/atom+xml"),
                    });
                }
            }
            FeedMode::Split(on) => {
                let kind = match on {
                    SplitOn::Category => "category",
                    SplitOn::Tag => "tag",
                };
                let mut index: HashMap<String, usize> = HashMap::new();
                let mut slugs: HashMap<String, usize> = HashMap::new();
                for (i, e) in collection.entries.iter().enumerate() {
                    let mut topics: Vec<(String, String)> = Vec::new();
                    match on {
                        SplitOn::Category => {
                            for path in &e.categories {
                                for depth in 1..=path.len() {
                                    let parts: Vec<&str> =
                                        path[..depth].iter().map(|c| c.as_ref()).collect();
                                    topics.push((parts.join("/"), parts.join(" > ")));
                                }
                            }
                        }
                        SplitOn::Tag => {
                            topics.extend(e.tags.iter().map(|t| (t.to_string(), t.to_string())))
                        }
                    }
                    topics.sort();
                    topics.dedup();
                    for (key, label) in topics {
                        let d = match index.get(&key) {
                            Some(&d) => d,
                            None => {
                                let mut slug = topic_slug(&key);
                                let count = slugs.entry(slug.clone()).or_insert(0);
                                *count += 1;
                                if *count > 1 {
                                    slug = format!("{slug}-{count}");
                                }
                                let url =
                                    dir_url.as_ref().map(|d| format!("{d}{kind}/{slug}.{ext}"));
                                let mut head = base_head.clone();
                                head.id = feed_id(
                                    options.feed_id.as_deref(),
                                    site.base_url.as_deref(),
                                    first_year,
                                    &name,
                                    &format!("{kind}/{key}"),
                                );
                                head.title = format!("{title} — {label}");
                                head.links.clear();
                                if let Some(u) = &url {
                                    head.links.push(FeedLink {
                                        rel: "self",
                                        href: u.clone(),
                                        media_type: Some("application/atom+xml"),
                                    });
                                }
                                if let Some(b) = &site.base_url {
                                    let plural = if on == SplitOn::Category {
                                        "categories"
                                    } else {
                                        "tags"
                                    };
                                    head.links.push(FeedLink {
                                        rel: "alternate",
                                        href: format!("{b}{plural}/{}/", key),
                                        media_type: Some("text/html"),
                                    });
                                }
                                self.docs.push(Doc {
                                    key: label.clone(),
                                    path: dir.join(kind).join(format!("{slug}.{ext}")),
                                    url,
                                    head,
                                });
                                index.insert(key, self.docs.len() - 1);
                                self.docs.len() - 1
                            }
                        };
                        self.membership[i].push(d);
                    }
                }
                // A topic feed is a subscription feed: its newest `page_size` entries.
                self.members = vec![Vec::new(); self.docs.len()];
                for (i, docs) in self.membership.iter().enumerate() {
                    for &d in docs {
                        if self.members[d].len() < options.page_size {
                            self.members[d].push(i);
                        }
                    }
                }
                for (d, doc) in self.docs.iter_mut().enumerate() {
                    let newest = self.members[d]
                        .iter()
                        .filter_map(|&i| collection.entries[i].last_change())
                        .max();
                    if let Some(t) = newest {
                        doc.head.updated = rfc3339(&t);
                    }
                }
                let opml_path = dir.join(kind).join("index.opml");
                self.opml = Some((opml_path, opml(&title, &self.docs, kind)));
                let spill = tempfile::tempfile()?;
                self.spill = Some(BufWriter::with_capacity(1 << 20, spill));
            }
        }
        self.main = Some(OpenDoc::create(&self.output, &main_head)?);
        self.main_head = Some(main_head);
        Ok(())
    }

    /// Renders one entry (called in parallel).
    pub fn render(
        &self,
        article: &Article,
        position: usize,
        collection: &Collection,
        resources: &dyn Resources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RenderedEntry, AtomError> {
        let cx = self.entry_context(collection, resources, self.language.as_deref());
        let xml = entry_with_diagnostics(article, &cx, diagnostics)?;
        Ok(RenderedEntry { position, xml })
    }

    /// Renders an entry before [`AtomWriter::begin`], while the archive is still being
    /// read, when it needs nothing the whole collection decides: the post has a date
    /// (an undated entry takes the oldest post's) and no links to other posts.
    /// `site_only` is the collection with its site and no entries. `None`: render it
    /// with [`AtomWriter::render`].
    pub fn render_alone(
        &self,
        article: &Article,
        site_only: &Collection,
        resources: &dyn Resources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Result<Vec<u8>, AtomError>> {
        if article.meta.updated.or(article.sort_date()).is_none() || article.links_to_posts() {
            return None;
        }
        let language = feed_language(&site_only.site);
        let cx = self.entry_context(site_only, resources, language.as_deref());
        Some(entry_with_diagnostics(article, &cx, diagnostics))
    }

    /// Adds an entry made by [`AtomWriter::render_alone`], at `position` in the feed's order.
    pub fn write_alone(&mut self, xml: Vec<u8>, position: usize) -> Result<(), AtomError> {
        self.write(RenderedEntry { position, xml })
    }

    fn entry_context<'a>(
        &'a self,
        collection: &'a Collection,
        resources: &'a dyn Resources,
        feed_language: Option<&'a str>,
    ) -> EntryContext<'a> {
        EntryContext {
            collection,
            resources,
            feed_language,
            content: self.options.content,
            ids: self.options.entry_ids,
            url_pattern: self.options.url_pattern.as_deref(),
            fallback_updated: &self.undated,
        }
    }

    /// Adds a rendered entry to its documents.
    pub fn write(&mut self, mut entry: RenderedEntry) -> Result<(), AtomError> {
        if let Some(&tag) = self.source_tags.get(entry.position) {
            self.ids.ensure(&mut entry.xml, tag);
        }
        let main = self.main.as_mut().ok_or(AtomError::NotBegun)?;
        match self.options.mode {
            FeedMode::Single | FeedMode::Complete => main.out.write_all(&entry.xml)?,
            FeedMode::Archive(_) => {
                if entry.position < self.subscription_size {
                    main.out.write_all(&entry.xml)?;
                }
                let Some(&doc) = self.membership.get(entry.position).and_then(|m| m.first()) else {
                    return Ok(());
                };
                if self.current_archive.as_ref().map(|(d, _)| *d) != Some(doc) {
                    if self.closed_archives.contains(&doc) {
                        return Err(AtomError::Invalid(
                            "--archive needs entries newest first (no --sort)".into(),
                        ));
                    }
                    if let Some((d, open)) = self.current_archive.take() {
                        self.done.push(open.close()?);
                        self.closed_archives.push(d);
                    }
                    let plan = &self.docs[doc];
                    self.current_archive = Some((doc, OpenDoc::create(&plan.path, &plan.head)?));
                }
                if let Some((_, open)) = self.current_archive.as_mut() {
                    open.out.write_all(&entry.xml)?;
                }
            }
            FeedMode::Split(_) => {
                main.out.write_all(&entry.xml)?;
                let spill = self.spill.as_mut().ok_or(AtomError::NotBegun)?;
                spill.write_all(&entry.xml)?;
                let len = u32::try_from(entry.xml.len())
                    .map_err(|_| AtomError::Invalid("entry too large".into()))?;
                if self.spill_offsets.len() <= entry.position {
                    self.spill_offsets.resize(entry.position + 1, (0, 0));
                }
                self.spill_offsets[entry.position] = (self.spill_end, len);
                self.spill_end += u64::from(len);
            }
        }
        Ok(())
    }

    /// How many entries had an id an earlier entry of the feed had, and were given a
    /// suffix so that feed readers keep both.
    pub fn renamed_ids(&self) -> usize {
        self.ids.renamed()
    }

    /// Closes every document and moves all of them into place together.
    pub fn finish(mut self) -> Result<Vec<PathBuf>, AtomError> {
        let main = self.main.take().ok_or(AtomError::NotBegun)?;
        let mut done = vec![main.close()?];
        if let Some((_, open)) = self.current_archive.take() {
            done.push(open.close()?);
        }
        done.append(&mut self.done);
        if let Some(spill) = self.spill.take() {
            let mut file = spill.into_inner().map_err(|e| e.into_error())?;
            for (d, plan) in self.docs.iter().enumerate() {
                let mut open = OpenDoc::create(&plan.path, &plan.head)?;
                for &position in &self.members[d] {
                    let Some(&(offset, len)) = self.spill_offsets.get(position) else {
                        continue;
                    };
                    if len == 0 {
                        continue;
                    }
                    let mut xml = vec![0; len as usize];
                    file.seek(SeekFrom::Start(offset))?;
                    file.read_exact(&mut xml)?;
                    open.out.write_all(&xml)?;
                }
                done.push(open.close()?);
            }
        }
        let mut paths = Vec::new();
        for file in done {
            paths.push(file.commit()?);
        }
        if let Some((path, text)) = self.opml.take() {
            write_atomic(&path, text.as_bytes())?;
            paths.push(path);
        }
        Ok(paths)
    }
}

/// An OPML 2.0 list of the per-topic feeds.
fn opml(title: &str, docs: &[Doc], kind: &str) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>{} — {kind}</title></head>\n  <body>\n",
        escape(title)
    );
    for doc in docs {
        let file = doc
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let url = doc.url.clone().unwrap_or(file);
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{}\" title=\"{}\" xmlUrl=\"{}\"/>\n",
            escape(doc.key.as_str()),
            escape(doc.head.title.as_str()),
            escape(url.as_str())
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// The feed's language (`xml:lang` of the feed; entries in it carry none of their own).
fn feed_language(site: &SiteInfo) -> Option<String> {
    site.language.clone()
}

/// An entry's XML, saying when it had to carry its content.
fn entry_with_diagnostics(
    article: &Article,
    cx: &EntryContext<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<u8>, AtomError> {
    let (xml, forced) = entry_xml(article, cx)?;
    if forced {
        diagnostics.push(Diagnostic::warning(
            DiagnosticKind::LossyConversion,
            "the post has no URL for an alternate link, so its entry carries its content (an Atom entry needs one or the other)",
        ));
    }
    Ok(xml)
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{
        Block, EntryInfo, Inline, Interner, Meta, NoResources, SiteInfo, SourcePath,
    };

    fn article(n: usize, date: &str, categories: &[&[&str]]) -> Article {
        Article {
            source: SourcePath::new(format!("posts/{n}.md")),
            meta: Meta {
                title: format!("Post {n} & <friends>"),
                slug: format!("post-{n}"),
                date: chrono::DateTime::parse_from_rfc3339(date).ok(),
                url: Some(format!("https://blog.example.org/p/{n}/")),
                categories: categories
                    .iter()
                    .map(|p| p.iter().map(|s| s.to_string()).collect())
                    .collect(),
                authors: vec!["Ada".into()],
                ..Meta::default()
            },
            body: vec![Block::paragraph(vec![Inline::text(format!(
                "Body {n} with a ]]> and a \u{1} control."
            ))])],
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn collection(articles: &[Article]) -> Collection {
        let names = Interner::default();
        Collection::new(
            SiteInfo {
                title: Some("Blog".into()),
                base_url: Some("https://blog.example.org/".into()),
                language: Some("en".into()),
                ..SiteInfo::default()
            },
            articles.iter().map(|a| EntryInfo::of(a, &names)).collect(),
        )
    }

    /// Writes `articles` (newest first) and returns every file, by name.
    fn write(articles: &[Article], options: AtomOptions) -> Vec<(String, String)> {
        let dir = tempfile::tempdir().expect("temp dir");
        let collection = collection(articles);
        let mut writer = AtomWriter::new(&dir.path().join("feed.atom"), options);
        writer.begin(&collection).expect("begins");
        for (i, a) in articles.iter().enumerate() {
            let mut diags = Vec::new();
            let entry = writer
                .render(a, i, &collection, &NoResources, &mut diags)
                .expect("renders");
            writer.write(entry).expect("writes");
        }
        let mut files: Vec<(String, String)> = writer
            .finish()
            .expect("finishes")
            .iter()
            .map(|p| {
                (
                    p.strip_prefix(dir.path())
                        .expect("inside")
                        .display()
                        .to_string(),
                    std::fs::read_to_string(p).expect("written"),
                )
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn entries_rendered_alone_match_entries_rendered_with_the_collection() {
        let dated = article(1, "2024-02-01T09:00:00+01:00", &[&["Life"]]);
        let mut undated = article(2, "2024-02-01T09:00:00+01:00", &[]);
        undated.meta.date = None;
        let mut linking = article(3, "2024-02-03T09:00:00+01:00", &[]);
        linking
            .body
            .push(Block::paragraph(vec![Inline::Link(postport_model::Link {
                target: postport_model::LinkTarget::Post("post-1".into()),
                title: None,
                content: Vec::new(),
            })]));
        let posts = [linking, undated, dated];
        let full = collection(&posts);
        let site_only = Collection::new(full.site.clone(), Vec::new());
        let mut writer = AtomWriter::new(Path::new("feed.atom"), AtomOptions::default());
        let mut diags = Vec::new();
        let early: Vec<_> = posts
            .iter()
            .map(|a| writer.render_alone(a, &site_only, &NoResources, &mut diags))
            .collect();
        assert!(
            early[0].is_none(),
            "a link to another post needs the collection"
        );
        assert!(
            early[1].is_none(),
            "an undated entry takes the oldest post's date"
        );
        writer.begin(&full).expect("begins");
        let late = writer
            .render(&posts[2], 2, &full, &NoResources, &mut diags)
            .expect("renders");
        let alone = early[2].as_ref().expect("rendered alone").as_ref();
        assert_eq!(alone.expect("renders"), &late.xml);
    }

    #[test]
    fn a_feed_of_two_posts() {
        let posts = [
            article(2, "2024-03-02T10:00:00+01:00", &[&["Life", "Food"]]),
            article(1, "2024-02-01T09:00:00+01:00", &[]),
        ];
        let files = write(&posts, AtomOptions::default());
        assert_eq!(files.len(), 1);
        insta::assert_snapshot!(files[0].1);
    }

    #[test]
    fn months_split_into_parts_counted_from_their_start() {
        let n = MONTH_PART + 10;
        let posts: Vec<Article> = (0..n)
            .map(|i| {
                let minute = n - i;
                article(
                    i,
                    &format!("2024-05-10T{:02}:{:02}:00Z", minute / 60, minute % 60),
                    &[],
                )
            })
            .chain([article(n, "2024-04-30T23:30:00-02:00", &[])])
            .collect();
        let (names, keys) = archive_keys(&collection(&posts), ArchiveBy::Month, 50);
        // The oldest post's offset decides months: 23:30 at -02:00 is in April.
        assert_eq!(names, ["2024-04", "2024-05", "2024-05-2"]);
        assert_eq!(keys[n], 0);
        assert_eq!(keys.iter().filter(|&&k| k == 1).count(), MONTH_PART);
        // The newest posts fill the second part.
        assert!(keys[..10].iter().all(|&k| k == 2));
    }

    #[test]
    fn count_archives_are_numbered_from_the_oldest() {
        let posts: Vec<Article> = (0..5)
            .map(|i| article(i, &format!("2024-01-0{}T00:00:00Z", 9 - i), &[]))
            .collect();
        let (names, keys) = archive_keys(&collection(&posts), ArchiveBy::Count, 2);
        assert_eq!(names, ["000001", "000002", "000003"]);
        assert_eq!(keys, [2, 1, 1, 0, 0]);
    }

    #[test]
    fn archives_link_both_ways() {
        let posts = [
            article(3, "2024-03-02T10:00:00Z", &[]),
            article(2, "2024-02-01T09:00:00Z", &[]),
            article(1, "2024-01-01T09:00:00Z", &[]),
        ];
        let files = write(
            &posts,
            AtomOptions {
                mode: FeedMode::Archive(ArchiveBy::Month),
                page_size: 1,
                ..AtomOptions::default()
            },
        );
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "archive/2024-01.atom",
                "archive/2024-02.atom",
                "archive/2024-03.atom",
                "feed.atom"
            ]
        );
        let middle = &files[1].1;
        for link in [
            r#"<link rel="self" type="application/atom+xml" href="https://blog.example.org/archive/2024-02.atom"/>"#,
            r#"<link rel="current" type="application/atom+xml" href="https://blog.example.org/feed.atom"/>"#,
            r#"<link rel="prev-archive" type="application/atom+xml" href="https://blog.example.org/archive/2024-01.atom"/>"#,
            r#"<link rel="next-archive" type="application/atom+xml" href="https://blog.example.org/archive/2024-03.atom"/>"#,
            "<fh:archive/>",
        ] {
            assert!(middle.contains(link), "{link} missing from\n{middle}");
        }
        assert_eq!(
            files[3].1.matches("<entry").count(),
            1,
            "the subscription page"
        );
        assert!(!files[3].1.contains("fh:archive"));
    }

    #[test]
    fn topic_feeds_take_parents_and_the_newest_posts() {
        let posts = [
            article(3, "2024-03-02T10:00:00Z", &[&["新闻", "本地"]]),
            article(2, "2024-02-01T09:00:00Z", &[&["新闻"]]),
            article(1, "2024-01-01T09:00:00Z", &[&["新闻", "本地"]]),
        ];
        let files = write(
            &posts,
            AtomOptions {
                mode: FeedMode::Split(SplitOn::Category),
                page_size: 2,
                ..AtomOptions::default()
            },
        );
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "category/index.opml",
                "category/新闻-本地.atom",
                "category/新闻.atom",
                "feed.atom"
            ]
        );
        let parent = &files[2].1;
        assert_eq!(parent.matches("<entry").count(), 2, "capped at --page-size");
        assert!(parent.contains("Post 3") && parent.contains("Post 2"));
        assert!(
            files[0]
                .1
                .contains("xmlUrl=\"https://blog.example.org/category/新闻.atom\"")
        );
    }

    #[test]
    fn topic_slugs_keep_letters_of_any_script() {
        assert_eq!(topic_slug("新闻/本地"), "新闻-本地");
        assert_eq!(topic_slug("C++ & Rust"), "c-rust");
        assert_eq!(topic_slug("//"), "topic");
    }
}
