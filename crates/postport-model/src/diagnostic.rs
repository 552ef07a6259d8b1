//! Diagnostics: typed reports of what a reader or writer could not carry over faithfully.
//! A lossy conversion is a diagnostic, never a silent drop and never a crash.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing was lost (a legacy encoding was decoded, say).
    Info,
    /// Something was kept in a lesser form or left out (a bad date, an unknown shortcode).
    Warning,
    /// The input could not be read; the post was not converted.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What a diagnostic is about. The kebab-case name is its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The file could not be opened or read.
    Io,
    /// The file is empty.
    EmptyFile,
    /// The file holds binary data, not text.
    BinaryFile,
    /// The bytes could not be decoded as text.
    UndecodableText,
    /// The text was decoded from a legacy encoding (GBK, Big5, ...).
    LegacyEncoding,
    /// Front matter is not valid YAML, TOML or JSON.
    FrontMatterSyntax,
    /// Front matter opens but never closes.
    UnterminatedFrontMatter,
    /// Front matter parses, but is not a mapping of keys to values.
    FrontMatterNotMapping,
    /// Front matter was read after repairing it (tabs in YAML indentation).
    FrontMatterRepaired,
    /// A date could not be understood; the field was left empty.
    BadDate,
    /// A front matter value has an unexpected shape (a number where a list was expected).
    BadValue,
    /// A Hugo shortcode, Hexo tag or Liquid tag that is not known; kept verbatim.
    UnknownTemplate,
    /// An element that never reaches an output (script, style, form, inline SVG) was dropped.
    DroppedElement,
    /// A `javascript:` or other unsafe URL was removed.
    UnsafeUrl,
    /// Markup nested deeper than the model allows was flattened.
    NestingTooDeep,
    /// A local file the post refers to is not in the archive.
    MissingAsset,
    /// A symbolic link points back into its own ancestry.
    SymlinkLoop,
    /// Content was kept in a lesser form by a writer (a raw-HTML fallback, a link for a video).
    LossyConversion,
    /// A remote resource could not be fetched.
    FetchFailed,
    /// A post in a format postport does not read (Org-mode, AsciiDoc); it was skipped.
    UnsupportedFormat,
}

impl DiagnosticKind {
    /// The stable kebab-case code, as in JSON output.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::Io => "io",
            DiagnosticKind::EmptyFile => "empty-file",
            DiagnosticKind::BinaryFile => "binary-file",
            DiagnosticKind::UndecodableText => "undecodable-text",
            DiagnosticKind::LegacyEncoding => "legacy-encoding",
            DiagnosticKind::FrontMatterSyntax => "front-matter-syntax",
            DiagnosticKind::UnterminatedFrontMatter => "unterminated-front-matter",
            DiagnosticKind::FrontMatterNotMapping => "front-matter-not-mapping",
            DiagnosticKind::FrontMatterRepaired => "front-matter-repaired",
            DiagnosticKind::BadDate => "bad-date",
            DiagnosticKind::BadValue => "bad-value",
            DiagnosticKind::UnknownTemplate => "unknown-template",
            DiagnosticKind::DroppedElement => "dropped-element",
            DiagnosticKind::UnsafeUrl => "unsafe-url",
            DiagnosticKind::NestingTooDeep => "nesting-too-deep",
            DiagnosticKind::MissingAsset => "missing-asset",
            DiagnosticKind::SymlinkLoop => "symlink-loop",
            DiagnosticKind::LossyConversion => "lossy-conversion",
            DiagnosticKind::FetchFailed => "fetch-failed",
            DiagnosticKind::UnsupportedFormat => "unsupported-format",
        }
    }
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1; absent when only the line is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

/// One message about one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// What it is about.
    pub kind: DiagnosticKind,
    /// Where in the file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The reason, in words, saying what to do where that helps.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic without a position.
    pub fn new(severity: Severity, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            kind,
            position: None,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, kind, message)
    }

    /// An informational note.
    pub fn info(kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, kind, message)
    }

    /// An error.
    pub fn error(kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, kind, message)
    }

    /// The same diagnostic at a line (and column).
    pub fn at(mut self, line: u32, column: Option<u32>) -> Self {
        self.position = Some(Position { line, column });
        self
    }

    /// Moves the position down by `lines`, for a diagnostic of a fragment that starts
    /// at line `lines + 1` of its file.
    pub fn offset_lines(mut self, lines: u32) -> Self {
        if let Some(p) = &mut self.position {
            p.line += lines;
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `line:column: severity[code]: message`, compiler style (the path is added by the caller).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.position {
            write!(f, "{}:", p.line)?;
            if let Some(c) = p.column {
                write!(f, "{c}:")?;
            }
            f.write_str(" ")?;
        }
        write!(
            f,
            "{}[{}]: {}",
            self.severity,
            self.kind.code(),
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let d = Diagnostic::error(
            DiagnosticKind::FrontMatterSyntax,
            "mapping values are not allowed here",
        )
        .at(3, Some(7));
        assert_eq!(
            d.to_string(),
            "3:7: error[front-matter-syntax]: mapping values are not allowed here"
        );
        assert_eq!(
            d.offset_lines(2).position,
            Some(Position {
                line: 5,
                column: Some(7)
            })
        );
    }

    #[test]
    fn codes_match_serde_names() {
        for kind in [
            DiagnosticKind::BadDate,
            DiagnosticKind::UnknownTemplate,
            DiagnosticKind::FrontMatterNotMapping,
        ] {
            let json = serde_json::to_string(&kind).expect("serializes");
            assert_eq!(json.trim_matches('"'), kind.code());
        }
    }
}
