//! The book (or books, with `--split-by`): metadata, cover, contents, part pages and
//! chapters added to epub-builder as they arrive, streamed into the zip.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpf, MetadataOpfV3, ReferenceType, ZipLibrary,
};
use postport_html::xml_shown;
use postport_media::{FetchOptions, Fetcher, publishable};
use postport_model::walk::{walk_blocks, walk_inlines};
use postport_model::{
    Article, Block, Collection, Diagnostic, Inline, LinkTarget, Person, Resources,
};
use quick_xml::Writer;
use quick_xml::escape::escape;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::EpubError;
use crate::chapter::{BookLinks, ChapterContext, chapter_xhtml, close_document, open_document};
use crate::cover::cover_svg;
use crate::images::{BookImage, chapter_images, is_remote};
use crate::labels::Labels;
use crate::plan::{
    SplitBy, TocBy, VolumePlan, file_safe, plan_volumes, toc_path, unique_file_keys,
};
use crate::style::stylesheet;
use crate::user_style::UserStyle;
use crate::zip::{BookZip, Repairs, pack_entry};

/// How books are made.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// The book title (`--title`); default: the site's title, else the input's name.
    pub title: Option<String>,
    /// Authors (`--author`); default: the site's author, else the posts' most frequent.
    pub authors: Vec<String>,
    /// Language (`--language`); default: the site's, else the posts' most frequent.
    pub language: Option<String>,
    /// A cover image file (`--cover`); default: one drawn from the title.
    pub cover: Option<PathBuf>,
    /// How the table of contents nests.
    pub toc_by: TocBy,
    /// How the archive is split into books.
    pub split_by: Option<SplitBy>,
    /// Vertical writing, right-to-left page progression.
    pub vertical: bool,
    /// The user's stylesheet (`--css`) and the files it refers to, added after the
    /// built-in one.
    pub css: Option<UserStyle>,
    /// Download remote images (`--fetch-images`).
    pub fetch: Option<FetchOptions>,
    /// The instant to record as the modification date (`SOURCE_DATE_EPOCH`); default:
    /// the newest post's date.
    pub modified: Option<DateTime<Utc>>,
}

/// One post, rendered (in parallel) and ready to go into its book.
#[derive(Debug)]
pub struct Chapter {
    position: usize,
    title: String,
    /// The XHTML's length, for size splits.
    xhtml_len: usize,
    /// The XHTML, already deflated as a one-entry zip (see [`pack_entry`]).
    packed: Vec<u8>,
    images: Vec<BookImage>,
}

/// Metadata every volume shares.
struct Book {
    title: String,
    authors: Vec<String>,
    language: String,
    labels: Labels,
    description: Option<String>,
    subjects: Vec<String>,
    site: String,
    base_url: Option<String>,
    volumes: Vec<VolumePlan>,
    /// Volume of each entry (static splits).
    entry_volume: Vec<usize>,
    /// Last position of each volume (when it can be closed).
    volume_end: Vec<usize>,
    /// The table-of-contents path of each entry.
    toc_paths: Vec<Vec<String>>,
    /// Dates of each volume (all entries for size splits).
    stats: Vec<VolumeStats>,
    site_title: Option<String>,
}

/// What a volume's metadata and cover say about its posts.
#[derive(Debug, Clone, Default)]
struct VolumeStats {
    posts: usize,
    first: Option<DateTime<chrono::FixedOffset>>,
    last: Option<DateTime<chrono::FixedOffset>>,
    newest_change: Option<DateTime<chrono::FixedOffset>>,
}

impl VolumeStats {
    fn of(collection: &Collection, entries: &[usize]) -> Self {
        let dates = entries.iter().filter_map(|&i| collection.entries[i].date);
        VolumeStats {
            posts: entries.len(),
            first: dates.clone().min(),
            last: dates.max(),
            newest_change: entries
                .iter()
                .filter_map(|&i| collection.entries[i].last_change())
                .max(),
        }
    }
}

struct OpenVolume {
    builder: EpubBuilder<ZipLibrary>,
    repairs: Repairs,
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    /// Bytes added so far, estimating text at a third of its size once deflated.
    size: u64,
    images: HashSet<String>,
    /// The book's file, written as chapters and images come; epub-builder holds a
    /// placeholder for each of those.
    zip: BookZip<io::BufWriter<std::fs::File>>,
    open_path: Vec<String>,
    parts: usize,
    chapters: usize,
}

