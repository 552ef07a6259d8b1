//! Front matter fields to typed metadata: the first key found among each field's
//! aliases wins and is consumed; every other key stays in `extra`, in source order.

use postport_model::{Diagnostic, DiagnosticKind, Meta, Person, normalize_language_tag};
use serde_json::{Map, Value};

use crate::dates::{SiteZone, date_from_value};
use crate::site::{Site, SiteKind};
use crate::taxonomy;

/// Front matter read into metadata, and what did not read cleanly.
#[derive(Debug)]
pub struct MetaRead {
    /// The metadata (title and slug may still be empty: the caller falls back).
    pub meta: Meta,
    /// The slug front matter gave, if any.
    pub explicit_slug: Option<String>,
    /// The body markup front matter declares (`markup: html`).
    pub markup: Option<String>,
    /// Bad dates and odd values.
    pub diagnostics: Vec<Diagnostic>,
}

const UPDATED: &[&str] = &[
    "updated",
    "lastmod",
    "modified",
    "last_modified_at",
    "lastMod",
];
const PUBLISH: &[&str] = &["publishDate", "pubdate", "publishdate"];
const AUTHORS: &[&str] = &["authors", "author"];
const SUMMARY: &[&str] = &["summary", "description", "excerpt"];
const LANGUAGE: &[&str] = &["lang", "language", "languageCode"];
const COVER: &[&str] = &[
    "cover",
    "headimg",
    "thumbnail",
    "image",
    "images",
    "featured_image",
    "featureImage",
    "banner_img",
    "index_img",
    "featured",
    "feature",
];
const ID: &[&str] = &["id", "guid", "uuid"];

/// The front matter key postport writes category hierarchies under when the target's
/// own categories are flat (Hugo, Zola, Jekyll): a list of paths.
pub const CATEGORY_PATHS: &str = "category_paths";

fn category_paths(value: &Value) -> Option<Vec<Vec<String>>> {
    let paths: Option<Vec<Vec<String>>> = value
        .as_array()?
        .iter()
        .map(|path| {
            path.as_array()?
                .iter()
                .map(|c| c.as_str().map(str::to_string))
                .collect()
        })
        .collect();
    paths.filter(|p| !p.is_empty() && p.iter().all(|path| !path.is_empty()))
}

/// Moves the keys of a generator's container for custom fields (Hugo `params`, Zola
/// `extra` and `taxonomies`) to the top level, where every other generator keeps them;
/// a key already at the top level wins and the rest of the container stays.
fn lift_containers(fields: &mut Map<String, Value>, kind: SiteKind) {
    let containers: &[&str] = match kind {
        SiteKind::Hugo => &["params"],
        SiteKind::Zola => &["taxonomies", "extra"],
        _ => return,
    };
    for name in containers {
        let Some(Value::Object(inner)) = fields.get(*name).cloned() else {
            continue;
        };
        fields.shift_remove(*name);
        let mut rest = Map::new();
        for (k, v) in inner {
            if fields.contains_key(&k) {
                rest.insert(k, v);
            } else {
                fields.insert(k, v);
            }
        }
        if !rest.is_empty() {
            fields.insert((*name).to_string(), Value::Object(rest));
        }
    }
}

/// Finds the key of the first alias present: exact spelling first, then ignoring case
/// (`Title` beside `title`).
fn find_key(map: &Map<String, Value>, aliases: &[&str]) -> Option<String> {
    for alias in aliases {
        if map.contains_key(*alias) {
            return Some((*alias).to_string());
        }
    }
    for alias in aliases {
        if let Some(k) = map.keys().find(|k| k.eq_ignore_ascii_case(alias)) {
            return Some(k.clone());
        }
    }
    None
}

fn take(map: &mut Map<String, Value>, aliases: &[&str]) -> Option<(String, Value)> {
    let key = find_key(map, aliases)?;
    map.shift_remove(&key).map(|v| (key, v))
}

