//! Archives: a folder, a single post, or a `.zip` of posts, opened into one file index
//! with the sites and posts found in it. Zip entries are read in place, never extracted,
//! and entries whose names would leave the archive are refused.

mod discover;
mod index;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use postport_model::{Article, Diagnostic, DiagnosticKind, Resources, SourcePath};
use thiserror::Error;

pub use discover::{Discovery, PostEntry, detect_site, discover};
pub use index::FileIndex;

use crate::PostError;
use crate::post::{FileLookup, PostContext, ReadOptions, read_post};
use crate::site::Site;

/// The largest file read as a post or asset (a guard against zip bombs and stray
/// disk images, not a limit real posts reach).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why an archive cannot be opened at all.
#[derive(Debug, Error)]
pub enum ArchiveError {
    /// The input does not exist.
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    /// The input cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The input.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A `.zip` that is not a readable zip.
    #[error("{path}: not a readable zip archive ({reason})")]
    Zip {
        /// The input.
        path: PathBuf,
        /// What the zip reader said.
        reason: String,
    },
}

enum Storage {
    Folder(PathBuf),
    Zip {
        archive: Mutex<zip::ZipArchive<File>>,
        names: std::collections::HashMap<PathBuf, usize>,
    },
}

/// An opened archive: its files, sites and posts.
pub struct Archive {
    storage: Storage,
    input: PathBuf,
    index: FileIndex,
    discovery: Discovery,
    /// Limits reading to this file or folder (relative to the root), when the input
    /// was a part of a site whose root was found above it.
    scope: Option<PathBuf>,
}

/// Folders never searched for posts: dependencies, build output, themes, VCS data.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "themes",
    "public",
    "_site",
    ".git",
    ".hg",
    ".svn",
    "resources",
    "vendor",
];

