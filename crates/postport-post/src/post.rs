//! One post, from its text to an article: front matter, each CMS's semantics, template
//! tags, Markdown or HTML body, title/slug fallbacks, local files and URL. Pure but for
//! the [`FileLookup`] it is given, so it is tested without a file system.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use postport_html::{CleaningRules, read_html};
use postport_model::walk::{walk_blocks, walk_inlines};
use postport_model::{
    Article, Asset, Block, Diagnostic, DiagnosticKind, Inline, SourcePath, detect_language,
    inline_text, normalize_language_tag, plain_text,
};

use crate::PostError;
use crate::body::{BodyFormat, detect_body_format};
use crate::dates::{SiteZone, date_from_file_name};
use crate::decode::decode;
use crate::front_matter::split_front_matter;
use crate::markdown::markdown_to_html_with;
use crate::math::MathSyntax;
use crate::meta::read_meta;
use crate::permalink::{PermalinkInput, permalink};
use crate::site::{Site, SiteKind};
use crate::templates::{Dialect, Expanded, TemplateEnv, expand_templates};

/// Settings of a read that do not come from the archive.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Cleaning rules for HTML (the defaults, extended, or none with `--no-clean`).
    pub rules: CleaningRules,
    /// The timezone for naive dates when the site does not set one (`--timezone`).
    pub timezone: Option<SiteZone>,
}

