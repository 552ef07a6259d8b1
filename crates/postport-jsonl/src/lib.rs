//! postport articles to and from JSON Lines: one article a line, UTF-8, with the record
//! format specified by `schema/article.schema.json`.

mod reader;
mod record;
mod writer;

use thiserror::Error;

pub use reader::read_line;
pub use writer::{JsonlOptions, JsonlWriter, article_line};

/// The JSON Schema of one record.
pub const SCHEMA: &str = include_str!("../schema/article.schema.json");

/// A line that is not a valid record.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum JsonlError {
    /// The line is not JSON, or not shaped like a record.
    #[error("not a postport record: {message}")]
    Record {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the JSON reader said.
        message: String,
    },
}

impl JsonlError {
    /// The 1-based column where the line stops being a record.
    pub fn column(&self) -> u32 {
        match self {
            JsonlError::Record { column, .. } => *column,
        }
    }
}
