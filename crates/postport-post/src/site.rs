//! Site configuration (Hexo and Jekyll `_config.yml`, Hugo `hugo.toml`/`config.*`): what
//! each CMS says about titles, language, timezone, URLs and where posts live.

use std::collections::BTreeMap;
use std::path::PathBuf;

use postport_model::normalize_language_tag;
use serde_json::{Map, Value};

use crate::dates::SiteZone;
use crate::front_matter::{FrontMatterFormat, parse_fields};

/// Which generator a site is for; it decides where posts live and how their
/// front matter is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SiteKind {
    /// Hexo: `_config.yml` + `source/_posts`.
    Hexo,
    /// Hugo: `hugo.toml`/`config.*` + `content/`.
    Hugo,
    /// Jekyll: `_config.yml` + `_posts`.
    Jekyll,
    /// Zola: `config.toml` (or `zola.toml`) with `base_url` + `content/`.
    Zola,
    /// Any other folder of posts (read with Hexo's taxonomy rules, which the
    /// RSS-to-Hexo news archives in the wild use).
    #[default]
    Plain,
}

impl SiteKind {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Hexo => "hexo",
            SiteKind::Hugo => "hugo",
            SiteKind::Jekyll => "jekyll",
            SiteKind::Zola => "zola",
            SiteKind::Plain => "plain",
        }
    }
}

/// A site: its generator, where it is, and the settings that change how posts read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Site {
    /// The generator.
    pub kind: SiteKind,
    /// The site's folder, relative to the input root (empty for the root).
    pub root: PathBuf,
    /// The configuration file read, relative to the input root.
    pub config_file: Option<PathBuf>,
    /// Site title.
    pub title: Option<String>,
    /// Site subtitle or tagline.
    pub subtitle: Option<String>,
    /// Site description.
    pub description: Option<String>,
    /// Site author.
    pub author: Option<String>,
    /// BCP 47 language.
    pub language: Option<String>,
    /// Timezone for dates without an offset.
    pub zone: Option<SiteZone>,
    /// The site's absolute base URL, ending with `/`.
    pub base_url: Option<String>,
    /// Hexo or Jekyll permalink pattern (`:year/:month/:day/:title/`).
    pub permalink: Option<String>,
    /// Hugo permalink patterns by section.
    pub permalinks: BTreeMap<String, String>,
    /// Hugo taxonomies besides tags and categories (plural names).
    pub taxonomies: Vec<String>,
    /// Hexo `post_asset_folder`.
    pub post_asset_folder: bool,
    /// Hexo `new_post_name` starts with the date (`:year-:month-:day-:title.md`), so
    /// Hexo reads the date and slug out of file names.
    pub dated_file_names: bool,
    /// Folders holding posts, relative to the site root.
    pub post_dirs: Vec<PathBuf>,
    /// Folders holding drafts, relative to the site root.
    pub draft_dirs: Vec<PathBuf>,
    /// Folders where root-relative paths (`/images/a.png`) resolve, relative to the site root.
    pub static_dirs: Vec<PathBuf>,
    /// Hugo's `[languages]` keys (`en`, `zh`): the suffixes of translated files
    /// (`index.zh.md`, `about.fr.md`).
    pub languages: Vec<String>,
    /// Hugo languages with their own content folder (`[languages.zh] contentDir`),
    /// relative to the site root.
    pub language_dirs: Vec<(PathBuf, String)>,
    /// Hugo `defaultContentLanguage` (`en` unless set): the language whose pages have
    /// no language folder in their URLs.
    pub default_language: String,
    /// Hugo `defaultContentLanguageInSubdir`: the default language's URLs get a
    /// language folder too.
    pub default_language_in_subdir: bool,
    /// The site typesets TeX between dollars (MathJax or KaTeX switched on, Hugo's
    /// passthrough): its posts' `$…$` are formulas.
    pub math: bool,
    /// The site turns `:shortcode:` emoji on (Hugo `enableEmoji`, Jekyll jemoji, Hexo
    /// github-emojis).
    pub emoji: bool,
}

