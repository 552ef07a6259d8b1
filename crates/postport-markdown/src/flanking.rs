//! CommonMark's delimiter-run rules, which decide whether `**` opens or closes emphasis,
//! checked before the writer commits to a delimiter: `**“稳中求进”**，` and `**5%**左右`
//! render as literal asterisks, and the writer must never produce them.

use unicode_general_category::{GeneralCategory, get_general_category};

/// Unicode whitespace as CommonMark defines it (category Zs, tab, LF, FF, CR): U+3000 and
/// NBSP included.
pub fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r')
        || get_general_category(c) == GeneralCategory::SpaceSeparator
}

fn is_p(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            get_general_category(c),
            GeneralCategory::ConnectorPunctuation
                | GeneralCategory::DashPunctuation
                | GeneralCategory::OpenPunctuation
                | GeneralCategory::ClosePunctuation
                | GeneralCategory::InitialPunctuation
                | GeneralCategory::FinalPunctuation
                | GeneralCategory::OtherPunctuation
        )
}

fn is_p_or_s(c: char) -> bool {
    is_p(c)
        || matches!(
            get_general_category(c),
            GeneralCategory::MathSymbol
                | GeneralCategory::CurrencySymbol
                | GeneralCategory::ModifierSymbol
                | GeneralCategory::OtherSymbol
        )
}

/// Renderers disagree on non-ASCII symbols (CommonMark 0.31 counts them as punctuation,
/// goldmark and older specs do not), so a delimiter is accepted only when it works
/// under both readings.
const READINGS: [fn(char) -> bool; 2] = [is_p, is_p_or_s];

/// Whether `c` is punctuation under some reading (so escaping or hoisting applies).
pub fn is_punctuation(c: char) -> bool {
    is_p_or_s(c)
}

fn left_flanking(prev: Option<char>, next: Option<char>, punct: fn(char) -> bool) -> bool {
    let Some(next) = next else { return false };
    if is_whitespace(next) {
        return false;
    }
    if !punct(next) {
        return true;
    }
    prev.is_none_or(|p| is_whitespace(p) || punct(p))
}

fn right_flanking(prev: Option<char>, next: Option<char>, punct: fn(char) -> bool) -> bool {
    let Some(prev) = prev else { return false };
    if is_whitespace(prev) {
        return false;
    }
    if !punct(prev) {
        return true;
    }
    next.is_none_or(|n| is_whitespace(n) || punct(n))
}

/// Whether `*`-style delimiters (`*`, `**`, `~~`) around content work: `before` is the
/// character before the opener (`None` at the start of a line), `first` and `last` the
/// content's first and last characters, `after` the character after the closer.
pub fn star_pair_works(
    before: Option<char>,
    first: Option<char>,
    last: Option<char>,
    after: Option<char>,
) -> bool {
    READINGS
        .iter()
        .all(|&punct| left_flanking(before, first, punct) && right_flanking(last, after, punct))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_punctuation_at_the_edges() {
        // **“稳中求进”**， after 是
        assert!(!star_pair_works(
            Some('是'),
            Some('“'),
            Some('”'),
            Some('，')
        ));
        // “**稳中求进**”，
        assert!(star_pair_works(
            Some('“'),
            Some('稳'),
            Some('进'),
            Some('”')
        ));
        // 增长**5%**左右
        assert!(!star_pair_works(
            Some('长'),
            Some('5'),
            Some('%'),
            Some('左')
        ));
        assert!(star_pair_works(Some('长'), Some('5'), Some('5'), Some('%')));
        // Start and end of a line count as whitespace.
        assert!(star_pair_works(None, Some('“'), Some('”'), None));
        // Spaces inside the delimiters never work.
        assert!(!star_pair_works(None, Some(' '), Some('a'), None));
        assert!(!star_pair_works(None, Some('a'), Some('\u{3000}'), None));
        // A symbol is punctuation for one renderer and not another: refuse both ways.
        assert!(!star_pair_works(Some('a'), Some('→'), Some('b'), None));
    }
}
