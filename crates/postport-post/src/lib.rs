//! Reads archives of posts (Hugo, Hexo, Jekyll sites, plain folders, zips) into
//! postport articles: front matter, each CMS's semantics, Markdown and HTML bodies.

mod archive;
mod body;
mod dates;
mod decode;
mod emoji;
mod error;
mod front_matter;
mod heading_ids;
mod kramdown;
mod markdown;
mod math;
mod meta;
mod permalink;
mod post;
mod simple_yaml;
mod site;
mod taxonomy;
mod templates;

pub use archive::{
    Archive, ArchiveError, Discovery, FileIndex, MAX_FILE_BYTES, PostEntry, detect_site, discover,
};
pub use body::{BodyFormat, detect_body_format};
pub use dates::{SiteZone, date_from_file_name, date_from_value, parse_date};
pub use decode::{Decoded, decode, normalize_newlines};
pub use error::PostError;
pub use front_matter::{FrontMatterFormat, Split, parse_fields, split_front_matter};
pub use markdown::{markdown_to_html, markdown_to_html_with};
pub use math::MathSyntax;
pub use meta::{MetaRead, read_meta};
pub use permalink::{PermalinkInput, encode_iri, permalink, urlize};
pub use post::{
    FileLookup, NoFiles, PostContext, ReadOptions, is_post_file, normalize, parse_post, read_post,
};
pub use site::{Site, SiteKind};
pub use taxonomy::{categories, tags};
pub use templates::{Dialect, Expanded, TemplateEnv, expand_templates};
