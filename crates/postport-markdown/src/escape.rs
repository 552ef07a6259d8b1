//! Escaping, only where a character would otherwise be misread: Markdown's own syntax
//! (so `5*3`, `a_b` and `[不是链接]` stay text) and the target's template syntax (Hugo
//! parses `{{< >}}` even in code blocks; Liquid and Nunjucks read `{{ }}` and `{% %}`).

use crate::target::Target;

/// Where text is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextPlace {
    /// In a GFM table cell (`|` must be escaped).
    pub in_table: bool,
    /// In a link's text or an image's alt text (brackets there must all be escaped, or
    /// an unbalanced one ends the text).
    pub in_link: bool,
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Whether `&` at the start of `rest` would be read as an entity (`&amp;`, `&#123;`).
fn looks_like_entity(rest: &str) -> bool {
    let body = &rest[1..];
    let end = match body.find(';') {
        Some(i) if i > 0 && i <= 32 => i,
        _ => return false,
    };
    let name = &body[..end];
    if let Some(num) = name.strip_prefix('#') {
        return match num.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
        };
    }
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Template openers of `target` at the start of `rest`, written so the generator does
/// not read them, or `None` when `rest` opens nothing.
fn template_escape(rest: &str, target: Target) -> Option<(&'static str, usize)> {
    match target {
        // `{{\<` is text to Markdown and not a shortcode to Hugo.
        Target::Hugo if rest.starts_with("{{<") => Some(("{{\\<", 3)),
        Target::Hugo if rest.starts_with("{{%") => Some(("{{\\%", 3)),
        // Plain Markdown too: whatever reads it next, `{\{` is only text.
        Target::Zola | Target::Plain if rest.starts_with("{{") => Some(("{\\{", 2)),
        Target::Zola | Target::Plain if rest.starts_with("{%") => Some(("{\\%", 2)),
        // Liquid and Nunjucks run before Markdown; an entity hides the brace from them.
        Target::Hexo | Target::Jekyll if rest.starts_with("{{") => Some(("&#123;{", 2)),
        Target::Hexo | Target::Jekyll if rest.starts_with("{%") => Some(("&#123;%", 2)),
        Target::Hexo if rest.starts_with("{#") => Some(("&#123;#", 2)),
        _ => None,
    }
}

/// The bytes `escape_text` may escape: everything else is written as it is.
fn is_significant(b: u8) -> bool {
    matches!(
        b,
        b'{' | b'\n'
            | b'\r'
            | b'\\'
            | b'*'
            | b'`'
            | b'~'
            | b'_'
            | b'['
            | b']'
            | b'<'
            | b'&'
            | b'|'
            | b'$'
    )
}

/// Escapes inline text. `before` is the character written just before it (`None` at
/// the start of a line), `after` the character that will follow it.
pub fn escape_text(
    text: &str,
    before: Option<char>,
    after: Option<char>,
    target: Target,
    place: TextPlace,
) -> String {
    // Most text (all of most CJK text) has nothing a reader could misread.
    if !text.bytes().any(is_significant) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Two dollars could be read as a formula where the target typesets TeX.
    let dollars = text.bytes().filter(|b| *b == b'$').count() >= 2;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !c.is_ascii() || !is_significant(c as u8) {
            out.push(c);
            i += 1;
            continue;
        }
        let rest = &text[at..];
        if let Some((escaped, len)) = template_escape(rest, target) {
            out.push_str(escaped);
            i += len;
            continue;
        }
        let prev = if i == 0 { before } else { Some(chars[i - 1].1) };
        let next = chars.get(i + 1).map(|&(_, c)| c).or(after);
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '*' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // An underscore between letters or digits never delimits emphasis.
            '_' if is_alnum(prev) && is_alnum(next) => out.push('_'),
            '_' => out.push_str("\\_"),
            '[' | ']' if place.in_link => {
                out.push('\\');
                out.push(c);
            }
            '[' if next == Some('^') || next.is_none() || rest[1..].contains(']') => {
                out.push_str("\\[")
            }
            ']' if matches!(next, Some('(' | '[' | ':')) => out.push_str("\\]"),
            '<' if next
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<")
            }
            '&' if looks_like_entity(rest) => out.push_str("\\&"),
            '|' if place.in_table => out.push_str("\\|"),
            '$' if dollars => out.push_str("\\$"),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Escapes what would start a block at the beginning of a line of inline content (a
/// heading, a quote, a list item, a setext underline) and drops the indentation that
/// would make it code.
pub fn escape_line_start(line: &str) -> String {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let first = trimmed.chars().next();
    let rest_after = |n: usize| trimmed[n..].chars().next();
    let opens_item = |n: usize| rest_after(n).is_none_or(|c| c == ' ' || c == '\t');
    match first {
        Some('#') => {
            let hashes = trimmed.chars().take_while(|&c| c == '#').count();
            if hashes <= 6 && opens_item(hashes) {
                return format!("\\{trimmed}");
            }
        }
        // `>` quotes; `:` opens a definition for the renderers with definition lists
        // (goldmark in Hugo, pulldown-cmark).
        Some('>' | ':') => return format!("\\{trimmed}"),
        Some('-' | '+' | '=') => {
            let c = trimmed.as_bytes()[0] as char;
            let underline = trimmed.trim_end().chars().all(|x| x == c || x == ' ');
            if opens_item(1) || underline {
                return format!("\\{trimmed}");
            }
        }
        Some(d) if d.is_ascii_digit() => {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            if digits <= 9
                && matches!(rest_after(digits), Some('.' | ')'))
                && opens_item(digits + 1)
            {
                return format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]);
            }
        }
        _ => {}
    }
    trimmed.to_string()
}

