//! Hexo's tag plugins: asset_img/asset_link/asset_path, img, codeblock, blockquote,
//! pullquote, post_link/post_path, youtube, vimeo, iframe, gist, jsfiddle, link, raw.

use super::scan::{Arg, TagToken, split_args};
use super::snippet;
use super::{Expansion, TemplateEnv};

fn post_ref(slug: &str) -> String {
    format!(
        "{}:{}",
        postport_html::url::POST_REF_SCHEME,
        postport_html::url::percent_encode_path(slug)
    )
}

fn looks_like_path(s: &str) -> bool {
    s.starts_with('/')
        || s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("//")
        || s.contains('.')
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with('/')
        || s.starts_with("//")
}

/// `[class…] src [width] [height] [title [alt]]`: the image tags' arguments.
fn image_args(args: &[Arg]) -> Option<(String, String, Option<String>)> {
    let values: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
    let src_index = values.iter().position(|v| looks_like_path(v))?;
    let mut rest = &values[src_index + 1..];
    while rest
        .first()
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
    {
        rest = &rest[1..];
    }
    // As Hexo does: the rest is the title, unless it is one argument that itself holds
    // quoted strings (`'"title text" "alt text"'`, the documented form), which are the
    // title and the alt text. A quoted source (`"sea view.png"`) does not count.
    let (title, alt) = match rest {
        [] => (None, None),
        [one] if one.contains('"') => {
            let inner = split_args(one, false);
            let part = |i: usize| {
                inner
                    .get(i)
                    .map(|a| a.value.clone())
                    .filter(|v| !v.is_empty())
            };
            (part(0), part(1))
        }
        words => (Some(words.join(" ")), None),
    };
    let alt = alt.or_else(|| title.clone()).unwrap_or_default();
    Some((values[src_index].to_string(), alt, title))
}

