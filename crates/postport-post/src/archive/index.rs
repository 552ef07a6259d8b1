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
    /// An index of `files` and `dirs`, relative paths in any order; the folders of every
    /// file are added. Built in one pass: inserting ten thousand paths one by one, each
    /// compared component by component, took longer than reading the folder.
    pub fn new(mut files: Vec<PathBuf>, mut dirs: Vec<PathBuf>) -> Self {
        let mut previous: Option<&Path> = None;
        let mut ancestors = Vec::new();
        for file in &files {
            let parent = file.parent();
            if parent == previous {
                continue;
            }
            previous = parent;
            ancestors.extend(
                file.ancestors()
                    .skip(1)
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(Path::to_path_buf),
            );
        }
        dirs.append(&mut ancestors);
        dirs.retain(|d| !d.as_os_str().is_empty());
        // Sorted first by a key that orders as `Path` does, compared as bytes, so that
        // the sets below find their input in order.
        files.sort_by_cached_key(|p| component_key(p));
        dirs.sort_by_cached_key(|p| component_key(p));
        FileIndex {
            files: files.into_iter().collect(),
            dirs: dirs.into_iter().collect(),
            folded: OnceLock::new(),
        }
    }

    /// Adds a file (and its folders): the path-by-path reference [`FileIndex::new`] is
    /// tested against.
    #[cfg(test)]
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
    #[cfg(test)]
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

/// A path's components joined by NUL, which no file name contains: as bytes, these
/// keys sort as `Path`s do (component by component; `a/b` before `a.b`).
fn component_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len());
    for (i, component) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
    }
    key
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
    fn built_at_once_it_equals_built_one_by_one() {
        let files = [
            "a.b/x.md",
            "a/b/c.md",
            "a/b.md",
            "a b/c.md",
            "a/b/d.png",
            "e.md",
            "a-/z.md",
            "a/b/c/d/e.md",
        ];
        let mut one_by_one = FileIndex::default();
        for f in files {
            one_by_one.add_file(PathBuf::from(f));
        }
        one_by_one.add_dir(PathBuf::from("empty/folder"));
        let mut shuffled: Vec<PathBuf> = files.iter().rev().map(PathBuf::from).collect();
        shuffled.swap(1, 4);
        let at_once = FileIndex::new(
            shuffled,
            vec![PathBuf::from("empty/folder"), PathBuf::from("a")],
        );
        assert_eq!(at_once.files, one_by_one.files);
        assert_eq!(at_once.dirs, one_by_one.dirs);
        let mut keys: Vec<Vec<u8>> = files.iter().map(|f| component_key(Path::new(f))).collect();
        keys.sort();
        let by_key: Vec<Vec<u8>> = one_by_one.files().map(|p| component_key(p)).collect();
        assert_eq!(keys, by_key, "the keys sort as paths do");
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
