//! The Markdown site: every post planned up front (slugs, folders, links between posts),
//! rendered in parallel with its images and files, each file written atomically inside
//! the output folder, and the site configuration last, when the export knows what it
//! needs (raw HTML for Hugo, redirects for Jekyll).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use postport_media::{FetchOptions, Fetcher, sniff};
use postport_model::{
    Article, Block, Collection, Diagnostic, DiagnosticKind, Inline, Resources, SiteInfo,
    is_cjk_language,
    walk::{walk_blocks, walk_inlines},
};

use crate::MarkdownError;
use crate::config::{SiteFacts, UrlPattern, output_pattern, site_files, site_path};
use crate::front_matter::{FrontMatterInput, front_matter_fields, has_null, write_front_matter};
use crate::paths::{PostPlan, asset_name, file_name, is_contained, plan_posts};
use crate::render::{BodyEnv, PostHref, PostLink, render_body};
use crate::target::{FrontMatterFormat, Layout, Target};

/// How the site is written.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// The generator.
    pub target: Target,
    /// Front matter format (default: the target's).
    pub front_matter: Option<FrontMatterFormat>,
    /// Bundles or flat files.
    pub layout: Layout,
    /// Write the site configuration (and minimal templates).
    pub with_config: bool,
    /// Download remote images next to their posts (`--fetch-images`).
    pub fetch: Option<FetchOptions>,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            target: Target::Hugo,
            front_matter: None,
            layout: Layout::Bundle,
            with_config: false,
            fetch: None,
        }
    }
}

/// One post, written: its files are in place when `render` returns (posts are written
/// in parallel; their paths never overlap), `write` only accounts for them.
#[derive(Debug)]
pub struct RenderedPost {
    files: Vec<PathBuf>,
    raw_html: usize,
    cjk: bool,
    math: bool,
    redirects: bool,
    taxonomies: Vec<String>,
}

/// What the export did, for the report.
#[derive(Debug, Default, Clone)]
pub struct MarkdownSummary {
    /// Files written, relative paths joined to the output folder.
    pub files: Vec<PathBuf>,
    /// Posts that kept some raw HTML.
    pub posts_with_raw_html: usize,
    /// Raw HTML fallbacks in all.
    pub raw_html: usize,
    /// Notes for the user (what the target needs to build the output).
    pub notes: Vec<String>,
}

/// Writes posts as a Markdown site.
pub struct MarkdownWriter {
    root: PathBuf,
    /// When the output folder is new: the folder beside it where the site is written,
    /// renamed into place by `finish`, so the site appears whole or not at all.
    staging: Option<tempfile::TempDir>,
    options: MarkdownOptions,
    format: FrontMatterFormat,
    plans: Vec<PostPlan>,
    site: SiteInfo,
    pattern: UrlPattern,
    fetcher: Option<Fetcher>,
    facts: SiteFacts,
    taxonomies: BTreeSet<String>,
    summary: MarkdownSummary,
}

fn is_remote(src: &str) -> bool {
    src.starts_with("http://") || src.starts_with("https://")
}

/// Writes `bytes` to `relative` in the output folder `root`, and says where the file
/// will be once the export is done. In a staging folder (a new output folder, renamed
/// into place at the end) files are written as they are; in an existing folder each is
/// written atomically (a temporary file renamed into place), as others may be reading it.
fn write_output(
    root: &Path,
    staging: Option<&Path>,
    relative: &Path,
    bytes: &[u8],
) -> Result<PathBuf, MarkdownError> {
    if !is_contained(relative) {
        return Err(MarkdownError::Outside(relative.to_path_buf()));
    }
    let Some(staging) = staging else {
        return write_atomic(root, relative, bytes);
    };
    let path = staging.join(relative);
    let dir = path.parent().unwrap_or(staging);
    std::fs::create_dir_all(dir).map_err(|e| MarkdownError::io(dir, e))?;
    // As a rename into place would, a second write of the same path replaces the first.
    let mut file =
        std::fs::File::create(&path).map_err(|e| MarkdownError::io(&root.join(relative), e))?;
    file.write_all(bytes)
        .map_err(|e| MarkdownError::io(&root.join(relative), e))?;
    Ok(root.join(relative))
}

