//! Jekyll's Liquid: highlight, raw, comment, post_url, link, and `{{ site.x }}` /
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