/// What the archive holds, for attaching a post's local files.
pub trait FileLookup: Sync {
    /// Whether `path` (relative to the input root) is a file of the archive.
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` is a folder of the archive.
    fn is_dir(&self, path: &Path) -> bool;
    /// Every file below the folder `dir`, relative to the input root, sorted.
    fn files_under(&self, dir: &Path) -> Vec<PathBuf>;
    /// The one file whose path differs from `path` only in letter case, if there is one.
    fn file_ignoring_case(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// An archive with no files besides the post (for tests and piped input).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoFiles;

impl FileLookup for NoFiles {
    fn is_file(&self, _: &Path) -> bool {
        false
    }
    fn is_dir(&self, _: &Path) -> bool {
        false
    }
    fn files_under(&self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// Everything reading a post needs besides its text.
pub struct PostContext<'a> {
    /// The site the post belongs to.
    pub site: &'a Site,
    /// Settings.
    pub options: &'a ReadOptions,
    /// The archive's files.
    pub files: &'a dyn FileLookup,
    /// Whether the post sits in a drafts folder.
    pub in_draft_dir: bool,
}

/// Reads a post from its bytes.
pub fn read_post(
    path: &SourcePath,
    bytes: Vec<u8>,
    cx: &PostContext<'_>,
) -> Result<Article, PostError> {
    let decoded = decode(bytes)?;
    let mut article = parse_post(path, &decoded.text, cx)?;
    if let Some(note) = decoded.note {
        article.diagnostics.insert(0, note);
    }
    Ok(article)
}

/// Post files: Markdown (Pandoc's `.pdc` too, read as the Markdown it mostly is) and HTML.
const CONTENT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "mkd", "pdc", "pandoc", "html", "htm",
];

/// Whether a file name is a post's (Markdown or HTML).
pub fn is_post_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CONTENT_EXTENSIONS.iter().any(|c| c.eq_ignore_ascii_case(e)))
}

/// Reads a post from its decoded text.
pub fn parse_post(
    path: &SourcePath,
    text: &str,
    cx: &PostContext<'_>,
) -> Result<Article, PostError> {
    let site = cx.site;
    let zone = site.zone.or(cx.options.timezone).unwrap_or_default();
    let split = split_front_matter(text)?;
    let mut diagnostics: Vec<Diagnostic> = split.note.clone().into_iter().collect();
    let fm_offset = split.front_matter_line.saturating_sub(1);
    let extension = path.as_path().extension().and_then(|e| e.to_str());
    let page_head = page_head(split.body, extension);
    let mut fields = split.fields.clone();
    if let Some(head) = &page_head {
        add_head_fields(&mut fields, head);
    }
    let read = read_meta(fields, site, zone, split.front_matter);
    diagnostics.extend(
        read.diagnostics
            .into_iter()
            .map(|d| d.offset_lines(fm_offset)),
    );
    let mut meta = read.meta;

    let file = path.as_path();
    let (stem, translation) = hugo_translation(&path.file_stem(), site);
    // Hugo takes a page's language from its file name or its language's content
    // folder, not from its front matter.
    let hugo_language = translation.or_else(|| {
        site.language_dirs
            .iter()
            .find(|(dir, _)| path.as_path().starts_with(site.root.join(dir)))
            .map(|(_, code)| code.clone())
    });
    if let Some(language) = &hugo_language {
        meta.language = normalize_language_tag(language).or(Some(language.clone()));
    }
    let language_folder = hugo_language.as_deref().filter(|code| {
        site.default_language_in_subdir || !code.eq_ignore_ascii_case(&site.default_language)
    });
    let is_bundle = stem == "index" || stem == "_index";
    let bundle_dir = is_bundle.then(|| file.parent().map(Path::to_path_buf).unwrap_or_default());
    let name = match &bundle_dir {
        Some(dir) => dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => stem.clone(),
    };
    let dated_name = date_from_file_name(&name);
    if meta.date.is_none()
        && let Some((date, _)) = dated_name
    {
        meta.date = date.and_hms_opt(0, 0, 0).map(|t| zone.resolve(t));
    }
    let strips_date = match site.kind {
        SiteKind::Jekyll | SiteKind::Zola | SiteKind::Plain => true,
        SiteKind::Hexo => site.dated_file_names,
        SiteKind::Hugo => false,
    };
    let name_without_date = match dated_name {
        Some((_, rest)) if strips_date && !rest.is_empty() => rest.to_string(),
        _ => name.clone(),
    };
    meta.slug = read
        .explicit_slug
        .clone()
        .unwrap_or_else(|| name_without_date.clone());
    meta.draft |= cx.in_draft_dir;

    // Jekyll: folders above `_posts` are categories too.
    if site.kind == SiteKind::Jekyll {
        let relative = file.strip_prefix(&site.root).unwrap_or(file);
        let mut dirs: Vec<String> = Vec::new();
        for component in relative
            .parent()
            .map(|p| p.components().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let c = component.as_os_str().to_string_lossy();
            if c == "_posts" || c == "_drafts" {
                break;
            }
            dirs.push(c.into_owned());
        }
        for (i, dir) in dirs.into_iter().enumerate() {
            let path = vec![dir];
            if !meta.categories.contains(&path) {
                meta.categories.insert(i, path);
            }
        }
    }

    // The body.
    let format = detect_body_format(split.body, extension, read.markup.as_deref());
    let markdown = format == BodyFormat::Markdown;
    let dialect = dialect_of(site.kind, split.body);
    let mut variables = BTreeMap::new();
    if site.kind == SiteKind::Hugo {
        // `{{< param "x" >}}`: the page's own parameters (top level or under `params`).
        let nested = meta
            .extra
            .get("params")
            .and_then(serde_json::Value::as_object);
        for (key, value) in meta.extra.iter().chain(nested.into_iter().flatten()) {
            if let Some(text) = scalar_text(value) {
                variables.entry(format!("param.{key}")).or_insert(text);
            }
        }
        if !meta.title.is_empty() {
            variables.insert("param.title".to_string(), meta.title.clone());
        }
        if let Some(summary) = &meta.summary {
            variables
                .entry("param.description".to_string())
                .or_insert_with(|| summary.clone());
        }
    }
    if site.kind == SiteKind::Jekyll {
        let base = site.base_url.clone().unwrap_or_default();
        let (url, baseurl) = split_base(&base);
        variables.insert("site.url".to_string(), url);
        variables.insert("site.baseurl".to_string(), baseurl);
        for (name, value) in [
            ("site.title", &site.title),
            ("site.description", &site.description),
            ("site.author", &site.author),
        ] {
            if let Some(v) = value {
                variables.insert(name.to_string(), v.clone());
            }
        }
        if !meta.title.is_empty() {
            variables.insert("page.title".to_string(), meta.title.clone());
        }
        // `{{ page.image }}`, `{{ page.subtitle }}`: the post's own scalar values.
        for (key, value) in &meta.extra {
            if let Some(text) = scalar_text(value) {
                variables.entry(format!("page.{key}")).or_insert(text);
            }
        }
        for (name, text) in crate::templates::liquid_captures(split.body) {
            variables.insert(name, text);
        }
        if let Some(summary) = &meta.summary {
            variables
                .entry("page.description".to_string())
                .or_insert_with(|| summary.clone());
        }
        // The cover was read from one of these keys, and is no longer among the others.
        if let Some(cover) = &meta.cover {
            for key in ["image", "cover", "thumbnail", "featured_image"] {
                variables
                    .entry(format!("page.{key}"))
                    .or_insert_with(|| cover.clone());
            }
        }
        if let Some(d) = &meta.date {
            // Liquid prints a Ruby Time as `2021-07-04 09:30:00 -0400`.
            variables.insert(
                "page.date".to_string(),
                d.format("%Y-%m-%d %H:%M:%S %z").to_string(),
            );
        }
    }
    // Posts migrated from WordPress keep its shortcodes, whatever the generator.
    let wordpress = crate::templates::expand_wordpress(split.body, markdown);
    let source_body = wordpress.as_deref().unwrap_or(split.body);
    let expanded = match dialect {
        Some(dialect) => expand_templates(
            source_body,
            &TemplateEnv {
                dialect,
                markdown,
                variables: &variables,
                first_line: split.body_line,
            },
        ),
        None if site.kind == SiteKind::Zola => {
            let zola = crate::templates::expand_zola(source_body, markdown, split.body_line);
            Expanded {
                text: unescape_zola(&zola.text),
                diagnostics: zola.diagnostics,
            }
        }
        None => Expanded {
            text: unescape_zola(source_body),
            diagnostics: Vec::new(),
        },
    };
    diagnostics.extend(expanded.diagnostics);
    let html = if markdown {
        let math = if site.kind == SiteKind::Jekyll {
            MathSyntax::DoubleDollars
        } else if site.math || crate::math::post_switches_on(&meta.extra) {
            MathSyntax::Dollars
        } else {
            MathSyntax::None
        };
        markdown_to_html_with(&expanded.text, math, site.emoji)
    } else {
        expanded.text
    };
    let read_body = read_html(&html, &cx.options.rules);
    diagnostics.extend(read_body.diagnostics);
    let mut body = read_body.blocks;
    if markdown {
        crate::heading_ids::anchor_linked_headings(&mut body);
    }

    if meta.title.is_empty() {
        let first_heading = body.iter().position(|b| matches!(b, Block::Heading { .. }));
        let page_title = page_head.as_ref().and_then(|h| h.title.clone());
        if let Some(i) = first_heading
            && let Block::Heading { content, level, .. } = &body[i]
        {
            // An h1 that opens the body is the title itself, not a section (and a page's
            // own headline, where its `<title>` often adds the site's name).
            let opening = *level == 1 && i == 0;
            if opening || page_title.is_none() {
                meta.title = inline_text(content).trim().to_string();
            }
            if opening {
                body.remove(0);
            }
        }
        if meta.title.is_empty() {
            meta.title = page_title.unwrap_or_else(|| name_without_date.clone());
        }
    }

    if meta.language.is_none() {
        meta.language = site.language.clone().or_else(|| {
            let sample = format!("{} {}", meta.title, plain_text(&body));
            detect_language(&sample).map(str::to_string)
        });
    }

    // Local files.
    let post_dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let asset_dir = match &bundle_dir {
        Some(dir) => Some(dir.clone()),
        None => {
            let dir = post_dir.join(file.file_stem().unwrap_or_default());
            cx.files.is_dir(&dir).then_some(dir)
        }
    };
    let mut assets: Vec<Asset> = Vec::new();
    if let Some(dir) = &asset_dir {
        for f in cx.files.files_under(dir) {
            if Some(f.as_path()) == Some(file) || (is_bundle && is_post_file(&f)) {
                continue;
            }
            if let Ok(rel) = f.strip_prefix(dir) {
                assets.push(Asset {
                    reference: rel.to_string_lossy().replace('\\', "/"),
                    path: SourcePath::new(f.clone()),
                });
            }
        }
    }
    let mut missing = Vec::new();
    let mut references: Vec<String> = Vec::new();
    walk_inlines(&body, &mut |inline| {
        if let Inline::Image(image) = inline {
            references.push(image.src.clone());
        }
    });
    walk_blocks(&body, &mut |block| {
        if let Block::Figure(figure) = block {
            references.push(figure.image.src.clone());
        }
    });
    references.extend(meta.cover.clone());
    for reference in references {
        if assets.iter().any(|a| a.reference == reference) {
            continue;
        }
        // An absolute URL into the site itself is a local file that is in the archive.
        let remote = is_remote(&reference);
        let local = if remote {
            match own_site_path(&reference, site) {
                Some(path) => path,
                None => continue,
            }
        } else {
            reference.clone()
        };
        match resolve_local(&local, &post_dir, asset_dir.as_deref(), site, cx.files) {
            Some(found) => assets.push(Asset {
                reference,
                path: SourcePath::new(found),
            }),
            None => {
                if !remote && !missing.contains(&reference) {
                    missing.push(reference);
                }
            }
        }
    }
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(3).map(String::as_str).collect();
        let more = if missing.len() > 3 {
            format!(" and {} more", missing.len() - 3)
        } else {
            String::new()
        };
        diagnostics.push(Diagnostic::warning(
            DiagnosticKind::MissingAsset,
            format!(
                "{} local file(s) the post refers to are not in the archive: {}{more}",
                missing.len(),
                shown.join(", ")
            ),
        ));
    }
    if meta.cover.is_none() {
        meta.cover = assets
            .iter()
            .find(|a| {
                let r = a.reference.to_ascii_lowercase();
                is_image(&r)
                    && (r.starts_with("featured")
                        || r.starts_with("cover")
                        || r.starts_with("thumbnail"))
            })
            .map(|a| a.reference.clone());
    }

    // The URL.
    let rel_stem = post_relative_stem(file, &stem, bundle_dir.as_deref(), site);
    meta.url = permalink(&PermalinkInput {
        site,
        meta: &meta,
        rel_stem: &rel_stem,
        explicit_slug: read.explicit_slug.as_deref(),
        language_folder,
    });

    Ok(Article {
        source: path.clone(),
        meta,
        body,
        assets,
        diagnostics,
    })
}

/// A front matter value as a template prints it, if it is a single value.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Which template language a post uses: its site's, or for plain folders the one its
/// tags look like.
fn dialect_of(kind: SiteKind, body: &str) -> Option<Dialect> {
    Some(match kind {
        SiteKind::Hugo => Dialect::Hugo,
        SiteKind::Hexo => Dialect::Hexo,
        SiteKind::Jekyll => Dialect::Liquid,
        // Zola's shortcodes call the site's own templates: nothing to expand.
        SiteKind::Zola => return None,
        SiteKind::Plain => {
            // Tags shown inside code say nothing about the dialect.
            let mut outside = String::with_capacity(body.len());
            let mut at = 0;
            for range in crate::templates::code_ranges(body) {
                outside.push_str(body.get(at..range.start).unwrap_or(""));
                at = range.end.max(at);
            }
            outside.push_str(body.get(at..).unwrap_or(""));
            let body = outside.as_str();
            if body.contains("{{<") || body.contains("{{%") {
                return Some(Dialect::Hugo);
            }
            let count = |signals: &[&str]| signals.iter().filter(|s| body.contains(*s)).count();
            let liquid = count(&[
                "{{ site.",
                "{{ page.",
                "{% assign",
                "{% for ",
                "{% endfor",
                "{% if ",
                "{% include",
                "{% post_url",
                "{% highlight",
                "{% raw",
                "{% capture",
                "| relative_url",
                "| absolute_url",
            ]);
            let hexo = count(&[
                "{% asset_",
                "{% codeblock",
                "{% post_link",
                "{% blockquote",
                "{% note",
                "{% youtube",
                "{% img ",
                "{% pullquote",
            ]);
            if liquid > hexo {
                Dialect::Liquid
            } else {
                Dialect::Hexo
            }
        }
    })
}

/// Zola's escaped shortcodes (`{{/* x() */}}`, `{%/* x() */%}`) as the text they show.
fn unescape_zola(body: &str) -> String {
    body.replace("{{/*", "{{")
        .replace("*/}}", "}}")
        .replace("{%/*", "{%")
        .replace("*/%}", "%}")
}

/// `https://x.org/blog/` → (`https://x.org`, `/blog`).
fn split_base(base: &str) -> (String, String) {
    let trimmed = base.trim_end_matches('/');
    let after_scheme = trimmed.find("://").map_or(0, |i| i + 3);
    match trimmed[after_scheme..].find('/') {
        Some(i) => (
            trimmed[..after_scheme + i].to_string(),
            trimmed[after_scheme + i..].to_string(),
        ),
        None => (trimmed.to_string(), String::new()),
    }
}

/// The site path (`/images/a.png`) of an absolute URL into the site's own base URL
/// (`https://x.org/blog/images/a.png` with base `https://x.org/blog`), whatever its
/// scheme; `None` for any other site.
fn own_site_path(url: &str, site: &Site) -> Option<String> {
    let (origin, _) = split_base(site.base_url.as_deref()?);
    let origin = origin
        .split_once("://")
        .map_or(origin.as_str(), |(_, host)| host);
    let target = url
        .split_once("://")
        .map(|(_, r)| r)
        .or_else(|| url.strip_prefix("//"))?;
    let (target_host, path) = match target.find('/') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, "/"),
    };
    (target_host.eq_ignore_ascii_case(origin) && path.len() > 1).then(|| path.to_string())
}