/// Writes EPUB books.
pub struct EpubWriter {
    output: PathBuf,
    options: EpubOptions,
    fetcher: Option<Fetcher>,
    book: Option<Book>,
    open: HashMap<usize, OpenVolume>,
    /// The running volume number for size splits.
    size_volume: usize,
    finished: Vec<PathBuf>,
    cover: Option<(Vec<u8>, &'static str, &'static str)>,
}

fn most_frequent<'a>(items: impl Iterator<Item = &'a str>, n: usize) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(k, _)| k == item) {
            Some(c) => c.1 += 1,
            None => counts.push((item.to_string(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.into_iter().take(n).map(|(k, _)| k).collect()
}

impl EpubWriter {
    /// A writer of `output` (with volumes: `output` stem + `-key.epub` beside it).
    pub fn new(output: &Path, options: EpubOptions) -> Result<Self, EpubError> {
        let cover = match &options.cover {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| EpubError::Cover(format!("{}: {e}", path.display())))?;
                let image = publishable(bytes)
                    .map_err(|e| EpubError::Cover(format!("{}: {e}", path.display())))?;
                Some((
                    image.bytes,
                    image.format.media_type(),
                    image.format.extension(),
                ))
            }
            None => None,
        };
        Ok(EpubWriter {
            output: output.to_path_buf(),
            fetcher: options.fetch.clone().map(Fetcher::new),
            options,
            book: None,
            open: HashMap::new(),
            size_volume: 0,
            finished: Vec::new(),
            cover,
        })
    }

    /// Plans the books for a collection (its entries in output order).
    pub fn begin(&mut self, collection: &Collection) -> Result<(), EpubError> {
        let site = &collection.site;
        let language = self
            .options
            .language
            .clone()
            .or_else(|| site.language.clone())
            .or_else(|| {
                // Posts that declare no language count too: one Arabic post in an
                // English blog without a language setting does not make an Arabic book.
                most_frequent(
                    collection
                        .entries
                        .iter()
                        .map(|e| e.language.as_deref().unwrap_or_default()),
                    1,
                )
                .pop()
                .filter(|l| !l.is_empty())
            })
            .unwrap_or_else(|| "en".to_string());
        let labels = Labels::for_language(&language);
        // An empty title or author (`--title ''`, `title: ""` in a site's config) would be
        // an empty `dc:title`/`dc:creator`, which EPUB forbids: it counts as none.
        let given = |s: &Option<String>| s.clone().filter(|s| xml_shown(s).is_some());
        let title = given(&self.options.title)
            .or_else(|| given(&site.title))
            .or_else(|| given(&site.input_name))
            .unwrap_or_else(|| "postport".to_string());
        let named = |a: &String| xml_shown(Person::parse(a).name).is_some();
        let given_authors: Vec<String> = self
            .options
            .authors
            .iter()
            .filter(|a| named(a))
            .cloned()
            .collect();
        let authors = if !given_authors.is_empty() {
            given_authors
        } else if let Some(a) = site.author.clone().filter(named) {
            vec![a]
        } else {
            most_frequent(
                collection
                    .entries
                    .iter()
                    .flat_map(|e| e.authors.iter().map(|a| a.as_ref())),
                3,
            )
        };
        // A book names its authors; their addresses belong to the posts' metadata.
        let authors = authors
            .iter()
            .filter_map(|a| xml_shown(Person::parse(a).name))
            .collect();
        let subjects = most_frequent(
            collection.entries.iter().filter_map(|e| {
                e.categories
                    .first()
                    .and_then(|p| p.first())
                    .map(|c| c.as_ref())
            }),
            8,
        )
        .iter()
        .map(|s| xml_text(s))
        .collect();
        let volumes = plan_volumes(collection, self.options.split_by, &labels);
        let mut entry_volume = vec![0; collection.entries.len()];
        let mut volume_end = vec![0; volumes.len()];
        for (v, plan) in volumes.iter().enumerate() {
            for &i in &plan.entries {
                entry_volume[i] = v;
            }
            volume_end[v] = plan.entries.last().copied().unwrap_or(0);
        }
        let (undated, uncategorized) = if labels.contents == "Contents" {
            ("Undated", "Uncategorized")
        } else {
            ("—", "—")
        };
        let toc_paths = collection
            .entries
            .iter()
            .map(|e| {
                toc_path(e, self.options.toc_by, &labels, undated, uncategorized)
                    .iter()
                    .map(|h| xml_text(h))
                    .collect()
            })
            .collect();
        let stats = if matches!(self.options.split_by, Some(SplitBy::Size(_))) {
            let all: Vec<usize> = (0..collection.entries.len()).collect();
            vec![VolumeStats::of(collection, &all)]
        } else {
            volumes
                .iter()
                .map(|v| VolumeStats::of(collection, &v.entries))
                .collect()
        };
        self.book = Some(Book {
            title: xml_text(&title),
            authors,
            language,
            labels,
            description: site
                .description
                .as_deref()
                .or(site.subtitle.as_deref())
                .map(xml_text),
            subjects,
            site: site
                .base_url
                .clone()
                .or_else(|| site.input_name.clone())
                .unwrap_or_default(),
            base_url: site.base_url.clone(),
            volumes,
            entry_volume,
            volume_end,
            toc_paths,
            stats,
            site_title: site.title.clone(),
        });
        Ok(())
    }

    fn is_size_split(&self) -> bool {
        matches!(self.options.split_by, Some(SplitBy::Size(_)))
    }

    /// Renders one post as a chapter (called in parallel).
    pub fn render(
        &self,
        article: &Article,
        position: usize,
        collection: &Collection,
        resources: &dyn Resources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Chapter, EpubError> {
        let book = self.book.as_ref().ok_or(EpubError::NotBegun)?;
        let size_split = self.is_size_split();
        let volume = book.entry_volume.get(position).copied().unwrap_or(0);
        let chapters = |i: usize| -> Option<String> {
            let same = if size_split {
                i == position
            } else {
                book.entry_volume.get(i) == Some(&volume)
            };
            same.then(|| chapter_name(i))
        };
        let links = BookLinks {
            collection,
            chapters: &chapters,
        };
        let labels = article
            .meta
            .language
            .as_deref()
            .map_or(book.labels, Labels::for_language);
        let images = chapter_images(
            article,
            resources,
            self.fetcher.as_ref(),
            labels.image,
            diagnostics,
        );
        let stylesheets = self.stylesheets("../");
        let cx = ChapterContext {
            links: &links,
            images: &images.choices,
            labels: book.labels,
            language: &book.language,
            stylesheets: &stylesheets,
        };
        let xhtml = chapter_xhtml(article, &cx).map_err(EpubError::Io)?;
        // Deflating here, on the rendering threads, rather than in epub-builder as the
        // chapter is added in order on one thread: that was a fifth of making a book.
        let packed = pack_entry(&xhtml).map_err(EpubError::Io)?;
        Ok(Chapter {
            position,
            title: postport_html::shown_title(article),
            xhtml_len: xhtml.len(),
            packed,
            images: images.files,
        })
    }

    /// Renders a post as a chapter while the archive is still being read, when nothing
    /// in it depends on the rest of the collection: the book's language is set (option
    /// or site), the post links nowhere but within itself (a link may resolve to another
    /// chapter), and it has no image the book would embed. `None`: render it after
    /// sorting. The bytes are for [`EpubWriter::write_alone`].
    pub fn render_alone(
        &self,
        article: &Article,
        site_only: &Collection,
        resources: &dyn Resources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Vec<u8>> {
        let language = self
            .options
            .language
            .clone()
            .or_else(|| site_only.site.language.clone())?;
        if self.fetcher.is_some() || links_outside(article) || has_local_images(article) {
            return None;
        }
        let no_chapters = |_: usize| -> Option<String> { None };
        let links = BookLinks {
            collection: site_only,
            chapters: &no_chapters,
        };
        let labels = Labels::for_language(&language);
        let post_labels = article
            .meta
            .language
            .as_deref()
            .map_or(labels, Labels::for_language);
        let images = chapter_images(article, resources, None, post_labels.image, diagnostics);
        if !images.files.is_empty() {
            return None;
        }
        let stylesheets = self.stylesheets("../");
        let cx = ChapterContext {
            links: &links,
            images: &images.choices,
            labels,
            language: &language,
            stylesheets: &stylesheets,
        };
        let xhtml = chapter_xhtml(article, &cx).ok()?;
        let packed = pack_entry(&xhtml).ok()?;
        Some(
            EarlyChapter {
                title: postport_html::shown_title(article),
                xhtml_len: xhtml.len(),
                packed,
            }
            .to_bytes(),
        )
    }

    /// Adds a chapter [`EpubWriter::render_alone`] made, at its place in the book.
    pub fn write_alone(&mut self, bytes: &[u8], position: usize) -> Result<(), EpubError> {
        let early = EarlyChapter::from_bytes(bytes)
            .ok_or_else(|| EpubError::Builder("a chapter rendered ahead is damaged".into()))?;
        self.write(Chapter {
            position,
            title: early.title,
            xhtml_len: early.xhtml_len,
            packed: early.packed,
            images: Vec::new(),
        })
    }

    fn stylesheets(&self, prefix: &str) -> Vec<String> {
        let mut sheets = vec![format!("{prefix}stylesheet.css")];
        if self.options.css.is_some() {
            sheets.push(format!("{prefix}styles/user.css"));
        }
        sheets
    }

    /// Adds a rendered chapter to its book.
    pub fn write(&mut self, chapter: Chapter) -> Result<(), EpubError> {
        let book = self.book.as_ref().ok_or(EpubError::NotBegun)?;
        let volume = if self.is_size_split() {
            self.size_volume
        } else {
            book.entry_volume[chapter.position]
        };
        if !self.open.contains_key(&volume) {
            let opened = self.open_volume(volume)?;
            self.open.insert(volume, opened);
        }
        let book = self.book.as_ref().ok_or(EpubError::NotBegun)?;
        let labels = book.labels;
        let toc = book.toc_paths[chapter.position].clone();
        let open = self.open.get_mut(&volume).ok_or(EpubError::NotBegun)?;
        open.size += chapter.xhtml_len as u64 / 3;
        for image in chapter.images {
            if open.images.insert(image.path.clone()) {
                open.size += image.bytes.len() as u64;
                open.builder
                    .add_resource(&image.path, PLACEHOLDER, image.media_type)
                    .map_err(builder_error)?;
                open.zip
                    .add_stored(&format!("OEBPS/{}", image.path), &image.bytes)
                    .map_err(EpubError::Io)?;
            }
        }
        // Part pages for the headings this chapter opens.
        let common = open
            .open_path
            .iter()
            .zip(&toc)
            .take_while(|(a, b)| a == b)
            .count();
        open.open_path.truncate(common);
        for (depth, heading) in toc.iter().enumerate().skip(common) {
            open.parts += 1;
            let href = format!("text/part-{:04}.xhtml", open.parts);
            let page = part_page(heading, &labels, &self.options, &book.language)
                .map_err(EpubError::Io)?;
            open.builder
                .add_content(
                    EpubContent::new(href, page.as_slice())
                        .title(heading.as_str())
                        .level(depth as i32 + 1),
                )
                .map_err(builder_error)?;
            open.open_path.push(heading.clone());
        }
        open.zip
            .add_packed(&chapter_entry(chapter.position), &chapter.packed)
            .map_err(EpubError::Io)?;
        let mut content = EpubContent::new(
            format!("text/{}", chapter_name(chapter.position)),
            PLACEHOLDER,
        )
        .title(chapter.title.as_str())
        .level(toc.len() as i32 + 1);
        if open.chapters == 0 {
            // The first chapter is where reading starts (landmarks: bodymatter).
            content = content.reftype(ReferenceType::Text);
        }
        open.builder.add_content(content).map_err(builder_error)?;
        open.chapters += 1;

        let book = self.book.as_ref().ok_or(EpubError::NotBegun)?;
        let done = match self.options.split_by {
            Some(SplitBy::Size(limit)) => open.size >= limit,
            _ => book.volume_end[volume] == chapter.position,
        };
        if done {
            if self.is_size_split() {
                self.size_volume += 1;
            }
            if let Some(v) = self.open.remove(&volume) {
                self.finish_volume(v)?;
            }
        }
        Ok(())
    }

    fn volume_identity(&self, volume: usize) -> (String, String, PathBuf) {
        let Some(book) = self.book.as_ref() else {
            return (String::new(), String::new(), self.output.clone());
        };
        let (key, label) = match self.options.split_by {
            None => (String::new(), String::new()),
            Some(SplitBy::Size(_)) => {
                (format!("{:02}", volume + 1), book.labels.volume(volume + 1))
            }
            Some(SplitBy::Posts(_)) => {
                let plan = &book.volumes[volume];
                let width = book.volumes.len().to_string().len().max(2);
                (format!("{:0width$}", volume + 1), plan.label.clone())
            }
            Some(_) => {
                let plan = &book.volumes[volume];
                (plan.key.clone(), plan.label.clone())
            }
        };
        let path = if key.is_empty() {
            self.output.clone()
        } else {
            let stem = self
                .output
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "book".into());
            let name = match self.options.split_by {
                // Keys made of the posts' own words (categories) can meet once made safe.
                Some(SplitBy::Category) => {
                    unique_file_keys(book.volumes.iter().map(|v| v.key.as_str()))
                        .swap_remove(volume)
                }
                _ => file_safe(&key),
            };
            self.output.with_file_name(format!("{stem}-{name}.epub"))
        };
        (key, label, path)
    }

    fn open_volume(&self, volume: usize) -> Result<OpenVolume, EpubError> {
        let book = self.book.as_ref().ok_or(EpubError::NotBegun)?;
        let (key, label, path) = self.volume_identity(volume);
        let title = if label.is_empty() {
            book.title.clone()
        } else {
            format!("{} ({})", book.title, xml_text(&label))
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(EpubError::Io)?;
        let mut temp_builder = tempfile::Builder::new();
        temp_builder.prefix(".postport-").suffix(".partial");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            temp_builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let temp = temp_builder.tempfile_in(&dir).map_err(EpubError::Io)?;
        let file = temp.as_file().try_clone().map_err(EpubError::Io)?;
        let book_zip =
            BookZip::new(io::BufWriter::with_capacity(256 * 1024, file)).map_err(EpubError::Io)?;
        let stats = if self.is_size_split() {
            &book.stats[0]
        } else {
            &book.stats[volume]
        };
        let repairs = Repairs {
            language: book.language.clone(),
            opf_metadata: opf_extras(book, &key, volume),
        };
        let zip = ZipLibrary::new().map_err(builder_error)?;
        let mut builder = EpubBuilder::new(zip).map_err(builder_error)?;
        builder.epub_version(EpubVersion::V30);
        builder.set_lang(book.language.clone());
        builder.set_title(title.clone());
        builder.set_authors(book.authors.clone());
        if let Some(d) = &book.description {
            builder.set_description(vec![d.clone()]);
        }
        builder.set_subjects(book.subjects.clone());
        builder.set_generator(concat!("postport ", env!("CARGO_PKG_VERSION")));
        builder.set_toc_name(book.labels.contents);
        let identity = format!(
            "postport|{}|{}|{}|{:?}|{:?}",
            book.site, book.title, key, self.options.toc_by, self.options.split_by
        );
        builder.set_uuid(uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            identity.as_bytes(),
        ));
        let modified = self
            .options
            .modified
            .or_else(|| stats.newest_change.map(|d| d.with_timezone(&Utc)))
            .unwrap_or(DateTime::UNIX_EPOCH);
        builder.set_modified_date(modified);
        if let Some(newest) = stats.last {
            builder.set_publication_date(newest.with_timezone(&Utc));
        }
        // Vertical CJK and right-to-left scripts turn their pages right to left.
        if self.options.vertical || postport_model::is_rtl_language(&book.language) {
            builder
                .metadata("direction", "rtl")
                .map_err(builder_error)?;
        }
        if self.options.vertical {
            builder.add_metadata_opf(Box::new(MetadataOpf {
                name: "primary-writing-mode".to_string(),
                content: "vertical-rl".to_string(),
            }));
        }
        builder
            .stylesheet(stylesheet(self.options.vertical).as_bytes())
            .map_err(builder_error)?;
        if let Some(style) = &self.options.css {
            builder
                .add_resource("styles/user.css", style.css.as_bytes(), "text/css")
                .map_err(builder_error)?;
            for file in &style.files {
                builder
                    .add_resource(
                        format!("styles/{}", file.name),
                        file.bytes.as_slice(),
                        file.media_type,
                    )
                    .map_err(builder_error)?;
            }
        }

        // The cover: the given image, or one drawn for the book.
        let range = match (stats.first, stats.last) {
            (Some(a), Some(b)) if a.format("%Y").to_string() == b.format("%Y").to_string() => {
                a.format("%Y").to_string()
            }
            (Some(a), Some(b)) => format!("{}–{}", a.format("%Y"), b.format("%Y")),
            _ => String::new(),
        };
        let (cover_href, cover_bytes, cover_type) = match &self.cover {
            Some((bytes, media_type, ext)) => {
                (format!("images/cover.{ext}"), bytes.clone(), *media_type)
            }
            None => (
                "images/cover.svg".to_string(),
                cover_svg(&title, &range, &book.labels.post_count(stats.posts)).into_bytes(),
                "image/svg+xml",
            ),
        };
        builder
            .add_cover_image(&cover_href, cover_bytes.as_slice(), cover_type)
            .map_err(builder_error)?;
        let cover_page = cover_page(&title, &cover_href, &book.language, &self.stylesheets(""))
            .map_err(EpubError::Io)?;
        builder
            .add_content(
                EpubContent::new("cover.xhtml", cover_page.as_slice())
                    .reftype(ReferenceType::Cover),
            )
            .map_err(builder_error)?;
        builder.inline_toc();
        Ok(OpenVolume {
            builder,
            repairs,
            temp,
            path,
            size: 0,
            images: HashSet::new(),
            zip: book_zip,
            open_path: Vec::new(),
            parts: 0,
            chapters: 0,
        })
    }

    fn finish_volume(&mut self, mut v: OpenVolume) -> Result<(), EpubError> {
        let has_images = !v.images.is_empty();
        for (property, content) in accessibility(has_images, v.chapters) {
            v.builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
                property.to_string(),
                escape(content.as_str()).into_owned(),
            )));
        }
        let mut book = Vec::new();
        v.builder.generate(&mut book).map_err(builder_error)?;
        let mut out = v.zip.finish(&book, &v.repairs).map_err(EpubError::Io)?;
        io::Write::flush(&mut out).map_err(EpubError::Io)?;
        drop(out);
        drop(book);
        v.temp
            .persist(&v.path)
            .map_err(|e| EpubError::Io(e.error))?;
        self.finished.push(v.path);
        Ok(())
    }

    /// Finishes every open book; returns the files written, in order.
    pub fn finish(mut self) -> Result<Vec<PathBuf>, EpubError> {
        if self
            .book
            .as_ref()
            .is_some_and(|b| b.entry_volume.is_empty())
        {
            return Err(EpubError::Empty);
        }
        let mut remaining: Vec<usize> = self.open.keys().copied().collect();
        remaining.sort_unstable();
        for index in remaining {
            if let Some(v) = self.open.remove(&index) {
                self.finish_volume(v)?;
            }
        }
        Ok(self.finished)
    }
}

