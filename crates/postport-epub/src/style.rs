//! The book's stylesheet: defaults that suit the posts' languages (CJK indentation and
//! line height through `:lang()`), vertical writing on request.

/// The stylesheet for a book, `vertical` for vertical-rl writing.
pub fn stylesheet(vertical: bool) -> String {
    let mut css = include_str!("style.css").to_string();
    if vertical {
        css.push_str(
            "\n/* Vertical writing (--vertical). */\n\
             html { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl; }\n\
             body { line-break: strict; }\n\
             p { margin: 0 0 0 0.9em; }\n\
             img { max-height: 100%; max-width: none; }\n\
             section.part { padding-top: 0; padding-right: 30%; }\n",
        );
    }
    css
}
