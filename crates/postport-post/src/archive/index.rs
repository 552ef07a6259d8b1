//! The sorted list of an archive's files and folders, the same for a folder and a zip,
//! so that discovery and asset lookup never touch storage directly.

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::post::FileLookup;

/// Every file and folder of an archive, relative to its root.
#[derive(Debug, Default, Clone)]
pub struct FileIndex {
    files: BTreeSet<PathBuf>,
    dirs: BTreeSet<PathBuf>,
    /// Files by their lower-cased path, built the first time a lookup needs it.
    folded: OnceLock<HashMap<String, Vec<PathBuf>>>,
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
        self.folded = OnceLock::new();
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

    fn file_ignoring_case(&self, path: &Path) -> Option<PathBuf> {
        let folded = self.folded.get_or_init(|| {
            let mut map: HashMap<String, Vec<PathBuf>> = HashMap::new();
            for f in &self.files {
                map.entry(f.to_string_lossy().to_lowercase())
                    .or_default()
                    .push(f.clone());
            }
            map
        });
        match folded
            .get(&path.to_string_lossy().to_lowercase())?
            .as_slice()
        {
            [one] => Some(one.clone()),
            _ => None,
        }
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
    fn a_file_is_found_whatever_its_letter_case_when_only_one_matches() {
        let mut index = FileIndex::default();
        index.add_file(PathBuf::from("posts/a/Photo.JPG"));
        index.add_file(PathBuf::from("posts/a/x.png"));
        index.add_file(PathBuf::from("posts/a/X.png"));
        assert_eq!(
            index.file_ignoring_case(Path::new("posts/A/photo.jpg")),
            Some(PathBuf::from("posts/a/Photo.JPG"))
        );
        // Two files differ only in case: neither is guessed.
        assert_eq!(index.file_ignoring_case(Path::new("posts/a/x.PNG")), None);
        // Added later: the folded index is rebuilt.
        index.add_file(PathBuf::from("posts/b/Late.png"));
        assert!(
            index
                .file_ignoring_case(Path::new("posts/b/late.png"))
                .is_some()
        );
    }

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
