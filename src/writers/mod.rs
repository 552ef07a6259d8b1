//! Adapters from each format crate to the pipeline's [`crate::Writer`] trait.

mod jsonl;

pub use jsonl::JsonlOutput;