/// An inline code span: a backtick fence longer than any run inside, padded so edge
/// backticks and spaces survive.
pub fn code_span(code: &str) -> String {
    let code = code.replace(['\n', '\r'], " ");
    let longest = longest_run(&code, '`');
    let fence = "`".repeat(longest + 1);
    let all_spaces = code.chars().all(|c| c == ' ');
    let pad = !all_spaces
        && (code.starts_with('`')
            || code.ends_with('`')
            || (code.starts_with(' ') && code.ends_with(' ')));
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

/// The longest run of `c` in `s`.
pub fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for x in s.chars() {
        if x == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// A TeX formula between dollars (`$…$`, `$$…$$`: what MathJax and KaTeX look for,
/// Hugo's passthrough and kramdown's math read), or `None` when only HTML can carry it:
/// a dollar inside, or template syntax the target cannot be kept from.
pub fn math_markdown(tex: &str, display: bool, target: Target) -> Option<String> {
    if tex.contains('$') {
        return None;
    }
    // On one line: a line of TeX that starts with `-`, `#` or `>` would open a block.
    // A `%` comment runs to the end of its line, so such TeX is left to HTML.
    if tex.contains('\n') && tex.contains('%') {
        return None;
    }
    let tex = tex.split_whitespace().collect::<Vec<_>>().join(" ");
    let tex = template_safe_code(&tex, target, false)?;
    // kramdown has one delimiter: a paragraph of its own is set apart, else inline.
    let delimiter = if display || target == Target::Jekyll {
        "$$"
    } else {
        "$"
    };
    Some(format!("{delimiter}{tex}{delimiter}"))
}

/// Code (a span or a block) made safe from the target's template engine, or `None` when
/// only HTML with entities can show it (Hugo parses even an unclosed `{{<` in code;
/// Nunjucks reads Hexo's inline code).
pub fn template_safe_code(code: &str, target: Target, block: bool) -> Option<String> {
    match target {
        Target::Hugo => hugo_code(code),
        // Zola would unescape a literal `{%/* ... */%}` itself.
        Target::Zola => {
            let escapes = ["{{/*", "{%/*", "*/}}", "*/%}"];
            if escapes.iter().any(|e| code.contains(e)) {
                return None;
            }
            Some(zola_code(code))
        }
        Target::Jekyll => {
            if !(code.contains("{{") || code.contains("{%")) {
                return Some(code.to_string());
            }
            if code.contains("endraw") {
                return None;
            }
            Some(format!("{{% raw %}}{code}{{% endraw %}}"))
        }
        // Hexo keeps fenced code away from Nunjucks, but not inline code.
        Target::Hexo => {
            if !block && (code.contains("{{") || code.contains("{%") || code.contains("{#")) {
                return None;
            }
            Some(code.to_string())
        }
        Target::Plain => Some(code.to_string()),
    }
}

/// `{{< x >}}` → `{{</* x */>}}`, which Hugo shows as written.
fn hugo_code(code: &str) -> Option<String> {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    loop {
        let open = [("{{<", ">}}"), ("{{%", "%}}")]
            .iter()
            .filter_map(|&(o, c)| rest.find(o).map(|i| (i, o, c)))
            .min_by_key(|&(i, _, _)| i);
        let Some((i, open, close)) = open else {
            out.push_str(rest);
            return Some(out);
        };
        let after = &rest[i + 3..];
        let end = after.find(close)?;
        let inner = &after[..end];
        if inner.contains("{{<") || inner.contains("{{%") {
            return None;
        }
        out.push_str(&rest[..i]);
        out.push_str(open);
        out.push_str("/*");
        out.push_str(inner);
        out.push_str("*/");
        out.push_str(close);
        rest = &after[end + 3..];
    }
}

/// Zola's shortcode calls (`{{ name(...) }}`, `{% name(...) %}`, `{% end %}`) escaped as
/// `{{/* ... */}}`; other braces are text to Zola.
fn zola_code(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(i) = rest.find(['{']) {
        let tail = &rest[i..];
        let pair = if tail.starts_with("{{") {
            Some(("{{", "}}"))
        } else if tail.starts_with("{%") {
            Some(("{%", "%}"))
        } else {
            None
        };
        let Some((open, close)) = pair else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
            continue;
        };
        let after = &tail[2..];
        let Some(end) = after.find(close) else {
            out.push_str(rest);
            return out;
        };
        let inner = &after[..end];
        let call = inner.trim_start();
        let name: String = call
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let is_call = !name.is_empty() && call[name.len()..].trim_start().starts_with('(');
        let is_end = open == "{%" && call.trim() == "end";
        out.push_str(&rest[..i]);
        if is_call || is_end {
            out.push_str(open);
            out.push_str("/*");
            out.push_str(inner);
            out.push_str("*/");
            out.push_str(close);
        } else {
            out.push_str(open);
            out.push_str(inner);
            out.push_str(close);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Text for raw HTML (a fallback table, `<code>`): braces as entities, so no template
/// engine reads `{{` or `{%` in it.
pub fn hide_template_braces(html: &str) -> String {
    if !html.contains("{{") && !html.contains("{%") && !html.contains("{#") {
        return html.to_string();
    }
    html.replace("{{", "&#123;&#123;")
        .replace("{%", "&#123;%")
        .replace("{#", "&#123;#")
}

/// HTML written into Markdown: the text between tags with Markdown's own characters as
/// entities, since Markdown still reads the text of inline HTML (`<code>a*b</code> and
/// <code>c*d</code>` would gain emphasis).
pub fn protect_html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            '*' | '_' | '`' | '[' | ']' | '~' | '\\' | '|' if !in_tag => {
                out.push_str(&format!("&#{};", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        escape_text(s, None, None, Target::Plain, TextPlace::default())
    }

    #[test]
    fn text_stays_readable() {
        assert_eq!(esc("snake_case and 5*3"), "snake_case and 5\\*3");
        assert_eq!(esc("_edge_"), "\\_edge\\_");
        assert_eq!(esc("[不是链接] and ]( x"), "\\[不是链接] and \\]( x");
        assert_eq!(esc("a [ b"), "a [ b");
        assert_eq!(esc("<tag> a < b &amp; & c"), "\\<tag> a < b \\&amp; & c");
        assert_eq!(esc("3~5年"), "3\\~5年");
        assert_eq!(esc("　　全角缩进"), "　　全角缩进");
    }

    #[test]
    fn template_syntax_per_target() {
        let t = |s: &str, target| escape_text(s, None, None, target, TextPlace::default());
        assert_eq!(
            t("{{< x >}} {{% y %}}", Target::Hugo),
            "{{\\< x >}} {{\\% y %}}"
        );
        assert_eq!(t("{{ a }} {% b %}", Target::Zola), "{\\{ a }} {\\% b %}");
        assert_eq!(
            t("{{ a }} {% b %}", Target::Jekyll),
            "&#123;{ a }} &#123;% b %}"
        );
        assert_eq!(t("{# c #}", Target::Hexo), "&#123;# c #}");
        assert_eq!(t("{{ a }}", Target::Plain), "{\\{ a }}");
    }

    #[test]
    fn line_starts() {
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line_start("#hashtag"), "#hashtag");
        assert_eq!(escape_line_start("2021. A year"), "2021\\. A year");
        assert_eq!(escape_line_start("- dash"), "\\- dash");
        assert_eq!(escape_line_start(":bouquet: x"), "\\:bouquet: x");
        assert_eq!(escape_line_start("==="), "\\===");
        assert_eq!(escape_line_start("    indented"), "indented");
        assert_eq!(escape_line_start("　　indent kept"), "　　indent kept");
    }

    #[test]
    fn code() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(
            template_safe_code("x {{< y >}} z", Target::Hugo, true).as_deref(),
            Some("x {{</* y */>}} z")
        );
        assert_eq!(template_safe_code("lone {{< y", Target::Hugo, true), None);
        assert_eq!(
            template_safe_code("{{ yt(id=1) }} {{ v }} {% end %}", Target::Zola, true).as_deref(),
            Some("{{/* yt(id=1) */}} {{ v }} {%/* end */%}")
        );
        assert_eq!(
            template_safe_code("{{ v }}", Target::Jekyll, false).as_deref(),
            Some("{% raw %}{{ v }}{% endraw %}")
        );
        assert_eq!(template_safe_code("{{ v }}", Target::Hexo, false), None);
        assert_eq!(
            template_safe_code("{{ v }}", Target::Hexo, true).as_deref(),
            Some("{{ v }}")
        );
    }
}
