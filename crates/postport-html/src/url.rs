//! Which URLs may enter the tree: an allowlist of schemes for links and images, with
//! the whitespace tricks browsers ignore (`java\tscript:`) taken out first.

/// Links may use these schemes (or none: relative URLs and fragments).
const LINK_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "ftp", "ftps", "news", "irc", "xmpp", "magnet",
];

/// Images may use these schemes (or none). `data:` is allowed for `image/*` only.
const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// The scheme of an internal reference to another post, produced by the post reader
/// for Hugo `ref`/`relref` and Hexo `post_link` (`postport-ref:posts/other.md`).
pub const POST_REF_SCHEME: &str = "postport-ref";

/// A URL that browsers would read the same way: ASCII tab and newlines removed,
/// leading and trailing C0 controls and spaces trimmed, `//host` made `https://host`.
fn normalize(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c <= ' ');
    if let Some(rest) = trimmed.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        trimmed.to_string()
    }
}

/// The scheme of a URL, lowercased, if it has one.
pub fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let head = &url[..colon];
    if head.is_empty() || url[..colon].contains(['/', '?', '#']) {
        return None;
    }
    let mut chars = head.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(head.to_ascii_lowercase())
}

/// The link target to keep, or `None` when the URL is unsafe (`javascript:`, `data:`,
/// `vbscript:`, anything not on the allowlist).
pub fn sanitize_href(raw: &str) -> Option<String> {
    let url = normalize(raw);
    match scheme(&url) {
        None => Some(url),
        Some(s) if LINK_SCHEMES.contains(&s.as_str()) || s == POST_REF_SCHEME => Some(url),
        Some(_) => None,
    }
}

/// The image source to keep, or `None` when it is unsafe or empty.
pub fn sanitize_src(raw: &str) -> Option<String> {
    let url = normalize(raw);
    if url.is_empty() {
        return None;
    }
    match scheme(&url) {
        None => Some(url),
        Some(s) if IMAGE_SCHEMES.contains(&s.as_str()) => Some(url),
        Some(s)
            if s == "data"
                && url[5..]
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("image/") =>
        {
            Some(url)
        }
        Some(_) => None,
    }
}

/// Whether an image source is a lazy-loading placeholder (a tiny inline GIF, a
/// `blank.gif`), in which case `data-src` and friends hold the real image.
pub fn is_placeholder_src(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    if lower.starts_with("data:") {
        return lower.len() < 200;
    }
    // The file a lazy loader shows until the real image arrives: `blank.gif`,
    // `lazy-placeholder.png`, `1x1.png`, `spacer.gif`, `loading.svg`.
    let path = lower.split(['?', '#']).next().unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let image = matches!(ext, "gif" | "png" | "svg" | "jpg" | "jpeg" | "webp");
    let words: Vec<&str> = stem.split(['-', '_', '.']).collect();
    image
        && words.iter().any(|w| {
            matches!(
                *w,
                "blank"
                    | "loading"
                    | "placeholder"
                    | "grey"
                    | "gray"
                    | "spacer"
                    | "pixel"
                    | "transparent"
                    | "lazy"
                    | "lazyload"
                    | "1x1"
                    | "empty"
                    | "loader"
            )
        })
}

