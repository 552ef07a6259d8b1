//! Identifiers that survive a site's move: a front matter `id`/`guid`/`uuid`, else an
//! RFC 4151 `tag:` URI from the site's host, the post's date and its slug (a permalink
//! changes with the domain, `https` or the permalink pattern; these do not).

use postport_model::Timestamp;

/// The host of a URL (`news.example.cn` of `https://news.example.cn/a/`).
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Whether `s` is an absolute IRI (has a scheme).
pub fn is_absolute_iri(s: &str) -> bool {
    postport_html::url::scheme(s).is_some() && !s.chars().any(char::is_whitespace)
}

/// Characters a tag URI's specific part keeps; the rest is percent-encoded (letters of
/// any script stay: an IRI may hold them).
fn tag_specific(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The feed's id: `--feed-id`, else `tag:<host>,<year>:feed` from the site URL (and the
/// oldest post's year), else a name-based `urn:uuid:`.
pub fn feed_id(
    explicit: Option<&str>,
    site_url: Option<&str>,
    first_year: Option<i32>,
    name: &str,
    part: &str,
) -> String {
    if let Some(id) = explicit {
        return if part.is_empty() {
            id.to_string()
        } else {
            format!("{}/{}", id.trim_end_matches('/'), tag_specific(part))
        };
    }
    let suffix = if part.is_empty() {
        "feed".to_string()
    } else {
        format!("feed/{}", tag_specific(part))
    };
    match site_url.and_then(host) {
        Some(host) => format!("tag:{host},{}:{suffix}", first_year.unwrap_or(2000)),
        None => format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(
                &uuid::Uuid::NAMESPACE_URL,
                format!("postport:{name}:{suffix}").as_bytes()
            )
        ),
    }
}

/// An entry's id: front matter `id`/`guid`/`uuid` (an absolute IRI as is, a bare UUID
/// as `urn:uuid:`, anything else inside a `tag:` URI), else a `tag:` URI from the host,
/// date and slug, else a name-based `urn:uuid:`.
pub fn entry_id(
    front_matter: Option<&str>,
    site_url: Option<&str>,
    date: Option<&Timestamp>,
    slug: &str,
    source: &str,
) -> String {
    let day = date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "2000-01-01".into());
    if let Some(id) = front_matter.map(str::trim).filter(|s| !s.is_empty()) {
        if is_absolute_iri(id) {
            return id.to_string();
        }
        if uuid::Uuid::parse_str(id).is_ok() {
            return format!("urn:uuid:{}", id.to_ascii_lowercase());
        }
        if let Some(host) = site_url.and_then(host) {
            return format!("tag:{host},{day}:id/{}", tag_specific(id));
        }
    }
    match site_url.and_then(host) {
        Some(host) => format!(
            "tag:{host},{day}:{}",
            tag_specific(if slug.is_empty() { source } else { slug })
        ),
        None => format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(
                &uuid::Uuid::NAMESPACE_URL,
                format!("postport-entry:{source}").as_bytes()
            )
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids() {
        let date = chrono::DateTime::parse_from_rfc3339("2021-10-24T07:55:27+08:00").ok();
        assert_eq!(
            host("https://News.Example.cn:443/x").as_deref(),
            Some("news.example.cn")
        );
        assert_eq!(
            entry_id(
                None,
                Some("https://news.example.cn/"),
                date.as_ref(),
                "flood meeting",
                "a.md"
            ),
            "tag:news.example.cn,2021-10-24:flood%20meeting"
        );
        assert_eq!(
            entry_id(Some("https://x/guid/1"), None, None, "s", "a.md"),
            "https://x/guid/1"
        );
        assert_eq!(
            entry_id(
                Some("9F6F1C9B-1B6F-4E8D-9C4D-2B1F0E3A7C11"),
                None,
                None,
                "s",
                "a.md"
            ),
            "urn:uuid:9f6f1c9b-1b6f-4e8d-9c4d-2b1f0e3a7c11"
        );
        assert_eq!(
            entry_id(
                Some("42"),
                Some("https://b.example/"),
                date.as_ref(),
                "s",
                "a.md"
            ),
            "tag:b.example,2021-10-24:id/42"
        );
        assert!(entry_id(None, None, None, "s", "a.md").starts_with("urn:uuid:"));
        assert_eq!(
            entry_id(
                None,
                Some("https://n.example.cn/"),
                date.as_ref(),
                "新闻",
                "a.md"
            ),
            "tag:n.example.cn,2021-10-24:新闻"
        );
        assert_eq!(
            feed_id(None, Some("https://n.example.cn/"), Some(2015), "x", ""),
            "tag:n.example.cn,2015:feed"
        );
        assert_eq!(
            feed_id(
                None,
                Some("https://n.example.cn/"),
                Some(2015),
                "x",
                "category/财经"
            ),
            "tag:n.example.cn,2015:feed/category/财经"
        );
        assert!(is_absolute_iri("tag:a,2000:b") && !is_absolute_iri("/relative"));
    }
}
