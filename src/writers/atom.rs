//! Atom output: entries rendered in parallel, written in order into the feed documents.

use std::path::PathBuf;

use postport_atom::{AtomError, AtomOptions, AtomWriter, RenderedEntry};
use postport_model::{Article, Collection, Diagnostic};

use crate::writer::{EarlyContext, RenderContext, WriteError, WriteSummary, Writer};

/// Writes articles as Atom feeds.
pub struct AtomOutput {
    writer: AtomWriter,
    output: PathBuf,
    written: usize,
}

impl AtomOutput {
    /// Feeds whose main document is `output`.
    pub fn new(output: PathBuf, options: AtomOptions) -> Self {
        AtomOutput {
            writer: AtomWriter::new(&output, options),
            output,
            written: 0,
        }
    }
}

fn error(output: &std::path::Path, e: AtomError) -> WriteError {
    match e {
        AtomError::Io(source) => WriteError::io(output, source),
        other => WriteError::Invalid(other.to_string()),
    }
}

impl Writer for AtomOutput {
    type Rendered = RenderedEntry;

    fn begin(&mut self, collection: &Collection) -> Result<(), WriteError> {
        self.writer
            .begin(collection)
            .map_err(|e| error(&self.output, e))
    }

    fn render(
        &self,
        article: &Article,
        cx: &RenderContext<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RenderedEntry, WriteError> {
        self.writer
            .render(
                article,
                cx.position,
                cx.collection,
                cx.resources,
                diagnostics,
            )
            .map_err(|e| WriteError::Article(e.to_string()))
    }

    fn render_alone(
        &self,
        article: &Article,
        cx: &EarlyContext<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Vec<u8>> {
        // A failure is left to `render`, which reports it with the article.
        self.writer
            .render_alone(article, cx.site_only, cx.resources, diagnostics)?
            .ok()
    }

    fn write_alone(&mut self, xml: Vec<u8>, position: usize) -> Result<(), WriteError> {
        self.written += 1;
        self.writer
            .write_alone(xml, position)
            .map_err(|e| error(&self.output, e))
    }

    fn write(&mut self, entry: RenderedEntry) -> Result<(), WriteError> {
        self.written += 1;
        self.writer.write(entry).map_err(|e| error(&self.output, e))
    }

    fn finish(self) -> Result<WriteSummary, WriteError> {
        let renamed = self.writer.renamed_ids();
        let outputs = self.writer.finish().map_err(|e| error(&self.output, e))?;
        let mut notes = Vec::new();
        if renamed > 0 {
            notes.push(format!(
                "{renamed} entr{} had the id of an entry written before (two posts of one day with one slug, or one front matter id in two posts) and got a suffix from the post's file, so that feed readers show every post",
                if renamed == 1 { "y" } else { "ies" }
            ));
        }
        Ok(WriteSummary {
            outputs,
            articles: self.written,
            notes,
        })
    }
}