impl Site {
    /// A plain folder of posts at `root`.
    pub fn plain(root: PathBuf) -> Self {
        Site {
            kind: SiteKind::Plain,
            post_dirs: vec![PathBuf::new()],
            static_dirs: vec![PathBuf::new()],
            root,
            ..Site::default()
        }
    }

    /// Reads a site's configuration text.
    pub fn from_config(
        kind: SiteKind,
        root: PathBuf,
        config_file: PathBuf,
        text: &str,
    ) -> Result<Site, String> {
        let format = match config_file.extension().and_then(|e| e.to_str()) {
            Some("toml") => FrontMatterFormat::Toml,
            Some("json") => FrontMatterFormat::Json,
            _ => FrontMatterFormat::Yaml,
        };
        let text = crate::decode::normalize_newlines(text.trim_start_matches('\u{feff}'));
        let (config, _) = parse_fields(format, &text, 1, false).map_err(|e| e.to_string())?;
        let mut site = Site {
            kind,
            root,
            config_file: Some(config_file),
            ..Site::default()
        };
        site.emoji = crate::emoji::config_has_emoji(&config);
        match kind {
            SiteKind::Hexo => site.read_hexo(&config),
            SiteKind::Hugo => site.read_hugo(&config),
            SiteKind::Jekyll => site.read_jekyll(&config),
            SiteKind::Zola => site.read_zola(&config),
            SiteKind::Plain => {}
        }
        Ok(site)
    }

    fn read_hexo(&mut self, c: &Map<String, Value>) {
        self.title = string(c, "title");
        self.subtitle = string(c, "subtitle");
        self.description = string(c, "description");
        self.author = string(c, "author");
        self.language = first_string(c.get("language")).and_then(|l| normalize_language_tag(&l));
        self.zone = string(c, "timezone").and_then(|z| SiteZone::parse(&z));
        self.base_url = string(c, "url").map(|u| site_url(&u));
        self.permalink =
            Some(string(c, "permalink").unwrap_or_else(|| ":year/:month/:day/:title/".to_string()));
        self.post_asset_folder = c
            .get("post_asset_folder")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.dated_file_names =
            string(c, "new_post_name").is_some_and(|n| n.starts_with(":year-:month-:day-"));
        let source = PathBuf::from(string(c, "source_dir").unwrap_or_else(|| "source".into()));
        self.post_dirs = vec![source.join("_posts")];
        self.draft_dirs = vec![source.join("_drafts")];
        self.static_dirs = vec![source];
        self.math = crate::math::map_switches_on(c);
    }

    fn read_hugo(&mut self, c: &Map<String, Value>) {
        self.title = string(c, "title");
        let params = c.get("params").and_then(Value::as_object);
        self.description = params
            .and_then(|p| string(p, "description"))
            .or_else(|| string(c, "description"));
        self.subtitle = params.and_then(|p| string(p, "subtitle"));
        self.author = params
            .and_then(|p| person(p.get("author")))
            .or_else(|| person(c.get("author")));
        self.language = ["languageCode", "locale", "defaultContentLanguage"]
            .iter()
            .find_map(|k| get_ci(c, k).and_then(Value::as_str))
            .and_then(normalize_language_tag);
        self.zone = get_ci(c, "timeZone")
            .and_then(Value::as_str)
            .and_then(SiteZone::parse);
        self.base_url = get_ci(c, "baseURL")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .map(site_url);
        if let Some(Value::Object(p)) = c.get("permalinks") {
            let patterns = match p.get("page") {
                Some(Value::Object(page)) => page,
                _ => p,
            };
            for (section, pattern) in patterns {
                if let Some(pattern) = pattern.as_str() {
                    self.permalinks.insert(section.clone(), pattern.to_string());
                }
            }
        }
        if let Some(Value::Object(t)) = c.get("taxonomies") {
            self.taxonomies = t
                .values()
                .filter_map(Value::as_str)
                .filter(|plural| !matches!(*plural, "tags" | "categories"))
                .map(str::to_string)
                .collect();
        }
        self.default_language = get_ci(c, "defaultContentLanguage")
            .and_then(Value::as_str)
            .unwrap_or("en")
            .to_string();
        self.default_language_in_subdir = get_ci(c, "defaultContentLanguageInSubdir")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(Value::Object(l)) = get_ci(c, "languages") {
            self.languages = l.keys().cloned().collect();
            for (code, settings) in l {
                let dir = settings
                    .as_object()
                    .and_then(|s| get_ci(s, "contentDir"))
                    .and_then(Value::as_str);
                if let Some(dir) = dir {
                    self.language_dirs.push((PathBuf::from(dir), code.clone()));
                }
            }
            // The deepest folder first: a post belongs to the most specific one.
            self.language_dirs
                .sort_by_key(|(dir, _)| std::cmp::Reverse(dir.components().count()));
        }
        let content = get_ci(c, "contentDir")
            .and_then(Value::as_str)
            .unwrap_or("content");
        let stat = get_ci(c, "staticDir")
            .and_then(Value::as_str)
            .unwrap_or("static");
        self.post_dirs = self
            .language_dirs
            .iter()
            .map(|(dir, _)| dir.clone())
            .chain([PathBuf::from(content)])
            .collect();
        self.static_dirs = vec![PathBuf::from(stat), PathBuf::from("assets")];
        self.math = crate::math::hugo_config_has_math(c);
    }

