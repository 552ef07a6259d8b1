//! What writers know about the whole archive before the first article: site-level
//! metadata, every entry's heading data in output order, and how references between
//! posts (Hexo `post_link`, Hugo `ref`, Jekyll `post_url`, URLs) resolve to entries.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::{Article, SourcePath, Timestamp};

/// A name shared by many entries (a category, a tag, an author, a language): news
/// archives repeat a few dozen of them across a hundred thousand posts.
pub type Name = Arc<str>;

/// Hands out one shared copy of each distinct name; the reading threads share one.
#[derive(Debug, Default)]
pub struct Interner(Mutex<HashSet<Name>>);

impl Interner {
    /// The shared copy of `s`.
    pub fn name(&self, s: &str) -> Name {
        // A poisoned lock only means another thread panicked; the names are whole.
        let mut names = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = names.get(s) {
            return n.clone();
        }
        let n: Name = Arc::from(s);
        names.insert(n.clone());
        n
    }
}

/// The heading data of one article, kept for every article of a conversion (the bodies
/// are not), so writers can build tables of contents and resolve links up front.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryInfo {
    /// The post's file.
    pub source: SourcePath,
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Its URL, when known.
    pub url: Option<String>,
    /// Publication date.
    pub date: Option<Timestamp>,
    /// Last update.
    pub updated: Option<Timestamp>,
    /// Category paths, each from the top down.
    pub categories: Vec<Vec<Name>>,
    /// Tags.
    pub tags: Vec<Name>,
    /// Authors.
    pub authors: Vec<Name>,
    /// Language.
    pub language: Option<Name>,
    /// Whether it is a draft.
    pub draft: bool,
    /// The ids of its headings, so that a link from another post to `#part` can keep
    /// its fragment. Empty for most posts (it allocates nothing then).
    pub anchors: Box<[String]>,
    /// Its old addresses (Hugo `aliases`, Jekyll `redirect_from`), site paths or URLs:
    /// links written before a move still find it.
    pub aliases: Box<[String]>,
}

impl EntryInfo {
    /// The heading data of an article, its names shared through `names`.
    pub fn of(article: &Article, names: &Interner) -> Self {
        let m = &article.meta;
        EntryInfo {
            source: article.source.clone(),
            slug: m.slug.clone(),
            title: m.title.clone(),
            url: m.url.clone(),
            date: article.sort_date(),
            updated: m.updated,
            categories: m
                .categories
                .iter()
                .map(|path| path.iter().map(|c| names.name(c)).collect())
                .collect(),
            tags: m.tags.iter().map(|t| names.name(t)).collect(),
            authors: m.authors.iter().map(|a| names.name(a)).collect(),
            language: m.language.as_deref().map(|l| names.name(l)),
            draft: m.draft,
            anchors: heading_ids(&article.body),
            aliases: old_addresses(m),
        }
    }

    /// `updated`, else the date: what a feed calls the entry's last change.
    pub fn last_change(&self) -> Option<Timestamp> {
        self.updated.or(self.date)
    }
}

/// The redirects front matter lists (`aliases`, `redirect_from`), a string or a list.
fn old_addresses(meta: &crate::Meta) -> Box<[String]> {
    let mut out = Vec::new();
    for key in ["aliases", "redirect_from"] {
        match meta.extra.get(key) {
            Some(serde_json::Value::String(s)) => out.push(s.trim().to_string()),
            Some(serde_json::Value::Array(items)) => out.extend(
                items
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(|s| s.trim().to_string()),
            ),
            _ => {}
        }
    }
    out.retain(|a| !a.is_empty());
    out.into_boxed_slice()
}

/// The ids of a body's headings, in order.
fn heading_ids(body: &[crate::Block]) -> Box<[String]> {
    let mut ids = Vec::new();
    crate::walk::walk_blocks(body, &mut |b| {
        if let crate::Block::Heading { id: Some(id), .. } = b {
            ids.push(id.clone());
        }
    });
    ids.into_boxed_slice()
}