/// The chapter file of the entry at `position` (in the `text/` folder).
fn chapter_name(position: usize) -> String {
    format!("c{:05}.xhtml", position + 1)
}

/// The zip entry of the chapter at `position`, as epub-builder names it.
fn chapter_entry(position: usize) -> String {
    format!("OEBPS/text/{}", chapter_name(position))
}

/// What epub-builder is given for a chapter or an image written to the book's zip
/// directly (never in a finished book: the copy skips it).
const PLACEHOLDER: &[u8] = b"postport: chapter deflated ahead";

fn builder_error(e: epub_builder::Error) -> EpubError {
    EpubError::Builder(e.to_string())
}

/// `dc:publisher`, `dc:source` and series metadata, which epub-builder cannot write.
fn opf_extras(book: &Book, key: &str, volume: usize) -> String {
    let mut out = String::new();
    if let Some(url) = &book.base_url {
        out.push_str(&format!(
            "    <dc:publisher>{}</dc:publisher>\n",
            escape(book.site_title.as_deref().unwrap_or(url))
        ));
        out.push_str(&format!(
            "    <dc:source>{}</dc:source>\n",
            escape(url.as_str())
        ));
    }
    if !key.is_empty() {
        out.push_str(&format!(
            "    <meta property=\"belongs-to-collection\" id=\"collection\">{}</meta>\n    <meta refines=\"#collection\" property=\"collection-type\">series</meta>\n    <meta refines=\"#collection\" property=\"group-position\">{}</meta>\n",
            escape(book.title.as_str()),
            volume + 1
        ));
    }
    out.trim_end().to_string()
}

