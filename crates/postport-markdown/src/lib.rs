//! postport articles to Markdown sites that Hugo, Hexo, Jekyll or Zola build as they
//! are: CommonMark/GFM bodies with CJK-safe emphasis, each target's front matter,
//! folders, idioms and template escaping, and old URLs kept as aliases.

mod config;
mod escape;
mod flanking;
mod front_matter;
mod paths;
mod render;
mod target;
mod writer;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use config::{UrlPattern, site_path};
pub use flanking::star_pair_works;
pub use front_matter::CATEGORY_PATHS;
pub use paths::safe_slug;
pub use render::{BodyEnv, PlainEnv, PostHref, PostLink, RenderedBody, render_body};
pub use target::{FrontMatterFormat, Layout, Target};
pub use writer::{MarkdownOptions, MarkdownSummary, MarkdownWriter, RenderedPost};

/// Why a site could not be written.
#[derive(Debug, Error)]
pub enum MarkdownError {
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A path would leave the output folder (never written).
    #[error("{0} is outside the output folder")]
    Outside(PathBuf),
    /// Front matter could not be serialized.
    #[error("front matter: {0}")]
    FrontMatter(String),
    /// The options cannot work.
    #[error("{0}")]
    Invalid(String),
}

impl MarkdownError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        MarkdownError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