/// Decodes `%XX` escapes (for post references written into Markdown link targets).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes what cannot stand in a Markdown link destination or an attribute as `%XX`.
pub fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `s` as an IRI reference (RFC 3987) that an XML attribute such as Atom's `href` can
/// hold: what no IRI contains (spaces and other whitespace, controls, `"<>\\^`{|}`,
/// U+FFF0 to U+FFFF) and a `%` that starts no escape are percent-encoded; letters of
/// any script stay as they are.
pub fn iri(s: &str) -> std::borrow::Cow<'_, str> {
    let bytes = s.as_bytes();
    let stray_percent = |i: usize| {
        !(bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit())
    };
    let outside = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || "\"<>\\^`{|}".contains(c)
            || ('\u{fff0}'..='\u{ffff}').contains(&c)
    };
    if !s
        .char_indices()
        .any(|(i, c)| outside(c) || (c == '%' && stray_percent(i)))
    {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if outside(c) || (c == '%' && stray_percent(i)) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `base` (an absolute URL) joined with a relative `href`: RFC 3986 resolution, enough
/// for the links and images of posts.
pub fn join(base: &str, href: &str) -> String {
    let (scheme_host, path) = match base.find("://").map(|i| i + 3) {
        Some(after) => match base[after..].find('/') {
            Some(slash) => (&base[..after + slash], &base[after + slash..]),
            None => (base, "/"),
        },
        None => return href.to_string(),
    };
    // RFC 3986 section 5.2.2: network-path, absolute-path, same-document and
    // query-only references.
    if href.starts_with("//") {
        let scheme = &base[..base.find(':').unwrap_or(0)];
        return format!("{scheme}:{href}");
    }
    if href.starts_with('/') {
        return format!("{scheme_host}{href}");
    }
    if href.is_empty() || href.starts_with('#') {
        let base = &base[..base.find('#').unwrap_or(base.len())];
        return format!("{base}{href}");
    }
    if href.starts_with('?') {
        let base = &base[..base.find(['?', '#']).unwrap_or(base.len())];
        return format!("{base}{href}");
    }
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let (rel_path, rest) = match href.find(['?', '#']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    for seg in rel_path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if rel_path.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    format!("{scheme_host}/{}{trailing}{rest}", parts.join("/"))
}

/// A path without empty, `.` and `..` segments (`..` stops at the root, as RFC 3986
/// 5.2.4 resolves it) and without its leading slash, keeping a trailing one (a dot
/// segment at the end still names a folder): `/../x/./y/` is `x/y/`, `/posts/.` is `posts/`.
pub fn clean_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = segments.join("/");
    let last = path.rsplit('/').next().unwrap_or("");
    if !out.is_empty() && (path.ends_with('/') || last == "." || last == "..") {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_dot_segments_and_empty_ones() {
        assert_eq!(clean_path("/../../tmp/evil/"), "tmp/evil/");
        assert_eq!(clean_path("posts/./"), "posts/");
        assert_eq!(clean_path("/posts/."), "posts/");
        assert_eq!(clean_path("a//b/../c.html"), "a/c.html");
        assert_eq!(clean_path("/"), "");
        assert_eq!(clean_path("x/.."), "");
    }

    #[test]
    fn script_urls_never_pass() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert_eq!(sanitize_href(bad), None, "{bad:?}");
            assert_eq!(sanitize_src(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ordinary_urls_pass() {
        assert_eq!(
            sanitize_href("https://a.b/c").as_deref(),
            Some("https://a.b/c")
        );
        assert_eq!(sanitize_href("../x.html#y").as_deref(), Some("../x.html#y"));
        assert_eq!(sanitize_href("#fn1").as_deref(), Some("#fn1"));
        assert_eq!(
            sanitize_href("mailto:a@b.c").as_deref(),
            Some("mailto:a@b.c")
        );
        assert_eq!(
            sanitize_href("//cdn.x/y").as_deref(),
            Some("https://cdn.x/y")
        );
        assert_eq!(sanitize_href("a:b/c").as_deref(), None);
        assert_eq!(sanitize_href("path/a:b").as_deref(), Some("path/a:b"));
        assert_eq!(sanitize_src("img/a.png").as_deref(), Some("img/a.png"));
        assert_eq!(
            sanitize_src("data:image/png;base64,AAAA").as_deref(),
            Some("data:image/png;base64,AAAA")
        );
        assert_eq!(sanitize_src(""), None);
    }

    #[test]
    fn iris_encode_only_what_no_iri_holds() {
        assert_eq!(
            iri("https://例子.测试/图片.jpg?a=1#b"),
            "https://例子.测试/图片.jpg?a=1#b"
        );
        assert!(matches!(
            iri("https://a.example/x%20y"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            iri("https://a.example/a b.png"),
            "https://a.example/a%20b.png"
        );
        assert_eq!(
            iri("https://a.example/{x}|\"<>^`\\"),
            "https://a.example/%7Bx%7D%7C%22%3C%3E%5E%60%5C"
        );
        assert_eq!(
            iri("https://a.example/100%/x%2"),
            "https://a.example/100%25/x%252"
        );
        assert_eq!(
            iri("https://a.example/a\u{3000}b\tc"),
            "https://a.example/a%E3%80%80b%09c"
        );
    }

    #[test]
    fn joins_relative_links() {
        assert_eq!(
            join("https://a.example/2021/10/post/", "../other/"),
            "https://a.example/2021/10/other/"
        );
        assert_eq!(
            join("https://a.example/x/y.html", "z.html#f"),
            "https://a.example/x/z.html#f"
        );
        assert_eq!(
            join("https://a.example/x/y.html", "/root"),
            "https://a.example/root"
        );
        assert_eq!(join("https://a.example", "p"), "https://a.example/p");
        assert_eq!(
            join("https://a.example/p/", "#top"),
            "https://a.example/p/#top"
        );
        assert_eq!(
            join("https://a.example/p/?q=1#x", "?r=2"),
            "https://a.example/p/?r=2"
        );
        assert_eq!(
            join("https://a.example/p/?q=1", "x.png"),
            "https://a.example/p/x.png"
        );
        assert_eq!(
            join("https://a.example/p/", "//cdn.example/i.png"),
            "https://cdn.example/i.png"
        );
    }

    #[test]
    fn percent_round_trip() {
        let path = "posts/新闻 一.md";
        assert_eq!(percent_decode(&percent_encode_path(path)), path);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%中%4"), "%中%4");
    }
}