/// Accessibility metadata (EPUB Accessibility 1.1), from what the book holds.
fn accessibility(has_images: bool, chapters: usize) -> Vec<(&'static str, String)> {
    let mut m = vec![("schema:accessMode", "textual".to_string())];
    if has_images {
        m.push(("schema:accessMode", "visual".to_string()));
    }
    m.push(("schema:accessModeSufficient", "textual".to_string()));
    for feature in ["structuralNavigation", "tableOfContents", "readingOrder"] {
        m.push(("schema:accessibilityFeature", feature.to_string()));
    }
    m.push(("schema:accessibilityHazard", "none".to_string()));
    m.push((
        "schema:accessibilitySummary",
        format!(
            "{chapters} posts as chapters in reading order, each with its title as a heading, reachable from a nested table of contents.{}",
            if has_images { " Images keep the alternative text and captions the posts gave them, which may be missing." } else { "" }
        ),
    ));
    m
}

/// The cover page: the cover image, full page.
fn cover_page(
    title: &str,
    image: &str,
    language: &str,
    stylesheets: &[String],
) -> io::Result<Vec<u8>> {
    let mut out = Writer::new(Vec::new());
    open_document(&mut out, title, language, stylesheets)?;
    let mut body = BytesStart::new("body");
    body.push_attribute(("epub:type", "cover"));
    out.write_event(Event::Start(body))?;
    let mut div = BytesStart::new("div");
    div.push_attribute(("class", "cover"));
    out.write_event(Event::Start(div))?;
    let mut img = BytesStart::new("img");
    img.push_attribute(("src", image));
    img.push_attribute(("alt", title));
    out.write_event(Event::Empty(img))?;
    out.write_event(Event::End(BytesEnd::new("div")))?;
    out.write_event(Event::End(BytesEnd::new("body")))?;
    close_document(&mut out)?;
    Ok(out.into_inner())
}