    fn read_jekyll(&mut self, c: &Map<String, Value>) {
        self.title = string(c, "title");
        self.description = string(c, "description");
        self.author = person(c.get("author"));
        self.language = string(c, "lang").and_then(|l| normalize_language_tag(&l));
        self.zone = string(c, "timezone").and_then(|z| SiteZone::parse(&z));
        let url = string(c, "url").unwrap_or_default();
        let baseurl = string(c, "baseurl").unwrap_or_default();
        if !url.is_empty() {
            self.base_url = Some(site_url(&format!(
                "{}{}",
                url.trim_end_matches('/'),
                baseurl
            )));
        }
        self.permalink = Some(string(c, "permalink").unwrap_or_else(|| "date".into()));
        self.post_dirs = vec![PathBuf::from("_posts")];
        self.draft_dirs = vec![PathBuf::from("_drafts")];
        self.static_dirs = vec![PathBuf::new()];
    }
}

impl Site {
    fn read_zola(&mut self, c: &Map<String, Value>) {
        self.title = string(c, "title");
        self.description = string(c, "description");
        self.author = string(c, "author");
        self.language = string(c, "default_language").and_then(|l| normalize_language_tag(&l));
        self.base_url = string(c, "base_url").map(|u| site_url(&u));
        if let Some(Value::Array(t)) = c.get("taxonomies") {
            self.taxonomies = t
                .iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str))
                .filter(|name| !matches!(*name, "tags" | "categories"))
                .map(str::to_string)
                .collect();
        }
        // Zola reads dates without an offset as UTC: the default zone.
        self.post_dirs = vec![PathBuf::from("content")];
        self.static_dirs = vec![PathBuf::from("static")];
    }
}

fn with_slash(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

/// A site's base URL, with a trailing slash. A host written without a scheme
/// (`example.com/blog`, a common `url` of Hexo and Jekyll configurations) or with `//`
/// is read as `https://`: links made from it would otherwise be relative to wherever the
/// output is opened. A path (`/`, Hugo's relative sites) stays a path.
fn site_url(url: &str) -> String {
    let url = url.trim();
    let host = url.split('/').next().unwrap_or_default();
    let bare_host = !url.contains("://")
        && (host.contains('.') || host.split(':').next() == Some("localhost"))
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if url.starts_with("//") {
        with_slash(&format!("https:{url}"))
    } else if bare_host {
        with_slash(&format!("https://{url}"))
    } else {
        with_slash(url)
    }
}

/// A key, matched exactly first, then ignoring ASCII case (`baseurl`, `timezone`).
fn get_ci<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    match get_ci(map, key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first_string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(|v| v.as_str().map(str::to_string)),
        _ => None,
    }
}

