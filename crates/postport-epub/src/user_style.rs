//! The user's stylesheet (`--css`) made fit for a book: the fonts and images it refers
//! to are embedded beside it; remote, missing and unusable ones are taken out, and
//! `@import` rules too, as a book loads nothing from outside itself.

use cssparser::{ParseError, Parser, Token};
use postport_media::{ImageFormat, sniff};

/// The stylesheet as the book holds it (`styles/user.css`), with its files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserStyle {
    /// The CSS, its references rewritten to the embedded files.
    pub css: String,
    /// Files it refers to, to embed under `styles/`.
    pub files: Vec<StyleFile>,
    /// What was taken out, for the user.
    pub notes: Vec<String>,
}

/// A file a stylesheet refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleFile {
    /// Its name in the book, relative to the stylesheet (`f1.woff2`).
    pub name: String,
    /// The stylesheet's reference to it (a relative path).
    pub source: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub media_type: &'static str,
}

/// What one reference becomes.
enum Reference {
    Keep,
    Embed(String),
    Remove(String),
}

/// A span of the sheet to replace.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

impl UserStyle {
    /// Reads `css`; `load` gives the bytes of a file it refers to by a relative URL (the
    /// caller resolves it against the stylesheet's folder), `None` when missing.
    pub fn new(css: &str, load: &dyn Fn(&str) -> Option<Vec<u8>>) -> UserStyle {
        let mut style = UserStyle::default();
        let mut edits = Vec::new();
        let mut parser = Parser::new(css);
        style.walk(&mut parser, &mut edits, load);
        edits.sort_by_key(|e| e.start);
        let mut out = String::with_capacity(css.len());
        let mut copied = 0;
        for edit in edits {
            if edit.start < copied {
                continue;
            }
            out.push_str(&css[copied..edit.start]);
            out.push_str(&edit.with);
            copied = edit.end;
        }
        out.push_str(&css[copied..]);
        style.css = out;
        style
    }

    /// Finds the references in a block (and the blocks in it).
    fn walk(
        &mut self,
        parser: &mut Parser<'_>,
        edits: &mut Vec<Edit>,
        load: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) {
        loop {
            let start = parser.position();
            let Ok(token) = parser.next_including_whitespace_and_comments().cloned() else {
                break;
            };
            let url = match token {
                Token::AtKeyword(name) if name.eq_ignore_ascii_case("import") => {
                    // Up to the rule's end: `;`, or the end of the sheet.
                    while let Ok(t) = parser.next_including_whitespace_and_comments() {
                        if matches!(t, Token::Semicolon) {
                            break;
                        }
                    }
                    let rule = parser.slice_from(start).trim().to_string();
                    self.notes.push(format!(
                        "--css: removed `{rule}`: a book's stylesheet cannot import another (paste it into the file)"
                    ));
                    edits.push(Edit {
                        start: start.byte_index(),
                        end: parser.position().byte_index(),
                        with: String::new(),
                    });
                    continue;
                }
                Token::UnquotedUrl(url) => url.to_string(),
                Token::Function(name) if name.eq_ignore_ascii_case("url") => {
                    let quoted = parser.parse_nested_block(|p| {
                        let mut url = None;
                        while let Ok(t) = p.next() {
                            if let Token::QuotedString(s) = t {
                                url = Some(s.to_string());
                            }
                        }
                        Ok::<_, ParseError<()>>(url)
                    });
                    match quoted {
                        Ok(Some(url)) => url,
                        _ => continue,
                    }
                }
                Token::Function(_)
                | Token::ParenthesisBlock
                | Token::SquareBracketBlock
                | Token::CurlyBracketBlock => {
                    let _ = parser.parse_nested_block(|p| {
                        self.walk(p, edits, load);
                        Ok::<_, ParseError<()>>(())
                    });
                    continue;
                }
                _ => continue,
            };
            let (start, end) = (start.byte_index(), parser.position().byte_index());
            match self.reference(&url, load) {
                Reference::Keep => {}
                Reference::Embed(name) => edits.push(Edit {
                    start,
                    end,
                    with: format!("url(\"{name}\")"),
                }),
                Reference::Remove(why) => {
                    self.notes
                        .push(format!("--css: removed the reference to {url}: {why}"));
                    // `none` keeps `background-image` and the like valid; a font source
                    // left without a file is ignored by readers.
                    edits.push(Edit {
                        start,
                        end,
                        with: "none".into(),
                    });
                }
            }
        }
    }