/// A known tag's expansion; `None` for one this reader does not know.
pub(crate) fn expand(
    tag: &TagToken<'_>,
    inner: Option<&str>,
    _env: &TemplateEnv<'_>,
) -> Option<Expansion> {
    let text = tag.arg_text();
    let args = split_args(text, false);
    let first = args.first().map(|a| a.value.as_str());
    match tag.name().as_str() {
        "asset_img" | "asset_image" | "img" | "image" => {
            let (src, alt, title) = image_args(&args)?;
            Some(Expansion::Inline(snippet::image(
                &src,
                &alt,
                title.as_deref(),
            )))
        }
        "asset_link" => {
            let path = first?;
            let title = args
                .get(1)
                .map(|a| a.value.as_str())
                .filter(|t| *t != "true" && *t != "false")
                .unwrap_or(path);
            Some(Expansion::Inline(snippet::element(
                "a",
                &[("href", Some(path))],
                &snippet::text(title),
            )))
        }
        "asset_path" => Some(Expansion::Inline(first?.to_string())),
        "codeblock" | "code" => {
            let code = inner?;
            let options = split_args(text, true);
            let language = options
                .iter()
                .find(|a| a.name.as_deref() == Some("lang"))
                .map(|a| a.value.clone());
            let plain: Vec<&str> = options
                .iter()
                .filter(|a| a.name.is_none())
                .map(|a| a.value.as_str())
                .collect();
            let url_at = plain.iter().position(|v| looks_like_url(v));
            let title_words = &plain[..url_at.unwrap_or(plain.len())];
            let mut html = String::new();
            if !title_words.is_empty() || url_at.is_some() {
                let title = snippet::text(&title_words.join(" "));
                let link = url_at.map(|i| {
                    let label = plain[i + 1..].join(" ");
                    let label = if label.is_empty() {
                        "link".to_string()
                    } else {
                        label
                    };
                    format!(
                        " {}",
                        snippet::element("a", &[("href", Some(plain[i]))], &snippet::text(&label))
                    )
                });
                html.push_str(&format!(
                    "<p><em>{title}</em>{}</p>\n",
                    link.unwrap_or_default()
                ));
            }
            html.push_str(&snippet::code_block(language.as_deref(), code));
            Some(Expansion::Block(html))
        }
        "blockquote" | "quote" => {
            inner?;
            let words: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
            let url_at = words.iter().position(|v| looks_like_url(v));
            let byline = words[..url_at.unwrap_or(words.len())].join(" ");
            let (author, source) = match byline.split_once(',') {
                Some((a, s)) => (a.trim().to_string(), Some(s.trim().to_string())),
                None => (byline.trim().to_string(), None),
            };
            let mut footer = String::new();
            if !author.is_empty() {
                footer.push_str(&format!("— {}", snippet::text(&author)));
            }
            if let Some(source) = source.filter(|s| !s.is_empty()) {
                footer.push_str(&format!(", <cite>{}</cite>", snippet::text(&source)));
            }
            if let Some(i) = url_at {
                let label = words[i + 1..].join(" ");
                let label = if label.is_empty() {
                    words[i].to_string()
                } else {
                    label
                };
                footer.push_str(&format!(
                    " {}",
                    snippet::element("a", &[("href", Some(words[i]))], &snippet::text(&label))
                ));
            }
            let close = if footer.is_empty() {
                "</blockquote>".to_string()
            } else {
                format!("<footer>{footer}</footer>\n</blockquote>")
            };
            Some(Expansion::Wrap {
                open: "<blockquote>".to_string(),
                close,
                inner: None,
            })
        }
        "pullquote" => {
            inner?;
            Some(Expansion::Wrap {
                open: "<blockquote>".to_string(),
                close: "</blockquote>".to_string(),
                inner: None,
            })
        }
        "post_link" => {
            let slug = first?;
            let title = args
                .iter()
                .skip(1)
                .map(|a| a.value.as_str())
                .filter(|v| *v != "true" && *v != "false")
                .collect::<Vec<_>>()
                .join(" ");
            Some(Expansion::Inline(snippet::element(
                "a",
                &[("href", Some(&post_ref(slug)))],
                &snippet::text(&title),
            )))
        }
        "post_path" => Some(Expansion::Inline(post_ref(first?))),
        "youtube" => {
            let id = first?;
            Some(Expansion::Block(
                if args.get(1).is_some_and(|a| a.value == "playlist") {
                    snippet::youtube(&format!("videoseries?list={id}"), None)
                } else {
                    snippet::youtube(id, None)
                },
            ))
        }
        "vimeo" => Some(Expansion::Block(snippet::vimeo(first?, None))),
        "iframe" => Some(Expansion::Block(snippet::iframe(first?, None))),
        "gist" => Some(Expansion::Block(snippet::gist(first?, None))),
        "jsfiddle" => {
            let id = first?;
            let url = format!("https://jsfiddle.net/{id}/");
            Some(Expansion::Block(snippet::embed_link(
                "frame",
                &url,
                &format!("JSFiddle {id}"),
            )))
        }
        "link" | "a" | "anchor" => {
            let values: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
            let url_at = values.iter().position(|v| looks_like_url(v))?;
            let label = values[..url_at].join(" ");
            let title = values[url_at + 1..]
                .iter()
                .filter(|v| **v != "true" && **v != "false")
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let label = if label.is_empty() {
                values[url_at].to_string()
            } else {
                label
            };
            Some(Expansion::Inline(snippet::element(
                "a",
                &[
                    ("href", Some(values[url_at])),
                    ("title", Some(title.as_str()).filter(|t| !t.is_empty())),
                ],
                &snippet::text(&label),
            )))
        }
        "url_for" | "full_url_for" => {
            let values: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
            let (label, path) = match values.as_slice() {
                [label, path, ..] => (*label, *path),
                [path] => (*path, *path),
                [] => return None,
            };
            Some(Expansion::Inline(snippet::element(
                "a",
                &[("href", Some(path))],
                &snippet::text(label),
            )))
        }
        "raw" | "rawblock" => Some(Expansion::Inline(inner?.to_string())),
        _ => super::hexo_theme::expand(tag, inner),
    }
}
