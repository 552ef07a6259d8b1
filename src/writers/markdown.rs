//! Markdown output: posts rendered in parallel (with their images), written file by file
//! into the output folder, the site configuration last.

use std::path::PathBuf;

use postport_markdown::{MarkdownError, MarkdownOptions, MarkdownWriter, RenderedPost};
use postport_model::{Article, Collection, Diagnostic};

use crate::writer::{RenderContext, WriteError, WriteSummary, Writer};

/// Writes articles as a Markdown site.
pub struct MarkdownOutput {
    writer: MarkdownWriter,
    output: PathBuf,
    written: usize,
}

impl MarkdownOutput {
    /// A site in the folder `output`.
    pub fn new(output: PathBuf, options: MarkdownOptions) -> Result<Self, WriteError> {
        let writer = MarkdownWriter::new(&output, options).map_err(|e| error(&output, e))?;
        Ok(MarkdownOutput {
            writer,
            output,
            written: 0,
        })
    }
}

fn error(output: &std::path::Path, e: MarkdownError) -> WriteError {
    match e {
        MarkdownError::Io { path, source } => WriteError::io(path, source),
        MarkdownError::Invalid(reason) => WriteError::Invalid(reason),
        other => WriteError::Invalid(format!("{}: {other}", output.display())),
    }
}

impl Writer for MarkdownOutput {
    type Rendered = RenderedPost;

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
    ) -> Result<RenderedPost, WriteError> {
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

    fn write(&mut self, post: RenderedPost) -> Result<(), WriteError> {
        self.written += 1;
        self.writer.write(post).map_err(|e| error(&self.output, e))
    }

    fn finish(self) -> Result<WriteSummary, WriteError> {
        let summary = self.writer.finish().map_err(|e| error(&self.output, e))?;
        let mut notes = vec![format!(
            "{} files in {}",
            summary.files.len(),
            self.output.display()
        )];
        if summary.raw_html > 0 {
            notes.push(format!(
                "{} post(s) keep {} part(s) as HTML, which Markdown cannot express (see the info diagnostics, -v)",
                summary.posts_with_raw_html, summary.raw_html
            ));
        }
        notes.extend(summary.notes);
        Ok(WriteSummary {
            outputs: vec![self.output],
            articles: self.written,
            notes,
        })
    }
}