fn is_remote(src: &str) -> bool {
    postport_html::url::scheme(src).is_some()
}

fn is_image(name: &str) -> bool {
    [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff",
    ]
    .iter()
    .any(|e| name.ends_with(e))
}

/// The file a local reference points at: asset folder first, then next to the post,
/// then (for `/absolute` paths) the site's static folders. `None` when absent or when
/// the path would leave the archive.
fn resolve_local(
    reference: &str,
    post_dir: &Path,
    asset_dir: Option<&Path>,
    site: &Site,
    files: &dyn FileLookup,
) -> Option<PathBuf> {
    let clean = reference.split(['?', '#']).next().unwrap_or(reference);
    let clean = postport_html::url::percent_decode(clean);
    if clean.is_empty() {
        return None;
    }
    let mut candidates = Vec::new();
    if let Some(rest) = clean.strip_prefix('/') {
        // `/blog/images/a.png` on a site served under `/blog` (Jekyll's
        // `{{ site.baseurl }}`, Hexo's `root`) is `images/a.png` in the archive.
        let (_, base_path) = site.base_url.as_deref().map(split_base).unwrap_or_default();
        let base_path = base_path.trim_matches('/');
        let under_base = (!base_path.is_empty())
            .then(|| rest.strip_prefix(base_path)?.strip_prefix('/'))
            .flatten();
        for rest in under_base.into_iter().chain([rest]) {
            for dir in &site.static_dirs {
                candidates.push(site.root.join(dir).join(rest));
            }
            candidates.push(site.root.join(rest));
        }
    } else {
        if let Some(dir) = asset_dir {
            candidates.push(dir.join(&clean));
        }
        candidates.push(post_dir.join(&clean));
    }
    let candidates: Vec<PathBuf> = candidates.iter().filter_map(|c| normalize(c)).collect();
    candidates
        .iter()
        .find(|c| files.is_file(c))
        .cloned()
        // Archives made on macOS or Windows refer to `Photo.JPG` as `photo.jpg`; the
        // site worked there, so the file is found as its system found it.
        .or_else(|| candidates.iter().find_map(|c| files.file_ignoring_case(c)))
        .or_else(|| bundle_resource(&clean, asset_dir?, files))
}

