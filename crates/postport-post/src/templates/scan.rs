//! Finding template tags in a body (`{{< >}}`, `{{% %}}`, `{% %}`, `{{ }}`), the code
//! regions of Markdown where they are literal text, and splitting tag arguments.

use std::ops::Range;

/// Which template language a body is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Hugo shortcodes `{{< name >}}`, `{{% name %}}`.
    Hugo,
    /// Hexo tag plugins (Nunjucks) `{% name %}`.
    Hexo,
    /// Jekyll's Liquid `{% name %}`, `{{ expr }}`.
    Liquid,
}

/// How a tag is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delim {
    /// `{{< … >}}`: inner content passed raw.
    HugoAngle,
    /// `{{% … %}}`: inner content rendered as Markdown.
    HugoPercent,
    /// `{{</* … */>}}` or `{{%/* … */%}}`: a shortcode written literally.
    HugoEscaped,
    /// `{% … %}`.
    Statement,
    /// `{{ … }}` (Liquid output).
    Output,
}

/// One tag found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagToken<'a> {
    /// Byte range of the whole tag.
    pub span: Range<usize>,
    /// The whole tag as written.
    pub raw: &'a str,
    /// Between the delimiters, trimmed (whitespace-control dashes removed).
    pub inner: &'a str,
    /// The delimiters.
    pub delim: Delim,
}

impl TagToken<'_> {
    /// The tag's name: `figure`, `/highlight` (Hugo closing, also written `{{</ highlight >}}`),
    /// `endcodeblock`.
    pub fn name(&self) -> String {
        let (slash, rest) = match self.inner.strip_prefix('/') {
            Some(rest) => ("/", rest.trim_start()),
            None => ("", self.inner),
        };
        format!("{slash}{}", rest.split_whitespace().next().unwrap_or(""))
    }

    /// The argument text after the name.
    pub fn arg_text(&self) -> &str {
        let rest = self.inner.trim_start_matches('/').trim_start();
        let word = rest.split_whitespace().next().unwrap_or("");
        rest[word.len()..].trim().trim_end_matches('/').trim()
    }

    /// Hugo's self-closing form `{{< name />}}`.
    pub fn self_closing(&self) -> bool {
        self.inner.ends_with('/')
    }
}

/// Finds the tags of `dialect` in `text`, in order, never overlapping.
pub fn scan(text: &str, dialect: Dialect) -> Vec<TagToken<'_>> {
    let mut tokens = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while let Some(found) = text[i..].find('{') {
        let start = i + found;
        let rest = &text[start..];
        let matched = match dialect {
            Dialect::Hugo => {
                if rest.starts_with("{{</*") {
                    close(rest, "*/>}}", 5).map(|(inner, len)| (inner, len, Delim::HugoEscaped))
                } else if rest.starts_with("{{%/*") {
                    close(rest, "*/%}}", 5).map(|(inner, len)| (inner, len, Delim::HugoEscaped))
                } else if rest.starts_with("{{<") {
                    close(rest, ">}}", 3).map(|(inner, len)| (inner, len, Delim::HugoAngle))
                } else if rest.starts_with("{{%") {
                    close(rest, "%}}", 3).map(|(inner, len)| (inner, len, Delim::HugoPercent))
                } else {
                    None
                }
            }
            Dialect::Hexo | Dialect::Liquid => {
                if rest.starts_with("{%") {
                    close(rest, "%}", 2).map(|(inner, len)| (inner, len, Delim::Statement))
                } else if dialect == Dialect::Liquid && rest.starts_with("{{") {
                    close(rest, "}}", 2).map(|(inner, len)| (inner, len, Delim::Output))
                } else {
                    None
                }
            }
        };
        match matched {
            Some((inner, len, delim)) => {
                let inner = inner
                    .trim()
                    .trim_start_matches('-')
                    .trim_end_matches('-')
                    .trim();
                tokens.push(TagToken {
                    span: start..start + len,
                    raw: &text[start..start + len],
                    inner,
                    delim,
                });
                i = start + len;
                // Nothing inside `{% raw %}` is a tag, not even an unclosed `{{`.
                if delim == Delim::Statement
                    && matches!(inner.split_whitespace().next(), Some("raw" | "rawblock"))
                {
                    let closer = if inner.starts_with("rawblock") {
                        "endrawblock"
                    } else {
                        "endraw"
                    };
                    if let Some(end) = find_statement(text, i, closer) {
                        i = end;
                    }
                }
            }
            None => i = start + 1,
        }
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    tokens
}