    fn reference(&mut self, url: &str, load: &dyn Fn(&str) -> Option<Vec<u8>>) -> Reference {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.starts_with("data:") {
            return Reference::Keep;
        }
        if url.starts_with("//") || postport_html::url::scheme(url).is_some() {
            return Reference::Remove("a book cannot load files from the web".into());
        }
        let path = url.split(['?', '#']).next().unwrap_or(url);
        if let Some(known) = self.files.iter().find(|f| f.source == path) {
            return Reference::Embed(known.name.clone());
        }
        let Some(bytes) = load(path) else {
            return Reference::Remove("no such file beside the stylesheet".into());
        };
        let Some(media_type) = media_type(&bytes) else {
            return Reference::Remove("not a font or image EPUB readers show".into());
        };
        let name = embedded_name(path, self.files.len() + 1);
        self.files.push(StyleFile {
            name: name.clone(),
            source: path.to_string(),
            bytes,
            media_type,
        });
        Reference::Embed(name)
    }
}

/// A file's name in the book: numbered, so that `a b.woff` and `a_b.woff` never meet,
/// with the extension the reader expects.
fn embedded_name(path: &str, number: usize) -> String {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or("bin")
        .to_ascii_lowercase();
    format!("f{number}.{extension}")
}

/// The media type of a font or image, from its bytes: the EPUB core media types only.
fn media_type(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"wOF2") {
        return Some("font/woff2");
    }
    if starts(b"wOFF") {
        return Some("font/woff");
    }
    if starts(b"OTTO") {
        return Some("font/otf");
    }
    if starts(&[0, 1, 0, 0]) || starts(b"true") {
        return Some("font/ttf");
    }
    match sniff(bytes)? {
        f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Svg) => {
            Some(f.media_type())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(path: &str) -> Option<Vec<u8>> {
        match path {
            "fonts/a b.woff2" | "fonts/a_b.woff2" => Some(b"wOF2 font".to_vec()),
            "bg.png" => Some(b"\x89PNG\r\n\x1a\n rest".to_vec()),
            "notes.txt" => Some(b"hello".to_vec()),
            _ => None,
        }
    }

    #[test]
    fn embeds_local_files_and_removes_what_a_book_cannot_load() {
        let css = "@import url(\"https://fonts.example.com/css\");\n\
                   @font-face { font-family: A; src: url(\"fonts/a b.woff2\") format(\"woff2\"); }\n\
                   @font-face { font-family: B; src: url(fonts/a_b.woff2); }\n\
                   body { background: url( 'bg.png?v=2' ) no-repeat; }\n\
                   h1 { background-image: url(https://example.com/x.png); }\n\
                   h2 { background-image: url(missing.png); }\n\
                   h3 { background-image: url(notes.txt); }\n\
                   h4 { background-image: url(data:image/png;base64,AAAA); }\n";
        let style = UserStyle::new(css, &load);
        assert_eq!(
            style.css,
            "\n\
             @font-face { font-family: A; src: url(\"f1.woff2\") format(\"woff2\"); }\n\
             @font-face { font-family: B; src: url(\"f2.woff2\"); }\n\
             body { background: url(\"f3.png\") no-repeat; }\n\
             h1 { background-image: none; }\n\
             h2 { background-image: none; }\n\
             h3 { background-image: none; }\n\
             h4 { background-image: url(data:image/png;base64,AAAA); }\n"
        );
        let files: Vec<(&str, &str)> = style
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.media_type))
            .collect();
        assert_eq!(
            files,
            [
                ("f1.woff2", "font/woff2"),
                ("f2.woff2", "font/woff2"),
                ("f3.png", "image/png")
            ]
        );
        assert_eq!(style.notes.len(), 4, "{:#?}", style.notes);
        assert!(style.notes[0].contains("@import"));
    }

    #[test]
    fn a_plain_stylesheet_is_kept_as_it_is() {
        let css = "p { text-indent: 2em; } /* url(x.png) in a comment */ a::after { content: \"url(y)\"; }";
        let style = UserStyle::new(css, &load);
        assert_eq!(style.css, css);
        assert!(style.files.is_empty() && style.notes.is_empty());
    }
}