/// Writes `bytes` to `root/relative` atomically (a temporary file moved into place).
fn write_atomic(root: &Path, relative: &Path, bytes: &[u8]) -> Result<PathBuf, MarkdownError> {
    let path = root.join(relative);
    postport_output::write_atomic(&path, bytes).map_err(|e| MarkdownError::io(&path, e))?;
    Ok(path)
}

/// A new, empty folder beside `root` (same file system, so it can be renamed into
/// place), readable by others as the output will be.
fn staging_folder(root: &Path) -> Result<tempfile::TempDir, MarkdownError> {
    let parent = match root.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| MarkdownError::io(parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".postport-")
        .suffix(".partial")
        .tempdir_in(parent)
        .map_err(|e| MarkdownError::io(parent, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| MarkdownError::io(staging.path(), e))?;
    }
    Ok(staging)
}

/// A post's files to write, and what its Markdown calls them.
struct PostAssets {
    /// Output path and bytes.
    files: Vec<(PathBuf, Vec<u8>)>,
    /// Source reference to the address the Markdown writes.
    local: HashMap<String, String>,
    /// References copied beside the post.
    bundled: HashSet<String>,
}

/// Where the post's images and files went, and where the other posts are.
struct PostEnv<'a> {
    local: HashMap<String, String>,
    bundled: HashSet<String>,
    collection: &'a Collection,
    plans: &'a [PostPlan],
}

impl BodyEnv for PostEnv<'_> {
    fn local_src(&self, src: &str) -> String {
        self.local
            .get(src)
            .cloned()
            .unwrap_or_else(|| src.to_string())
    }

    fn in_bundle(&self, src: &str) -> bool {
        self.bundled.contains(src)
    }

    fn post(&self, reference: &str) -> Option<PostLink> {
        let i = self.collection.resolve(reference)?;
        let entry = &self.collection.entries[i];
        let href = match self.plans.get(i).and_then(|p| p.href.clone()) {
            Some(href) => href,
            None => PostHref::Url(entry.url.clone()?),
        };
        let fragment = reference
            .split_once('#')
            .map(|(_, f)| postport_html::url::percent_decode(f))
            .filter(|f| entry.anchors.iter().any(|a| a == f));
        Some(PostLink {
            title: entry.title.clone(),
            href,
            fragment,
        })
    }
}

impl MarkdownWriter {
    /// A writer into the folder `root`.
    pub fn new(root: &Path, options: MarkdownOptions) -> Result<Self, MarkdownError> {
        let format = options
            .front_matter
            .unwrap_or_else(|| options.target.default_front_matter());
        if options.target == Target::Zola && format == FrontMatterFormat::Json {
            return Err(MarkdownError::Invalid(
                "Zola reads TOML (or YAML) front matter, not JSON: use --front-matter toml".into(),
            ));
        }
        if root.is_file() {
            return Err(MarkdownError::Invalid(format!(
                "{} is a file; Markdown output goes to a folder",
                root.display()
            )));
        }
        Ok(MarkdownWriter {
            root: root.to_path_buf(),
            staging: None,
            fetcher: options.fetch.clone().map(Fetcher::new),
            options,
            format,
            plans: Vec::new(),
            site: SiteInfo::default(),
            pattern: UrlPattern::default_for(Target::Plain),
            facts: SiteFacts::default(),
            taxonomies: BTreeSet::new(),
            summary: MarkdownSummary::default(),
        })
    }

    /// Plans every post.
    pub fn begin(&mut self, collection: &Collection) -> Result<(), MarkdownError> {
        if std::fs::symlink_metadata(&self.root).is_err() {
            self.staging = Some(staging_folder(&self.root)?);
        } else {
            std::fs::create_dir_all(&self.root).map_err(|e| MarkdownError::io(&self.root, e))?;
        }
        self.plans = plan_posts(collection, self.options.target, self.options.layout);
        self.site = collection.site.clone();
        self.pattern = output_pattern(&self.site, self.options.target);
        Ok(())
    }

