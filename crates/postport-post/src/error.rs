//! Why a post could not be read: one typed error per cause, with the line and column
//! where known, turned into a diagnostic at the edge.

use postport_model::{Diagnostic, DiagnosticKind, Position, Severity};
use thiserror::Error;

/// A post that could not be read at all.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PostError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// The file holds binary data.
    #[error("the file is binary (it holds NUL bytes or control characters), not a post")]
    Binary,
    /// The bytes are not text in any encoding the reader recognises.
    #[error("the bytes are not valid {encoding} text{}; re-save the file as UTF-8", at_line(*line))]
    Undecodable {
        /// The encoding that was tried.
        encoding: String,
        /// The first line with a bad byte sequence.
        line: Option<u32>,
    },
    /// Front matter is malformed.
    #[error("invalid {format} front matter: {message}")]
    FrontMatter {
        /// YAML, TOML or JSON.
        format: &'static str,
        /// What the parser said.
        message: String,
        /// Where, in the file.
        position: Option<Position>,
    },
    /// Front matter opens but does not close.
    #[error("front matter opened on line {line} is never closed; add a closing `{fence}` line")]
    Unterminated {
        /// The fence that would close it.
        fence: String,
        /// Its line.
        line: u32,
    },
    /// Front matter is not a mapping.
    #[error("front matter must be a mapping of keys to values, but this one is {found}")]
    NotMapping {
        /// What it is instead.
        found: &'static str,
        /// Its line.
        line: u32,
    },
    /// The file is too large to be a post.
    #[error("the file is {size} bytes, over the {limit}-byte limit for one post")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

fn at_line(line: Option<u32>) -> String {
    line.map(|l| format!(" (first bad byte on line {l})"))
        .unwrap_or_default()
}

impl PostError {
    /// The diagnostic kind of this error.
    pub fn kind(&self) -> DiagnosticKind {
        match self {
            PostError::Io(_) | PostError::TooLarge { .. } => DiagnosticKind::Io,
            PostError::Empty => DiagnosticKind::EmptyFile,
            PostError::Binary => DiagnosticKind::BinaryFile,
            PostError::Undecodable { .. } => DiagnosticKind::UndecodableText,
            PostError::FrontMatter { .. } => DiagnosticKind::FrontMatterSyntax,
            PostError::Unterminated { .. } => DiagnosticKind::UnterminatedFrontMatter,
            PostError::NotMapping { .. } => DiagnosticKind::FrontMatterNotMapping,
        }
    }

    /// Where in the file, when known.
    pub fn position(&self) -> Option<Position> {
        match self {
            PostError::FrontMatter { position, .. } => *position,
            PostError::Unterminated { line, .. } | PostError::NotMapping { line, .. } => {
                Some(Position {
                    line: *line,
                    column: None,
                })
            }
            PostError::Undecodable { line, .. } => line.map(|line| Position { line, column: None }),
            _ => None,
        }
    }

    /// The error as a diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind: self.kind(),
            position: self.position(),
            message: self.to_string(),
        }
    }
}