impl Archive {
    /// Opens a folder, a post file, or a `.zip`.
    pub fn open(input: &Path) -> Result<Archive, ArchiveError> {
        let meta = std::fs::metadata(input).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ArchiveError::NotFound(input.to_path_buf()),
            _ => ArchiveError::Io {
                path: input.to_path_buf(),
                source: e,
            },
        })?;
        if meta.is_file()
            && input
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            return Archive::open_zip(input);
        }
        let (root, scope) = find_root(input, meta.is_file());
        let inside_site = scope.is_some() && !meta.is_file();
        let archive = Archive::open_folder(input, root, scope, meta.is_file());
        if inside_site && archive.discovery.entries.is_empty() {
            // A folder inside a site but outside where the site keeps its posts (an
            // export written under the site, say) is read as a folder of its own.
            return Ok(Archive::open_folder(
                input,
                input.to_path_buf(),
                None,
                false,
            ));
        }
        Ok(archive)
    }

    fn open_folder(
        input: &Path,
        root: PathBuf,
        scope: Option<PathBuf>,
        single_file: bool,
    ) -> Archive {
        let mut diagnostics = Vec::new();
        let index = index_folder(&root, &mut diagnostics);
        let read = |p: &Path| {
            std::fs::read(root.join(p))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        };
        let mut discovery = discover(&index, &read);
        discovery.diagnostics.extend(diagnostics);
        let mut archive = Archive {
            storage: Storage::Folder(root),
            input: input.to_path_buf(),
            index,
            discovery,
            scope,
        };
        archive.apply_scope(single_file);
        archive
    }

    fn open_zip(input: &Path) -> Result<Archive, ArchiveError> {
        let file = File::open(input).map_err(|e| ArchiveError::Io {
            path: input.to_path_buf(),
            source: e,
        })?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| ArchiveError::Zip {
            path: input.to_path_buf(),
            reason: e.to_string(),
        })?;
        let (mut files, mut dirs) = (Vec::new(), Vec::new());
        let mut names = std::collections::HashMap::new();
        let mut diagnostics = Vec::new();
        for i in 0..zip.len() {
            let Ok(entry) = zip.by_index_raw(i) else {
                continue;
            };
            let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            match entry.enclosed_name() {
                Some(path) if !entry.is_symlink() => {
                    if entry.is_dir() {
                        dirs.push(path);
                    } else if !path.components().any(|c| SKIPPED_DIRS.contains(&c.as_os_str().to_string_lossy().as_ref())) {
                        names.insert(path.clone(), i);
                        files.push(path);
                    }
                }
                _ => diagnostics.push((
                    SourcePath::new(raw_name.clone()),
                    Diagnostic::error(
                        DiagnosticKind::Io,
                        format!("zip entry `{raw_name}` is a link or points outside the archive; skipped"),
                    ),
                )),
            }
        }
        let index = FileIndex::new(files, dirs);
        let storage = Storage::Zip {
            archive: Mutex::new(zip),
            names,
        };
        let mut archive = Archive {
            storage,
            input: input.to_path_buf(),
            index,
            discovery: Discovery::default(),
            scope: None,
        };
        let mut discovery = {
            let read = |p: &Path| {
                archive
                    .read_bytes(p)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            };
            discover(&archive.index, &read)
        };
        discovery.diagnostics.extend(diagnostics);
        archive.discovery = discovery;
        Ok(archive)
    }

    fn apply_scope(&mut self, single_file: bool) {
        let Some(scope) = self.scope.clone() else {
            return;
        };
        self.discovery
            .entries
            .retain(|e| e.path.as_path().starts_with(&scope));
        if single_file && self.discovery.entries.is_empty() {
            // A single file is read even where its site would not look for posts.
            let site = self
                .discovery
                .sites
                .iter()
                .enumerate()
                .rev()
                .find(|(_, s)| scope.starts_with(&s.root))
                .map_or(0, |(i, _)| i);
            self.discovery.entries.push(PostEntry {
                path: SourcePath::new(scope),
                site,
                in_draft_dir: false,
            });
        }
    }

    /// What was given on the command line.
    pub fn input(&self) -> &Path {
        &self.input
    }

    /// A file of the archive as a user finds it: the real path for a folder,
    /// `archive.zip:inner/path` for a zip.
    pub fn display_path(&self, path: &SourcePath) -> String {
        match &self.storage {
            Storage::Folder(root) => root.join(path.as_path()).display().to_string(),
            Storage::Zip { .. } => format!("{}:{}", self.input.display(), path.display()),
        }
    }

    /// The sites found; the first is the input root's.
    pub fn sites(&self) -> &[Site] {
        &self.discovery.sites
    }

    /// The posts found, in path order.
    pub fn entries(&self) -> &[PostEntry] {
        &self.discovery.entries
    }

    /// Problems found while discovering (unreadable folders, symlink loops, bad configs).
    pub fn diagnostics(&self) -> &[(SourcePath, Diagnostic)] {
        &self.discovery.diagnostics
    }

    /// The archive's files.
    pub fn index(&self) -> &FileIndex {
        &self.index
    }

    /// Reads one post.
    pub fn read_entry(
        &self,
        entry: &PostEntry,
        options: &ReadOptions,
    ) -> Result<Article, PostError> {
        let bytes = self
            .read_bytes(entry.path.as_path())
            .map_err(|e| match e.kind() {
                io::ErrorKind::FileTooLarge => PostError::TooLarge {
                    size: MAX_FILE_BYTES + 1,
                    limit: MAX_FILE_BYTES,
                },
                _ => PostError::Io(e.to_string()),
            })?;
        let site = &self.discovery.sites[entry.site.min(self.discovery.sites.len() - 1)];
        let cx = PostContext {
            site,
            options,
            files: &self.index,
            in_draft_dir: entry.in_draft_dir,
        };
        read_post(&entry.path, bytes, &cx)
    }

    /// The bytes of a file of the archive.
    pub fn read_bytes(&self, path: &Path) -> io::Result<Vec<u8>> {
        match &self.storage {
            Storage::Folder(root) => {
                // One open and the size from the handle: a path lookup per post less.
                let file = std::fs::File::open(root.join(path))?;
                let size = file.metadata()?.len();
                if size > MAX_FILE_BYTES {
                    return Err(too_large());
                }
                let mut bytes = Vec::with_capacity(size as usize + 1);
                file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    return Err(too_large());
                }
                Ok(bytes)
            }
            Storage::Zip { archive, names } => {
                let index = *names
                    .get(path)
                    .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not in the zip"))?;
                let mut zip = archive
                    .lock()
                    .map_err(|_| io::Error::other("zip reader poisoned"))?;
                let entry = zip.by_index(index).map_err(io::Error::other)?;
                // The declared size refuses a bomb before inflating it; `take` bounds an
                // entry that lies about its size.
                if entry.size() > MAX_FILE_BYTES {
                    return Err(too_large());
                }
                let mut bytes = Vec::with_capacity(entry.size() as usize + 1);
                entry.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    return Err(too_large());
                }
                Ok(bytes)
            }
        }
    }
}