/// Site-level metadata from the site configuration (first site found).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    /// Site title.
    pub title: Option<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Site author.
    pub author: Option<String>,
    /// Language (BCP 47).
    pub language: Option<String>,
    /// Absolute base URL ending with `/`.
    pub base_url: Option<String>,
    /// A name for the input (the folder or file name), when the site has no title.
    pub input_name: Option<String>,
    /// The generator the site was made for (`hexo`, `hugo`, `jekyll`, `zola`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    /// The site's IANA timezone (`Asia/Shanghai`), for dates without an offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The pattern of post URLs (Hexo/Jekyll `permalink`, Hugo `permalinks.posts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permalink: Option<String>,
}

/// Everything writers know before the first article.
#[derive(Debug, Default)]
pub struct Collection {
    /// Site-level metadata.
    pub site: SiteInfo,
    /// Every entry, in output order.
    pub entries: Vec<EntryInfo>,
    /// Built on the first lookup (most conversions of news archives never need it).
    index: OnceLock<Index>,
}

/// Lookup keys of every entry, as 64-bit hashes (a hundred thousand posts would
/// otherwise keep half a million path strings alive); a hit is confirmed against the entry.
#[derive(Debug, Default)]
struct Index {
    by_key: HashMap<u64, Option<u32>>,
    by_url: HashMap<u64, Option<u32>>,
}

fn hash(key: &str) -> u64 {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// The lookup keys of an entry: every suffix of its path, with and without extension,
/// a bundle's folder, and its slug.
fn entry_keys(e: &EntryInfo) -> Vec<String> {
    let path = e.source.display();
    let components: Vec<&str> = path.split('/').collect();
    let mut keys = Vec::new();
    for start in 0..components.len() {
        let suffix = components[start..].join("/");
        let without_ext = strip_extension(&suffix).to_string();
        if let Some(bundle) = without_ext.strip_suffix("/index") {
            keys.push(bundle.to_string());
        }
        keys.push(without_ext);
        keys.push(suffix);
    }
    keys.push(e.slug.clone());
    keys.retain(|k| !k.is_empty());
    keys
}

impl Collection {
    /// A collection of `entries` (in output order).
    pub fn new(site: SiteInfo, entries: Vec<EntryInfo>) -> Self {
        Collection {
            site,
            entries,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            fn add(map: &mut HashMap<u64, Option<u32>>, key: &str, i: u32) {
                map.entry(hash(key))
                    .and_modify(|v| {
                        if *v != Some(i) {
                            *v = None;
                        }
                    })
                    .or_insert(Some(i));
            }
            let mut index = Index::default();
            for (i, e) in self.entries.iter().enumerate() {
                let i = i as u32;
                for key in entry_keys(e) {
                    add(&mut index.by_key, &key, i);
                }
                if let Some(url) = &e.url {
                    add(&mut index.by_url, &url_key(url), i);
                }
                for alias in e.aliases.iter() {
                    add(&mut index.by_url, &url_key(&self.alias_url(alias)), i);
                }
            }
            index
        })
    }

    fn by_key(&self, key: &str) -> Option<usize> {
        let i = self.index().by_key.get(&hash(key)).copied().flatten()? as usize;
        entry_keys(&self.entries[i])
            .iter()
            .any(|k| k == key)
            .then_some(i)
    }

    fn by_url(&self, key: &str) -> Option<usize> {
        let i = self.index().by_url.get(&hash(key)).copied().flatten()? as usize;
        let e = &self.entries[i];
        let current = e.url.as_deref().is_some_and(|u| url_key(u) == key);
        let old = || e.aliases.iter().any(|a| url_key(&self.alias_url(a)) == key);
        (current || old()).then_some(i)
    }

    /// An alias as a URL: as written when absolute, else a path under the site's base
    /// URL (Hugo and Jekyll publish `/old/` below a base URL's own path).
    fn alias_url(&self, alias: &str) -> String {
        if alias.contains("://") {
            return alias.to_string();
        }
        let base = self
            .site
            .base_url
            .as_deref()
            .map_or("", |b| b.trim_end_matches('/'));
        format!("{base}/{}", alias.trim_start_matches('/'))
    }

    /// The entry another post refers to: a slug (`post_link`), a content path
    /// (`ref "posts/x.md"`, `post_url 2010-07-21-name`), or the post's URL (absolute,
    /// or a path on the site). `None` when unknown or ambiguous.
    pub fn resolve(&self, reference: &str) -> Option<usize> {
        let r = reference.trim();
        let r = r.split(['#', '?']).next().unwrap_or(r);
        if r.contains("://") || r.starts_with("//") {
            return self.by_url(&url_key(r));
        }
        let trimmed = r
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_end_matches('/');
        self.by_key(trimmed)
            .or_else(|| self.by_key(strip_extension(trimmed)))
            .or_else(|| self.by_url(&path_key(r)))
    }

    /// The entry an ordinary link points at, if it is a post of this collection: an
    /// absolute URL on the site, or a root-relative path on it.
    pub fn resolve_url(&self, url: &str) -> Option<usize> {
        if url.contains("://") {
            return self.by_url(&url_key(url));
        }
        if url.starts_with('/') {
            return self.by_url(&path_key(url));
        }
        None
    }
}

