//! Language tags: normalising what front matter says to BCP 47, and guessing the
//! language of undeclared text from its script.

/// Normalises a language tag to BCP 47 casing and separators: `zh_CN` → `zh-CN`,
/// `zh-hans` → `zh-Hans`, `EN-us` → `en-US`; a POSIX locale loses its codeset and
/// modifier (`zh_CN.UTF-8`, `de_DE@euro`). Returns `None` for a value that is not
/// shaped like a tag (`[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*`), such as `""` or `中文`.
pub fn normalize_language_tag(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let tag = tag.split(['.', '@']).next().unwrap_or(tag);
    if tag.is_empty() {
        return None;
    }
    let subtags: Vec<&str> = tag.split(['-', '_']).collect();
    let first = subtags[0];
    if first.is_empty() || first.len() > 8 || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = first.to_ascii_lowercase();
    for (i, sub) in subtags.iter().enumerate().skip(1) {
        if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        let is_script = i == 1 && sub.len() == 4 && sub.chars().all(|c| c.is_ascii_alphabetic());
        let is_region = sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic())
            || sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit());
        if is_script {
            let mut chars = sub.chars();
            if let Some(c) = chars.next() {
                out.push(c.to_ascii_uppercase());
            }
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        } else if is_region && i <= 2 {
            out.push_str(&sub.to_ascii_uppercase());
        } else {
            out.push_str(&sub.to_ascii_lowercase());
        }
    }
    Some(out)
}

/// Guesses the language of text whose source declares none, from its script alone:
/// `ja` when kana are present, `ko` for Hangul, `zh` when Han characters make up a
/// fifth of the letters. `None` otherwise (Latin and other scripts are not guessed).
pub fn detect_language(text: &str) -> Option<&'static str> {
    let (mut han, mut kana, mut hangul, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(4000) {
        if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        match c as u32 {
            0x3040..=0x30FF | 0x31F0..=0x31FF => kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => han += 1,
            _ => {}
        }
    }
    if letters == 0 {
        return None;
    }
    if kana * 20 >= letters {
        Some("ja")
    } else if hangul * 5 >= letters {
        Some("ko")
    } else if han * 5 >= letters {
        Some("zh")
    } else {
        None
    }
}

/// Whether a language's text is written without spaces between words (CJK), which
/// changes how writers break lines and indent paragraphs.
pub fn is_cjk_language(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    matches!(primary.as_str(), "zh" | "ja" | "ko" | "yue" | "wuu" | "cmn")
}

/// Whether a language is written right to left (Arabic, Hebrew, Persian, Urdu, ...),
/// so documents in it need `dir="rtl"`. A script subtag decides when there is one
/// (`az-Arab` is, `ku-Latn` is not).
pub fn is_rtl_language(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or(tag).to_ascii_lowercase();
    if let Some(script) = parts.find(|p| p.len() == 4) {
        return matches!(
            script.to_ascii_lowercase().as_str(),
            "arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg"
        );
    }
    matches!(
        primary.as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb" | "syr" | "arc"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages() {
        for rtl in ["ar", "he", "fa-IR", "ur", "az-Arab", "ckb"] {
            assert!(is_rtl_language(rtl), "{rtl}");
        }
        for ltr in ["en", "zh-CN", "ku-Latn", "arn", "ja"] {
            assert!(!is_rtl_language(ltr), "{ltr}");
        }
    }

    #[test]
    fn normalizes_bcp47() {
        assert_eq!(normalize_language_tag("zh_CN").as_deref(), Some("zh-CN"));
        assert_eq!(
            normalize_language_tag("zh-hans").as_deref(),
            Some("zh-Hans")
        );
        assert_eq!(
            normalize_language_tag("zh-hans-cn").as_deref(),
            Some("zh-Hans-CN")
        );
        assert_eq!(normalize_language_tag("EN-us").as_deref(), Some("en-US"));
        assert_eq!(
            normalize_language_tag("zh_CN.UTF-8").as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            normalize_language_tag("de_DE@euro").as_deref(),
            Some("de-DE")
        );
        assert_eq!(normalize_language_tag(".UTF-8"), None);
        assert_eq!(normalize_language_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalize_language_tag("en").as_deref(), Some("en"));
        assert_eq!(normalize_language_tag(""), None);
        assert_eq!(normalize_language_tag("中文"), None);
        assert_eq!(normalize_language_tag("en--us"), None);
    }

    #[test]
    fn detects_cjk_scripts() {
        assert_eq!(
            detect_language("会议强调，要进一步加强全市流调筛查。"),
            Some("zh")
        );
        assert_eq!(detect_language("これは日本語の文章です"), Some("ja"));
        assert_eq!(detect_language("한국어 문장입니다"), Some("ko"));
        assert_eq!(detect_language("An English sentence."), None);
        assert_eq!(detect_language("1234 !!"), None);
        assert!(is_cjk_language("zh-CN"));
        assert!(!is_cjk_language("en"));
    }
}
