//! What a run did: counts, every diagnostic with the file it is about, the outputs,
//! and the exit status that follows (0 clean, 1 some inputs had errors, 2 fatal).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use postport_model::{Diagnostic, DiagnosticKind, Severity};
use serde::Serialize;

/// A diagnostic and the file it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reported {
    /// The file, as the user finds it.
    pub file: String,
    /// What happened.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Reported {
    /// `path:line:column: severity[code]: message`, like a compiler.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The diagnostic starts with `line:column: ` when it has a position.
        let sep = if self.diagnostic.position.is_some() {
            ""
        } else {
            " "
        };
        write!(f, "{}:{sep}{}", self.file, self.diagnostic)
    }
}

/// The outcome of a conversion.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Posts found in the inputs.
    pub found: usize,
    /// Posts read.
    pub read: usize,
    /// Posts that could not be read.
    pub failed: usize,
    /// Drafts left out (no `--drafts`).
    pub drafts_skipped: usize,
    /// Posts left out by `--since`, `--until`, `--category`, `--tag` or `--limit`.
    pub filtered: usize,
    /// Articles written.
    pub written: usize,
    /// Every diagnostic, by file and line (informational ones only when
    /// [`Report::list_info`] is set; the others are only counted).
    pub diagnostics: Vec<Reported>,
    /// Whether informational diagnostics are listed, not only counted. A news archive
    /// gets one or two a post (the cleaning rules' notes), which only `-v` shows: listing
    /// them held 40 MB of a 100,000-post run for nothing.
    #[serde(skip)]
    pub list_info: bool,
    /// Informational diagnostics counted but not listed, by kind.
    #[serde(skip)]
    pub unlisted_info: Vec<(DiagnosticKind, usize)>,
    /// Files written.
    pub outputs: Vec<PathBuf>,
    /// What the writer wants the user to know about the output.
    pub notes: Vec<String>,
    /// Wall-clock time.
    #[serde(skip)]
    pub elapsed: Duration,
    /// Wall-clock time of each phase (`reading`, `sorting`, `writing`, `finishing`).
    #[serde(skip)]
    pub timings: Vec<(&'static str, Duration)>,
}

impl Report {
    /// How many diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        let unlisted = match severity {
            Severity::Info => self.unlisted_info.iter().map(|(_, n)| n).sum(),
            _ => 0,
        };
        unlisted
            + self
                .diagnostics
                .iter()
                .filter(|d| d.diagnostic.severity == severity)
                .count()
    }

    /// 0 when every input was read cleanly; 1 when output was written but some inputs
    /// had errors (or, with `strict`, warnings).
    pub fn exit_code(&self, strict: bool) -> i32 {
        let errors = self.count(Severity::Error) > 0;
        let warnings = self.count(Severity::Warning) > 0;
        if errors || (strict && warnings) { 1 } else { 0 }
    }

    /// Adds a diagnostic about `file`.
    pub fn push(&mut self, file: String, diagnostic: Diagnostic) {
        if diagnostic.severity == Severity::Info && !self.list_info {
            match self
                .unlisted_info
                .iter_mut()
                .find(|(kind, _)| *kind == diagnostic.kind)
            {
                Some((_, n)) => *n += 1,
                None => self.unlisted_info.push((diagnostic.kind, 1)),
            }
            return;
        }
        self.diagnostics.push(Reported { file, diagnostic });
    }

    /// Sorts diagnostics by file and position, so the report reads the same every run.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            a.file
                .cmp(&b.file)
                .then(a.diagnostic.position.cmp(&b.diagnostic.position))
                .then(b.diagnostic.severity.cmp(&a.diagnostic.severity))
                .then(a.diagnostic.message.cmp(&b.diagnostic.message))
        });
    }

    /// Counts of diagnostics by kind, most frequent first.
    pub fn by_kind(&self) -> Vec<(DiagnosticKind, Severity, usize)> {
        // A report either lists its informational diagnostics or counts them, never both.
        let mut counts: Vec<(DiagnosticKind, Severity, usize)> = self
            .unlisted_info
            .iter()
            .map(|&(kind, n)| (kind, Severity::Info, n))
            .collect();
        for r in &self.diagnostics {
            match counts
                .iter_mut()
                .find(|(k, s, _)| *k == r.diagnostic.kind && *s == r.diagnostic.severity)
            {
                Some(entry) => entry.2 += 1,
                None => counts.push((r.diagnostic.kind, r.diagnostic.severity, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn informational_diagnostics_are_counted_when_not_listed() {
        let mut r = Report::default();
        let info = || Diagnostic::info(DiagnosticKind::DroppedElement, "rule removed 1");
        r.push("a.md".into(), info());
        r.push("b.md".into(), info());
        r.push(
            "b.md".into(),
            Diagnostic::warning(DiagnosticKind::BadDate, "x"),
        );
        assert_eq!(r.diagnostics.len(), 1, "only the warning is listed");
        assert_eq!(r.count(Severity::Info), 2);
        assert_eq!(
            r.by_kind(),
            [
                (DiagnosticKind::BadDate, Severity::Warning, 1),
                (DiagnosticKind::DroppedElement, Severity::Info, 2)
            ]
        );
        let mut listed = Report {
            list_info: true,
            ..Report::default()
        };
        listed.push("a.md".into(), info());
        assert_eq!(listed.diagnostics.len(), 1);
        assert_eq!(listed.count(Severity::Info), 1);
    }

    #[test]
    fn exit_codes() {
        let mut r = Report::default();
        assert_eq!(r.exit_code(false), 0);
        r.push(
            "a.md".into(),
            Diagnostic::warning(DiagnosticKind::BadDate, "x"),
        );
        assert_eq!(r.exit_code(false), 0);
        assert_eq!(r.exit_code(true), 1);
        r.push(
            "b.md".into(),
            Diagnostic::error(DiagnosticKind::FrontMatterSyntax, "y").at(2, Some(3)),
        );
        assert_eq!(r.exit_code(false), 1);
        assert_eq!(
            r.diagnostics[1].to_string(),
            "b.md:2:3: error[front-matter-syntax]: y"
        );
    }
}
