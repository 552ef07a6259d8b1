//! Emoji shortcodes (`:smile:`) in Markdown text, where the site turns them on: Hugo's
//! `enableEmoji`, Jekyll's jemoji plugin, Hexo's github-emojis filter. Elsewhere a
//! `:word:` is text (times like `10:30:45` and Python slices stay as written anyway).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde_json::{Map, Value};

/// Replaces `:shortcode:` in text events (not in code) by its emoji, when GitHub's
/// list knows the name.
pub fn emojify(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut in_code = false;
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                event
            }
            Event::Text(text) if !in_code && text.contains(':') => match replace(&text) {
                Some(replaced) => Event::Text(CowStr::from(replaced)),
                None => Event::Text(text),
            },
            other => other,
        })
        .collect()
}

/// The text with its known shortcodes replaced; `None` when none is known.
fn replace(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(open) = rest.find(':') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        match (
            after[name_len..].starts_with(':'),
            emojis::get_by_shortcode(name),
        ) {
            (true, Some(emoji)) if !name.is_empty() => {
                out.push_str(&rest[..open]);
                out.push_str(emoji.as_str());
                rest = &after[name_len + 1..];
                changed = true;
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Whether a site configuration turns emoji shortcodes on.
pub fn config_has_emoji(config: &Map<String, Value>) -> bool {
    let listed = |key: &str| {
        config
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|p| p.as_str() == Some("jemoji")))
    };
    let on = |v: Option<&Value>| match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Object(o)) => o.get("enable").and_then(Value::as_bool).unwrap_or(true),
        _ => false,
    };
    on(config
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("enableEmoji"))
        .map(|(_, v)| v))
        || on(config.get("githubEmojis"))
        || listed("plugins")
        || listed("gems")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_shortcodes_only() {
        assert_eq!(
            replace("Hi :smile: at 10:30:45, :not_an_emoji: and :+1:").as_deref(),
            Some("Hi 😄 at 10:30:45, :not_an_emoji: and 👍")
        );
        assert_eq!(replace("a: b"), None);
    }

    #[test]
    fn configs_that_turn_it_on() {
        let on = |v: Value| config_has_emoji(v.as_object().unwrap());
        assert!(on(json!({"enableEmoji": true})));
        assert!(on(json!({"plugins": ["jekyll-feed", "jemoji"]})));
        assert!(on(json!({"githubEmojis": {"enable": true}})));
        assert!(!on(
            json!({"enableEmoji": false, "plugins": ["jekyll-feed"]})
        ));
    }
}
