//! Categories and tags with each generator's semantics: a Hexo list is one hierarchy,
//! a Hexo list of lists is several; Hugo categories are flat; Jekyll splits on spaces.

use postport_model::CategoryPath;
use serde_json::Value;

use crate::site::SiteKind;

/// Category paths from a front matter value.
pub fn categories(value: &Value, kind: SiteKind) -> Vec<CategoryPath> {
    let paths = match (kind, value) {
        (_, Value::Null) => Vec::new(),
        (SiteKind::Jekyll, Value::String(s)) => {
            s.split_whitespace().map(|c| vec![c.to_string()]).collect()
        }
        (_, Value::String(_) | Value::Number(_) | Value::Bool(_)) => {
            scalar(value).map(|s| vec![vec![s]]).unwrap_or_default()
        }
        (SiteKind::Hugo | SiteKind::Jekyll | SiteKind::Zola, Value::Array(items)) => items
            .iter()
            .flat_map(|item| match item {
                Value::Array(inner) => inner
                    .iter()
                    .filter_map(scalar)
                    .map(|s| vec![s])
                    .collect::<Vec<_>>(),
                other => scalar(other).map(|s| vec![vec![s]]).unwrap_or_default(),
            })
            .collect(),
        (SiteKind::Hexo | SiteKind::Plain, Value::Array(items)) => {
            if items.iter().any(Value::is_array) {
                // "If Hexo sees any categories defined this way [as a list], it will
                // treat each category for that post as its own independent hierarchy."
                items
                    .iter()
                    .map(|item| match item {
                        Value::Array(path) => path.iter().filter_map(scalar).collect(),
                        other => scalar(other).into_iter().collect(),
                    })
                    .collect()
            } else {
                vec![items.iter().filter_map(scalar).collect()]
            }
        }
        (_, Value::Object(_)) => Vec::new(),
    };
    paths
        .into_iter()
        .filter(|p: &CategoryPath| !p.is_empty())
        .collect()
}

/// Tags from a front matter value: a list, or a string split on commas (on spaces too
/// for Jekyll, whose docs say a string is space-separated).
pub fn tags(value: &Value, kind: SiteKind) -> Vec<String> {
    let mut out: Vec<String> = match value {
        Value::Array(items) => items
            .iter()
            .flat_map(|item| match item {
                Value::Array(inner) => inner.iter().filter_map(scalar).collect(),
                other => scalar(other).into_iter().collect::<Vec<_>>(),
            })
            .collect(),
        Value::String(s) if kind == SiteKind::Jekyll && !s.contains(',') => {
            s.split_whitespace().map(str::to_string).collect()
        }
        Value::String(s) => s.split([',', '，']).map(|t| t.trim().to_string()).collect(),
        other => scalar(other).into_iter().collect(),
    };
    out.retain(|t| !t.is_empty());
    dedup_in_order(&mut out);
    out
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(v: Value, kind: SiteKind) -> Vec<Vec<String>> {
        categories(&v, kind)
    }

    fn owned(paths: &[&[&str]]) -> Vec<Vec<String>> {
        paths
            .iter()
            .map(|p| p.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn hexo_hierarchies() {
        assert_eq!(
            paths(json!(["a", "b"]), SiteKind::Hexo),
            owned(&[&["a", "b"]])
        );
        assert_eq!(
            paths(json!([["a", "b"], ["c"]]), SiteKind::Hexo),
            owned(&[&["a", "b"], &["c"]])
        );
        assert_eq!(
            paths(json!([["a", "b"], "c"]), SiteKind::Hexo),
            owned(&[&["a", "b"], &["c"]])
        );
        assert_eq!(paths(json!("solo"), SiteKind::Plain), owned(&[&["solo"]]));
        assert_eq!(
            paths(
                json!(["金融", "新浪财经", "新浪财经－国內"]),
                SiteKind::Plain
            ),
            owned(&[&["金融", "新浪财经", "新浪财经－国內"]])
        );
    }

    #[test]
    fn hugo_and_jekyll_are_flat() {
        assert_eq!(
            paths(json!(["a", "b"]), SiteKind::Hugo),
            owned(&[&["a"], &["b"]])
        );
        assert_eq!(
            paths(json!("jekyll update"), SiteKind::Jekyll),
            owned(&[&["jekyll"], &["update"]])
        );
        assert_eq!(paths(json!(["x y"]), SiteKind::Jekyll), owned(&[&["x y"]]));
    }

    #[test]
    fn tags_from_lists_and_strings() {
        assert_eq!(
            tags(&json!(["a", "b", "a", 3]), SiteKind::Hexo),
            vec!["a", "b", "3"]
        );
        assert_eq!(tags(&json!("a, b，c"), SiteKind::Hugo), vec!["a", "b", "c"]);
        assert_eq!(tags(&json!("one tag"), SiteKind::Hexo), vec!["one tag"]);
        assert_eq!(
            tags(&json!("release news"), SiteKind::Jekyll),
            vec!["release", "news"]
        );
        assert!(tags(&json!(null), SiteKind::Hexo).is_empty());
    }
}
