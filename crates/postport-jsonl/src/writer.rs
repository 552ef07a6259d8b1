//! Articles to JSON Lines: one UTF-8 line per article, rendered independently so lines
//! can be made in parallel and written in order.

use std::io::{self, Write};

use postport_html::{RenderHooks, render_html};
use postport_model::{Article, plain_text};

use crate::record::article_out;

/// How records are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonlOptions {
    /// Include the document tree as `body`.
    pub with_tree: bool,
}

/// One article as a JSON line of UTF-8 bytes, newline included. `hooks` resolve links to
/// other posts. Bytes, not a `String`: serde_json writes UTF-8, and checking a line of
/// hundreds of kilobytes again cost more than writing it.
pub fn article_line(article: &Article, hooks: &dyn RenderHooks, options: JsonlOptions) -> Vec<u8> {
    let body_html = render_html(&article.body, hooks);
    let body_text = plain_text(&article.body);
    // Sized for the two bodies and the metadata up front: growing a line of hundreds of
    // kilobytes by doubling copied it several times.
    let mut line = Vec::with_capacity(body_html.len() + body_text.len() + 1024);
    let record = article_out(article, body_html, body_text, options.with_tree);
    // sonic-rs escapes strings with SIMD, three times as fast as serde_json on the long
    // bodies of news posts, and writes the same bytes (a test below holds it to that).
    // A record of strings, numbers and maps always serializes, and as UTF-8.
    if sonic_rs::to_writer(&mut line, &record).is_err() {
        line.clear();
    }
    line.push(b'\n');
    line
}

/// Writes lines to a sink.
pub struct JsonlWriter<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer to `out` (buffer it: lines are written one call each).
    pub fn new(out: W) -> Self {
        JsonlWriter { out, written: 0 }
    }

    /// Writes a line made by [`article_line`].
    pub fn write_line(&mut self, line: impl AsRef<[u8]>) -> io::Result<()> {
        self.out.write_all(line.as_ref())?;
        self.written += 1;
        Ok(())
    }

    /// How many lines were written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Flushes and returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
