//! What writers know about the whole archive before the first article: site-level
//! metadata, every entry's heading data in output order, and how references between
//! posts (Hexo `post_link`, Hugo `ref`, Jekyll `post_url`, URLs) resolve to entries.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{Article, CategoryPath, SourcePath, Timestamp};

/// The heading data of one article, kept for every article of a conversion (the bodies
/// are not), so writers can build tables of contents and resolve links up front.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Category paths.
    pub categories: Vec<CategoryPath>,
    /// Tags.
    pub tags: Vec<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Language.
    pub language: Option<String>,
}

impl EntryInfo {
    /// The heading data of an article.
    pub fn of(article: &Article) -> Self {
        let m = &article.meta;
        EntryInfo {
            source: article.source.clone(),
            slug: m.slug.clone(),
            title: m.title.clone(),
            url: m.url.clone(),
            date: article.sort_date(),
            updated: m.updated,
            categories: m.categories.clone(),
            tags: m.tags.clone(),
            authors: m.authors.clone(),
            language: m.language.clone(),
        }
    }

    /// `updated`, else the date: what a feed calls the entry's last change.
    pub fn last_change(&self) -> Option<Timestamp> {
        self.updated.or(self.date)
    }
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
}

/// Everything writers know before the first article.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Site-level metadata.
    pub site: SiteInfo,
    /// Every entry, in output order.
    pub entries: Vec<EntryInfo>,
    by_key: HashMap<String, Option<usize>>,
    by_url: HashMap<String, Option<usize>>,
}

impl Collection {
    /// A collection of `entries` (in output order).
    pub fn new(site: SiteInfo, entries: Vec<EntryInfo>) -> Self {
        let mut c = Collection {
            site,
            entries,
            by_key: HashMap::new(),
            by_url: HashMap::new(),
        };
        c.index();
        c
    }

    fn index(&mut self) {
        fn add(map: &mut HashMap<String, Option<usize>>, key: String, i: usize) {
            if key.is_empty() {
                return;
            }
            map.entry(key)
                .and_modify(|v| {
                    if *v != Some(i) {
                        *v = None;
                    }
                })
                .or_insert(Some(i));
        }
        let mut keys = HashMap::new();
        let mut urls = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            let path = e.source.display();
            let components: Vec<&str> = path.split('/').collect();
            for start in 0..components.len() {
                let suffix = components[start..].join("/");
                let without_ext = strip_extension(&suffix);
                add(&mut keys, suffix.clone(), i);
                add(&mut keys, without_ext.to_string(), i);
                if let Some(bundle) = without_ext.strip_suffix("/index") {
                    add(&mut keys, bundle.to_string(), i);
                }
            }
            add(&mut keys, e.slug.clone(), i);
            if let Some(url) = &e.url {
                add(&mut urls, url_key(url), i);
            }
        }
        self.by_key = keys;
        self.by_url = urls;
    }

    /// The entry another post refers to: a slug (`post_link`), a content path
    /// (`ref "posts/x.md"`, `post_url 2010-07-21-name`), or the post's URL (absolute,
    /// or a path on the site). `None` when unknown or ambiguous.
    pub fn resolve(&self, reference: &str) -> Option<usize> {
        let r = reference.trim();
        let r = r.split(['#', '?']).next().unwrap_or(r);
        if r.contains("://") || r.starts_with("//") {
            return self.by_url.get(&url_key(r)).copied().flatten();
        }
        let trimmed = r
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_end_matches('/');
        if let Some(hit) = self.by_key.get(trimmed).copied().flatten() {
            return Some(hit);
        }
        if let Some(hit) = self.by_key.get(strip_extension(trimmed)).copied().flatten() {
            return Some(hit);
        }
        self.by_url.get(&path_key(r)).copied().flatten()
    }

    /// The entry an ordinary link points at, if it is a post of this collection: an
    /// absolute URL on the site, or a root-relative path on it.
    pub fn resolve_url(&self, url: &str) -> Option<usize> {
        if url.contains("://") {
            return self.by_url.get(&url_key(url)).copied().flatten();
        }
        if url.starts_with('/') {
            return self.by_url.get(&path_key(url)).copied().flatten();
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
        }
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
