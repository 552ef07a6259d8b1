//! Hugo's built-in shortcodes: figure, highlight, hl, youtube, vimeo, gist, x/tweet,
//! instagram (and their `_simple` forms), ref/relref, param, details.

use super::scan::{Arg, TagToken, split_args};
use super::snippet;
use super::{Expansion, TemplateEnv};
use crate::markdown::inline_markdown_html;

fn named<'a>(args: &'a [Arg], name: &str) -> Option<&'a str> {
    args.iter()
        .find(|a| a.name.as_deref() == Some(name))
        .map(|a| a.value.as_str())
}

pub(super) fn positional(args: &[Arg], index: usize) -> Option<&str> {
    args.iter()
        .filter(|a| a.name.is_none())
        .nth(index)
        .map(|a| a.value.as_str())
}

fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| matches!(v.trim(), "true" | "1" | "yes"))
}

/// A known shortcode's expansion; `None` for one this reader does not know.
pub(crate) fn expand(
    tag: &TagToken<'_>,
    inner: Option<&str>,
    env: &TemplateEnv<'_>,
) -> Option<Expansion> {
    let args = split_args(tag.arg_text(), false);
    let arg = |name: &str, index: usize| named(&args, name).or_else(|| positional(&args, index));
    match tag.name().as_str() {
        "figure" => {
            let src = named(&args, "src")?;
            let title = named(&args, "title");
            let caption = named(&args, "caption").or(title).unwrap_or("");
            let alt = named(&args, "alt").unwrap_or(caption);
            let img = snippet::image(src, alt, title.filter(|t| *t != caption));
            let img = match named(&args, "link") {
                Some(link) => snippet::element("a", &[("href", Some(link))], &img),
                None => img,
            };
            let caption = if caption.is_empty() {
                String::new()
            } else {
                snippet::element("figcaption", &[], &inline_markdown_html(caption))
            };
            Some(Expansion::Block(format!("<figure>{img}{caption}</figure>")))
        }
        "highlight" => {
            let code = inner?;
            Some(Expansion::Block(snippet::code_block(
                positional(&args, 0),
                code,
            )))
        }
        "hl" => {
            let code = inner?;
            Some(Expansion::Inline(format!(
                "<code>{}</code>",
                snippet::text(code.trim())
            )))
        }
        "youtube" => Some(Expansion::Block(snippet::youtube(
            arg("id", 0)?,
            named(&args, "title"),
        ))),
        "vimeo" | "vimeo_simple" => Some(Expansion::Block(snippet::vimeo(
            arg("id", 0)?,
            named(&args, "title"),
        ))),
        "gist" => {
            let user = arg("user", 0)?;
            let id = arg("id", 1)?;
            let title = arg("file", 2).map(|f| format!("gist {user}/{id}: {f}"));
            Some(Expansion::Block(snippet::gist(
                &format!("{user}/{id}"),
                title.as_deref(),
            )))
        }
        "x" | "x_simple" | "tweet" | "twitter" | "twitter_simple" => {
            let (user, id) = match (arg("user", 0), arg("id", 1)) {
                (Some(user), Some(id)) => (user, id),
                // The old `{{< tweet 12345 >}}` form has the id alone.
                (Some(id), None) => ("i", id),
                _ => return None,
            };
            let url = format!("https://x.com/{user}/status/{id}");
            Some(Expansion::Block(snippet::embed_link(
                "tweet",
                &url,
                &format!("Post by @{user} on X"),
            )))
        }
        "instagram" | "instagram_simple" => {
            let id = arg("id", 0)?;
            let url = format!("https://www.instagram.com/p/{id}/");
            Some(Expansion::Block(snippet::embed_link(
                "frame",
                &url,
                "Instagram post",
            )))
        }
        "param" => {
            let name = arg("name", 0)?;
            let value = env.variables.get(&format!("param.{name}"))?;
            Some(Expansion::Inline(snippet::text(value)))
        }
        "ref" | "relref" => {
            let path = arg("path", 0)?;
            Some(Expansion::Inline(format!(
                "{}:{}",
                postport_html::url::POST_REF_SCHEME,
                postport_html::url::percent_encode_path(path)
            )))
        }
        "details" => {
            inner?;
            let summary = named(&args, "summary").unwrap_or("Details");
            let open = if truthy(named(&args, "open")) {
                " open"
            } else {
                ""
            };
            let _ = env;
            Some(Expansion::Wrap {
                open: format!(
                    "<details{open}><summary>{}</summary>",
                    snippet::text(summary)
                ),
                close: "</details>".to_string(),
                inner: None,
            })
        }
        _ => super::hugo_theme::expand(tag, inner),
    }
}