fn strip_extension(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') && ext.len() <= 8 => stem,
        _ => path,
    }
}

/// A URL reduced to its path, for matching `https://x/a/b/`, `http://x/a/b/index.html`
/// and `/a/b` alike.
fn url_key(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let without_scheme = without_scheme.trim_start_matches("//");
    let path = without_scheme
        .find('/')
        .map_or("", |i| &without_scheme[i..]);
    path_key(path)
}

fn path_key(path: &str) -> String {
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{}", path.trim_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str, slug: &str, url: Option<&str>) -> EntryInfo {
        EntryInfo {
            source: SourcePath::new(source),
            slug: slug.into(),
            title: slug.into(),
            url: url.map(str::to_string),
            date: None,
            updated: None,
            categories: Vec::new(),
            tags: Vec::new(),
            authors: Vec::new(),
            language: None,
            draft: false,
            anchors: Box::default(),
            aliases: Box::default(),
        }
    }

    #[test]
    fn old_addresses_lead_to_the_post() {
        let mut moved = entry("posts/new.md", "new", Some("https://x.org/blog/posts/new/"));
        moved.aliases = vec![
            "/2009/01/old-name/".to_string(),
            "https://old.example/p?id=3".into(),
        ]
        .into_boxed_slice();
        let c = Collection::new(
            SiteInfo {
                base_url: Some("https://x.org/blog/".into()),
                ..SiteInfo::default()
            },
            vec![entry("posts/other.md", "other", None), moved],
        );
        assert_eq!(
            c.resolve_url("https://x.org/blog/2009/01/old-name/"),
            Some(1)
        );
        assert_eq!(
            c.resolve("https://x.org/blog/2009/01/old-name/index.html"),
            Some(1)
        );
        assert_eq!(c.resolve_url("https://x.org/blog/posts/new/"), Some(1));
        assert_eq!(c.resolve_url("https://x.org/blog/2009/01/other/"), None);
    }

    #[test]
    fn resolves_the_ways_posts_refer_to_each_other() {
        let c = Collection::new(
            SiteInfo::default(),
            vec![
                entry(
                    "hexo/source/_posts/hello-world.md",
                    "hello-world",
                    Some("https://h.example/2020/01/01/hello-world/"),
                ),
                entry(
                    "hugo/content/posts/trip/index.md",
                    "trip",
                    Some("https://b.example/posts/trip/"),
                ),
                entry("jk/_posts/2010-07-21-name.md", "name", None),
                entry("a/same.md", "same", None),
                entry("b/same.md", "same", None),
            ],
        );
        assert_eq!(c.resolve("hello-world"), Some(0));
        assert_eq!(c.resolve("posts/trip.md"), Some(1));
        assert_eq!(c.resolve("posts/trip"), Some(1));
        assert_eq!(c.resolve("/posts/trip/index.md"), Some(1));
        assert_eq!(c.resolve("2010-07-21-name"), Some(2));
        assert_eq!(
            c.resolve("https://h.example/2020/01/01/hello-world/#x"),
            Some(0)
        );
        assert_eq!(c.resolve("same"), None, "ambiguous");
        assert_eq!(c.resolve("a/same.md"), Some(3));
        assert_eq!(
            c.resolve_url("http://b.example/posts/trip/index.html"),
            Some(1)
        );
        assert_eq!(c.resolve_url("/2020/01/01/hello-world"), Some(0));
        assert_eq!(c.resolve_url("relative/x"), None);
    }
}
