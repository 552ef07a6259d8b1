//! The one interface between the pipeline and an output format: `begin` with the whole
//! collection, `render` each article (in parallel), `write` them in order, `finish`.

use std::io;
use std::path::PathBuf;

use postport_model::{Article, Collection, Diagnostic, Resources};
use thiserror::Error;

/// What a writer is given with each article.
pub struct RenderContext<'a> {
    /// The whole collection (titles, URLs, link resolution).
    pub collection: &'a Collection,
    /// The files of the article's archive (images to embed or copy).
    pub resources: &'a dyn Resources,
    /// Where the article sits in the output order.
    pub position: usize,
}

/// What a writer is given to render an article while the archive is still being read.
pub struct EarlyContext<'a> {
    /// The collection as known before any article: its site, no entries.
    pub site_only: &'a Collection,
    /// The files of the article's archive.
    pub resources: &'a dyn Resources,
}

/// An output format.
pub trait Writer: Send + Sync {
    /// One article, rendered and ready to be written.
    type Rendered: Send;

    /// Called once, before any article.
    fn begin(&mut self, collection: &Collection) -> Result<(), WriteError>;

    /// Renders one article; called in parallel, so it only reads `self`. Lossy
    /// conversions go to `diagnostics`.
    fn render(
        &self,
        article: &Article,
        cx: &RenderContext<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Self::Rendered, WriteError>;

    /// Writes one rendered article, in output order.
    fn write(&mut self, rendered: Self::Rendered) -> Result<(), WriteError>;

    /// Renders an article whose output needs nothing from the rest of the collection
    /// beyond its site (no links to other posts, say), while the archive is still being read:
    /// it then waits for sorting as these bytes rather than as its tree, and is not
    /// rendered again. `None` (the default): render it after sorting.
    fn render_alone(
        &self,
        article: &Article,
        cx: &EarlyContext<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Vec<u8>> {
        let _ = (article, cx, diagnostics);
        None
    }

    /// Writes what [`Writer::render_alone`] made, in output order (`position`, as
    /// [`RenderContext::position`]).
    fn write_alone(&mut self, rendered: Vec<u8>, position: usize) -> Result<(), WriteError> {
        let _ = (rendered, position);
        Err(WriteError::Invalid(
            "this writer renders nothing ahead of sorting".into(),
        ))
    }

    /// Completes the output (and moves it into place) and says what was written.
    fn finish(self) -> Result<WriteSummary, WriteError>;
}

/// What a writer produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files written (or `-` for standard output).
    pub outputs: Vec<PathBuf>,
    /// Articles written.
    pub articles: usize,
    /// What the user should know about the output (what its target needs to use it).
    pub notes: Vec<String>,
}

/// Why writing failed.
#[derive(Debug, Error)]
pub enum WriteError {
    /// One article could not be written; the others are.
    #[error("{0}")]
    Article(String),
    /// The output could not be written; nothing is.
    #[error("{path}: {source}")]
    Io {
        /// The output.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The writer cannot work with these options or this collection.
    #[error("{0}")]
    Invalid(String),
}

impl WriteError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        WriteError::Io {
            path: path.into(),
            source,
        }
    }
}
