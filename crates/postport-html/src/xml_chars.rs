//! Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF): the model
//! keeps them, every serializer that emits XML or HTML drops them here.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use postport_model::Article;

/// Whether XML 1.0 allows `c` in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` without the characters XML forbids; borrowed when there are none.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if all_xml_chars(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Whether every character of `s` is allowed, checked on bytes: in UTF-8 the forbidden
/// characters are the bytes below 0x20 and U+FFFE/U+FFFF, which are `EF BF BE|BF`.
fn all_xml_chars(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Branch-free over the whole slice, so that it vectorizes.
    let controls = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
    });
    // `EF BF` only starts U+FFC0..U+FFFF, rare in text, while `EF` alone starts the
    // full-width punctuation of every Chinese sentence.
    // The searcher is built once: most strings checked are short, where building it
    // would cost more than the search.
    static PREFIX: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\xEF\xBF"));
    !controls
        && PREFIX
            .find_iter(bytes)
            .all(|i| !matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
}

/// `s` as an XML output shows it: without the characters XML forbids, trimmed; `None`
/// when nothing is left, so that a blank title or name counts as none.
pub fn xml_shown(s: &str) -> Option<String> {
    let shown = xml_safe(s).trim().to_string();
    (!shown.is_empty()).then_some(shown)
}

/// The title an XML output shows for a post (a chapter, a feed entry), never empty:
/// its title, else its slug, else its file's name (`title: "\u0001"` leaves nothing).
pub fn shown_title(article: &Article) -> String {
    xml_shown(&article.meta.title)
        .or_else(|| xml_shown(&article.meta.slug))
        .or_else(|| xml_shown(&article.source.file_stem()))
        .unwrap_or_else(|| "·".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_agrees_with_the_character_check() {
        for s in [
            "",
            "plain",
            "tab\tlf\ncr\r",
            "bell\u{7}",
            "nul\0",
            "\u{fffe}",
            "x\u{ffff}",
            "\u{fffd}\u{ef00}\u{feff}\u{10ffff}",
            "中文\u{1f}",
            "\u{1b}[0m",
            "，。\u{ffe5}\u{ffef}\u{fffd}",
            "\u{ffe5}\u{ffff}",
        ] {
            assert_eq!(all_xml_chars(s), s.chars().all(is_xml_char), "{s:?}");
        }
    }

    #[test]
    fn drops_only_forbidden_characters() {
        assert_eq!(
            xml_safe("a\u{0}b\u{b}c\td\ne\rf\u{fffe}g😀"),
            "abc\td\ne\rfg😀"
        );
        assert!(matches!(xml_safe("plain 中文"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_shown_title_is_never_empty() {
        use postport_model::{Meta, SourcePath};
        let article = |title: &str, slug: &str| Article {
            source: SourcePath::new("posts/file-name.md"),
            meta: Meta {
                title: title.into(),
                slug: slug.into(),
                ..Meta::default()
            },
            body: Vec::new(),
            assets: Vec::new(),
            diagnostics: Vec::new(),
        };
        assert_eq!(shown_title(&article("Bell\u{7} rings", "s")), "Bell rings");
        assert_eq!(shown_title(&article("\u{1}", "the-slug")), "the-slug");
        assert_eq!(shown_title(&article(" \u{1} ", "")), "file-name");
        assert_eq!(xml_shown(" \u{0} "), None);
    }
}
