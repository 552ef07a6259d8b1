//! The sorted list of an archive's files and folders, the same for a folder and a zip,
//! so that discovery and asset lookup never touch storage directly.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use crate::post::FileLookup;

/// Every file and folder of an archive, relative to its root.
#[derive(Debug, Default, Clone)]
pub struct FileIndex {
    files: BTreeSet<PathBuf>,
    dirs: BTreeSet<PathBuf>,
}

impl FileIndex {
    /// Adds a file (and its folders).
    pub fn add_file(&mut self, path: PathBuf) {
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d.as_os_str().is_empty() || !self.dirs.insert(d.to_path_buf()) {
                break;
            }
            dir = d.parent();
        }
        self.files.insert(path);
    }

    /// Adds a folder.
    pub fn add_dir(&mut self, path: PathBuf) {
        if !path.as_os_str().is_empty() {
            self.dirs.insert(path);
        }
    }

    /// All files, sorted.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.iter()
    }

    /// All folders, sorted (the root is not listed).
    pub fn dirs(&self) -> impl Iterator<Item = &PathBuf> {
        self.dirs.iter()
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl FileLookup for FileIndex {
    fn is_file(&self, path: &Path) -> bool {
        self.files.contains(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.as_os_str().is_empty() || self.dirs.contains(path)
    }

    fn files_under(&self, dir: &Path) -> Vec<PathBuf> {
        // Paths under `dir` sort right after it; stop at the first that is not under it.
        self.files
            .range::<Path, _>((Bound::Excluded(dir), Bound::Unbounded))
            .take_while(|p| p.starts_with(dir))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let mut index = FileIndex::default();
        for p in ["a/b/c.md", "a/b/d.png", "a/bz.md", "e.md"] {
            index.add_file(PathBuf::from(p));
        }
        assert!(index.is_file(Path::new("a/b/c.md")));
        assert!(index.is_dir(Path::new("a/b")));
        assert!(!index.is_dir(Path::new("a/b/c.md")));
        assert_eq!(
            index.files_under(Path::new("a/b")),
            vec![PathBuf::from("a/b/c.md"), PathBuf::from("a/b/d.png")]
        );
        assert_eq!(index.files_under(Path::new("")).len(), 4);
    }
}
