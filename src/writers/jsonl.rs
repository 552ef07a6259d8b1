//! JSON Lines output: lines rendered in parallel, written in order to one atomic file
//! (or standard output).

use postport_html::RenderHooks;
use postport_jsonl::{JsonlOptions, JsonlWriter, article_line};
use postport_model::{Article, Collection, Diagnostic, LinkTarget};

use crate::output::{OutputSink, OutputTarget};
use crate::writer::{EarlyContext, RenderContext, WriteError, WriteSummary, Writer};

/// Writes articles as JSON Lines.
pub struct JsonlOutput {
    target: OutputTarget,
    writer: Option<JsonlWriter<OutputSink>>,
    options: JsonlOptions,
}

impl JsonlOutput {
    /// Opens the output.
    pub fn new(target: OutputTarget, options: JsonlOptions) -> Result<Self, WriteError> {
        let sink =
            OutputSink::open(&target).map_err(|e| WriteError::io(target.display_path(), e))?;
        Ok(JsonlOutput {
            target,
            writer: Some(JsonlWriter::new(sink)),
            options,
        })
    }
}

/// Links to other posts point at their URLs and keep `data-post`.
struct Links<'a> {
    collection: &'a Collection,
}

impl RenderHooks for Links<'_> {
    fn link_href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Url(url) => Some(url.clone()),
            LinkTarget::Post(reference) => self
                .collection
                .resolve(reference)
                .and_then(|i| self.collection.entries[i].url.clone()),
        }
    }

    fn post_title(&self, reference: &str) -> Option<String> {
        self.collection
            .resolve(reference)
            .map(|i| self.collection.entries[i].title.clone())
    }
}

impl JsonlOutput {
    fn write_line(&mut self, line: impl AsRef<[u8]>) -> Result<(), WriteError> {
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| WriteError::Invalid("output closed".into()))?;
        writer
            .write_line(line)
            .map_err(|e| WriteError::io(self.target.display_path(), e))
    }
}

impl Writer for JsonlOutput {
    type Rendered = Vec<u8>;

    fn begin(&mut self, _collection: &Collection) -> Result<(), WriteError> {
        Ok(())
    }

    fn render(
        &self,
        article: &Article,
        cx: &RenderContext<'_>,
        _: &mut Vec<Diagnostic>,
    ) -> Result<Vec<u8>, WriteError> {
        let hooks = Links {
            collection: cx.collection,
        };
        Ok(article_line(article, &hooks, self.options))
    }

    fn render_alone(
        &self,
        article: &Article,
        cx: &EarlyContext<'_>,
        _: &mut Vec<Diagnostic>,
    ) -> Option<Vec<u8>> {
        // Links to other posts need the whole collection's URLs.
        if article.links_to_posts() {
            return None;
        }
        let hooks = Links {
            collection: cx.site_only,
        };
        Some(article_line(article, &hooks, self.options))
    }

    fn write_alone(&mut self, line: Vec<u8>, _: usize) -> Result<(), WriteError> {
        self.write_line(line)
    }

    fn write(&mut self, line: Vec<u8>) -> Result<(), WriteError> {
        self.write_line(line)
    }

    fn finish(mut self) -> Result<WriteSummary, WriteError> {
        let writer = self
            .writer
            .take()
            .ok_or_else(|| WriteError::Invalid("output closed".into()))?;
        let articles = writer.written();
        let sink = writer
            .finish()
            .map_err(|e| WriteError::io(self.target.display_path(), e))?;
        let path = sink
            .commit()
            .map_err(|e| WriteError::io(self.target.display_path(), e))?;
        Ok(WriteSummary {
            outputs: vec![path],
            articles,
            notes: Vec::new(),
        })
    }
}
