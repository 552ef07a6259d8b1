//! Jekyll's Liquid: highlight, raw, comment, post_url, link, include, assign, the gist,
//! tweet and video plugin tags, and `{{ site.x }}` /
//! `{{ "path" | relative_url }}` output from the site's configuration.

use super::scan::{Delim, TagToken, split_args};
use super::snippet;
use super::{Expansion, TemplateEnv};

fn post_ref(name: &str) -> String {
    format!(
        "{}:{}",
        postport_html::url::POST_REF_SCHEME,
        postport_html::url::percent_encode_path(name)
    )
}

/// A known tag's expansion; `None` for one this reader does not know.
pub(crate) fn expand(
    tag: &TagToken<'_>,
    inner: Option<&str>,
    env: &TemplateEnv<'_>,
) -> Option<Expansion> {
    if tag.delim == Delim::Output {
        return output(tag.inner, env);
    }
    let args = split_args(tag.arg_text(), false);
    let first = args.first().map(|a| a.value.as_str());
    match tag.name().as_str() {
        "highlight" => Some(Expansion::Block(snippet::code_block(first, inner?))),
        "raw" => Some(Expansion::Inline(inner?.to_string())),
        "comment" => {
            inner?;
            Some(Expansion::Nothing)
        }
        "post_url" => Some(Expansion::Inline(post_ref(first?))),
        "link" => Some(Expansion::Inline(post_ref(first?))),
        "include" | "include_cached" | "include_relative" => include(first?, &args, env),
        // Liquid prints nothing for an assignment, nor where it captures text (the text
        // shows where the variable is output: see `captures`).
        "assign" => Some(Expansion::Nothing),
        "capture" => {
            inner?;
            Some(Expansion::Nothing)
        }
        // The common plugins: jekyll-gist, jekyll-twitter-plugin, the video tags.
        "gist" => Some(Expansion::Block(snippet::gist(first?, None))),
        "twitter" | "tweet" => {
            let url = args
                .iter()
                .map(|a| a.value.as_str())
                .find(|v| v.starts_with("https://") || v.starts_with("http://"))?;
            Some(Expansion::Block(snippet::embed_link("tweet", url, url)))
        }
        "youtube" => Some(Expansion::Block(snippet::youtube(youtube_id(first?), None))),
        "vimeo" => Some(Expansion::Block(snippet::vimeo(first?, None))),
        _ => None,
    }
}

/// The text of each `{% capture name %}…{% endcapture %}`, by name: Minimal Mistakes'
/// notices capture Markdown and output it with `{{ name | markdownify }}`.
pub fn captures(text: &str) -> Vec<(String, String)> {
    let tokens = super::scan::scan(text, super::Dialect::Liquid);
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for token in &tokens {
        match token.name().as_str() {
            "capture" => {
                let name = token.arg_text().split_whitespace().next().unwrap_or("");
                if !name.is_empty() {
                    open = Some((name.to_string(), token.span.end));
                }
            }
            "endcapture" => {
                if let Some((name, start)) = open.take() {
                    out.push((name, text[start..token.span.start].to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

/// A YouTube video id, from the id itself or a watch/share URL.
fn youtube_id(value: &str) -> &str {
    if let Some((_, query)) = value.split_once("v=") {
        return query.split('&').next().unwrap_or(query);
    }
    value
        .rsplit('/')
        .next()
        .unwrap_or(value)
        .split('?')
        .next()
        .unwrap_or(value)
}

/// Values of an include's parameter, by the names themes give it, with `{{ site.x }}`
/// inside resolved. A bare variable (`page.image`) is not a value this reader knows.
fn include_param(
    args: &[super::scan::Arg],
    names: &[&str],
    env: &TemplateEnv<'_>,
) -> Option<String> {
    let value = names.iter().find_map(|name| {
        args.iter()
            .find(|a| a.name.as_deref() == Some(*name))
            .map(|a| a.value.as_str())
    })?;
    if ["page.", "site.", "include.", "post."]
        .iter()
        .any(|p| value.starts_with(p))
    {
        return None;
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..].find("}}")? + start;
        out.push_str(&rest[..start]);
        match output(rest[start + 2..end].trim(), env)? {
            Expansion::Inline(v) => out.push_str(&v),
            _ => return None,
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// The includes themes ship and posts call (Minimal Mistakes' `figure` and `video`, the
/// many `image.html` and `youtube.html`): the theme's files are not in the archive, so
/// what they show is built here. Others stay as they are, with a warning.
fn include(file: &str, args: &[super::scan::Arg], env: &TemplateEnv<'_>) -> Option<Expansion> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name
        .trim_end_matches(".html")
        .trim_end_matches(".liquid")
        .trim_end_matches(".md")
        .to_ascii_lowercase();
    let param = |names: &[&str]| include_param(args, names, env);
    match stem.as_str() {
        "figure" | "image" | "img" | "picture" | "photo" | "screenshot" => {
            let src = param(&["image_path", "url", "src", "path", "file", "image", "img"])?;
            let caption = param(&["caption", "description"]).unwrap_or_default();
            let alt = param(&["alt", "title", "description"]).unwrap_or_else(|| caption.clone());
            let caption_html = if caption.is_empty() {
                String::new()
            } else {
                crate::markdown::inline_markdown_html(&caption)
            };
            Some(Expansion::Block(snippet::figure(
                &src,
                &alt,
                None,
                &caption_html,
            )))
        }
        "youtube" | "youtube-player" | "youtubeplayer" | "youtube_embed" | "video" => {
            let id = param(&["id", "video_id", "youtube_id", "youtubeid"])?;
            let provider = param(&["provider"]).unwrap_or_else(|| "youtube".into());
            let title = param(&["title"]);
            Some(Expansion::Block(
                match provider.to_ascii_lowercase().as_str() {
                    "vimeo" => snippet::vimeo(&id, title.as_deref()),
                    "youtube" => snippet::youtube(&id, title.as_deref()),
                    _ => return None,
                },
            ))
        }
        // A contents sidebar: the outputs have their own.
        "toc" => Some(Expansion::Nothing),
        _ => None,
    }
}

/// `{{ site.url }}`, `{{ site.baseurl }}`, `{{ "/a/b" | relative_url }}`.
fn output(expr: &str, env: &TemplateEnv<'_>) -> Option<Expansion> {
    let mut parts = expr.split('|').map(str::trim);
    let head = parts.next()?;
    let filters: Vec<&str> = parts.collect();
    let value = if let Some(literal) = head.strip_prefix('"').and_then(|h| h.strip_suffix('"')) {
        literal.to_string()
    } else if let Some(literal) = head.strip_prefix('\'').and_then(|h| h.strip_suffix('\'')) {
        literal.to_string()
    } else {
        env.variables.get(head)?.clone()
    };
    let mut value = value;
    for filter in filters {
        if filter == "markdownify" {
            value = crate::markdown::markdown_to_html(&value);
            continue;
        }
        let base = match filter {
            "relative_url" => env
                .variables
                .get("site.baseurl")
                .cloned()
                .unwrap_or_default(),
            "absolute_url" => format!(
                "{}{}",
                env.variables.get("site.url").cloned().unwrap_or_default(),
                env.variables
                    .get("site.baseurl")
                    .cloned()
                    .unwrap_or_default()
            ),
            _ => return None,
        };
        value = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            value.trim_start_matches('/')
        );
    }
    Some(Expansion::Inline(value))
}
