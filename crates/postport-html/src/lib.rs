//! HTML to postport's document tree, with cleaning rules as data, and the tree back
//! to HTML and well-formed XHTML through an escaping XML writer.

mod depth_guard;
mod document_head;
mod error;
mod inline_builder;
mod reader;
mod render;
mod rules;
mod sanitize;
mod sanitize_tree;
pub mod url;
mod well_formed;
mod xml_chars;

pub use document_head::{DocumentHead, read_document_head};
pub use error::HtmlError;
pub use reader::{HtmlRead, read_html};
pub use render::{
    DefaultHooks, ImageChoice, RenderHooks, TemplateStyle, note_id, render_html, write_blocks,
};
pub use rules::{Alternative, CleaningRules, Rule, RuleAction};
pub use sanitize::{RawPolicy, sanitize_fragment};
pub use sanitize_tree::sanitize_tree;
pub use xml_chars::{is_xml_char, shown_title, xml_safe, xml_shown};
