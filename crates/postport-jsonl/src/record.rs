//! One JSON Lines record: the fields, their order and their encoding, as documented in
//! `schema/article.schema.json`. Writing borrows the article; reading owns its data.

use indexmap::IndexMap;
use postport_model::{Article, Asset, Block, CategoryPath, SourcePath, Timestamp, rfc3339};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The record written for an article. Field order is the output's key order.
///
/// * `source`: the post's path relative to the input root (a string, or
///   `{"bytes": "<base64>"}` for a name that is not UTF-8).
/// * `date`, `updated`, `publish_date`: RFC 3339 with an explicit offset (`Z` for UTC).
/// * `categories`: paths, each an array from the top category down.
/// * `summary`: the front matter summary, else the text before the excerpt divider.
/// * `body_html`: the body as HTML, `body_text` its visible text; `body` the tree,
///   only with `--with-tree`.
#[derive(Serialize)]
pub(crate) struct RecordOut<'a> {
    pub(crate) source: &'a SourcePath,
    pub(crate) slug: &'a str,
    pub(crate) title: &'a str,
    pub(crate) date: Option<String>,
    pub(crate) updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) publish_date: Option<String>,
    pub(crate) authors: &'a [String],
    pub(crate) categories: &'a [CategoryPath],
    pub(crate) tags: &'a [String],
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(crate) taxonomies: &'a IndexMap<String, Vec<String>>,
    pub(crate) draft: bool,
    pub(crate) summary: Option<String>,
    pub(crate) language: Option<&'a str>,
    pub(crate) cover: Option<&'a str>,
    pub(crate) url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<&'a str>,
    #[serde(skip_serializing_if = "<[Asset]>::is_empty")]
    pub(crate) assets: &'a [Asset],
    pub(crate) body_html: String,
    pub(crate) body_text: String,
    pub(crate) extra: &'a Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) body: Option<&'a [Block]>,
}

/// A record as read back; everything but `source` and `title` may be missing.
#[derive(Deserialize)]
pub(crate) struct RecordIn {
    pub(crate) source: SourcePath,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) date: Option<Timestamp>,
    #[serde(default)]
    pub(crate) updated: Option<Timestamp>,
    #[serde(default)]
    pub(crate) publish_date: Option<Timestamp>,
    #[serde(default)]
    pub(crate) authors: Vec<String>,
    #[serde(default)]
    pub(crate) categories: Vec<CategoryPath>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) taxonomies: IndexMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default)]
    pub(crate) language: Option<String>,
    #[serde(default)]
    pub(crate) cover: Option<String>,
    #[serde(default)]
    pub(crate) url: Option<String>,
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[serde(default)]
    pub(crate) assets: Vec<Asset>,
    #[serde(default)]
    pub(crate) body_html: Option<String>,
    #[serde(default)]
    pub(crate) body_text: Option<String>,
    #[serde(default)]
    pub(crate) extra: Map<String, Value>,
    #[serde(default)]
    pub(crate) body: Option<Vec<Block>>,
}

pub(crate) fn article_out<'a>(
    article: &'a Article,
    body_html: String,
    body_text: String,
    with_tree: bool,
) -> RecordOut<'a> {
    let meta = &article.meta;
    RecordOut {
        source: &article.source,
        slug: &meta.slug,
        title: &meta.title,
        date: meta.date.as_ref().map(rfc3339),
        updated: meta.updated.as_ref().map(rfc3339),
        publish_date: meta.publish_date.as_ref().map(rfc3339),
        authors: &meta.authors,
        categories: &meta.categories,
        tags: &meta.tags,
        taxonomies: &meta.taxonomies,
        draft: meta.draft,
        summary: article.summary_text(),
        language: meta.language.as_deref(),
        cover: meta.cover.as_deref(),
        url: meta.url.as_deref(),
        id: meta.id.as_deref(),
        assets: &article.assets,
        body_html,
        body_text,
        extra: &meta.extra,
        body: with_tree.then_some(article.body.as_slice()),
    }
}
