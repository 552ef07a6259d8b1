//! Bytes to text: UTF-8 with or without a byte-order mark, UTF-16 with one, and legacy
//! encodings (GBK, Big5, Shift_JIS, ...) detected by chardetng and decoded by encoding_rs.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use postport_model::{Diagnostic, DiagnosticKind};

use crate::PostError;

/// Decoded text, and a note when it was not UTF-8.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without byte-order mark, with `\n` line endings (CRLF and bare CR
    /// are normalised so that line numbers and fences work the same everywhere).
    pub text: String,
    /// Set when a legacy encoding was detected.
    pub note: Option<Diagnostic>,
}

/// Decodes a post's bytes.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, PostError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(PostError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(undecodable(encoding, &bytes, bom_len));
        }
        let note = (encoding != UTF_8).then(|| legacy_note(encoding));
        return Ok(Decoded {
            text: normalize_newlines(&text),
            note,
        });
    }
    if looks_binary(&bytes[..bytes.len().min(8192)]) {
        return Err(PostError::Binary);
    }
    // simdutf8 checks CJK text several times faster than std, which made this check a
    // twentieth of reading a news archive; the copy costs less than it saves.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        let text = if text.contains('\r') {
            normalize_newlines(text)
        } else {
            text.to_owned()
        };
        return Ok(Decoded { text, note: None });
    }
    let bytes = bytes.as_slice();
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if encoding == UTF_8 || encoding == UTF_16LE || encoding == UTF_16BE {
        return Err(undecodable(UTF_8, bytes, 0));
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(undecodable(encoding, bytes, 0));
    }
    Ok(Decoded {
        text: normalize_newlines(&text),
        note: Some(legacy_note(encoding)),
    })
}

/// A NUL byte, or control characters that text never holds in more than one byte in a
/// hundred (random bytes hold about one in ten), as git and file(1) judge. A few stray
/// ones (pasted from a word processor) do not make a short post binary.
fn looks_binary(head: &[u8]) -> bool {
    // Control characters other than tab, line feed, vertical tab, form feed, carriage
    // return and escape. Comparisons only, summed into bytes a chunk at a time, so the
    // compiler counts with vector instructions: this runs on every post.
    let is_control =
        |b: u8| u8::from(b < 0x20) & u8::from(!(0x09..=0x0d).contains(&b)) & u8::from(b != 0x1b);
    let controls: usize = head
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + is_control(b))))
        .sum();
    head.contains(&0) || (controls >= MIN_CONTROLS && controls * 100 > head.len())
}

/// Fewer control characters than this are strays, however short the file.
const MIN_CONTROLS: usize = 8;

fn legacy_note(encoding: &'static Encoding) -> Diagnostic {
    Diagnostic::info(
        DiagnosticKind::LegacyEncoding,
        format!("decoded from {} (the file is not UTF-8)", encoding.name()),
    )
}

fn undecodable(encoding: &'static Encoding, bytes: &[u8], skip: usize) -> PostError {
    let body = &bytes[skip..];
    let bad = match std::str::from_utf8(body) {
        Err(e) if encoding == UTF_8 => Some(e.valid_up_to()),
        _ => None,
    };
    let line = bad.map(|offset| 1 + body[..offset].iter().filter(|&&b| b == b'\n').count() as u32);
    PostError::Undecodable {
        encoding: encoding.name().to_string(),
        line,
    }
}

/// CRLF and bare CR become LF.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d =
            decode("\u{feff}---\r\ntitle: x\r\n---\rbody".as_bytes().to_vec()).expect("decodes");
        assert_eq!(d.text, "---\ntitle: x\n---\nbody");
        assert!(d.note.is_none());
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("---\ntitle: 新闻标题\n---\n会议强调，要进一步加强全市流调筛查和核酸检测。");
        let d = decode(bytes.into_owned()).expect("decodes");
        assert!(d.text.contains("新闻标题"), "{}", d.text);
        assert_eq!(d.note.map(|n| n.kind), Some(DiagnosticKind::LegacyEncoding));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "title: 中".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(bytes).expect("decodes").text, "title: 中");
    }

    #[test]
    fn control_characters_are_those_text_never_holds() {
        for b in 0..=255u8 {
            let control = matches!(b, 0 | 1..=8 | 0x0e..=0x1a | 0x1c..=0x1f);
            // Eight such bytes in eight hundred bytes of text are not binary; nine are.
            let mut head = vec![b'a'; 800];
            head[..9].fill(b);
            assert_eq!(looks_binary(&head), control, "byte {b:#04x}");
            head[8] = b'a';
            assert_eq!(looks_binary(&head), b == 0, "byte {b:#04x}");
        }
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b"".to_vec()).unwrap_err(), PostError::Empty);
        assert_eq!(decode(b" \n\n".to_vec()).unwrap_err(), PostError::Empty);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap_err(),
            PostError::Binary
        );
        // Bytes without a NUL that would decode as some legacy encoding.
        let noise: Vec<u8> = (0u32..600)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .map(|b| b.max(1))
            .collect();
        assert_eq!(decode(noise).unwrap_err(), PostError::Binary);
        // Text may hold the odd control character (a form feed, an escape).
        let text = "---\ntitle: x\n---\nA page\x0cbreak and an \x1b[1mescape\x1b[0m.".repeat(5);
        assert!(decode(text.into_bytes()).is_ok());
        // A short post with two stray control characters is still a post.
        let short = "---\ntitle: Ctl \x01 char\n---\nBody \x02 here.\n";
        assert!(decode(short.as_bytes().to_vec()).is_ok());
    }
}