/// A person as configs write one: a name, or a mapping with `name`.
fn person(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(m) => string(m, "name"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hexo_config() {
        let text = "title: 新闻存档\nauthor: 编辑部\nlanguage:\n  - zh_CN\n  - en\ntimezone: Asia/Shanghai\nurl: https://news.example.cn/\npermalink: :year/:month/:day/:title/\npost_asset_folder: true\nnew_post_name: :year-:month-:day-:title.md\n";
        let site = Site::from_config(SiteKind::Hexo, PathBuf::new(), "_config.yml".into(), text)
            .expect("reads");
        assert_eq!(site.title.as_deref(), Some("新闻存档"));
        assert_eq!(site.language.as_deref(), Some("zh-CN"));
        assert_eq!(site.zone, SiteZone::parse("Asia/Shanghai"));
        assert_eq!(site.base_url.as_deref(), Some("https://news.example.cn/"));
        assert!(site.post_asset_folder);
        assert!(site.dated_file_names);
        assert_eq!(site.post_dirs, vec![PathBuf::from("source/_posts")]);
    }

    #[test]
    fn hugo_config() {
        let text = "baseURL = 'https://blog.example.org'\ntitle = 'Blog'\nlanguageCode = 'en-us'\ntimeZone = 'Europe/Berlin'\n[permalinks]\nposts = '/:year/:month/:slug/'\n[taxonomies]\ntag = 'tags'\ncategory = 'categories'\nseries = 'series'\n[params.author]\nname = 'Ann'\n";
        let site = Site::from_config(SiteKind::Hugo, PathBuf::new(), "hugo.toml".into(), text)
            .expect("reads");
        assert_eq!(site.base_url.as_deref(), Some("https://blog.example.org/"));
        assert_eq!(site.language.as_deref(), Some("en-US"));
        assert_eq!(site.author.as_deref(), Some("Ann"));
        assert_eq!(
            site.permalinks.get("posts").map(String::as_str),
            Some("/:year/:month/:slug/")
        );
        assert_eq!(site.taxonomies, vec!["series".to_string()]);
    }

    #[test]
    fn jekyll_config() {
        let text = "title: J\nurl: https://j.example.com\nbaseurl: /blog\nauthor:\n  name: Jo\ntimezone: America/New_York\n";
        let site = Site::from_config(SiteKind::Jekyll, PathBuf::new(), "_config.yml".into(), text)
            .expect("reads");
        assert_eq!(
            site.base_url.as_deref(),
            Some("https://j.example.com/blog/")
        );
        assert_eq!(site.author.as_deref(), Some("Jo"));
        assert_eq!(site.permalink.as_deref(), Some("date"));
    }

    #[test]
    fn zola_config() {
        let text = "base_url = \"https://z.example.org\"\ntitle = \"Z\"\ndefault_language = \"zh_CN\"\ntaxonomies = [{name = \"tags\"}, {name = \"series\"}]\n";
        let site = Site::from_config(SiteKind::Zola, PathBuf::new(), "config.toml".into(), text)
            .expect("reads");
        assert_eq!(site.base_url.as_deref(), Some("https://z.example.org/"));
        assert_eq!(site.language.as_deref(), Some("zh-CN"));
        assert_eq!(site.taxonomies, vec!["series".to_string()]);
        assert_eq!(site.post_dirs, vec![PathBuf::from("content")]);
    }

    #[test]
    fn hosts_without_a_scheme_are_read_as_https() {
        for (url, base) in [
            ("example.com/blog", "https://example.com/blog/"),
            ("//cdn.example.com", "https://cdn.example.com/"),
            ("localhost:4000", "https://localhost:4000/"),
            ("http://example.com", "http://example.com/"),
            ("/", "/"),
            ("/blog/", "/blog/"),
        ] {
            let text = format!("url: '{url}'\n");
            let site =
                Site::from_config(SiteKind::Hexo, PathBuf::new(), "_config.yml".into(), &text)
                    .expect("valid config");
            assert_eq!(site.base_url.as_deref(), Some(base), "{url}");
        }
    }

    #[test]
    fn broken_config_is_an_error() {
        assert!(
            Site::from_config(
                SiteKind::Hexo,
                PathBuf::new(),
                "_config.yml".into(),
                "title: [x"
            )
            .is_err()
        );
    }
}