/// Where the statement `{% name %}` (with optional `-` trims) starts, at or after `from`.
fn find_statement(text: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(found) = text.get(at..)?.find("{%") {
        let start = at + found;
        if let Some((inner, _)) = close(&text[start..], "%}", 2)
            && inner.trim().trim_matches('-').trim() == name
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// The inner text and total length of a tag opened by `open_len` bytes of `rest`.
fn close<'a>(rest: &'a str, closer: &str, open_len: usize) -> Option<(&'a str, usize)> {
    let end = rest[open_len..].find(closer)? + open_len;
    // A tag does not span a blank line: an unmatched `{%` is just text.
    let inner = &rest[open_len..end];
    if inner.contains("\n\n") {
        return None;
    }
    Some((inner, end + closer.len()))
}

/// Byte ranges of Markdown code (fenced blocks and inline code spans), where template
/// syntax is shown literally rather than run.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(char, usize, usize)> = None; // (char, length, start)
    let mut offset = 0;
    let mut paragraph_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        match fence {
            Some((c, len, start)) => {
                if indent < 4 && run(c) >= len && trimmed[run(c)..].trim().is_empty() {
                    ranges.push(start..offset + line.len());
                    fence = None;
                    paragraph_start = offset + line.len();
                }
            }
            None => {
                let (ticks, tildes) = (run('`'), run('~'));
                if indent < 4 && (ticks >= 3 || tildes >= 3) {
                    let (c, len) = if ticks >= 3 {
                        ('`', ticks)
                    } else {
                        ('~', tildes)
                    };
                    // A backtick fence's info string has no backticks.
                    if c == '~' || !trimmed[len..].contains('`') {
                        spans(&text[paragraph_start..offset], paragraph_start, &mut ranges);
                        fence = Some((c, len, offset));
                    }
                } else if line.trim().is_empty() {
                    spans(
                        &text[paragraph_start..offset + line.len()],
                        paragraph_start,
                        &mut ranges,
                    );
                    paragraph_start = offset + line.len();
                }
            }
        }
        offset += line.len();
    }
    match fence {
        Some((_, _, start)) => ranges.push(start..text.len()),
        None => spans(
            &text[paragraph_start.min(text.len())..],
            paragraph_start.min(text.len()),
            &mut ranges,
        ),
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Inline code spans of one paragraph: a backtick run closed by a run of equal length.
fn spans(text: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        let len = i - start;
        let mut j = i;
        let mut closed = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let run_start = j;
                while j < bytes.len() && bytes[j] == b'`' {
                    j += 1;
                }
                if j - run_start == len {
                    closed = Some(j);
                    break;
                }
            } else {
                j += 1;
            }
        }
        if let Some(end) = closed {
            out.push(base + start..base + end);
            i = end;
        }
    }
}

/// Whether `pos` falls in one of the sorted `ranges`.
pub fn in_ranges(ranges: &[Range<usize>], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= pos);
    ranges.get(i).is_some_and(|r| r.start <= pos)
}

/// One argument of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// `name` of `name="value"` (Hugo) or `name:value` (Hexo), if named.
    pub name: Option<String>,
    /// The value, unquoted.
    pub value: String,
}