fn too_large() -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, "file too large")
}

impl Resources for Archive {
    fn read(&self, path: &SourcePath) -> io::Result<Vec<u8>> {
        self.read_bytes(path.as_path())
    }
}

/// The folder to index and the part of it to read: a site root found above the input
/// (so a post inside `source/_posts` keeps its site's timezone and URLs), else the
/// input folder (or a file's folder).
fn find_root(input: &Path, is_file: bool) -> (PathBuf, Option<PathBuf>) {
    let start = if is_file {
        input.parent().unwrap_or(Path::new("."))
    } else {
        input
    };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    for ancestor in absolute.ancestors().take(5) {
        let probe = ProbeFs(ancestor.to_path_buf());
        if detect_site(&probe, Path::new("")).is_some() {
            let Ok(rel) = absolute.strip_prefix(ancestor) else {
                break;
            };
            let scope = if is_file {
                input.file_name().map(|n| rel.join(n))
            } else if rel.as_os_str().is_empty() {
                None
            } else {
                Some(rel.to_path_buf())
            };
            return (ancestor.to_path_buf(), scope);
        }
    }
    let scope = if is_file {
        input.file_name().map(PathBuf::from)
    } else {
        None
    };
    (start.to_path_buf(), scope)
}

/// Site detection straight on the file system, for the search above the input.
struct ProbeFs(PathBuf);

impl FileLookup for ProbeFs {
    fn is_file(&self, path: &Path) -> bool {
        self.0.join(path).is_file()
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.0.join(path).is_dir()
    }
    fn files_under(&self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
}

fn index_folder(root: &Path, diagnostics: &mut Vec<(SourcePath, Diagnostic)>) -> FileIndex {
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    // Unsorted: the index sorts once, faster than walkdir sorting every folder by name.
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && SKIPPED_DIRS.iter().any(|s| e.file_name() == *s))
        });
    for item in walker {
        match item {
            Ok(entry) => {
                let Ok(rel) = entry.path().strip_prefix(root) else {
                    continue;
                };
                if entry.file_type().is_dir() {
                    dirs.push(rel.to_path_buf());
                } else if entry.file_type().is_file() {
                    files.push(rel.to_path_buf());
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let diagnostic = if err.loop_ancestor().is_some() {
                    Diagnostic::error(
                        DiagnosticKind::SymlinkLoop,
                        "symbolic link loops back to a folder that contains it; not followed",
                    )
                } else {
                    let reason = err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string());
                    Diagnostic::error(DiagnosticKind::Io, format!("cannot read: {reason}"))
                };
                diagnostics.push((SourcePath::new(path), diagnostic));
            }
        }
    }
    FileIndex::new(files, dirs)
}
