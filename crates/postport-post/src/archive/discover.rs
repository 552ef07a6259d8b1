//! Finding sites and posts in an archive's file index: Hexo, Hugo and Jekyll sites are
//! read where their generator keeps posts; any other folder yields every post file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use postport_model::{Diagnostic, DiagnosticKind, SourcePath};

use super::index::FileIndex;
use crate::post::{FileLookup, is_post_file};
use crate::site::{Site, SiteKind};

/// One post to read.
#[derive(Debug, Clone, PartialEq)]
pub struct PostEntry {
    /// The post's file, relative to the input root.
    pub path: SourcePath,
    /// Index of its site in [`Discovery::sites`].
    pub site: usize,
    /// Whether it sits in the site's drafts folder.
    pub in_draft_dir: bool,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The sites; the first is the input root's (plain unless the root is a site).
    pub sites: Vec<Site>,
    /// The posts, in path order.
    pub entries: Vec<PostEntry>,
    /// Problems with site configurations.
    pub diagnostics: Vec<(SourcePath, Diagnostic)>,
}

const HUGO_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.toml",
    "config/_default/config.yaml",
];

/// Files that sit beside posts in repositories but are not posts.
const NOT_POSTS: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "contributing",
    "code_of_conduct",
];

/// The generator of the site rooted at `dir`, and its configuration file.
pub fn detect_site(index: &dyn FileLookup, dir: &Path) -> Option<(SiteKind, PathBuf)> {
    let has_dir = |p: &str| index.is_dir(&dir.join(p));
    for name in ["_config.yml", "_config.yaml"] {
        let config = dir.join(name);
        if index.is_file(&config) {
            if has_dir("source/_posts") || has_dir("source/_drafts") {
                return Some((SiteKind::Hexo, config));
            }
            if has_dir("_posts") || has_dir("_drafts") {
                return Some((SiteKind::Jekyll, config));
            }
        }
    }
    if has_dir("content") {
        let zola = dir.join("zola.toml");
        if index.is_file(&zola) {
            return Some((SiteKind::Zola, zola));
        }
        for name in HUGO_CONFIGS {
            let config = dir.join(name);
            if index.is_file(&config) {
                return Some((SiteKind::Hugo, config));
            }
        }
    }
    None
}

