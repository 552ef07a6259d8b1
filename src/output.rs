//! Output files written atomically: into a temporary file beside the target, renamed
//! over it only when complete, so a failed or interrupted run leaves nothing half-written.

use std::fs::File;
use std::io::{self, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// A file path.
    File(PathBuf),
    /// Standard output (`-o -`).
    Stdout,
}

impl OutputTarget {
    /// `-` is standard output; anything else a path.
    pub fn parse(s: &Path) -> Self {
        if s == Path::new("-") {
            OutputTarget::Stdout
        } else {
            OutputTarget::File(s.to_path_buf())
        }
    }

    /// The path shown in messages.
    pub fn display_path(&self) -> PathBuf {
        match self {
            OutputTarget::File(p) => p.clone(),
            OutputTarget::Stdout => PathBuf::from("-"),
        }
    }
}

/// A file being written; it appears at its path on [`AtomicFile::commit`] only.
pub struct AtomicFile {
    path: PathBuf,
    temp: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path` (its folder is created if missing).
    pub fn create(path: &Path) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".postport-").suffix(".partial");
        // Temporary files are private (0600); the output gets ordinary permissions.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let temp = builder.tempfile_in(&dir)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp: BufWriter::with_capacity(256 * 1024, temp),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and renames the file into place. The rename is what makes the output
    /// atomic for every other process; no fsync, as a crash of the machine is not a
    /// failure mode a converter guards against (cargo and most tools do the same).
    pub fn commit(self) -> io::Result<PathBuf> {
        let temp = self.temp.into_inner().map_err(|e| e.into_error())?;
        let persisted: File = temp.persist(&self.path).map_err(|e| e.error)?;
        drop(persisted);
        Ok(self.path)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// A file target or standard output.
pub enum OutputSink {
    /// An atomic file.
    File(AtomicFile),
    /// Standard output, buffered.
    Stdout(BufWriter<Stdout>),
}

impl OutputSink {
    /// Opens a target.
    pub fn open(target: &OutputTarget) -> io::Result<Self> {
        Ok(match target {
            OutputTarget::File(path) => OutputSink::File(AtomicFile::create(path)?),
            OutputTarget::Stdout => OutputSink::Stdout(BufWriter::new(io::stdout())),
        })
    }

    /// Completes the output.
    pub fn commit(self) -> io::Result<PathBuf> {
        match self {
            OutputSink::File(f) => f.commit(),
            OutputSink::Stdout(mut s) => {
                s.flush()?;
                Ok(PathBuf::from("-"))
            }
        }
    }
}

impl Write for OutputSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            OutputSink::File(f) => f.write(buf),
            OutputSink::Stdout(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            OutputSink::File(f) => f.flush(),
            OutputSink::Stdout(s) => s.flush(),
        }
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
}
