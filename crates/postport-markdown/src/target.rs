//! The generators postport writes sites for, and what differs between them: where posts
//! and images go, which front matter format they default to, and their idioms.

use std::fmt;

/// The generator the Markdown is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Hugo: `content/posts/`, shortcodes `{{< figure >}}`, `{{< ref >}}`.
    Hugo,
    /// Hexo: `source/_posts/` with asset folders, tags `{% asset_img %}`, `{% post_link %}`.
    Hexo,
    /// Jekyll: `_posts/YYYY-MM-DD-slug.md`, `{% post_url %}`, Liquid everywhere.
    Jekyll,
    /// Zola: `content/posts/`, TOML front matter, `@/` internal links.
    Zola,
    /// CommonMark/GFM files with YAML front matter, for any other tool.
    Plain,
}

impl Target {
    /// Parses `hugo`, `hexo`, `jekyll`, `zola`, `plain`.
    pub fn parse(s: &str) -> Option<Target> {
        Some(match s.to_ascii_lowercase().as_str() {
            "hugo" => Target::Hugo,
            "hexo" => Target::Hexo,
            "jekyll" => Target::Jekyll,
            "zola" => Target::Zola,
            "plain" | "markdown" | "gfm" => Target::Plain,
            _ => return None,
        })
    }

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Target::Hugo => "hugo",
            Target::Hexo => "hexo",
            Target::Jekyll => "jekyll",
            Target::Zola => "zola",
            Target::Plain => "plain",
        }
    }

    /// The front matter format the generator's own tools write.
    pub fn default_front_matter(self) -> FrontMatterFormat {
        match self {
            Target::Zola => FrontMatterFormat::Toml,
            _ => FrontMatterFormat::Yaml,
        }
    }

    /// The excerpt divider the generator recognises (Hugo matches these exact bytes).
    pub fn more_marker(self) -> &'static str {
        match self {
            Target::Hugo => "<!--more-->",
            _ => "<!-- more -->",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How front matter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    /// `---` YAML `---`.
    Yaml,
    /// `+++` TOML `+++`.
    Toml,
    /// A JSON object (Hugo); Hexo's `;;;` form elsewhere.
    Json,
}

impl FrontMatterFormat {
    /// Parses `yaml`, `toml`, `json`.
    pub fn parse(s: &str) -> Option<FrontMatterFormat> {
        Some(match s.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => FrontMatterFormat::Yaml,
            "toml" => FrontMatterFormat::Toml,
            "json" => FrontMatterFormat::Json,
            _ => return None,
        })
    }
}

/// Where a post and its files go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One folder per post (`posts/<slug>/index.md` beside its images): Hugo and Zola
    /// page bundles; Hexo asset folders.
    #[default]
    Bundle,
    /// One file per post, images in a shared static folder.
    Flat,
}
