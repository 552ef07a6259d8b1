//! A post's metadata in the target's front matter dialect: the keys each generator
//! reads (Hugo `lastmod`/`aliases`, Hexo category hierarchies, Jekyll `redirect_from`,
//! Zola `[taxonomies]`/`[extra]`), dates in RFC 3339 with their offset, and every key the
//! target does not know kept where it keeps custom fields.

use postport_model::{Article, rfc3339};
use serde_json::{Map, Value};

use crate::MarkdownError;
use crate::target::{FrontMatterFormat, Target};

/// Where postport keeps a category hierarchy the target's flat categories cannot hold
/// (postport's reader restores it).
pub const CATEGORY_PATHS: &str = "category_paths";

/// What the front matter of one post is made from, besides the article.
#[derive(Debug, Clone, Default)]
pub struct FrontMatterInput<'a> {
    /// The post's slug in the output.
    pub slug: &'a str,
    /// The cover as the output refers to it.
    pub cover: Option<String>,
    /// The post's old address, when the output's differs: a site path (`/2021/10/x/`).
    pub old_path: Option<String>,
    /// The output site's language (a post's own is written only when it differs).
    pub site_language: Option<&'a str>,
    /// The generator the source was made for, when the whole input is one site.
    pub source_generator: Option<&'a str>,
    /// The body has TeX formulas between dollars.
    pub math: bool,
}

/// Page fields Hugo itself reads: from a Hugo source they stay at the top level (from
/// any other, a key of the same name means something else and goes to `params`).
const HUGO_FIELDS: &[&str] = &[
    "weight",
    "url",
    "type",
    "layout",
    "linkTitle",
    "description",
    "expiryDate",
    "headless",
    "isCJKLanguage",
    "markup",
    "menu",
    "menus",
    "outputs",
    "resources",
    "sitemap",
    "build",
    "cascade",
    "translationKey",
];

/// Page fields Zola itself reads, kept at the top level from a Zola source.
const ZOLA_FIELDS: &[&str] = &["weight", "path", "template", "in_search_index", "render"];

/// `2018-12-01-...` or `2018-12-01_...`: what Zola reads as a date.
fn starts_with_date(slug: &str) -> bool {
    let b = slug.as_bytes();
    b.len() > 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && matches!(b[10], b'-' | b'_')
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().map(|s| Value::String(s.clone())).collect())
}

fn paths(paths: &[Vec<String>]) -> Value {
    Value::Array(paths.iter().map(|p| strings(p)).collect())
}

