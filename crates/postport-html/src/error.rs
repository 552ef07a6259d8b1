//! Errors of the HTML crate: only configuration (rules, selectors) can fail; reading
//! HTML never does, it reports diagnostics instead.

use thiserror::Error;

/// A problem with cleaning rules.
#[derive(Debug, Error)]
pub enum HtmlError {
    /// A rules file could not be parsed.
    #[error("invalid cleaning rules: {0}")]
    Rules(String),
    /// A CSS selector could not be parsed.
    #[error("invalid CSS selector `{selector}`: {reason}")]
    Selector {
        /// The selector as written.
        selector: String,
        /// What the selector parser said.
        reason: String,
    },
}
