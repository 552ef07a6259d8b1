//! Old URLs and new ones: the source's permalink pattern carried over to the target when
//! it can be, the address each post will have, and the minimal site (`--with-config`)
//! that lets the output build on its own.

use chrono::Datelike;
use postport_model::{SiteInfo, Timestamp, is_cjk_language};
use serde_json::{Map, Value};

use crate::MarkdownError;
use crate::target::Target;

/// A piece of a URL pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text as is.
    Literal(String),
    /// Four-digit year.
    Year,
    /// Two-digit month.
    Month,
    /// Two-digit day.
    Day,
    /// The post's slug.
    Slug,
}

/// A post URL pattern every target can express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPattern(pub Vec<Part>);

impl UrlPattern {
    /// Reads a source site's pattern (Hexo, Jekyll or Hugo tokens); `None` when it uses a
    /// token the targets cannot all express (`:categories`, `:hash`, `:title` of Hugo).
    pub fn parse(pattern: &str, generator: &str) -> Option<UrlPattern> {
        let pattern = match (generator, pattern) {
            ("jekyll", "date" | "pretty" | "ordinal" | "none" | "weekdate") => return None,
            _ => pattern,
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix(':') {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let part = match (generator, name.as_str()) {
                    (_, "year") => Part::Year,
                    (_, "month") => Part::Month,
                    (_, "day") => Part::Day,
                    ("hexo" | "jekyll", "title") => Part::Slug,
                    ("hugo", "slug" | "slugorfilename" | "slugorcontentbasename") => Part::Slug,
                    ("hugo", "filename" | "contentbasename") => Part::Slug,
                    ("jekyll", "slug") => Part::Slug,
                    _ => return None,
                };
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(part);
                rest = &after[name.len()..];
            } else {
                let c = rest.chars().next()?;
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        parts.contains(&Part::Slug).then_some(UrlPattern(parts))
    }

    /// The target's default (what it does with no permalink configured, for Hugo and
    /// Zola; Hexo's default; a date-and-slug pattern for Jekyll).
    pub fn default_for(target: Target) -> UrlPattern {
        use Part::*;
        let lit = |s: &str| Literal(s.to_string());
        UrlPattern(match target {
            Target::Hugo | Target::Zola | Target::Plain => vec![lit("/posts/"), Slug, lit("/")],
            Target::Hexo | Target::Jekyll => vec![
                lit("/"),
                Year,
                lit("/"),
                Month,
                lit("/"),
                Day,
                lit("/"),
                Slug,
                lit("/"),
            ],
        })
    }

    /// The pattern in the target's configuration syntax.
    pub fn to_target(&self, target: Target) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Year => out.push_str(":year"),
                Part::Month => out.push_str(":month"),
                Part::Day => out.push_str(":day"),
                Part::Slug => out.push_str(match target {
                    Target::Hugo => ":slug",
                    _ => ":title",
                }),
            }
        }
        if target == Target::Hexo {
            out = out.trim_start_matches('/').to_string();
        }
        out
    }

    /// A post's path under this pattern (`/2021/11/03/flood/`).
    pub fn path(&self, date: Option<&Timestamp>, slug: &str, target: Target) -> Option<String> {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Year => out.push_str(&format!("{:04}", date?.year())),
                Part::Month => out.push_str(&format!("{:02}", date?.month())),
                Part::Day => out.push_str(&format!("{:02}", date?.day())),
                Part::Slug => out.push_str(slug),
            }
        }
        if !out.starts_with('/') {
            out.insert(0, '/');
        }
        // Hugo lower-cases paths.
        if target == Target::Hugo {
            out = out.to_lowercase();
        }
        Some(out)
    }
}

/// The pattern the output uses: the source's when the target can express it (so old
/// URLs stay the URLs), else the target's default (and aliases carry the old ones).
pub fn output_pattern(site: &SiteInfo, target: Target) -> UrlPattern {
    if target == Target::Zola {
        return UrlPattern::default_for(target);
    }
    match (&site.permalink, &site.generator) {
        (Some(pattern), Some(generator)) => {
            UrlPattern::parse(pattern, generator).unwrap_or_else(|| UrlPattern::default_for(target))
        }
        _ => UrlPattern::default_for(target),
    }
}

