//! An article: where it came from, its metadata, its body tree, its files and what went wrong.
//! Each metadata field says where readers find it and how each writer maps it.

use chrono::{DateTime, FixedOffset};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Block, Diagnostic, SourcePath};

/// An instant with the offset it was written in (or the site's timezone for naive dates).
pub type Timestamp = DateTime<FixedOffset>;

/// An instant as RFC 3339 with an explicit offset (`Z` for UTC), fractional seconds
/// only when present: the one date format every writer emits.
pub fn rfc3339(t: &Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A category path from the top of the hierarchy down: `["金融", "新浪财经"]`.
pub type CategoryPath = Vec<String>;

/// One post of an archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The post's file, relative to the input root.
    pub source: SourcePath,
    /// Title, dates, taxonomies and every other front matter key.
    pub meta: Meta,
    /// The body.
    pub body: Vec<Block>,
    /// Local files the post uses (page bundle or asset folder, images under the
    /// site's static folder), so writers can embed or copy them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<Asset>,
    /// What the reader could not read completely, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// A local file that belongs to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// The address the post uses for it, exactly as an [`crate::Image::src`] or link
    /// writes it (`cat.jpg`, `/images/cat.jpg`), or its name inside the bundle.
    pub reference: String,
    /// The file, relative to the input root.
    pub path: SourcePath,
}

/// The metadata of an article.
///
/// Readers fill the typed fields from front matter (the first key found among each
/// field's aliases wins and is consumed); every other key lands in [`Meta::extra`]
/// untouched, so nothing is lost.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    /// Front matter `title` (or `Title`); else the first heading; else the file name.
    /// EPUB: chapter title and TOC entry. Atom: `entry/title`. Markdown: `title`.
    pub title: String,
    /// Front matter `slug`; else the file name without extension and Jekyll date
    /// prefix, or the bundle folder's name. Markdown: file or bundle name.
    pub slug: String,
    /// Front matter `date`; else the date of a Jekyll `YYYY-MM-DD-slug` file name.
    /// Naive dates are in the site's timezone. Atom: `published`. EPUB: chapter header.
    pub date: Option<Timestamp>,
    /// Front matter `updated`, `lastmod` or `modified`. Atom: `updated` (else `date`).
    pub updated: Option<Timestamp>,
    /// Hugo `publishDate` (`pubdate`, `published` when it is a date).
    pub publish_date: Option<Timestamp>,
    /// Front matter `author` or `authors` (a string or a list; Hugo `params.author`),
    /// each as a [`crate::Person`] string (`Name <email> (url)`; an author object's
    /// `email` and `url` are kept that way). Atom: `entry/author` with `name`, `email`
    /// and `uri`. EPUB: the name, in the chapter header and `dc:creator` defaults.
    /// JSON Lines and Markdown: the string.
    pub authors: Vec<String>,
    /// Category paths. Hexo: `[a, b]` is one path a > b, `[[a, b], [c]]` two paths.
    /// Hugo: each category is a path of one. Jekyll: a space-separated string or a
    /// list of single categories. Atom: `category` with the path as `label`.
    pub categories: Vec<CategoryPath>,
    /// Tags, from a list or a comma/space-separated string. Atom: `category`.
    pub tags: Vec<String>,
    /// Other taxonomies (Hugo `keywords`, `series`, custom ones from the site config).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub taxonomies: IndexMap<String, Vec<String>>,
    /// `draft: true`, or Hexo/Jekyll `published: false`.
    pub draft: bool,
    /// Front matter `summary`, `description` or `excerpt`, as written. When absent,
    /// [`Article::summary_blocks`] gives the body up to the [`Block::MoreMarker`].
    pub summary: Option<String>,
    /// BCP 47 language tag: front matter `lang`/`language`, else the site's, else
    /// detected from the script of the text (`zh`, `ja`, `ko`).
    pub language: Option<String>,
    /// The cover image: front matter `cover`, `headimg`, `thumbnail`, `image`,
    /// `images[0]`, `featured_image`, else a bundle image named `featured*`/`cover*`.
    pub cover: Option<String>,
    /// The post's absolute URL on its site, from the site's base URL and permalink
    /// pattern (or front matter `permalink`/`url`); absent when unknown.
    pub url: Option<String>,
    /// A stable identifier from front matter `id`, `guid` or `uuid`. Atom: `entry/id`.
    pub id: Option<String>,
    /// Every other front matter key, in source order.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

impl Article {
    /// The summary as blocks: the body before the first [`Block::MoreMarker`], if any.
    pub fn summary_blocks(&self) -> Option<&[Block]> {
        self.body
            .iter()
            .position(|b| matches!(b, Block::MoreMarker))
            .map(|i| &self.body[..i])
    }

    /// The summary as plain text: the front matter summary, else the text before the
    /// excerpt divider.
    pub fn summary_text(&self) -> Option<String> {
        if let Some(s) = &self.meta.summary {
            return Some(s.clone());
        }
        self.summary_blocks()
            .map(crate::plain_text)
            .filter(|s| !s.is_empty())
    }

    /// The date a feed or a book sorts by: `date`, else `publish_date`, else `updated`.
    pub fn sort_date(&self) -> Option<Timestamp> {
        self.meta
            .date
            .or(self.meta.publish_date)
            .or(self.meta.updated)
    }

    /// Whether the body links to another post of the archive: then it cannot be
    /// rendered before the whole collection is known.
    pub fn links_to_posts(&self) -> bool {
        let mut found = false;
        crate::walk::walk_inlines(&self.body, &mut |inline| {
            if let crate::Inline::Link(link) = inline {
                found |= matches!(link.target, crate::LinkTarget::Post(_));
            }
        });
        found
    }

    /// The asset a body reference (image `src`, link) points at, if the post has one.
    pub fn asset(&self, reference: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.reference == reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Inline, Link, LinkTarget};

    fn with_link(target: LinkTarget) -> Article {
        let link = Inline::Link(Link {
            target,
            title: None,
            content: Vec::new(),
        });
        Article {
            source: SourcePath::new("a.md"),
            meta: Meta::default(),
            body: vec![Block::Paragraph {
                content: vec![Inline::Emphasis {
                    content: vec![link],
                }],
            }],
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn finds_nested_links_to_other_posts() {
        assert!(with_link(LinkTarget::Post("other".into())).links_to_posts());
        assert!(!with_link(LinkTarget::Url("https://example.com/".into())).links_to_posts());
    }
}