/// A part page: a heading of the table of contents (a year, a month, a category).
fn part_page(
    heading: &str,
    _labels: &Labels,
    options: &EpubOptions,
    language: &str,
) -> io::Result<Vec<u8>> {
    let mut out = Writer::new(Vec::new());
    let mut sheets = vec!["../stylesheet.css".to_string()];
    if options.css.is_some() {
        sheets.push("../styles/user.css".to_string());
    }
    open_document(&mut out, heading, language, &sheets)?;
    out.write_event(Event::Start(BytesStart::new("body")))?;
    let mut section = BytesStart::new("section");
    section.push_attribute(("class", "part"));
    section.push_attribute(("epub:type", "part"));
    out.write_event(Event::Start(section))?;
    out.create_element("h1")
        .write_text_content(BytesText::new(&postport_html::xml_safe(heading)))?;
    out.write_event(Event::End(BytesEnd::new("section")))?;
    out.write_event(Event::End(BytesEnd::new("body")))?;
    close_document(&mut out)?;
    Ok(out.into_inner())
}

/// Text for the package, the navigation and the NCX, which epub-builder writes as it is
/// given them: without the characters XML forbids (the model keeps them; every XML
/// output drops them).
fn xml_text(text: &str) -> String {
    postport_html::xml_safe(text).into_owned()
}