/// A page resource named as Hugo shortcodes name them (`imgproc sunset` finds the
/// bundle's `*sunset*` by `.Resources.GetMatch`): the first image whose name holds it.
fn bundle_resource(name: &str, bundle: &Path, files: &dyn FileLookup) -> Option<PathBuf> {
    if name.contains(['/', '.', '\\']) {
        return None;
    }
    let name = name.to_lowercase();
    files.files_under(bundle).into_iter().find(|f| {
        f.parent() == Some(bundle)
            && is_image(&f.to_string_lossy().to_ascii_lowercase())
            && f.file_name()
                .is_some_and(|n| n.to_string_lossy().to_lowercase().contains(&name))
    })
}

/// Resolves `.` and `..` lexically; `None` if the path climbs out of the root.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The `<head>` of a post that is a whole saved web page (an HTML file, or a body
/// that opens with `<!DOCTYPE` or `<html`).
fn page_head(body: &str, extension: Option<&str>) -> Option<postport_html::DocumentHead> {
    let html_file =
        extension.is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let opening = body
        .trim_start()
        .get(..9)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !html_file && !opening.starts_with("<!doctype") && !opening.starts_with("<html") {
        return None;
    }
    postport_html::read_document_head(body)
}

/// Adds what a page's head says to its front matter fields, where the front matter
/// says nothing of its own (front matter wins; the head title is chosen later, against
/// the body's opening headline).
fn add_head_fields(
    fields: &mut serde_json::Map<String, serde_json::Value>,
    head: &postport_html::DocumentHead,
) {
    use serde_json::Value;
    let absent = |fields: &serde_json::Map<String, Value>, keys: &[&str]| {
        !keys
            .iter()
            .any(|k| fields.keys().any(|f| f.eq_ignore_ascii_case(k)))
    };
    let mut add = |keys: &[&str], value: Value| {
        if absent(fields, keys) {
            fields.insert(keys[0].to_string(), value);
        }
    };
    let strings = |v: &[String]| Value::Array(v.iter().cloned().map(Value::String).collect());
    if !head.authors.is_empty() {
        add(&["authors", "author"], strings(&head.authors));
    }
    if let Some(d) = &head.description {
        add(
            &["description", "summary", "excerpt"],
            Value::String(d.clone()),
        );
    }
    if !head.keywords.is_empty() {
        add(&["tags", "tag", "keywords"], strings(&head.keywords));
    }
    if let Some(d) = &head.published {
        add(&["date"], Value::String(d.clone()));
    }
    if let Some(d) = &head.modified {
        add(
            &["updated", "lastmod", "last_modified_at", "modified"],
            Value::String(d.clone()),
        );
    }
    if let Some(l) = &head.language {
        add(
            &["lang", "language", "languageCode"],
            Value::String(l.clone()),
        );
    }
    if let Some(u) = head
        .canonical
        .as_ref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        add(&["permalink", "url"], Value::String(u.clone()));
    }
}

