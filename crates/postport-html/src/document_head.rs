//! The metadata a saved web page carries in its `<head>` (title, authors, dates,
//! keywords, description, language, canonical address), for posts that are whole pages.

use scraper::{Html, Selector};

/// What a page's `<head>` says about it. Every field is as the page wrote it,
/// trimmed; empty values are left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DocumentHead {
    /// `<title>`.
    pub title: Option<String>,
    /// `<meta name="author">` (each one), else `article:author`.
    pub authors: Vec<String>,
    /// `<meta name="description">`, else `og:description`.
    pub description: Option<String>,
    /// `<meta name="keywords">`, split at commas (ASCII or full-width).
    pub keywords: Vec<String>,
    /// When it was published: `article:published_time`, `date`, `pubdate`,
    /// `publishdate`, `dc.date.issued`, `dc.date`.
    pub published: Option<String>,
    /// When it last changed: `article:modified_time`, `last-modified`,
    /// `dc.date.modified`.
    pub modified: Option<String>,
    /// `<html lang>`, else `content-language`.
    pub language: Option<String>,
    /// `<link rel="canonical">`, else `og:url`.
    pub canonical: Option<String>,
}

const PUBLISHED: &[&str] = &[
    "article:published_time",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
];
const MODIFIED: &[&str] = &["article:modified_time", "last-modified", "dc.date.modified"];

/// The head of `html`, if it is a whole page (it has a `<head>`); `None` for a
/// fragment. Only the part before `</head>` is parsed.
pub fn read_document_head(html: &str) -> Option<DocumentHead> {
    let start = find_ascii_ci(html, "<head")?;
    let end = find_ascii_ci(&html[start..], "</head")
        .map(|i| start + i)
        .unwrap_or(html.len());
    // The `<html>` start tag (its `lang`) comes before the head.
    let doc = Html::parse_document(&html[..end]);
    let title = select(&doc, "title")
        .into_iter()
        .find_map(|e| clean(&e.text().collect::<String>()));
    let metas = meta_pairs(&doc);
    let named = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .flat_map(|wanted| {
                metas
                    .iter()
                    .filter(move |(name, _)| name == wanted)
                    .map(|(_, content)| content.clone())
            })
            .collect()
    };
    let mut authors = named(&["author"]);
    if authors.is_empty() {
        authors = named(&["article:author"]);
    }
    authors.dedup();
    let mut keywords: Vec<String> = named(&["keywords"])
        .iter()
        .flat_map(|k| k.split([',', '，', '、', ';']))
        .filter_map(clean)
        .collect();
    keywords.dedup();
    let language = select(&doc, "html[lang]")
        .into_iter()
        .find_map(|e| e.value().attr("lang").and_then(clean))
        .or_else(|| named(&["content-language"]).into_iter().next());
    let canonical = select(&doc, "link[rel~=canonical][href]")
        .into_iter()
        .find_map(|e| e.value().attr("href").and_then(clean))
        .or_else(|| named(&["og:url"]).into_iter().next());
    Some(DocumentHead {
        title,
        authors,
        description: named(&["description", "og:description"]).into_iter().next(),
        keywords,
        published: named(PUBLISHED).into_iter().next(),
        modified: named(MODIFIED).into_iter().next(),
        language,
        canonical,
    })
}

/// `(name, content)` of every `<meta>` with a `name`, `property` or `http-equiv`
/// (lowercased) and a non-empty `content`.
fn meta_pairs(doc: &Html) -> Vec<(String, String)> {
    select(doc, "meta[content]")
        .into_iter()
        .filter_map(|e| {
            let v = e.value();
            let name = v
                .attr("name")
                .or_else(|| v.attr("property"))
                .or_else(|| v.attr("http-equiv"))?;
            Some((name.trim().to_ascii_lowercase(), clean(v.attr("content")?)?))
        })
        .collect()
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    match Selector::parse(selector) {
        Ok(s) => doc.select(&s).collect(),
        Err(_) => Vec::new(),
    }
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// The byte offset of `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_saved_page_says_about_itself() {
        let page = r#"<!DOCTYPE html><html lang="zh-CN"><head>
<meta charset="utf-8"><title>  港口吞吐量创新高 - 晚报  </title>
<meta name="author" content="李明"><meta name="Author" content="王芳">
<meta name="keywords" content="港口, 物流，经济">
<meta name="description" content="今年前十个月的数据。">
<meta property="article:published_time" content="2024-11-02T08:30:00+08:00">
<meta property="article:modified_time" content="2024-11-03">
<link rel="canonical" href="https://news.example.cn/a/1.html">
</head><body><h1>港口吞吐量创新高</h1><p>正文。</p></body></html>"#;
        let head = read_document_head(page).expect("a whole page");
        assert_eq!(
            head,
            DocumentHead {
                title: Some("港口吞吐量创新高 - 晚报".into()),
                authors: vec!["李明".into(), "王芳".into()],
                description: Some("今年前十个月的数据。".into()),
                keywords: vec!["港口".into(), "物流".into(), "经济".into()],
                published: Some("2024-11-02T08:30:00+08:00".into()),
                modified: Some("2024-11-03".into()),
                language: Some("zh-CN".into()),
                canonical: Some("https://news.example.cn/a/1.html".into()),
            }
        );
    }

    #[test]
    fn a_fragment_has_no_head_and_an_empty_head_says_nothing() {
        assert_eq!(read_document_head("<p>Just a body.</p>"), None);
        assert_eq!(
            read_document_head("<HTML><HEAD></HEAD><BODY>x</BODY></HTML>"),
            Some(DocumentHead::default())
        );
    }
}