/// A chapter rendered while reading, as it waits for sorting: its title, its XHTML's
/// length and the deflated XHTML, framed by lengths.
struct EarlyChapter {
    title: String,
    xhtml_len: usize,
    packed: Vec<u8>,
}

impl EarlyChapter {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.title.len() + self.packed.len());
        out.extend_from_slice(&(self.title.len() as u64).to_le_bytes());
        out.extend_from_slice(self.title.as_bytes());
        out.extend_from_slice(&(self.xhtml_len as u64).to_le_bytes());
        out.extend_from_slice(&self.packed);
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let number = |b: &[u8]| -> Option<usize> {
            usize::try_from(u64::from_le_bytes(b.get(..8)?.try_into().ok()?)).ok()
        };
        let title_len = number(bytes)?;
        let rest = bytes.get(8..)?;
        let title = std::str::from_utf8(rest.get(..title_len)?)
            .ok()?
            .to_string();
        let rest = rest.get(title_len..)?;
        let xhtml_len = number(rest)?;
        Some(EarlyChapter {
            title,
            xhtml_len,
            packed: rest.get(8..)?.to_vec(),
        })
    }
}

/// Whether the post links anywhere but to its own headings: any other link may be to
/// a post of the book, which only the whole collection can tell.
fn links_outside(article: &Article) -> bool {
    let mut found = false;
    walk_inlines(&article.body, &mut |inline| {
        if let Inline::Link(link) = inline {
            found |= !matches!(&link.target, LinkTarget::Url(url) if url.starts_with('#'));
        }
    });
    found
}

