//! postport turns archives of blog and news posts (Hugo, Hexo, Jekyll, plain folders,
//! zips, JSON Lines) into EPUB, Atom, Markdown and JSON Lines without losing anything.
//!
//! This crate is the pipeline ([`convert`]) and the glue to each format; the `postport`
//! binary only parses arguments, calls it and prints the [`Report`].

pub mod clock;
pub mod filter;
pub mod inspect;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod sort;
pub mod source;
pub mod store;
pub mod writer;
pub mod writers;

pub use filter::Filter;
pub use pipeline::{ConvertOptions, NoProgress, PipelineError, Progress, convert, read_inputs};
pub use report::{Report, Reported};
pub use sort::SortKey;
pub use source::Source;
pub use writer::{RenderContext, WriteError, WriteSummary, Writer};
