//! JSON Lines back to articles. The tree comes from `body` when present (URLs checked
//! against the allowlist), else from `body_html` through the HTML reader, so nothing
//! unsafe gets in whoever wrote the file.

use postport_html::{CleaningRules, read_html, sanitize_tree};
use postport_model::{Article, Block, Diagnostic, DiagnosticKind, Inline, Meta, plain_text};

use crate::JsonlError;
use crate::record::RecordIn;

/// Reads one line (`number` is 1-based, for errors).
pub fn read_line(line: &str, number: u32) -> Result<Article, JsonlError> {
    let record: RecordIn = serde_json::from_str(line).map_err(|e| {
        let (column, message) = if e.is_data() && !line.trim_start().starts_with('{') {
            (1, "a record is a JSON object, one a line".to_string())
        } else {
            // serde_json counts the line as the only one; the position travels apart.
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_string();
            (e.column() as u32, message)
        };
        JsonlError::Record {
            line: number,
            column,
            message,
        }
    })?;
    let mut diagnostics = Vec::new();
    let body = match (record.body, record.body_html, record.body_text) {
        (Some(mut tree), _, _) => {
            let removed = sanitize_tree(&mut tree);
            if removed > 0 {
                diagnostics.push(Diagnostic::warning(
                    DiagnosticKind::UnsafeUrl,
                    format!("removed {removed} unsafe URL(s) from the record's body"),
                ));
            }
            tree
        }
        (None, Some(html), _) => {
            let read = read_html(&html, &CleaningRules::none());
            diagnostics.extend(read.diagnostics);
            read.blocks
        }
        (None, None, Some(text)) => text
            .split('\n')
            .filter(|l| !l.trim().is_empty())
            .map(|l| Block::paragraph(vec![Inline::text(l)]))
            .collect(),
        (None, None, None) => Vec::new(),
    };
    let mut article = Article {
        source: record.source,
        meta: Meta {
            slug: record.slug.unwrap_or_default(),
            title: record.title,
            date: record.date,
            updated: record.updated,
            publish_date: record.publish_date,
            authors: record.authors,
            categories: record.categories,
            tags: record.tags,
            taxonomies: record.taxonomies,
            draft: record.draft,
            summary: None,
            language: record.language,
            cover: record.cover,
            url: record.url,
            id: record.id,
            extra: record.extra,
        },
        body,
        assets: record.assets,
        diagnostics,
    };
    // The summary is explicit unless it is just the text before the excerpt divider.
    let derived = article.summary_blocks().map(plain_text);
    if record.summary.is_some() && record.summary != derived {
        article.meta.summary = record.summary;
    }
    Ok(article)
}
