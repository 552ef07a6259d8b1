//! Adapters from each format crate to the pipeline's [`crate::Writer`] trait.

mod atom;
mod epub;
mod jsonl;
mod markdown;

pub use atom::AtomOutput;
pub use epub::EpubOutput;
pub use jsonl::JsonlOutput;
pub use markdown::MarkdownOutput;
