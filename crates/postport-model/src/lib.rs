//! The neutral article model of postport: every reader produces an [`Article`]
//! (metadata plus a [`Block`] tree), every writer consumes one. No I/O happens here.

mod article;
mod collection;
mod diagnostic;
mod document;
mod language;
mod path;
mod person;
mod resources;
mod text;
pub mod walk;

pub use article::{Article, Asset, CategoryPath, Meta, Timestamp, rfc3339};
pub use collection::{Collection, EntryInfo, Interner, Name, SiteInfo};
pub use diagnostic::{Diagnostic, DiagnosticKind, Position, Severity};
pub use document::{
    Alignment, Block, Embed, EmbedKind, Figure, Image, Inline, Link, LinkTarget, List, ListItem,
    MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, Raw, RawFormat, Table, TableCell, TableRow,
};
pub use language::{detect_language, is_cjk_language, is_rtl_language, normalize_language_tag};
pub use path::SourcePath;
pub use person::Person;
pub use resources::{NoResources, Resources};
pub use text::{inline_text, plain_text, truncate_text};
