//! Images for postport's writers: what an image really is (sniffed from its bytes),
//! conversion to formats every reader shows, and remote images fetched in parallel
//! with a timeout, a size cap, retries, a `Referer` and an on-disk cache.

mod avif;
mod convert;
mod fetch;
mod format;

use thiserror::Error;

pub use convert::{Publishable, publishable, sanitize_svg};
pub use fetch::{FetchOptions, Fetcher};
pub use format::{ImageFormat, sniff};

/// Why an image could not be used.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// The bytes are not an image (an error page served as an image, say).
    #[error("not an image")]
    NotAnImage,
    /// A format postport cannot convert.
    #[error("{} images cannot be converted here", .0.media_type())]
    Unsupported(ImageFormat),
    /// Decoding or encoding failed.
    #[error("cannot decode the image: {0}")]
    Decode(String),
    /// The download failed.
    #[error("download failed: {0}")]
    Fetch(String),
    /// Reading a local file failed.
    #[error("cannot read: {0}")]
    Io(String),
}
