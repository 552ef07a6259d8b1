//! The one way writers reach the bytes of a post's local files, whatever the archive
//! is (a folder, a zip): readers implement it, writers call it.

use std::io;

use crate::SourcePath;

/// Gives the bytes of files of the archive an article came from.
pub trait Resources: Sync {
    /// Reads the file at `path` (relative to the input root, as in [`crate::Asset::path`]).
    fn read(&self, path: &SourcePath) -> io::Result<Vec<u8>>;
}

/// An archive with no files, for writers run on articles that have no assets.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoResources;

impl Resources for NoResources {
    fn read(&self, path: &SourcePath) -> io::Result<Vec<u8>> {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{path}: no archive to read files from"),
        ))
    }
}
