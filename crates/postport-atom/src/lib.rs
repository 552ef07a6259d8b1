//! postport articles to Atom (RFC 4287): a feed every validator accepts and every reader
//! shows, stable across re-exports, and RFC 5005 archives, complete feeds and
//! per-category or per-tag feeds for large archives.

mod document;
mod entry;
mod ids;
mod unique_ids;
mod writer;

use thiserror::Error;

pub use entry::{ContentMode, EntryIdStyle};
pub use ids::{entry_id, feed_id, host, is_absolute_iri};
pub use writer::{ArchiveBy, AtomOptions, AtomWriter, FeedMode, RenderedEntry, SplitOn};

/// Why a feed could not be written.
#[derive(Debug, Error)]
pub enum AtomError {
    /// Writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The options cannot work for this archive.
    #[error("{0}")]
    Invalid(String),
    /// `render` or `write` before `begin`.
    #[error("the feed was not begun")]
    NotBegun,
}
