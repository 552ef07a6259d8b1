//! Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF): the model
//! keeps them, every serializer that emits XML or HTML drops them here.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` without the characters XML forbids; borrowed when there are none.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_forbidden_characters() {
        assert_eq!(
            xml_safe("a\u{0}b\u{b}c\td\ne\rf\u{fffe}g😀"),
            "abc\td\ne\rfg😀"
        );
        assert!(matches!(xml_safe("plain 中文"), Cow::Borrowed(_)));
    }
}
