//! Adapters from each format crate to the pipeline's [`crate::Writer`] trait.

mod epub;
mod jsonl;

pub use epub::EpubOutput;
pub use jsonl::JsonlOutput;