/// Takes the first alias whose value `accept` turns into something; others stay.
fn take_if<T>(
    map: &mut Map<String, Value>,
    aliases: &[&str],
    accept: impl Fn(&Value) -> Option<T>,
) -> Option<T> {
    for alias in aliases {
        if let Some(key) = find_key(map, &[alias])
            && let Some(value) = map.get(&key)
            && let Some(t) = accept(value)
        {
            map.shift_remove(&key);
            return Some(t);
        }
    }
    None
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn truthy(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Some(true),
            "false" | "no" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn people(value: &Value) -> Option<Vec<String>> {
    let person = |v: &Value| match v {
        // `{name, email, url}` (Jekyll and Hexo themes): the address and page travel in
        // the person string rather than being dropped.
        Value::Object(m) => {
            let field = |keys: &[&str]| {
                keys.iter().find_map(|k| {
                    m.iter()
                        .find(|(key, _)| key.eq_ignore_ascii_case(k))
                        .and_then(|(_, v)| text(v))
                })
            };
            let [name, email, url] = PERSON_KEYS.map(field);
            let composed = Person::compose(
                name.as_deref().unwrap_or(""),
                email.as_deref(),
                url.as_deref(),
            );
            (!composed.is_empty()).then_some(composed)
        }
        other => text(other),
    };
    let list: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(person).collect(),
        Value::String(s) if s.contains(',') || s.contains('，') => s
            .split([',', '，'])
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        other => person(other).into_iter().collect(),
    };
    (!list.is_empty()).then_some(list)
}

/// Keys of an author object that its person string holds: the name, the address, the page.
const PERSON_KEYS: [&[&str]; 3] = [
    &["name"],
    &["email", "mail"],
    &["url", "uri", "link", "website"],
];

fn has_other_person_keys(value: &Value) -> bool {
    match value {
        Value::Object(m) => m.keys().any(|k| {
            !PERSON_KEYS
                .iter()
                .flat_map(|keys| keys.iter())
                .any(|p| k.eq_ignore_ascii_case(p))
        }),
        Value::Array(items) => items.iter().any(has_other_person_keys),
        _ => false,
    }
}

fn cover(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.first().and_then(cover),
        Value::Object(m) => m
            .get("src")
            .or_else(|| m.get("url"))
            .or_else(|| m.get("path"))
            .and_then(cover),
        _ => None,
    }
}

/// The 1-based line of `key` in front matter text starting at file line `first_line`.
pub fn key_line(front_matter: &str, key: &str, first_line: u32) -> Option<u32> {
    front_matter.lines().enumerate().find_map(|(i, line)| {
        let t = line.trim_start().trim_start_matches('"');
        let rest = t.strip_prefix(key)?;
        let rest = rest.trim_start_matches('"').trim_start();
        (rest.starts_with(':') || rest.starts_with('=')).then_some(first_line + i as u32)
    })
}

