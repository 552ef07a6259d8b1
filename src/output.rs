//! Where a single-file output goes: a file, written atomically (see `postport-output`),
//! or standard output.

use std::io::{self, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

pub use postport_output::AtomicFile;

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