/// Whether the post has an image that is not remote: the book would embed it.
fn has_local_images(article: &Article) -> bool {
    let mut found = false;
    let mut check = |src: &str| found |= !is_remote(src);
    walk_inlines(&article.body, &mut |inline| {
        if let Inline::Image(image) = inline {
            check(&image.src);
        }
    });
    walk_blocks(&article.body, &mut |block| {
        if let Block::Figure(figure) = block {
            check(&figure.image.src);
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{EntryInfo, Interner, Link, Meta, NoResources, SiteInfo, SourcePath};

    fn post(name: &str, body: Vec<Inline>) -> Article {
        Article {
            source: SourcePath::new(format!("{name}.md")),
            meta: Meta {
                title: format!("Post {name}"),
                slug: name.into(),
                ..Meta::default()
            },
            body: vec![Block::Paragraph { content: body }],
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn book(articles: &[Article], ahead: bool, dir: &Path) -> Vec<u8> {
        let site = SiteInfo {
            title: Some("Site".into()),
            language: Some("en".into()),
            ..SiteInfo::default()
        };
        let names = Interner::default();
        let entries: Vec<EntryInfo> = articles.iter().map(|a| EntryInfo::of(a, &names)).collect();
        let site_only = Collection::new(site.clone(), Vec::new());
        let collection = Collection::new(site, entries);
        let path = dir.join(if ahead { "ahead.epub" } else { "after.epub" });
        let mut writer = EpubWriter::new(&path, EpubOptions::default()).expect("writer");
        let early: Vec<Option<Vec<u8>>> = articles
            .iter()
            .map(|a| {
                ahead
                    .then(|| writer.render_alone(a, &site_only, &NoResources, &mut Vec::new()))
                    .flatten()
            })
            .collect();
        writer.begin(&collection).expect("begins");
        for (position, (article, early)) in articles.iter().zip(early).enumerate() {
            match early {
                Some(bytes) => writer.write_alone(&bytes, position).expect("writes"),
                None => {
                    let chapter = writer
                        .render(
                            article,
                            position,
                            &collection,
                            &NoResources,
                            &mut Vec::new(),
                        )
                        .expect("renders");
                    writer.write(chapter).expect("writes");
                }
            }
        }
        writer.finish().expect("finishes");
        std::fs::read(path).expect("book")
    }

    #[test]
    fn chapters_rendered_ahead_make_the_same_book() {
        let dir = tempfile::tempdir().expect("dir");
        let link = |target: LinkTarget| {
            Inline::Link(Link {
                target,
                title: None,
                content: vec![Inline::Text {
                    text: "there".into(),
                }],
            })
        };
        let articles = vec![
            post(
                "a",
                vec![Inline::Text {
                    text: "plain text".into(),
                }],
            ),
            post("b", vec![link(LinkTarget::Post("a".into()))]),
            post(
                "c",
                vec![link(LinkTarget::Url("https://example.com/x".into()))],
            ),
            post("d", vec![link(LinkTarget::Url("#top".into()))]),
        ];
        let site_only = Collection::new(
            SiteInfo {
                language: Some("en".into()),
                ..SiteInfo::default()
            },
            Vec::new(),
        );
        let writer =
            EpubWriter::new(&dir.path().join("x.epub"), EpubOptions::default()).expect("writer");
        let ahead: Vec<bool> = articles
            .iter()
            .map(|a| {
                writer
                    .render_alone(a, &site_only, &NoResources, &mut Vec::new())
                    .is_some()
            })
            .collect();
        // Links to other posts, or that may be, wait for the collection.
        assert_eq!(ahead, [true, false, false, true]);
        assert_eq!(
            book(&articles, true, dir.path()),
            book(&articles, false, dir.path())
        );
    }

    #[test]
    fn early_chapters_survive_their_framing() {
        let early = EarlyChapter {
            title: "标题".into(),
            xhtml_len: 1234,
            packed: vec![1, 2, 3],
        };
        let back = EarlyChapter::from_bytes(&early.to_bytes()).expect("reads");
        assert_eq!(
            (back.title.as_str(), back.xhtml_len, back.packed.as_slice()),
            ("标题", 1234, &[1u8, 2, 3][..])
        );
        assert!(EarlyChapter::from_bytes(&[1, 0]).is_none());
        assert!(EarlyChapter::from_bytes(&early.to_bytes()[..9]).is_none());
    }
}