/// The path of an absolute URL below the site's base (`/2021/11/03/x/`), decoded.
pub fn site_path(url: &str, base: Option<&str>) -> Option<String> {
    let after_scheme = url.split_once("://")?.1;
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let base_path = base
        .and_then(|b| b.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    let relative = path
        .strip_prefix(base_path.trim_end_matches('/'))
        .unwrap_or(path);
    let decoded = postport_html::url::percent_decode(relative);
    // `.` and `..` resolved as a browser does, so that `/posts/./` is known as `/posts/`.
    Some(format!("/{}", postport_html::url::clean_path(&decoded)))
}

/// A file of the generated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Relative to the output folder.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// What the generated site needs to know about the export.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    /// Raw HTML remains in some post (Hugo must be told to render it).
    pub raw_html: bool,
    /// Some post is in a CJK language.
    pub cjk: bool,
    /// Some post has TeX formulas (`$…$`, `$$…$$`).
    pub math: bool,
    /// Some post redirects old URLs (Jekyll needs jekyll-redirect-from).
    pub redirects: bool,
    /// Taxonomies besides tags and categories.
    pub taxonomies: Vec<String>,
    /// Hexo asset folders are used.
    pub asset_folders: bool,
}

fn toml_text(table: toml::Table) -> Result<String, MarkdownError> {
    toml::to_string(&table).map_err(|e| MarkdownError::FrontMatter(e.to_string()))
}

fn yaml_text(map: Map<String, Value>) -> Result<String, MarkdownError> {
    serde_yaml::to_string(&Value::Object(map))
        .map_err(|e| MarkdownError::FrontMatter(e.to_string()))
}

const PLACEHOLDER_URL: &str = "https://example.org/";

const HUGO_SINGLE: &str = "<!DOCTYPE html>\n<html lang=\"{{ site.LanguageCode }}\">\n<head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body>\n<main>\n<h1>{{ .Title }}</h1>\n<p><time datetime=\"{{ .Date.Format \"2006-01-02T15:04:05Z07:00\" }}\">{{ .Date.Format \"2006-01-02\" }}</time></p>\n{{ .Content }}\n</main>\n</body>\n</html>\n";
const HUGO_LIST: &str = "<!DOCTYPE html>\n<html lang=\"{{ site.LanguageCode }}\">\n<head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body>\n<main>\n<h1>{{ .Title }}</h1>\n<ul>\n{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>\n{{ end }}</ul>\n</main>\n</body>\n</html>\n";
const ZOLA_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"{{ lang }}\">\n<head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head>\n<body><main>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n</main></body>\n</html>\n";
const ZOLA_SECTION: &str = "<!DOCTYPE html>\n<html lang=\"{{ lang }}\">\n<head><meta charset=\"utf-8\"><title>{{ section.title | default(value=config.title) }}</title></head>\n<body><main>\n<ul>\n{% for page in section.pages %}<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a></li>\n{% endfor %}</ul>\n</main></body>\n</html>\n";
const ZOLA_TAXONOMY_LIST: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{{ taxonomy.name }}</title></head>\n<body><ul>\n{% for term in terms %}<li><a href=\"{{ term.permalink }}\">{{ term.name }}</a></li>\n{% endfor %}</ul></body></html>\n";
const ZOLA_TAXONOMY_SINGLE: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{{ term.name }}</title></head>\n<body><ul>\n{% for page in term.pages %}<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a></li>\n{% endfor %}</ul></body></html>\n";

