//! A file being written beside its target, which appears at the target's path only when
//! it is complete.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::replace;

/// A new temporary file in the folder of `path` (created if missing), named
/// `.postport-*.partial`, readable by others as the output will be (temporary files are
/// otherwise private).
fn temporary_beside(path: &Path) -> io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".postport-").suffix(".partial");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temp = temporary_beside(path)?;
    temp.write_all(bytes)?;
    replace(temp, path)
}

/// A file being written; it appears at its path on [`AtomicFile::commit`] only, and is
/// removed if dropped before.
pub struct AtomicFile {
    path: PathBuf,
    temp: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path` (its folder is created if missing).
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp: BufWriter::with_capacity(256 * 1024, temporary_beside(path)?),
        })
    }

    /// Flushes and moves the file into place. The move is what makes the output atomic
    /// for every other process; no fsync, as a crash of the machine is not a failure
    /// mode a converter guards against (cargo and most tools do the same).
    pub fn commit(self) -> io::Result<PathBuf> {
        self.finish()?.commit()
    }

    /// Flushes the file and lets its buffer go, to be moved into place later with
    /// others: a writer of hundreds of documents keeps no buffer per document.
    pub fn finish(self) -> io::Result<FinishedFile> {
        Ok(FinishedFile {
            temp: self.temp.into_inner().map_err(|e| e.into_error())?,
            path: self.path,
        })
    }
}

/// A complete file not yet in place; removed if dropped.
pub struct FinishedFile {
    temp: NamedTempFile,
    path: PathBuf,
}

impl FinishedFile {
    /// Moves the file into place.
    pub fn commit(self) -> io::Result<PathBuf> {
        replace(self.temp, &self.path)?;
        Ok(self.path)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.temp.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out/book.jsonl");
        let mut f = AtomicFile::create(&path).expect("creates");
        f.write_all(b"line\n").expect("writes");
        assert!(!path.exists());
        f.commit().expect("commits");
        assert_eq!(std::fs::read_to_string(&path).expect("exists"), "line\n");
        let mut g = AtomicFile::create(&path).expect("creates");
        g.write_all(b"other\n").expect("writes");
        drop(g);
        assert_eq!(
            std::fs::read_to_string(&path).expect("exists"),
            "line\n",
            "an abandoned write leaves the old file"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .expect("lists")
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_permissions_of_an_ordinary_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let mode = |path: &Path| std::fs::metadata(path).expect("meta").permissions().mode();
        let ordinary = dir.path().join("ordinary");
        std::fs::write(&ordinary, b"x").expect("writes");
        let path = dir.path().join("feed.atom");
        write_atomic(&path, b"<feed/>").expect("writes");
        // Not the 0600 of a temporary file: what the umask allows of 0644.
        assert_eq!(mode(&path) & 0o777, mode(&ordinary) & 0o644);
    }
}