/// Splits tag arguments: whitespace-separated, `"…"`, `'…'` and `` `…` `` quoted,
/// `name=value`/`name="value"` named; with `colon_names`, Hexo's `lang:js` too.
pub fn split_args(text: &str, colon_names: bool) -> Vec<Arg> {
    let mut args = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut name = None;
        let mut value = String::new();
        if matches!(first, '"' | '\'' | '`') {
            chars.next();
            value = quoted(&mut chars, first);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if (c == '=' || (colon_names && c == ':'))
                    && name.is_none()
                    && !word.is_empty()
                    && !word.contains("//")
                {
                    let after = {
                        let mut probe = chars.clone();
                        probe.next();
                        probe.peek().copied()
                    };
                    // `http://x` is a value, not `http` = `//x`.
                    if c == ':' && after == Some('/') {
                        word.push(c);
                        chars.next();
                        continue;
                    }
                    chars.next();
                    name = Some(std::mem::take(&mut word));
                    if let Some(&q) = chars.peek()
                        && matches!(q, '"' | '\'' | '`')
                    {
                        chars.next();
                        value = quoted(&mut chars, q);
                        break;
                    }
                    continue;
                }
                word.push(c);
                chars.next();
            }
            if name.is_none() || value.is_empty() {
                value = word;
            }
        }
        args.push(Arg { name, value });
    }
    args
}

fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, quote: char) -> String {
    let mut value = String::new();
    while let Some(c) = chars.next() {
        if c == '\\'
            && quote != '`'
            && let Some(&next) = chars.peek()
            && (next == quote || next == '\\')
        {
            value.push(next);
            chars.next();
            continue;
        }
        if c == quote {
            break;
        }
        value.push(c);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hugo_shortcodes() {
        let text = "a {{< figure src=\"x.png\" >}} b {{% note %}}c{{% /note %}} {{</* raw */>}}";
        let tags = scan(text, Dialect::Hugo);
        let names: Vec<_> = tags.iter().map(|t| (t.name(), t.delim)).collect();
        let names: Vec<(&str, Delim)> = names.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        assert_eq!(
            names,
            vec![
                ("figure", Delim::HugoAngle),
                ("note", Delim::HugoPercent),
                ("/note", Delim::HugoPercent),
                ("raw", Delim::HugoEscaped)
            ]
        );
        assert_eq!(tags[0].arg_text(), "src=\"x.png\"");
    }

    #[test]
    fn finds_liquid_tags_but_not_across_blank_lines() {
        let tags = scan(
            "{%- highlight ruby -%}\nx\n{% endhighlight %} {{ site.url }} {% broken\n\nnot %}",
            Dialect::Liquid,
        );
        let names: Vec<_> = tags.iter().map(|t| t.name()).collect();
        assert_eq!(names, vec!["highlight", "endhighlight", "site.url"]);
        let closing = scan("{{</ math.inline >}}", Dialect::Hugo);
        assert_eq!(closing[0].name(), "/math.inline");
        assert!(scan("{{ vue }}", Dialect::Hexo).is_empty());
    }

    #[test]
    fn code_regions() {
        let text = "para `{% a %}` x\n\n```js\n{% b %}\n```\n\n~~~~\n{% c %}\n~~~~\nafter {% d %}";
        let ranges = code_ranges(text);
        let inside: Vec<bool> = ["{% a", "{% b", "{% c", "{% d"]
            .iter()
            .map(|needle| in_ranges(&ranges, text.find(needle).expect("present")))
            .collect();
        assert_eq!(inside, vec![true, true, true, false]);
    }

    #[test]
    fn arguments() {
        let args = split_args(
            r#"src="/a b.png" title='It''s' width=300 lang:js http://x.y/z "q \" q""#,
            true,
        );
        let shown: Vec<(Option<&str>, &str)> = args
            .iter()
            .map(|a| (a.name.as_deref(), a.value.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (Some("src"), "/a b.png"),
                (Some("title"), "It"),
                (None, "s"),
                (Some("width"), "300"),
                (Some("lang"), "js"),
                (None, "http://x.y/z"),
                (None, "q \" q"),
            ]
        );
    }
}