/// A Hugo translation's base name and language: `index.zh` → (`index`, `zh`) when
/// `zh` is one of the site's languages, or, for a bundle's `index.xx` on a site that
/// names none, when `xx` has the shape of a language code. Anything else is kept.
pub(crate) fn hugo_translation(stem: &str, site: &Site) -> (String, Option<String>) {
    if site.kind != SiteKind::Hugo {
        return (stem.to_string(), None);
    }
    let Some((base, suffix)) = stem.rsplit_once('.') else {
        return (stem.to_string(), None);
    };
    let known = if site.languages.is_empty() {
        matches!(base, "index" | "_index") && looks_like_language(suffix)
    } else {
        site.languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(suffix))
    };
    if known && !base.is_empty() {
        (base.to_string(), Some(suffix.to_string()))
    } else {
        (stem.to_string(), None)
    }
}

/// `en`, `zh`, `pt-br`, `zh-Hans`: two or three letters, then optional subtags.
fn looks_like_language(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The post's path relative to the folder its generator reads posts from, without
/// extension (a bundle's folder for `index.md`), for permalink patterns.
fn post_relative_stem(file: &Path, stem: &str, bundle_dir: Option<&Path>, site: &Site) -> PathBuf {
    let target = match bundle_dir {
        Some(dir) => dir.to_path_buf(),
        None => file.with_file_name(stem),
    };
    for dir in site.post_dirs.iter().chain(&site.draft_dirs) {
        if let Ok(rel) = target.strip_prefix(site.root.join(dir)) {
            return rel.to_path_buf();
        }
    }
    target
        .strip_prefix(&site.root)
        .map(Path::to_path_buf)
        .unwrap_or(target)
}

#[cfg(test)]
mod tests;