/// The site configuration (and, where the generator has no built-in look, the smallest
/// templates) that make the output build on its own.
pub fn site_files(
    site: &SiteInfo,
    target: Target,
    pattern: &UrlPattern,
    facts: &SiteFacts,
) -> Result<Vec<SiteFile>, MarkdownError> {
    let base = site
        .base_url
        .clone()
        .unwrap_or_else(|| PLACEHOLDER_URL.into());
    let title = site
        .title
        .clone()
        .or_else(|| site.input_name.clone())
        .unwrap_or_else(|| "Archive".into());
    let file = |path: &str, text: String| SiteFile {
        path: path.to_string(),
        text,
    };
    let mut files = Vec::new();
    match target {
        Target::Hugo => {
            let mut t = toml::Table::new();
            t.insert("baseURL".into(), base.into());
            t.insert("title".into(), title.into());
            if let Some(lang) = &site.language {
                t.insert("languageCode".into(), lang.clone().into());
            }
            if let Some(zone) = &site.time_zone {
                t.insert("timeZone".into(), zone.clone().into());
            }
            let cjk = facts.cjk || site.language.as_deref().is_some_and(is_cjk_language);
            if cjk {
                t.insert("hasCJKLanguage".into(), true.into());
            }
            // Every post of the archive was published: Hugo would skip those dated after
            // the build (a scheduled post, a clock-skewed CMS, `9999-12-31` placeholders).
            t.insert("buildFuture".into(), true.into());
            let mut permalinks = toml::Table::new();
            permalinks.insert("posts".into(), pattern.to_target(target).into());
            t.insert("permalinks".into(), permalinks.into());
            if !facts.taxonomies.is_empty() {
                let mut tax = toml::Table::new();
                tax.insert("tag".into(), "tags".into());
                tax.insert("category".into(), "categories".into());
                for name in &facts.taxonomies {
                    tax.insert(name.clone(), name.clone().into());
                }
                t.insert("taxonomies".into(), tax.into());
            }
            let mut params = toml::Table::new();
            if let Some(author) = &site.author {
                params.insert("author".into(), author.clone().into());
            }
            if let Some(d) = site.description.clone().or_else(|| site.subtitle.clone()) {
                params.insert("description".into(), d.into());
            }
            if facts.math {
                // The switch Hugo's documentation and most themes load MathJax/KaTeX by.
                params.insert("math".into(), true.into());
            }
            if !params.is_empty() {
                t.insert("params".into(), params.into());
            }
            let mut goldmark = toml::Table::new();
            if facts.raw_html {
                let mut renderer = toml::Table::new();
                renderer.insert("unsafe".into(), true.into());
                goldmark.insert("renderer".into(), renderer.into());
            }
            if facts.math {
                // Formulas reach the page as written, for MathJax/KaTeX (Hugo 0.122+;
                // older Hugo ignores the setting).
                let mut delimiters = toml::Table::new();
                let pair = |d: &str| toml::Value::Array(vec![d.into(), d.into()]);
                delimiters.insert("block".into(), toml::Value::Array(vec![pair("$$")]));
                delimiters.insert("inline".into(), toml::Value::Array(vec![pair("$")]));
                let mut passthrough = toml::Table::new();
                passthrough.insert("enable".into(), true.into());
                passthrough.insert("delimiters".into(), delimiters.into());
                let mut extensions = toml::Table::new();
                extensions.insert("passthrough".into(), passthrough.into());
                goldmark.insert("extensions".into(), extensions.into());
            }
            if !goldmark.is_empty() {
                let mut markup = toml::Table::new();
                markup.insert("goldmark".into(), goldmark.into());
                t.insert("markup".into(), markup.into());
            }
            files.push(file("hugo.toml", toml_text(t)?));
            files.push(file("layouts/_default/single.html", HUGO_SINGLE.into()));
            files.push(file("layouts/_default/list.html", HUGO_LIST.into()));
        }
        Target::Hexo | Target::Jekyll => {
            let mut c = Map::new();
            c.insert("title".into(), title.into());
            if let Some(s) = &site.subtitle {
                c.insert("subtitle".into(), s.clone().into());
            }
            if let Some(d) = &site.description {
                c.insert("description".into(), d.clone().into());
            }
            if let Some(a) = &site.author {
                c.insert("author".into(), a.clone().into());
            }
            if let Some(lang) = &site.language {
                let key = if target == Target::Hexo {
                    "language"
                } else {
                    "lang"
                };
                c.insert(key.into(), lang.clone().into());
            }
            if let Some(zone) = &site.time_zone {
                c.insert("timezone".into(), zone.clone().into());
            }
            c.insert("url".into(), base.trim_end_matches('/').to_string().into());
            c.insert("permalink".into(), pattern.to_target(target).into());
            if target == Target::Hexo {
                c.insert("new_post_name".into(), ":title.md".into());
                c.insert("post_asset_folder".into(), facts.asset_folders.into());
            } else {
                // As for Hugo: build every post, whatever its date (Hexo does by default).
                c.insert("future".into(), true.into());
            }
            if target == Target::Jekyll && facts.redirects {
                c.insert(
                    "plugins".into(),
                    Value::Array(vec!["jekyll-redirect-from".into()]),
                );
            }
            files.push(file("_config.yml", yaml_text(c)?));
        }
        Target::Zola => {
            let mut t = toml::Table::new();
            t.insert(
                "base_url".into(),
                base.trim_end_matches('/').to_string().into(),
            );
            t.insert("title".into(), title.into());
            if let Some(d) = site.description.clone().or_else(|| site.subtitle.clone()) {
                t.insert("description".into(), d.into());
            }
            if let Some(lang) = &site.language {
                // Zola wants a plain language code (`zh`), not a region.
                let code = lang.split('-').next().unwrap_or(lang).to_string();
                t.insert("default_language".into(), code.into());
            }
            let mut names = vec!["tags".to_string(), "categories".to_string()];
            names.extend(facts.taxonomies.iter().cloned());
            let taxonomies: Vec<toml::Value> = names
                .into_iter()
                .map(|n| {
                    let mut entry = toml::Table::new();
                    entry.insert("name".into(), n.into());
                    entry.into()
                })
                .collect();
            t.insert("taxonomies".into(), taxonomies.into());
            let mut slugify = toml::Table::new();
            // Keep Chinese (and every other script) in paths as written.
            slugify.insert("paths".into(), "safe".into());
            slugify.insert("taxonomies".into(), "safe".into());
            t.insert("slugify".into(), slugify.into());
            files.push(file("config.toml", toml_text(t)?));
            files.push(file(
                "content/_index.md",
                "+++\nsort_by = \"date\"\n+++\n".into(),
            ));
            files.push(file("templates/index.html", ZOLA_SECTION.into()));
            files.push(file("templates/section.html", ZOLA_SECTION.into()));
            files.push(file("templates/page.html", ZOLA_PAGE.into()));
            files.push(file(
                "templates/taxonomy_list.html",
                ZOLA_TAXONOMY_LIST.into(),
            ));
            files.push(file(
                "templates/taxonomy_single.html",
                ZOLA_TAXONOMY_SINGLE.into(),
            ));
        }
        Target::Plain => {}
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_carry_over() {
        let p = UrlPattern::parse(":year/:month/:day/:title/", "hexo").expect("parses");
        assert_eq!(p.to_target(Target::Hugo), ":year/:month/:day/:slug/");
        assert_eq!(p.to_target(Target::Hexo), ":year/:month/:day/:title/");
        let date = chrono::DateTime::parse_from_rfc3339("2021-11-03T10:10:00+08:00").ok();
        assert_eq!(
            p.path(date.as_ref(), "Flood", Target::Hugo).as_deref(),
            Some("/2021/11/03/flood/")
        );
        assert!(UrlPattern::parse(":category/:title/", "hexo").is_none());
        assert!(UrlPattern::parse("pretty", "jekyll").is_none());
        assert!(UrlPattern::parse("/:year/:title/", "hugo").is_none());
        assert!(UrlPattern::parse("/:year/:slug/", "hugo").is_some());
    }

    #[test]
    fn site_paths() {
        assert_eq!(
            site_path(
                "https://x.org/blog/2021/%E6%96%B0/",
                Some("https://x.org/blog/")
            )
            .as_deref(),
            Some("/2021/新/")
        );
        assert_eq!(site_path("https://x.org/a/", None).as_deref(), Some("/a/"));
        assert_eq!(site_path("https://x.org/a", None).as_deref(), Some("/a"));
        assert_eq!(site_path("https://x.org", None).as_deref(), Some("/"));
        assert_eq!(
            site_path("https://x.org/posts/./", None).as_deref(),
            Some("/posts/")
        );
        assert_eq!(
            site_path("https://x.org/posts/../../../etc/x/", None).as_deref(),
            Some("/etc/x/")
        );
        assert_eq!(site_path("https://x.org/a/..", None).as_deref(), Some("/"));
    }
}