/// Reads front matter `fields` of a post of `site` into metadata. `source` is the
/// front matter text (for diagnostic line numbers).
pub fn read_meta(
    mut fields: Map<String, Value>,
    site: &Site,
    zone: SiteZone,
    source: &str,
) -> MetaRead {
    let mut diagnostics = Vec::new();
    let mut meta = Meta::default();
    lift_containers(&mut fields, site.kind);
    let bad_date = |key: &str, value: &Value, diagnostics: &mut Vec<Diagnostic>| {
        let shown = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut d = Diagnostic::warning(
            DiagnosticKind::BadDate,
            format!(
                "`{key}: {shown}` is not a date postport understands (use e.g. 2021-10-24 07:55:27, RFC 3339 or RFC 2822, in years 1 to 9999); the field is left empty"
            ),
        );
        if let Some(line) = key_line(source, key, 1) {
            d = d.at(line, None);
        }
        diagnostics.push(d);
    };
    let date_field =
        |fields: &mut Map<String, Value>, aliases: &[&str], diagnostics: &mut Vec<Diagnostic>| {
            let (key, value) = take(fields, aliases)?;
            if value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty()) {
                return None;
            }
            let parsed = date_from_value(&value, zone);
            if parsed.is_none() {
                bad_date(&key, &value, diagnostics);
            }
            parsed
        };

    if let Some((_, v)) = take(&mut fields, &["title"]) {
        meta.title = text(&v).unwrap_or_default();
    }
    let explicit_slug = if site.kind == SiteKind::Hexo {
        // Hexo always takes the slug from the file name; a `slug:` key stays extra.
        None
    } else {
        take(&mut fields, &["slug"]).and_then(|(_, v)| text(&v))
    };
    meta.date = date_field(&mut fields, &["date"], &mut diagnostics);
    meta.updated = date_field(&mut fields, UPDATED, &mut diagnostics);
    meta.publish_date = date_field(&mut fields, PUBLISH, &mut diagnostics);
    // `published` is a date for Hugo and a switch for Hexo and Jekyll.
    if let Some(key) = find_key(&fields, &["published"]) {
        match fields.get(&key).map(truthy) {
            Some(Some(published)) => {
                fields.shift_remove(&key);
                meta.draft |= !published;
            }
            _ => {
                if meta.publish_date.is_none() {
                    meta.publish_date = date_field(&mut fields, &["published"], &mut diagnostics);
                }
            }
        }
    }
    if let Some(draft) = take_if(&mut fields, &["draft"], truthy) {
        meta.draft |= draft;
    }
    let rich_authors = AUTHORS.iter().find_map(|alias| {
        let key = find_key(&fields, &[alias])?;
        let index = fields.keys().position(|k| *k == key)?;
        let value = fields.get(&key)?;
        has_other_person_keys(value).then(|| (index, key, value.clone()))
    });
    meta.authors = take_if(&mut fields, AUTHORS, people).unwrap_or_default();
    // An author object with more than a name, address and page (a Twitter handle, an
    // avatar) also stays in `extra` as written, so its other keys are not lost.
    if let Some((index, key, value)) = rich_authors
        && !fields.contains_key(&key)
    {
        fields.shift_insert(index.min(fields.len()), key, value);
    }
    if let Some((key, v)) = take(&mut fields, &["categories", "category"]) {
        if matches!(v, Value::Object(_)) {
            diagnostics.push(Diagnostic::warning(
                DiagnosticKind::BadValue,
                format!("`{key}` is a mapping, not a list of categories; kept as an extra key"),
            ));
            fields.insert(key, v);
        } else {
            meta.categories = taxonomy::categories(&v, site.kind);
        }
    }
    // What postport writes beside a target's flat categories to keep the hierarchy.
    if let Some(paths) = take_if(&mut fields, &[CATEGORY_PATHS], category_paths) {
        meta.categories = paths;
    }
    if let Some((key, v)) = take(&mut fields, &["tags", "tag"]) {
        if matches!(v, Value::Object(_)) {
            fields.insert(key, v);
        } else {
            meta.tags = taxonomy::tags(&v, site.kind);
        }
    }
    if matches!(site.kind, SiteKind::Hugo | SiteKind::Zola) {
        let mut names: Vec<String> = site.taxonomies.clone();
        names.push("keywords".to_string());
        for name in names {
            if let Some((key, v)) = take(&mut fields, &[name.as_str()]) {
                let values = taxonomy::tags(&v, site.kind);
                meta.taxonomies.insert(key, values);
            }
        }
    }
    meta.summary = take_if(&mut fields, SUMMARY, |v| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    });
    meta.language = take_if(&mut fields, LANGUAGE, |v| {
        v.as_str().and_then(normalize_language_tag)
    });
    // Hugo's own key for a page's images comes first on Hugo sites.
    let cover_keys: Vec<&str> = if site.kind == SiteKind::Hugo {
        ["images", "image"]
            .into_iter()
            .chain(
                COVER
                    .iter()
                    .copied()
                    .filter(|k| !matches!(*k, "images" | "image")),
            )
            .collect()
    } else {
        COVER.to_vec()
    };
    meta.cover = take_if(&mut fields, &cover_keys, |v| match v {
        Value::Array(items) if items.len() > 1 => None,
        other => cover(other),
    })
    .or_else(|| {
        // A list of several images: the first is the cover, the list stays.
        cover_keys.iter().find_map(|k| {
            find_key(&fields, &[k])
                .and_then(|key| fields.get(&key))
                .and_then(cover)
        })
    });
    meta.id = take_if(&mut fields, ID, text);
    let markup = fields
        .get("markup")
        .and_then(Value::as_str)
        .map(str::to_string);
    meta.extra = fields;
    MetaRead {
        meta,
        explicit_slug,
        markup,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(kind: SiteKind, v: Value) -> MetaRead {
        let site = Site {
            kind,
            ..Site::default()
        };
        let Value::Object(map) = v else {
            panic!("object")
        };
        read_meta(map, &site, SiteZone::default(), "")
    }

    #[test]
    fn seed_shaped_front_matter() {
        let r = read(
            SiteKind::Plain,
            json!({
                "title": "标题",
                "categories": ["金融", "新浪财经", "新浪财经－国內"],
                "headimg": "https://img.example.cn/a.png",
                "author": "新浪财经",
                "comments": false,
                "date": "Sun, 24 Oct 2021 07:55:27 GMT",
                "thumbnail": "https://img.example.cn/a.png"
            }),
        );
        let m = &r.meta;
        assert_eq!(m.title, "标题");
        assert_eq!(
            m.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2021-10-24T07:55:27+00:00")
        );
        assert_eq!(m.authors, vec!["新浪财经"]);
        assert_eq!(
            m.categories,
            vec![vec![
                "金融".to_string(),
                "新浪财经".into(),
                "新浪财经－国內".into()
            ]]
        );
        assert_eq!(m.cover.as_deref(), Some("https://img.example.cn/a.png"));
        assert_eq!(
            Value::Object(m.extra.clone()),
            json!({"comments": false, "thumbnail": "https://img.example.cn/a.png"})
        );
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn author_objects_keep_their_address_page_and_other_keys() {
        let r = read(
            SiteKind::Jekyll,
            json!({"title": "x", "author": {"name": "Ada", "Email": "ada@example.org", "url": "https://ada.example/"}}),
        );
        assert_eq!(
            r.meta.authors,
            vec!["Ada <ada@example.org> (https://ada.example/)"]
        );
        assert!(r.meta.extra.is_empty());
        let rich = json!([{"name": "Ada", "twitter": "ada"}, "Bob"]);
        let r = read(
            SiteKind::Hexo,
            json!({"title": "x", "authors": rich.clone(), "z": 1}),
        );
        assert_eq!(r.meta.authors, vec!["Ada", "Bob"]);
        assert_eq!(
            Value::Object(r.meta.extra),
            json!({"authors": rich, "z": 1})
        );
    }

    #[test]
    fn aliases_and_case() {
        let r = read(
            SiteKind::Hugo,
            json!({"Title": "T", "lastmod": "2024-01-02", "draft": true, "keywords": ["k"], "images": ["a.png", "b.png"], "weight": 3}),
        );
        assert_eq!(r.meta.title, "T");
        assert!(r.meta.updated.is_some());
        assert!(r.meta.draft);
        assert_eq!(
            r.meta.taxonomies.get("keywords"),
            Some(&vec!["k".to_string()])
        );
        assert_eq!(r.meta.cover.as_deref(), Some("a.png"));
        assert_eq!(
            Value::Object(r.meta.extra),
            json!({"images": ["a.png", "b.png"], "weight": 3})
        );
    }

    #[test]
    fn published_false_is_a_draft_and_bad_dates_are_diagnosed() {
        let r = read(
            SiteKind::Hexo,
            json!({"title": "x", "published": false, "date": "undefine", "slug": "kept"}),
        );
        assert!(r.meta.draft);
        assert_eq!(r.meta.date, None);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].kind, DiagnosticKind::BadDate);
        assert!(r.diagnostics[0].message.contains("undefine"));
        assert_eq!(r.explicit_slug, None);
        assert_eq!(r.meta.extra.get("slug"), Some(&json!("kept")));
    }

    #[test]
    fn containers_are_lifted_and_hierarchies_restored() {
        let r = read(
            SiteKind::Hugo,
            json!({"title": "t", "categories": ["本地"], "params": {"author": "A", "comments": false, "category_paths": [["新闻", "本地"]], "title": "inner"}}),
        );
        assert_eq!(r.meta.authors, vec!["A"]);
        assert_eq!(
            r.meta.categories,
            vec![vec!["新闻".to_string(), "本地".into()]]
        );
        assert_eq!(
            Value::Object(r.meta.extra),
            json!({"comments": false, "params": {"title": "inner"}})
        );
        let r = read(
            SiteKind::Zola,
            json!({"title": "t", "taxonomies": {"tags": ["a"]}, "extra": {"cover": "c.png", "k": 1}}),
        );
        assert_eq!(r.meta.tags, vec!["a"]);
        assert_eq!(r.meta.cover.as_deref(), Some("c.png"));
        assert_eq!(Value::Object(r.meta.extra), json!({"k": 1}));
    }

    #[test]
    fn key_lines() {
        let fm = "title: a\ndate: undefine\n\"lastmod\": 1\n";
        assert_eq!(key_line(fm, "date", 2), Some(3));
        assert_eq!(key_line(fm, "lastmod", 2), Some(4));
        assert_eq!(key_line(fm, "nope", 2), None);
    }
}