/// Each category path's last element, once: what flat taxonomies can hold.
fn leaves(categories: &[Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in categories {
        if let Some(leaf) = path.last()
            && !out.contains(leaf)
        {
            out.push(leaf.clone());
        }
    }
    out
}

/// Every element of every path, once (Jekyll's flat list; its URL nests them).
fn flattened(categories: &[Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in categories.iter().flatten() {
        if !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// A taxonomy term Hugo can build: a term's `/` makes nested term pages, so a `.` or
/// `..` between slashes would be a path step and stops the build ("missing taxonomy").
/// Those dots become the one- and two-dot leaders, which read the same.
fn hugo_term(term: &str) -> String {
    if !term.split('/').any(|s| matches!(s.trim(), "." | "..")) {
        return term.to_string();
    }
    term.split('/')
        .map(|s| match s.trim() {
            "." => "\u{2024}",
            ".." => "\u{2025}",
            _ => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The front matter fields of `article` for `target`, in the order they are written.
pub fn front_matter_fields(
    article: &Article,
    target: Target,
    input: &FrontMatterInput<'_>,
) -> Map<String, Value> {
    let meta = &article.meta;
    let mut fm = Map::new();
    // Custom fields: Hugo `params`, Zola `[extra]`, the top level elsewhere.
    let mut custom = Map::new();
    fm.insert("title".into(), Value::String(meta.title.clone()));
    if let Some(date) = &meta.date {
        fm.insert("date".into(), Value::String(rfc3339(date)));
    }
    if let Some(updated) = &meta.updated {
        let key = match target {
            Target::Hugo => "lastmod",
            Target::Jekyll => "last_modified_at",
            _ => "updated",
        };
        fm.insert(key.into(), Value::String(rfc3339(updated)));
    }
    if let Some(publish) = &meta.publish_date {
        let key = match target {
            Target::Hugo => "publishDate",
            _ => "publish_date",
        };
        let value = Value::String(rfc3339(publish));
        match target {
            Target::Zola => custom.insert(key.into(), value),
            _ => fm.insert(key.into(), value),
        };
    }
    // Hexo and Jekyll keep drafts in `_drafts/`.
    if meta.draft && matches!(target, Target::Hugo | Target::Zola | Target::Plain) {
        fm.insert("draft".into(), Value::Bool(true));
    }
    // Hexo and Jekyll take the slug from the file name; Zola from the folder, unless
    // it was renamed.
    let slug_key = match target {
        Target::Hugo | Target::Plain => true,
        // Zola also reads a date prefix out of a folder's name.
        Target::Zola => input.slug != meta.slug || starts_with_date(input.slug),
        Target::Hexo | Target::Jekyll => false,
    };
    if slug_key {
        fm.insert("slug".into(), Value::String(input.slug.to_string()));
    }
    if let Some(old) = &input.old_path {
        match target {
            Target::Hugo | Target::Zola => {
                fm.insert("aliases".into(), strings(std::slice::from_ref(old)));
            }
            Target::Jekyll => {
                fm.insert("redirect_from".into(), strings(std::slice::from_ref(old)));
            }
            Target::Hexo => {
                fm.insert(
                    "permalink".into(),
                    Value::String(old.trim_start_matches('/').to_string()),
                );
            }
            Target::Plain => {}
        }
    }
    if let Some(summary) = &meta.summary {
        let key = match target {
            Target::Hexo | Target::Jekyll => "excerpt",
            Target::Zola => "description",
            _ => "summary",
        };
        fm.insert(key.into(), Value::String(summary.clone()));
    }
    // Taxonomies.
    let mut taxonomies = Map::new();
    if !meta.tags.is_empty() {
        taxonomies.insert("tags".into(), strings(&meta.tags));
    }
    if !meta.categories.is_empty() {
        let hierarchical = meta.categories.iter().any(|p| p.len() > 1);
        match target {
            Target::Hexo | Target::Plain => {
                let value = match meta.categories.as_slice() {
                    [one] => strings(one),
                    many => paths(many),
                };
                taxonomies.insert("categories".into(), value);
            }
            Target::Jekyll => {
                taxonomies.insert("categories".into(), strings(&flattened(&meta.categories)));
                // Jekyll reads each element as its own category.
                if hierarchical {
                    custom.insert(CATEGORY_PATHS.into(), paths(&meta.categories));
                }
            }
            Target::Hugo | Target::Zola => {
                taxonomies.insert("categories".into(), strings(&leaves(&meta.categories)));
                if hierarchical {
                    custom.insert(CATEGORY_PATHS.into(), paths(&meta.categories));
                }
            }
        }
    }
    for (name, values) in &meta.taxonomies {
        taxonomies.insert(name.clone(), strings(values));
    }
    if target == Target::Hugo {
        for terms in taxonomies.values_mut() {
            if let Value::Array(terms) = terms {
                for term in terms.iter_mut() {
                    if let Value::String(t) = term {
                        *t = hugo_term(t);
                    }
                }
            }
        }
    }
    match target {
        Target::Zola => {
            if !taxonomies.is_empty() {
                fm.insert("taxonomies".into(), Value::Object(taxonomies));
            }
        }
        _ => fm.extend(taxonomies),
    }
    // People, language, cover, id.
    match meta.authors.as_slice() {
        [] => {}
        [one] => {
            custom.insert("author".into(), Value::String(one.clone()));
        }
        many => {
            custom.insert("authors".into(), strings(many));
        }
    }
    if let Some(lang) = &meta.language
        && Some(lang.as_str()) != input.site_language
    {
        custom.insert("lang".into(), Value::String(lang.clone()));
    }
    if let Some(cover) = &input.cover {
        match target {
            Target::Hugo => {
                fm.insert("images".into(), strings(std::slice::from_ref(cover)));
            }
            _ => {
                custom.insert("cover".into(), Value::String(cover.clone()));
            }
        }
    }
    if let Some(id) = &meta.id {
        custom.insert("id".into(), Value::String(id.clone()));
    }
    let own_fields: &[&str] = match (target, input.source_generator) {
        (Target::Hugo, Some("hugo")) => HUGO_FIELDS,
        (Target::Zola, Some("zola")) => ZOLA_FIELDS,
        _ => &[],
    };
    // The source's own redirects join the writer's.
    let redirect_key = match target {
        Target::Hugo | Target::Zola => Some("aliases"),
        Target::Jekyll => Some("redirect_from"),
        _ => None,
    };
    for (k, v) in &meta.extra {
        if Some(k.as_str()) == redirect_key {
            let mut all: Vec<Value> = match v {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            if let Some(Value::Array(ours)) = fm.get(k.as_str()) {
                for o in ours {
                    if !all.contains(o) {
                        all.push(o.clone());
                    }
                }
            }
            fm.insert(k.clone(), Value::Array(all));
        } else if own_fields.contains(&k.as_str()) {
            fm.insert(k.clone(), v.clone());
        } else {
            custom.insert(k.clone(), v.clone());
        }
    }
    // Say that the post has formulas, the way themes (and postport's reader) look for it,
    // unless the source said so itself.
    if input.math
        && !["math", "mathjax", "katex"]
            .iter()
            .any(|k| custom.contains_key(*k) || fm.contains_key(*k))
    {
        custom.insert("math".into(), Value::Bool(true));
    }
    match target {
        Target::Hugo => {
            if !custom.is_empty() {
                fm.insert("params".into(), Value::Object(custom));
            }
        }
        Target::Zola => {
            if !custom.is_empty() {
                fm.insert("extra".into(), Value::Object(custom));
            }
        }
        // The source's own keys win over what the writer would add (a `permalink` it set).
        _ => fm.extend(custom),
    }
    fm
}

/// Keys whose string values are dates (TOML writes them as datetimes).
const DATE_KEYS: &[&str] = &[
    "date",
    "updated",
    "lastmod",
    "publishDate",
    "publish_date",
    "last_modified_at",
];

fn to_toml(value: &Value, key: Option<&str>) -> Option<toml::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) => {
            if key.is_some_and(|k| DATE_KEYS.contains(&k))
                && let Ok(dt) = s.parse::<toml::value::Datetime>()
            {
                toml::Value::Datetime(dt)
            } else {
                toml::Value::String(s.clone())
            }
        }
        Value::Array(items) => {
            toml::Value::Array(items.iter().filter_map(|v| to_toml(v, None)).collect())
        }
        Value::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(k, v)| to_toml(v, Some(k)).map(|t| (k.clone(), t)))
                .collect(),
        ),
    })
}

/// Whether a value holds a null, which TOML cannot write.
pub fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(map) => map.values().any(has_null),
        _ => false,
    }
}