/// Finds the sites and posts of `index`. `read` gives a configuration file's text.
pub fn discover(index: &FileIndex, read: &dyn Fn(&Path) -> Option<String>) -> Discovery {
    let mut out = Discovery::default();
    let mut roots: Vec<PathBuf> = Vec::new();
    let candidates = std::iter::once(PathBuf::new()).chain(index.dirs().cloned());
    for dir in candidates {
        // A site inside another site is part of it (a theme's example site, say).
        if roots.iter().any(|r| dir.starts_with(r) && (r != &dir)) {
            continue;
        }
        let Some((mut kind, config)) = detect_site(index, &dir) else {
            continue;
        };
        let text = read(&config);
        // Zola's `config.toml` sets `base_url`; Hugo's sets `baseURL`.
        if kind == SiteKind::Hugo
            && config.file_name().is_some_and(|n| n == "config.toml")
            && text.as_deref().is_some_and(is_zola_config)
        {
            kind = SiteKind::Zola;
        }
        let site = match text
            .map(|text| Site::from_config(kind, dir.clone(), config.clone(), &text))
        {
            Some(Ok(site)) => site,
            failure => {
                let reason = match failure {
                    Some(Err(e)) => e,
                    _ => "cannot read the file".to_string(),
                };
                out.diagnostics.push((
                    SourcePath::new(config.clone()),
                    Diagnostic::error(
                        DiagnosticKind::FrontMatterSyntax,
                        format!("invalid site configuration ({reason}); its posts are read with default settings"),
                    ),
                ));
                default_site(kind, dir.clone(), config)
            }
        };
        roots.push(dir);
        out.sites.push(site);
    }
    // The input root is a plain site unless it is one of the detected ones.
    let root_is_site = roots.first().is_some_and(|r| r.as_os_str().is_empty());
    if !root_is_site {
        out.sites.insert(0, Site::plain(PathBuf::new()));
        roots.insert(0, PathBuf::new());
    }
    // Folders holding an `index.*` page, gathered once: asking the index for each
    // ancestor of each file took a path comparison storm on large archives.
    let bundles: HashSet<&Path> = index
        .files()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n == "index.md" || n == "index.markdown" || n == "index.html")
        })
        .filter_map(|f| f.parent())
        .collect();
    let is_bundle = |d: &Path| bundles.contains(d);
    for file in index.files() {
        let unread_format = unread_format(file);
        if !is_post_file(file) && unread_format.is_none() {
            continue;
        }
        // The innermost site containing the file.
        let Some(site_index) = (0..roots.len())
            .rev()
            .find(|&i| file.starts_with(&roots[i]))
        else {
            continue;
        };
        let site = &out.sites[site_index];
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        // `index.fr` is the French translation of a bundle's `index`.
        let (base, _) = crate::post::hugo_translation(&stem, site);
        if base == "_index" {
            continue;
        }
        // Inside a leaf bundle only `index.*` is a page; other content files are resources.
        let in_other_bundle = file
            .ancestors()
            .skip(1)
            .take_while(|a| !a.as_os_str().is_empty())
            .any(|b| is_bundle(b) && !(file.parent() == Some(b) && base == "index"));
        if in_other_bundle {
            continue;
        }
        let in_draft_dir = site
            .draft_dirs
            .iter()
            .any(|d| file.starts_with(site.root.join(d)));
        let in_post_dir = match site.kind {
            SiteKind::Plain => !NOT_POSTS.contains(&stem.as_str()),
            SiteKind::Jekyll => {
                let rel = file.strip_prefix(&site.root).unwrap_or(file);
                rel.components()
                    .any(|c| c.as_os_str() == "_posts" || c.as_os_str() == "_drafts")
            }
            _ => site
                .post_dirs
                .iter()
                .any(|d| file.starts_with(site.root.join(d))),
        };
        if let Some((format, how)) = unread_format {
            // A Plain folder holds all sorts of documents; a site's post folder holds posts.
            if site.kind != SiteKind::Plain && (in_post_dir || in_draft_dir) {
                out.diagnostics.push((
                    SourcePath::new(file.clone()),
                    Diagnostic::warning(
                        DiagnosticKind::UnsupportedFormat,
                        format!(
                            "not read: {format} posts are not supported (postport reads Markdown and HTML); convert it to Markdown first, e.g. `{how}`"
                        ),
                    ),
                ));
            }
            continue;
        }
        if in_post_dir || in_draft_dir {
            out.entries.push(PostEntry {
                path: SourcePath::new(file.clone()),
                site: site_index,
                in_draft_dir,
            });
        }
    }
    out
}

/// The formats Hugo also renders, which postport does not read: their name, and how
/// to turn them into Markdown.
fn unread_format(file: &Path) -> Option<(&'static str, &'static str)> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "org" => ("Org-mode", "pandoc -f org -t gfm"),
        "adoc" | "asciidoc" | "ad" => (
            "AsciiDoc",
            "asciidoctor -b docbook5 -o - FILE | pandoc -f docbook -t gfm",
        ),
        "rst" => ("reStructuredText", "pandoc -f rst -t gfm"),
        _ => return None,
    })
}

