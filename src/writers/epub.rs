//! EPUB output: chapters rendered in parallel, added to the book (or volumes) in order.

use std::path::PathBuf;

use postport_epub::{Chapter, EpubError, EpubOptions, EpubWriter};
use postport_model::{Article, Collection, Diagnostic};

use crate::writer::{EarlyContext, RenderContext, WriteError, WriteSummary, Writer};

/// Writes articles as an EPUB book.
pub struct EpubOutput {
    writer: EpubWriter,
    output: PathBuf,
    written: usize,
    /// What the user's stylesheet lost.
    notes: Vec<String>,
}

impl EpubOutput {
    /// A book at `output`.
    pub fn new(output: PathBuf, options: EpubOptions) -> Result<Self, WriteError> {
        let notes = options
            .css
            .as_ref()
            .map(|style| style.notes.clone())
            .unwrap_or_default();
        let writer = EpubWriter::new(&output, options).map_err(|e| error(&output, e))?;
        Ok(EpubOutput {
            writer,
            output,
            written: 0,
            notes,
        })
    }
}

fn error(output: &std::path::Path, e: EpubError) -> WriteError {
    match e {
        EpubError::Io(source) => WriteError::io(output, source),
        other => WriteError::Invalid(other.to_string()),
    }
}

impl Writer for EpubOutput {
    type Rendered = Chapter;

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
    ) -> Result<Chapter, WriteError> {
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
        self.writer
            .render_alone(article, cx.site_only, cx.resources, diagnostics)
    }

    fn write_alone(&mut self, rendered: Vec<u8>, position: usize) -> Result<(), WriteError> {
        self.written += 1;
        self.writer
            .write_alone(&rendered, position)
            .map_err(|e| error(&self.output, e))
    }

    fn write(&mut self, chapter: Chapter) -> Result<(), WriteError> {
        self.written += 1;
        self.writer
            .write(chapter)
            .map_err(|e| error(&self.output, e))
    }

    fn finish(self) -> Result<WriteSummary, WriteError> {
        let outputs = self.writer.finish().map_err(|e| error(&self.output, e))?;
        Ok(WriteSummary {
            outputs,
            articles: self.written,
            notes: self.notes,
        })
    }
}