    /// The post's files: local assets it uses (and, with `--fetch-images`, its remote
    /// images), named uniquely in its folder.
    fn assets(
        &self,
        article: &Article,
        plan: &PostPlan,
        resources: &dyn Resources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> PostAssets {
        let mut files = Vec::new();
        let mut local = HashMap::new();
        let mut bundled = HashSet::new();
        let mut taken = HashSet::new();
        let mut unreadable = Vec::new();
        let mut by_path = HashMap::new();
        let in_bundle = plan.asset_prefix.is_empty();
        for asset in &article.assets {
            if local.contains_key(&asset.reference) {
                continue;
            }
            // The same file under another address (`a%20b.png`, `a b.png?v=2`) is
            // written once.
            if let Some(name) = by_path.get(&asset.path) {
                local.insert(
                    asset.reference.clone(),
                    format!("{}{name}", plan.asset_prefix),
                );
                if in_bundle {
                    bundled.insert(asset.reference.clone());
                }
                continue;
            }
            match resources.read(&asset.path) {
                Ok(bytes) => {
                    // The file's own name: a reference may carry a query or be a
                    // bundle resource's literal name, where `#` is not a fragment.
                    let name = match asset.path.as_path().file_name() {
                        Some(n) => file_name(&n.to_string_lossy(), &mut taken),
                        None => asset_name(&asset.reference, &mut taken),
                    };
                    files.push((plan.asset_dir.join(&name), bytes));
                    by_path.insert(&asset.path, name.clone());
                    local.insert(
                        asset.reference.clone(),
                        format!("{}{name}", plan.asset_prefix),
                    );
                    if in_bundle {
                        bundled.insert(asset.reference.clone());
                    }
                }
                Err(_) => unreadable.push(asset.reference.clone()),
            }
        }
        if !unreadable.is_empty() {
            diagnostics.push(Diagnostic::warning(
                DiagnosticKind::MissingAsset,
                format!(
                    "{} file(s) could not be read and keep their original address: {}",
                    unreadable.len(),
                    unreadable.join(", ")
                ),
            ));
        }
        if let Some(fetcher) = &self.fetcher {
            let mut remote: Vec<String> = Vec::new();
            let mut add = |src: &str| {
                if is_remote(src) && !remote.iter().any(|r| r == src) {
                    remote.push(src.to_string());
                }
            };
            walk_inlines(&article.body, &mut |i| {
                if let Inline::Image(image) = i {
                    add(&image.src);
                }
            });
            walk_blocks(&article.body, &mut |b| {
                if let Block::Figure(f) = b {
                    add(&f.image.src);
                }
            });
            if let Some(cover) = &article.meta.cover {
                add(cover);
            }
            let referer = article.meta.url.clone();
            let requests: Vec<(String, Option<String>)> = remote
                .iter()
                .map(|r| (r.clone(), referer.clone()))
                .collect();
            let mut failed = Vec::new();
            for ((src, _), result) in requests.iter().zip(fetcher.fetch_all(&requests)) {
                match result {
                    Ok(bytes) => {
                        let mut name = asset_name(src, &mut taken);
                        if !name.contains('.')
                            && let Some(format) = sniff(&bytes)
                        {
                            taken.remove(&name.to_lowercase());
                            name =
                                asset_name(&format!("{name}.{}", format.extension()), &mut taken);
                        }
                        files.push((plan.asset_dir.join(&name), bytes));
                        local.insert(src.clone(), format!("{}{name}", plan.asset_prefix));
                        if in_bundle {
                            bundled.insert(src.clone());
                        }
                    }
                    Err(e) => failed.push(format!("{src}: {e}")),
                }
            }
            if !failed.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    DiagnosticKind::FetchFailed,
                    format!(
                        "{} image(s) could not be downloaded and stay remote: {}",
                        failed.len(),
                        failed
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ));
            }
        }
        PostAssets {
            files,
            local,
            bundled,
        }
    }

    /// Renders one post and writes its files (called in parallel).
    pub fn render(
        &self,
        article: &Article,
        position: usize,
        collection: &Collection,
        resources: &dyn Resources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RenderedPost, MarkdownError> {
        let target = self.options.target;
        let plan = self
            .plans
            .get(position)
            .ok_or_else(|| MarkdownError::Invalid("the export was not begun".into()))?;
        let PostAssets {
            mut files,
            local,
            bundled,
        } = self.assets(article, plan, resources, diagnostics);
        let env = PostEnv {
            local,
            bundled,
            collection,
            plans: &self.plans,
        };
        let body = render_body(&article.body, target, &env);
        if !body.raw_html.is_empty() {
            let mut reasons: Vec<&str> = body.raw_html.clone();
            reasons.sort_unstable();
            reasons.dedup();
            let hugo = if target == Target::Hugo {
                " (Hugo renders it with markup.goldmark.renderer.unsafe = true)"
            } else {
                ""
            };
            diagnostics.push(Diagnostic::info(
                DiagnosticKind::LossyConversion,
                format!(
                    "{} part(s) kept as HTML, which Markdown cannot express: {}{hugo}",
                    body.raw_html.len(),
                    reasons.join(", ")
                ),
            ));
        }
        if !body.unresolved.is_empty() {
            diagnostics.push(Diagnostic::warning(
                DiagnosticKind::LossyConversion,
                format!(
                    "link(s) to posts not in this export kept as text: {}",
                    body.unresolved.join(", ")
                ),
            ));
        }
        if plan.renamed && !article.meta.slug.is_empty() {
            diagnostics.push(Diagnostic::info(
                DiagnosticKind::LossyConversion,
                format!(
                    "slug `{}` is written as `{}` (unsafe as a file name, or taken)",
                    article.meta.slug, plan.slug
                ),
            ));
        }
        if target == Target::Jekyll && article.meta.date.is_none() && !plan.draft {
            diagnostics.push(Diagnostic::warning(
                DiagnosticKind::LossyConversion,
                "Jekyll names posts by date and this one has none: it is written as 1970-01-01",
            ));
        }
        // The old address survives where the new one differs.
        let new_path = self.pattern.path(plan.date.as_ref(), &plan.slug, target);
        let old_path = article
            .meta
            .url
            .as_deref()
            .and_then(|u| site_path(u, self.site.base_url.as_deref()))
            .filter(|old| {
                let normalize = |p: &str| {
                    let p = p.trim_end_matches('/').to_string();
                    if target == Target::Hugo {
                        p.to_lowercase()
                    } else {
                        p
                    }
                };
                new_path.as_deref().map(normalize) != Some(normalize(old))
            })
            // A redirect at the home page or at a folder above the new address would
            // replace a list page (a slug of `.` gives `/posts/./`, which is `/posts/`).
            .filter(|old| {
                let folder = old.trim_end_matches('/');
                !folder.is_empty()
                    && !new_path
                        .as_deref()
                        .is_some_and(|new| new.starts_with(&format!("{folder}/")))
            })
            .filter(|_| target != Target::Plain);
        let cover = article.meta.cover.as_deref().map(|c| env.local_src(c));
        let input = FrontMatterInput {
            slug: &plan.slug,
            cover,
            old_path: old_path.clone(),
            site_language: self.site.language.as_deref(),
            source_generator: self.site.generator.as_deref(),
            math: body.math,
        };
        let fields = front_matter_fields(article, target, &input);
        if self.format == FrontMatterFormat::Toml && fields.values().any(has_null) {
            diagnostics.push(Diagnostic::info(
                DiagnosticKind::LossyConversion,
                "TOML has no null: front matter keys without a value are left out",
            ));
        }
        let mut text = write_front_matter(&fields, self.format, target)?;
        text.push_str(&body.markdown);
        files.insert(0, (plan.file.clone(), text.into_bytes()));
        let mut written = Vec::with_capacity(files.len());
        for (relative, bytes) in &files {
            written.push(write_output(
                &self.root,
                self.staging.as_ref().map(tempfile::TempDir::path),
                relative,
                bytes,
            )?);
        }
        let cjk = article
            .meta
            .language
            .as_deref()
            .is_some_and(is_cjk_language);
        // Hugo's `keywords` is a page field; any other taxonomy must be declared.
        let taxonomies = article
            .meta
            .taxonomies
            .keys()
            .filter(|k| !(target == Target::Hugo && *k == "keywords"))
            .cloned()
            .collect();
        Ok(RenderedPost {
            files: written,
            raw_html: body.raw_html.len(),
            cjk,
            math: body.math,
            redirects: old_path.is_some(),
            taxonomies,
        })
    }

    /// Accounts for a written post, in output order.
    pub fn write(&mut self, post: RenderedPost) -> Result<(), MarkdownError> {
        self.summary.files.extend(post.files);
        if post.raw_html > 0 {
            self.summary.posts_with_raw_html += 1;
            self.summary.raw_html += post.raw_html;
            self.facts.raw_html = true;
        }
        self.facts.cjk |= post.cjk;
        self.facts.math |= post.math;
        self.facts.redirects |= post.redirects;
        self.taxonomies.extend(post.taxonomies);
        Ok(())
    }

    /// Writes the site configuration (with `--with-config`) and says what the target needs.
    pub fn finish(mut self) -> Result<MarkdownSummary, MarkdownError> {
        let target = self.options.target;
        self.facts.taxonomies = std::mem::take(&mut self.taxonomies).into_iter().collect();
        self.facts.asset_folders = self.options.layout == Layout::Bundle;
        let mut site = Vec::new();
        if self.options.with_config {
            site = site_files(&self.site, target, &self.pattern, &self.facts)?;
        }
        if target == Target::Zola {
            site.push(crate::config::SiteFile {
                path: "content/posts/_index.md".into(),
                text: "+++\ntitle = \"Posts\"\nsort_by = \"date\"\n+++\n".into(),
            });
        }
        for file in site {
            let path = write_output(
                &self.root,
                self.staging.as_ref().map(tempfile::TempDir::path),
                Path::new(&file.path),
                file.text.as_bytes(),
            )?;
            self.summary.files.push(path);
        }
        if let Some(staging) = self.staging.take() {
            // The folder was not there when the export began; if it is now, it is
            // someone else's and is left alone (the staging folder goes away).
            if std::fs::symlink_metadata(&self.root).is_ok() {
                return Err(MarkdownError::Invalid(format!(
                    "{} appeared while the site was being written; nothing was changed in it",
                    self.root.display()
                )));
            }
            let staged = staging.keep();
            std::fs::rename(&staged, &self.root).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                MarkdownError::io(&self.root, e)
            })?;
        }
        if self.summary.posts_with_raw_html > 0
            && target == Target::Hugo
            && !self.options.with_config
        {
            self.summary.notes.push(format!(
                "{} post(s) keep some HTML that Markdown cannot express; Hugo shows it only with `[markup.goldmark.renderer] unsafe = true` in its configuration (--with-config writes it)",
                self.summary.posts_with_raw_html
            ));
        }
        if self.facts.redirects && target == Target::Jekyll && !self.options.with_config {
            self.summary.notes.push(
                "old URLs are kept as `redirect_from`, which needs the jekyll-redirect-from plugin"
                    .into(),
            );
        }
        Ok(self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{EntryInfo, Interner, Meta, NoResources, SourcePath};

    fn export(root: &Path) -> MarkdownSummary {
        let article = Article {
            source: SourcePath::new("hello.md"),
            meta: Meta {
                title: "Hello".into(),
                slug: "hello".into(),
                ..Meta::default()
            },
            body: vec![Block::Paragraph {
                content: vec![Inline::Text { text: "Hi.".into() }],
            }],
            assets: Vec::new(),
            diagnostics: Vec::new(),
        };
        let names = Interner::default();
        let collection =
            Collection::new(SiteInfo::default(), vec![EntryInfo::of(&article, &names)]);
        let mut writer = MarkdownWriter::new(root, MarkdownOptions::default()).expect("writer");
        writer.begin(&collection).expect("begins");
        let post = writer
            .render(&article, 0, &collection, &NoResources, &mut Vec::new())
            .expect("renders");
        writer.write(post).expect("writes");
        writer.finish().expect("finishes")
    }

    #[test]
    fn a_new_folder_appears_whole_and_an_existing_one_keeps_its_files() {
        let dir = tempfile::tempdir().expect("dir");
        let fresh = dir.path().join("site");
        let summary = export(&fresh);
        assert_eq!(summary.files.len(), 1);
        assert!(summary.files[0].starts_with(&fresh) && summary.files[0].is_file());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("lists")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["site"], "no staging folder is left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&fresh)
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o755);
        }

        let existing = dir.path().join("existing");
        std::fs::create_dir_all(&existing).expect("dir");
        std::fs::write(existing.join("keep.txt"), "mine").expect("write");
        let summary = export(&existing);
        assert!(summary.files[0].is_file());
        assert_eq!(
            std::fs::read_to_string(existing.join("keep.txt")).expect("kept"),
            "mine"
        );
    }
}