/// Whether a `config.toml` is Zola's: a top-level `base_url` key.
fn is_zola_config(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .take_while(|l| !l.starts_with('['))
        .any(|l| {
            l.strip_prefix("base_url")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
}

fn default_site(kind: SiteKind, root: PathBuf, config: PathBuf) -> Site {
    let empty = if config.extension().is_some_and(|e| e == "json") {
        "{}"
    } else {
        ""
    };
    Site::from_config(kind, root.clone(), config, empty).unwrap_or_else(|_| Site::plain(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(paths: &[&str]) -> FileIndex {
        FileIndex::new(paths.iter().map(PathBuf::from).collect(), Vec::new())
    }

    fn configs(path: &Path) -> Option<String> {
        match path.file_name()?.to_str()? {
            "_config.yml" if path.starts_with("blog") => {
                Some("title: Blog\ntimezone: Asia/Shanghai\n".into())
            }
            "_config.yml" => Some("title: J\n".into()),
            "hugo.toml" => Some("title = 'H'\n".into()),
            _ => None,
        }
    }

    #[test]
    fn posts_in_formats_not_read_are_said_once_each() {
        let i = index(&[
            "hugo/hugo.toml",
            "hugo/content/posts/a.org",
            "hugo/content/posts/b.adoc",
            "hugo/content/posts/c.pdc",
            "hugo/content/notes.rst",
            "hugo/themes/x/README.org",
            "loose/plan.org",
        ]);
        let d = discover(&i, &configs);
        let read: Vec<String> = d.entries.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(read, ["hugo/content/posts/c.pdc"]);
        let said: Vec<String> = d
            .diagnostics
            .iter()
            .map(|(p, diag)| {
                assert_eq!(diag.kind, DiagnosticKind::UnsupportedFormat);
                p.to_string()
            })
            .collect();
        assert_eq!(
            said,
            [
                "hugo/content/notes.rst",
                "hugo/content/posts/a.org",
                "hugo/content/posts/b.adoc"
            ]
        );
    }

    #[test]
    fn finds_nested_sites_and_their_posts() {
        let i = index(&[
            "README.md",
            "loose/news-1.md",
            "blog/_config.yml",
            "blog/source/_posts/a.md",
            "blog/source/_posts/a/pic.png",
            "blog/source/_drafts/wip.md",
            "blog/source/about/index.md",
            "blog/themes/next/README.md",
            "hugo/hugo.toml",
            "hugo/content/_index.md",
            "hugo/content/posts/b.md",
            "hugo/content/posts/bundle/index.md",
            "hugo/content/posts/bundle/notes.md",
            "hugo/layouts/x.html",
            "jk/_config.yml",
            "jk/_posts/2020-01-01-c.md",
            "jk/news/_posts/2020-01-02-d.md",
            "jk/about.md",
        ]);
        let d = discover(&i, &configs);
        let kinds: Vec<SiteKind> = d.sites.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SiteKind::Plain,
                SiteKind::Hexo,
                SiteKind::Hugo,
                SiteKind::Jekyll
            ]
        );
        let found: Vec<(String, usize, bool)> = d
            .entries
            .iter()
            .map(|e| (e.path.display(), e.site, e.in_draft_dir))
            .collect();
        assert_eq!(
            found,
            vec![
                ("blog/source/_drafts/wip.md".to_string(), 1, true),
                ("blog/source/_posts/a.md".to_string(), 1, false),
                ("hugo/content/posts/b.md".to_string(), 2, false),
                ("hugo/content/posts/bundle/index.md".to_string(), 2, false),
                ("jk/_posts/2020-01-01-c.md".to_string(), 3, false),
                ("jk/news/_posts/2020-01-02-d.md".to_string(), 3, false),
                ("loose/news-1.md".to_string(), 0, false),
            ]
        );
        assert_eq!(d.sites[1].title.as_deref(), Some("Blog"));
    }

    #[test]
    fn a_bad_config_is_reported_and_posts_still_read() {
        let i = index(&["_config.yml", "source/_posts/a.md"]);
        let d = discover(&i, &|_| Some("title: [broken".into()));
        assert_eq!(d.sites.len(), 1);
        assert_eq!(d.sites[0].kind, SiteKind::Hexo);
        assert_eq!(d.entries.len(), 1);
        assert_eq!(d.diagnostics.len(), 1);
    }
}
