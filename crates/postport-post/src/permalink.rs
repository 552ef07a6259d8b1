//! A post's URL on its site, from the site's base URL and its permalink pattern
//! (Hexo `permalink`, Hugo `permalinks`, Jekyll styles), or the post's own override.

use std::path::Path;

use chrono::Datelike;
use chrono::Timelike;
use postport_model::Meta;
use serde_json::Value;

use crate::site::{Site, SiteKind};

/// What the URL of one post is computed from.
pub struct PermalinkInput<'a> {
    /// The post's site.
    pub site: &'a Site,
    /// The post's metadata (date, slug, title, categories, extra keys).
    pub meta: &'a Meta,
    /// The post's file relative to the folder its generator reads posts from
    /// (`source/_posts`, `content`, `_posts`), without extension; bundles end with
    /// their folder (`posts/my-bundle`).
    pub rel_stem: &'a Path,
    /// The slug front matter gave, if it gave one (Hugo's `:slug` falls back to the title).
    pub explicit_slug: Option<&'a str>,
    /// The language folder Hugo puts the page's URL in (`zh` for a Chinese translation
    /// on a site whose default language is English).
    pub language_folder: Option<&'a str>,
}

/// The absolute URL of a post, when the site's base URL is known (or the post gives
/// an absolute one).
pub fn permalink(input: &PermalinkInput<'_>) -> Option<String> {
    let meta = input.meta;
    let override_key = match input.site.kind {
        SiteKind::Hugo => "url",
        SiteKind::Zola => "path",
        _ => "permalink",
    };
    let explicit = meta
        .extra
        .get(override_key)
        .or_else(|| meta.extra.get("permalink"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(explicit) = explicit
        && (explicit.starts_with("http://") || explicit.starts_with("https://"))
    {
        return Some(encode_iri(explicit));
    }
    let base = input.site.base_url.as_deref()?;
    let path = match explicit {
        Some(p) => p.to_string(),
        None => match input.site.kind {
            SiteKind::Hexo => hexo_path(input)?,
            SiteKind::Hugo => match input.language_folder {
                Some(folder) => format!("{folder}/{}", hugo_path(input)),
                None => hugo_path(input),
            },
            SiteKind::Jekyll => jekyll_path(input)?,
            SiteKind::Zola => zola_path(input),
            SiteKind::Plain => return None,
        },
    };
    Some(encode_iri(&format!(
        "{base}{}",
        postport_html::url::clean_path(&path)
    )))
}

fn date_parts(meta: &Meta) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    meta.date.or(meta.publish_date)
}

fn stem_name(rel_stem: &Path) -> String {
    rel_stem
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn hexo_path(input: &PermalinkInput<'_>) -> Option<String> {
    let pattern = input
        .site
        .permalink
        .as_deref()
        .unwrap_or(":year/:month/:day/:title/");
    let meta = input.meta;
    let date = date_parts(meta);
    // `:title` is the path below `_posts`; with a dated `new_post_name` Hexo reads the
    // date out of the file name and keeps the rest.
    let title_path = if input.site.dated_file_names {
        input.rel_stem.with_file_name(&meta.slug)
    } else {
        input.rel_stem.to_path_buf()
    };
    let title = title_path.to_string_lossy().replace('\\', "/");
    let extra_str = |k: &str| meta.extra.get(k).and_then(scalar_string);
    let category = meta
        .categories
        .first()
        .map(|p| p.join("/"))
        .unwrap_or_else(|| "uncategorized".to_string());
    let tokens: Vec<(&str, Option<String>)> = vec![
        (":year", date.map(|d| format!("{:04}", d.year()))),
        (":i_month", date.map(|d| d.month().to_string())),
        (":month", date.map(|d| format!("{:02}", d.month()))),
        (":i_day", date.map(|d| d.day().to_string())),
        (":day", date.map(|d| format!("{:02}", d.day()))),
        (":hour", date.map(|d| format!("{:02}", d.hour()))),
        (":minute", date.map(|d| format!("{:02}", d.minute()))),
        (":second", date.map(|d| format!("{:02}", d.second()))),
        (":timestamp", date.map(|d| d.timestamp().to_string())),
        (":post_title", Some(meta.title.to_lowercase())),
        (":title", Some(title)),
        (":name", Some(stem_name(input.rel_stem))),
        (":abbrlink", extra_str("abbrlink")),
        (":category", Some(category)),
        (":id", meta.id.clone().or_else(|| extra_str("id"))),
    ];
    expand(pattern, &tokens)
}

fn hugo_path(input: &PermalinkInput<'_>) -> String {
    let meta = input.meta;
    let components: Vec<String> = input
        .rel_stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let section = if components.len() > 1 {
        components[0].clone()
    } else {
        String::new()
    };
    let sections = components[..components.len().saturating_sub(1)].join("/");
    let filename = stem_name(input.rel_stem);
    let slug = input
        .explicit_slug
        .map(str::to_string)
        .filter(|s| !s.is_empty());
    let slug_or_file = urlize(slug.as_deref().unwrap_or(&filename));
    let pattern = input.site.permalinks.get(&section).cloned();
    match pattern {
        Some(pattern) => {
            let date = date_parts(meta);
            let tokens: Vec<(&str, Option<String>)> = vec![
                (":year", date.map(|d| format!("{:04}", d.year()))),
                (
                    ":monthname",
                    date.map(|d| month_name(d.month()).to_lowercase()),
                ),
                (":month", date.map(|d| format!("{:02}", d.month()))),
                (":day", date.map(|d| format!("{:02}", d.day()))),
                (
                    ":weekdayname",
                    date.map(|d| d.weekday().to_string().to_lowercase()),
                ),
                (
                    ":weekday",
                    date.map(|d| d.weekday().num_days_from_sunday().to_string()),
                ),
                (":yearday", date.map(|d| d.ordinal().to_string())),
                (":sections", Some(sections.clone())),
                (":section", Some(section.clone())),
                (":slugorcontentbasename", Some(slug_or_file.clone())),
                (":slugorfilename", Some(slug_or_file.clone())),
                (":contentbasename", Some(urlize(&filename))),
                (":filename", Some(urlize(&filename))),
                (
                    ":slug",
                    Some(urlize(slug.as_deref().unwrap_or(&meta.title))),
                ),
                (":title", Some(urlize(&meta.title))),
            ];
            expand(&pattern, &tokens).unwrap_or_default()
        }
        None => {
            let dir = if sections.is_empty() {
                String::new()
            } else {
                format!("{}/", sections.to_lowercase())
            };
            format!("{dir}{slug_or_file}/")
        }
    }
}

/// Zola: the section's path, then the slug (front matter `slug`, else the file or
/// bundle name without its date prefix).
fn zola_path(input: &PermalinkInput<'_>) -> String {
    let components: Vec<String> = input
        .rel_stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let sections = components[..components.len().saturating_sub(1)].join("/");
    let slug = urlize(&input.meta.slug);
    if sections.is_empty() {
        format!("{slug}/")
    } else {
        format!("{sections}/{slug}/")
    }
}

fn jekyll_path(input: &PermalinkInput<'_>) -> Option<String> {
    let meta = input.meta;
    let style = input.site.permalink.as_deref().unwrap_or("date");
    let pattern = match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let date = date_parts(meta);
    let categories = meta
        .categories
        .iter()
        .flatten()
        .map(|c| c.to_lowercase())
        .collect::<Vec<_>>()
        .join("/");
    let tokens: Vec<(&str, Option<String>)> = vec![
        (":categories", Some(categories)),
        (":year", date.map(|d| format!("{:04}", d.year()))),
        (":i_month", date.map(|d| d.month().to_string())),
        (":month", date.map(|d| format!("{:02}", d.month()))),
        (":i_day", date.map(|d| d.day().to_string())),
        (":day", date.map(|d| format!("{:02}", d.day()))),
        (":y_day", date.map(|d| format!("{:03}", d.ordinal()))),
        (":hour", date.map(|d| format!("{:02}", d.hour()))),
        (":minute", date.map(|d| format!("{:02}", d.minute()))),
        (":second", date.map(|d| format!("{:02}", d.second()))),
        (":output_ext", Some(".html".to_string())),
        (":title", Some(meta.slug.clone())),
        (":slug", Some(urlize(&meta.slug))),
        (":name", Some(stem_name(input.rel_stem))),
    ];
    expand(pattern, &tokens)
}

/// Replaces `:token`s (longest names first, as listed); `None` when a token the
/// pattern uses has no value (a dated pattern for an undated post).
fn expand(pattern: &str, tokens: &[(&str, Option<String>)]) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    'outer: while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        for (name, value) in tokens {
            if let Some(after) = tail.strip_prefix(name) {
                if after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    continue;
                }
                out.push_str(value.as_deref()?);
                rest = after;
                continue 'outer;
            }
        }
        out.push(':');
        rest = &tail[1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Hugo's `urlize`: lower case, spaces to `-`, characters unsafe in a path dropped.
pub fn urlize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn month_name(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(m.saturating_sub(1) as usize)
    .copied()
    .unwrap_or("")
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Percent-encodes what an IRI cannot hold (spaces, controls, `"<>\^`{|}`); Unicode
/// letters stay readable.
pub fn encode_iri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_control() || " \"<>\\^`{|}".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use std::path::PathBuf;

    fn site(kind: SiteKind, base: &str, pattern: Option<&str>) -> Site {
        Site {
            kind,
            base_url: Some(base.to_string()),
            permalink: pattern.map(str::to_string),
            ..Site::default()
        }
    }

    fn meta(title: &str, slug: &str, date: &str) -> Meta {
        Meta {
            title: title.into(),
            slug: slug.into(),
            date: parse_date(date, Default::default()),
            ..Meta::default()
        }
    }

    fn url(site: &Site, meta: &Meta, rel: &str) -> Option<String> {
        permalink(&PermalinkInput {
            site,
            meta,
            rel_stem: &PathBuf::from(rel),
            explicit_slug: Some(meta.slug.as_str()).filter(|s| !s.is_empty()),
            language_folder: None,
        })
    }

    #[test]
    fn hexo_patterns() {
        let s = site(
            SiteKind::Hexo,
            "https://n.example.cn/",
            Some(":year/:month/:day/:title/"),
        );
        let m = meta("标题", "新闻 一", "2021-10-24 07:55:27");
        assert_eq!(
            url(&s, &m, "新闻 一").as_deref(),
            Some("https://n.example.cn/2021/10/24/新闻%20一/")
        );
        let s = site(
            SiteKind::Hexo,
            "https://n.example.cn/",
            Some("posts/:abbrlink.html"),
        );
        let mut m = meta("t", "x", "2021-10-24");
        m.extra.insert("abbrlink".into(), Value::from("3f2a"));
        assert_eq!(
            url(&s, &m, "x").as_deref(),
            Some("https://n.example.cn/posts/3f2a.html")
        );
        m.extra
            .insert("permalink".into(), Value::from("/special/page.html"));
        assert_eq!(
            url(&s, &m, "x").as_deref(),
            Some("https://n.example.cn/special/page.html")
        );
    }

    #[test]
    fn hugo_defaults_and_patterns() {
        let mut s = site(SiteKind::Hugo, "https://b.example.org/", None);
        let m = meta("Hello World", "", "2024-03-05");
        assert_eq!(
            url(&s, &m, "posts/Hello-World").as_deref(),
            Some("https://b.example.org/posts/hello-world/")
        );
        s.permalinks
            .insert("posts".into(), "/:year/:month/:slug/".into());
        assert_eq!(
            url(&s, &m, "posts/x").as_deref(),
            Some("https://b.example.org/2024/03/hello-world/")
        );
    }

    #[test]
    fn jekyll_styles() {
        let s = site(SiteKind::Jekyll, "https://j.example.com/", Some("date"));
        let mut m = meta("T", "welcome-to-jekyll", "2020-05-01 10:00:00");
        m.categories = vec![vec!["Jekyll".into()], vec!["update".into()]];
        assert_eq!(
            url(&s, &m, "2020-05-01-welcome-to-jekyll").as_deref(),
            Some("https://j.example.com/jekyll/update/2020/05/01/welcome-to-jekyll.html")
        );
    }

    #[test]
    fn undated_post_with_dated_pattern_has_no_url() {
        let s = site(SiteKind::Hexo, "https://x/", Some(":year/:title/"));
        let m = Meta {
            slug: "a".into(),
            ..Meta::default()
        };
        assert_eq!(url(&s, &m, "a"), None);
    }
}
