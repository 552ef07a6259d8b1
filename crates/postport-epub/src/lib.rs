//! postport articles to EPUB 3 books (with the EPUB 2 NCX for old readers), built with
//! epub-builder and valid under epubcheck: one chapter per post, a nested table of
//! contents, embedded and converted images, a cover, accessibility metadata, volumes.

mod chapter;
mod cover;
mod images;
mod labels;
mod plan;
mod style;
mod user_style;
mod writer;
mod zip;

use thiserror::Error;

pub use labels::Labels;
pub use plan::{SplitBy, TocBy};
pub use user_style::{StyleFile, UserStyle};
pub use writer::{Chapter, EpubOptions, EpubWriter};

/// Why a book could not be written.
#[derive(Debug, Error)]
pub enum EpubError {
    /// Writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// epub-builder refused something.
    #[error("EPUB builder: {0}")]
    Builder(String),
    /// The cover image could not be used.
    #[error("cover image {0}")]
    Cover(String),
    /// `render` or `write` before `begin`.
    #[error("the book was not begun")]
    NotBegun,
    /// No post to put in the book.
    #[error("no posts to put in a book (check the filters, or --drafts)")]
    Empty,
}

/// Whether a character is East Asian wide (it takes a full square on a cover).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Width of text in full squares (a wide character is 1, others about 0.55).
pub(crate) fn text_width(s: &str) -> f32 {
    s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.55 }).sum()
}
