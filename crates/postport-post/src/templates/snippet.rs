//! Small HTML snippets that stand in for template tags; every value escaped, and text
//! protected from being read as Markdown when the snippet lands inside a paragraph.

use quick_xml::escape::escape;

/// Escapes text for an HTML element inside Markdown: `& < >` as entities, and the
/// characters Markdown would act on (`* _ [ ] \` ` and backslash) as numeric references,
/// which HTML decodes to the same characters.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' => out.push_str("&#42;"),
            '_' => out.push_str("&#95;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '`' => out.push_str("&#96;"),
            '\\' => out.push_str("&#92;"),
            '~' => out.push_str("&#126;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value.
pub fn attr(s: &str) -> String {
    escape(s).into_owned()
}

/// An element with attributes (`None` values are left out) and already-escaped content.
pub fn element(name: &str, attrs: &[(&str, Option<&str>)], content: &str) -> String {
    let mut out = format!("<{name}");
    for (k, v) in attrs {
        if let Some(v) = v {
            out.push_str(&format!(" {k}=\"{}\"", attr(v)));
        }
    }
    out.push('>');
    out.push_str(content);
    out.push_str(&format!("</{name}>"));
    out
}

/// A void element.
pub fn void(name: &str, attrs: &[(&str, Option<&str>)]) -> String {
    let mut out = format!("<{name}");
    for (k, v) in attrs {
        if let Some(v) = v {
            out.push_str(&format!(" {k}=\"{}\"", attr(v)));
        }
    }
    out.push('>');
    out
}

/// A code block: `<pre><code class="language-x">…</code></pre>`.
pub fn code_block(language: Option<&str>, code: &str) -> String {
    let class = language
        .filter(|l| !l.is_empty())
        .map(|l| format!("language-{l}"));
    let code = code.strip_prefix('\n').unwrap_or(code);
    let code = code.trim_end_matches(['\n', ' ', '\t']);
    format!(
        "<pre>{}</pre>",
        element(
            "code",
            &[("class", class.as_deref())],
            &quick_xml::escape::partial_escape(code)
        )
    )
}

/// An embedded frame.
pub fn iframe(src: &str, title: Option<&str>) -> String {
    element("iframe", &[("src", Some(src)), ("title", title)], "")
}

/// A YouTube player frame for a video id.
pub fn youtube(id: &str, title: Option<&str>) -> String {
    iframe(&format!("https://www.youtube.com/embed/{id}"), title)
}

/// A Vimeo player frame for a video id.
pub fn vimeo(id: &str, title: Option<&str>) -> String {
    iframe(&format!("https://player.vimeo.com/video/{id}"), title)
}

/// A link standing in for a gist (`user/id` or a bare id), titled `gist …` unless given.
pub fn gist(path: &str, title: Option<&str>) -> String {
    let url = format!("https://gist.github.com/{path}");
    embed_link("gist", &url, title.unwrap_or(&format!("gist {path}")))
}

/// A link standing in for embedded media of `kind` (`gist`, `tweet`, `frame`).
pub fn embed_link(kind: &str, url: &str, title: &str) -> String {
    let class = format!("embed embed-{kind}");
    element(
        "figure",
        &[("class", Some(&class))],
        &element("a", &[("href", Some(url))], &text(title)),
    )
}

/// An image.
pub fn image(src: &str, alt: &str, title: Option<&str>) -> String {
    void(
        "img",
        &[("src", Some(src)), ("alt", Some(alt)), ("title", title)],
    )
}

/// A figure: an image and its caption (already HTML), if any.
pub fn figure(src: &str, alt: &str, title: Option<&str>, caption_html: &str) -> String {
    let img = image(src, alt, title);
    if caption_html.is_empty() {
        format!("<figure>{img}</figure>")
    } else {
        format!(
            "<figure>{img}{}</figure>",
            element("figcaption", &[], caption_html)
        )
    }
}

/// The opening of a callout (a note, a warning): a quote, led by its title in bold.
pub fn callout_open(title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => format!("<blockquote>\n<p><strong>{}</strong></p>", text(title)),
        None => "<blockquote>".to_string(),
    }
}

/// A TeX formula as pandoc's `--mathjax` writes it, which the reader makes `Math`.
/// Delimiters the source left around it (`$$…$$`, `\[…\]`) are taken off.
pub fn math(tex: &str, display: bool) -> String {
    let mut tex = tex.trim();
    for (open, close) in [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")] {
        if let Some(inner) = tex.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            tex = inner.trim();
            break;
        }
    }
    let (class, open, close) = if display {
        ("math display", "\\[", "\\]")
    } else {
        ("math inline", "\\(", "\\)")
    };
    element(
        "span",
        &[("class", Some(class))],
        &text(&format!("{open}{tex}{close}")),
    )
}

/// A template kept verbatim: the reader makes it a `Raw` node.
pub fn raw(format: &str, source: &str, block: bool) -> String {
    element(
        "postport-raw",
        &[
            ("data-format", Some(format)),
            ("data-block", block.then_some("block")),
        ],
        &text(source),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_markdown() {
        assert_eq!(
            text("a*b_c <d> & [e]"),
            "a&#42;b&#95;c &lt;d&gt; &amp; &#91;e&#93;"
        );
        assert_eq!(
            element(
                "a",
                &[("href", Some("x?a=1&b=\"2\"")), ("title", None)],
                "t"
            ),
            "<a href=\"x?a=1&amp;b=&quot;2&quot;\">t</a>"
        );
        assert_eq!(
            code_block(Some("js"), "\nif (a < b) {}\n"),
            "<pre><code class=\"language-js\">if (a &lt; b) {}</code></pre>"
        );
    }
}
