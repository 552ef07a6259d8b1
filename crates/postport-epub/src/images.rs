//! A chapter's images: embedded when the archive has them (or `--fetch-images` got
//! them), converted to formats every reader shows; otherwise a link with the alt text,
//! so the book never references anything remote.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use base64::Engine as _;
use postport_html::ImageChoice;
use postport_media::{Fetcher, MediaError, publishable};
use postport_model::walk::{walk_blocks, walk_inlines};
use postport_model::{Article, Block, Diagnostic, DiagnosticKind, Inline, Resources};

/// An image file of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookImage {
    /// Its path in the book, relative to the package (`images/ab12cd34ef56.png`).
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub media_type: &'static str,
}

/// How each image source of a chapter is shown.
#[derive(Debug, Default)]
pub struct ChapterImages {
    /// By source as written in the post.
    pub choices: HashMap<String, ImageChoice>,
    /// The files to add to the book.
    pub files: Vec<BookImage>,
}

/// A stable file name from the bytes, so an image used twice is stored once and a
/// rebuild names it the same.
pub fn content_name(bytes: &[u8], extension: &str) -> String {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    format!("images/{:016x}.{extension}", h.finish())
}

pub(crate) fn is_remote(src: &str) -> bool {
    src.starts_with("http://") || src.starts_with("https://")
}

/// Decides every image of `article`. `referer` is sent with downloads (the post's page
/// or site, since news image hosts refuse hotlinks).
pub fn chapter_images(
    article: &Article,
    resources: &dyn Resources,
    fetcher: Option<&Fetcher>,
    link_text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> ChapterImages {
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut add = |src: &str, text: String| {
        if !sources.iter().any(|(s, _)| s == src) {
            sources.push((src.to_string(), text));
        }
    };
    walk_inlines(&article.body, &mut |inline| {
        if let Inline::Image(image) = inline {
            add(&image.src, image.alt.clone());
        }
    });
    walk_blocks(&article.body, &mut |block| {
        if let Block::Figure(figure) = block {
            // The caption is shown below; the link text needs only the alt text.
            add(&figure.image.src, figure.image.alt.clone());
        }
    });
    let mut out = ChapterImages::default();
    let referer = article.meta.url.clone();
    let remote: Vec<(String, Option<String>)> = match fetcher {
        Some(_) => sources
            .iter()
            .filter(|(src, _)| is_remote(src))
            .map(|(src, _)| (src.clone(), referer.clone()))
            .collect(),
        None => Vec::new(),
    };
    let mut fetched: HashMap<String, Result<Vec<u8>, MediaError>> = HashMap::new();
    if let Some(fetcher) = fetcher {
        for ((src, _), result) in remote.iter().zip(fetcher.fetch_all(&remote)) {
            fetched.insert(src.clone(), result);
        }
    }
    let mut failures: Vec<String> = Vec::new();
    for (src, text) in sources {
        let text = if text.trim().is_empty() {
            format!("[{link_text}]")
        } else {
            format!("[{link_text}: {}]", text.trim())
        };
        let text = if link_text.chars().any(crate::is_wide) {
            text.replace(": ", "：")
        } else {
            text
        };
        let bytes: Option<Result<Vec<u8>, MediaError>> = if let Some(asset) = article.asset(&src) {
            Some(
                resources
                    .read(&asset.path)
                    .map_err(|e| MediaError::Io(e.to_string())),
            )
        } else if let Some(data) = src.strip_prefix("data:") {
            Some(decode_data_url(data))
        } else if is_remote(&src) {
            fetched.remove(&src)
        } else {
            None
        };
        let choice = match bytes.map(|r| r.and_then(publishable)) {
            Some(Ok(image)) => {
                let path = content_name(&image.bytes, image.format.extension());
                if !out.files.iter().any(|f| f.path == path) {
                    out.files.push(BookImage {
                        path: path.clone(),
                        bytes: image.bytes,
                        media_type: image.format.media_type(),
                    });
                }
                ImageChoice::Embed(format!("../{path}"))
            }
            Some(Err(e)) => {
                failures.push(format!("{}: {e}", short(&src)));
                fallback(&src, text)
            }
            None => fallback(&src, text),
        };
        out.choices.insert(src, choice);
    }
    if !failures.is_empty() {
        let shown = failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let more = if failures.len() > 3 {
            format!(" and {} more", failures.len() - 3)
        } else {
            String::new()
        };
        diagnostics.push(Diagnostic::warning(
            DiagnosticKind::FetchFailed,
            format!(
                "{} image(s) could not be embedded and are links instead: {shown}{more}",
                failures.len()
            ),
        ));
    }
    out
}

/// A remote image stays a link to it; a local one that is not in the archive is text.
fn fallback(src: &str, text: String) -> ImageChoice {
    if is_remote(src) {
        ImageChoice::Link {
            href: src.to_string(),
            text,
        }
    } else {
        ImageChoice::Text(text)
    }
}

fn short(src: &str) -> String {
    if src.len() > 80 {
        let cut = (0..=77)
            .rev()
            .find(|&i| src.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}…", &src[..cut])
    } else {
        src.to_string()
    }
}

fn decode_data_url(data: &str) -> Result<Vec<u8>, MediaError> {
    let (head, payload) = data.split_once(',').ok_or(MediaError::NotAnImage)?;
    if head.ends_with(";base64") {
        base64::engine::general_purpose::STANDARD
            .decode(payload.trim())
            .map_err(|e| MediaError::Decode(e.to_string()))
    } else {
        Ok(payload.as_bytes().to_vec())
    }
}