/// The front matter block, fences included, followed by a blank line.
pub fn write_front_matter(
    fields: &Map<String, Value>,
    format: FrontMatterFormat,
    target: Target,
) -> Result<String, MarkdownError> {
    let value = Value::Object(fields.clone());
    Ok(match format {
        FrontMatterFormat::Yaml => {
            let yaml = serde_yaml::to_string(&value)
                .map_err(|e| MarkdownError::FrontMatter(e.to_string()))?;
            format!("---\n{yaml}---\n\n")
        }
        FrontMatterFormat::Toml => {
            let Some(toml::Value::Table(table)) = to_toml(&value, None) else {
                return Err(MarkdownError::FrontMatter("not a table".into()));
            };
            let text =
                toml::to_string(&table).map_err(|e| MarkdownError::FrontMatter(e.to_string()))?;
            format!("+++\n{text}+++\n\n")
        }
        FrontMatterFormat::Json => {
            let json = serde_json::to_string_pretty(&value)
                .map_err(|e| MarkdownError::FrontMatter(e.to_string()))?;
            match target {
                Target::Hugo => format!("{json}\n\n"),
                // Hexo's JSON front matter is the object's inside between `;;;` lines.
                Target::Hexo => {
                    let inner = json
                        .trim()
                        .strip_prefix('{')
                        .and_then(|j| j.strip_suffix('}'))
                        .unwrap_or("")
                        .trim_matches('\n');
                    format!(";;;\n{inner}\n;;;\n\n")
                }
                // YAML reads JSON: every YAML front matter reader takes it.
                _ => format!("---\n{json}\n---\n\n"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_terms_never_step_out_of_their_folder() {
        assert_eq!(hugo_term("c/d"), "c/d");
        assert_eq!(hugo_term("a..b"), "a..b");
        assert_eq!(hugo_term("../e"), "\u{2025}/e");
        assert_eq!(hugo_term(".."), "\u{2025}");
        assert_eq!(hugo_term("a/./b"), "a/\u{2024}/b");
    }
    use postport_model::{Meta, SourcePath};

    fn article() -> Article {
        let mut extra = Map::new();
        extra.insert("comments".into(), Value::Bool(false));
        extra.insert("thumbnail".into(), Value::String("t.png".into()));
        Article {
            source: SourcePath::new("a.md"),
            meta: Meta {
                title: "防汛: a \"title\"".into(),
                slug: "flood".into(),
                date: chrono::DateTime::parse_from_rfc3339("2021-11-03T10:10:00+08:00").ok(),
                updated: chrono::DateTime::parse_from_rfc3339("2021-11-04T09:00:00+08:00").ok(),
                authors: vec!["滨江日报".into()],
                categories: vec![vec!["新闻".into(), "本地".into()]],
                tags: vec!["防汛".into()],
                summary: Some("摘要".into()),
                language: Some("zh-CN".into()),
                extra,
                ..Meta::default()
            },
            body: Vec::new(),
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn written(target: Target, format: FrontMatterFormat) -> String {
        let input = FrontMatterInput {
            slug: "flood",
            cover: Some("cover.png".into()),
            old_path: Some("/2021/11/03/flood/".into()),
            site_language: Some("zh-CN"),
            source_generator: Some("hexo"),
            math: false,
        };
        let fields = front_matter_fields(&article(), target, &input);
        write_front_matter(&fields, format, target).expect("writes")
    }

    #[test]
    fn every_target() {
        insta::assert_snapshot!("hugo_yaml", written(Target::Hugo, FrontMatterFormat::Yaml));
        insta::assert_snapshot!("hexo_yaml", written(Target::Hexo, FrontMatterFormat::Yaml));
        insta::assert_snapshot!(
            "jekyll_yaml",
            written(Target::Jekyll, FrontMatterFormat::Yaml)
        );
        insta::assert_snapshot!("zola_toml", written(Target::Zola, FrontMatterFormat::Toml));
        insta::assert_snapshot!("hugo_json", written(Target::Hugo, FrontMatterFormat::Json));
        insta::assert_snapshot!("hexo_json", written(Target::Hexo, FrontMatterFormat::Json));
    }
}
