use std::fmt::Write as _;
use std::path::Path;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::{parse_body, parse_fragment, well_formed};
use crate::depth_guard::{MAX_MARKUP_DEPTH, flatten_deep_markup};

/// The tree as text: every node reachable from the document, with its attributes,
/// plus the number of nodes the tree holds (the unattached context element included).
fn dump(html: &Html) -> String {
    fn walk(node: NodeRef<'_, Node>, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        match node.value() {
            Node::Element(e) => {
                let _ = write!(out, "{pad}<{:?}:{}", e.name.ns, e.name.local);
                for (name, value) in &e.attrs {
                    let _ = write!(out, " {:?}:{}={:?}", name.ns, name.local, &**value);
                }
                out.push_str(">\n");
            }
            Node::Text(t) => {
                let _ = writeln!(out, "{pad}{:?}", &**t);
            }
            Node::Comment(c) => {
                let _ = writeln!(out, "{pad}<!--{:?}-->", &**c);
            }
            other => {
                let _ = writeln!(out, "{pad}{other:?}");
            }
        }
        for child in node.children() {
            walk(child, depth + 1, out);
        }
    }
    let mut out = format!("{} nodes\n", html.tree.nodes().count());
    walk(html.tree.root(), 0, &mut out);
    out
}

/// Whether the fast path took `html`; when it did, its tree must be html5ever's.
fn agrees(html: &str) -> bool {
    let Some(fast) = well_formed(html, usize::MAX) else {
        return false;
    };
    let reference = Html::parse_fragment(html);
    assert_eq!(dump(&fast), dump(&reference), "input: {html:?}");
    true
}

#[test]
fn builds_html5ever_s_tree_for_well_formed_markup() {
    let taken = [
        "",
        "plain text",
        "  <p>a</p>\n<p>b</p>  ",
        r#"<div class="a" id=b data-x='1'><p>x <b>y <i>z</i></b> w</p></div>"#,
        r#"<p cms-style="font-L">　　<font cms-style="font-L"><font>正文</font></font></p>"#,
        "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
        "<ol start=3><li><p>a</p></li></ol>",
        "<h2>t</h2><pre><code class=\"language-rust\">fn main() {}\n</code></pre>",
        "<pre>\nkept\n\n</pre>",
        r#"<figure><img src="a.png" alt="A &amp; B"/><figcaption>c</figcaption></figure>"#,
        "<p>a<br>b<br/>c<wbr>d</p><hr><hr/>",
        "<!-- note --><p>x<!---->y</p>",
        "<style>p { color: red } a &amp; b</style><p>t</p>",
        "<script>var a = 1 < 2 && 3 > 2;</script>",
        "<STYLE>x</Style ><P CLASS=x>y</p>",
        "&amp; &lt; &gt; &quot; &nbsp; &#123; &#x7D; &#0; &#128; &#xD800; &#1114112; &#99999999999;",
        "&copy &copyx &notit; &noti &amp &#x41 &# &#x; & ; &unknown; a&b",
        r#"<a href="?a=1&b=2&amp;c=3&copy=4&copyx&lt">q</a>"#,
        "a < b, c <3, x<",
        "<span>a</span><o:p></o:p><my-el x=1>c</my-el>",
        "<p>\t\u{c}text\u{1}\u{7f}\u{fffe}</p>",
        "<blockquote><p>q</p></blockquote><section><article>x</article></section>",
        "<div><p>unclosed at the end",
        "line\r\nbreaks\rhere",
        "<a href=/x/>y</a>",
        "<table>\n<thead><tr><th style=\"text-align: left\">a</th></tr></thead>\n<tbody>\n<tr><td>1 <b>x</b></td><td><p>y</p><table><tbody><tr><td>n</td></tr></tbody></table></td></tr>\n</tbody><!-- c --></table>",
    ];
    for html in taken {
        let html_nl = html.replace("\r\n", "\n").replace('\r', "\n");
        assert!(agrees(&html_nl), "the fast path gave up on {html:?}");
        assert_eq!(
            dump(&parse_fragment(html)),
            dump(&Html::parse_fragment(html)),
            "{html:?}"
        );
    }
}

#[test]
fn leaves_everything_else_to_html5ever() {
    let given_up = [
        "<p>a<p>b",
        "<p>a<div>b</div></p>",
        "<b>a<i>b</b>c</i>",
        "<li>a<li>b",
        "<a href=x>a<a href=y>b</a></a>",
        "<h1>a<h2>b</h2></h1>",
        "<table><tr><td>a</td></tr></table>",
        "<table><tbody>x<tr><td>a</td></tr></tbody></table>",
        "<table><tbody><tr><td>a</td><div>b</div></tr></tbody></table>",
        "<table><tbody><tr><td>a<td>b</td></tr></tbody></table>",
        "<p>a<table></table></p>",
        "<table><caption>c</caption></table>",
        "<svg><circle/></svg>",
        "<div/>",
        "<p>a</div>",
        "</p>",
        "<!DOCTYPE html><p>x</p>",
        "<?xml version='1.0'?>",
        "<!-->",
        "<!-- a --!>",
        "<textarea>a</textarea>",
        "<script><!-- a --></script>",
        "<style>never closed",
        "<p class=a class=b>x</p>",
        r#"<p a="1"b="2">x</p>"#,
        "<p a=b\"c>x</p>",
        "\u{feff}<p>x</p>",
        "a\0b",
        "<pre>&#10;x</pre>",
        "<p",
        "<body><p>x</p></body>",
        "<input disabled><p>x</p>",
    ];
    for html in given_up {
        assert!(
            well_formed(html, usize::MAX).is_none(),
            "the fast path took {html:?}"
        );
        assert_eq!(
            dump(&parse_fragment(html)),
            dump(&Html::parse_fragment(html))
        );
    }
}

/// Random tag soup from pieces that matter to the parser: whatever the fast path takes
/// must come out as html5ever builds it.
#[test]
fn differential_on_generated_soup() {
    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<font x=1>",
        "</font>",
        "<a href=\"u?a=1&amp;b\">",
        "</a>",
        "<ul>",
        "</ul>",
        "<li>",
        "</li>",
        "<h2>",
        "</h2>",
        "<pre>",
        "</pre>",
        "\n",
        "<br>",
        "<img src=x>",
        "<hr>",
        "<span>",
        "</span>",
        "<style>s{}</style>",
        "<script>1</script>",
        "<!-- c -->",
        "text",
        "文字",
        " ",
        "&amp;",
        "&copy",
        "&#65;",
        "&#x80;",
        "&notin;",
        "&",
        "<",
        ">",
        "\"",
        "<table>",
        "</table>",
        "<tbody>",
        "</tbody>",
        "<thead>",
        "</thead>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<th>",
        "</th>",
        "<table><tbody><tr><td>",
        "<o:p>",
        "</o:p>",
        "<blockquote>",
        "</blockquote>",
        "<code>",
        "</code>",
        "<em>",
        "</em>",
        "<strong>",
        "</strong>",
        "<section>",
        "</section>",
        "<P>",
        "</P>",
        "<br/>",
        "<p class='a' id=b>",
        "<figure>",
        "</figure>",
        "<figcaption>",
        "</figcaption>",
        "<address>",
        "</address>",
    ];
    // The soup is mostly misnested; enough of it must still be taken to test anything.
    let taken = soup_taken(PIECES, 0x2545_f491_4f6c_dd1d, 20_000, 12);
    assert!(taken > 2_000, "only {taken} of 20,000 taken");
}

/// How many of `cases` soups of up to `max_len` of `pieces` the fast path takes; every
/// one it takes must agree with html5ever. A fixed linear congruential sequence from
/// `seed` keeps the test reproducible.
fn soup_taken(pieces: &[&str], seed: u64, cases: usize, max_len: usize) -> usize {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let mut taken = 0;
    for _ in 0..cases {
        let len = 1 + next(max_len);
        let html: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        taken += usize::from(agrees(&html));
    }
    eprintln!("{taken} of {cases} taken");
    taken
}

/// The project's example posts, and, where present, the shared corpora (this test still
/// passes without `../shared`).
#[test]
fn differential_on_real_posts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![root.join("examples")];
    let shared = root.join("../shared/corpus");
    if shared.is_dir() {
        dirs.push(shared);
    }
    let (mut seen, mut taken) = (0, 0);
    let mut queue = dirs;
    while let Some(dir) = queue.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                queue.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "md" || e == "html" || e == "markdown")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                seen += 1;
                taken += usize::from(agrees(&text));
            }
        }
    }
    eprintln!("{taken} of {seen} posts taken");
    assert!(seen > 10, "no posts found under examples/");
    assert!(taken > 0, "the fast path took none of {seen} posts");
}

/// Random characters from those the tokenizer treats specially: tags, attributes,
/// character references and comments cut at every point.
#[test]
fn differential_on_generated_characters() {
    const PIECES: &[&str] = &[
        "<", ">", "/", "=", "&", ";", "#", "x", "\"", "'", " ", "\n", "!", "-", "p", "b", "a", "i",
        "amp", "lt", "not", "copy", "1", "4", "F", "href", "<p", "<b", "</b", "</p", "<!--", "-->",
        "<a ", "é", "<br", "<pre>", "style", "<style>", "</style>",
    ];
    let taken = soup_taken(PIECES, 0x9e37_79b9_7f4a_7c15, 50_000, 16);
    assert!(taken > 5_000, "only {taken} of 50,000 taken");
}

/// Within the depth limit the flattening leaves a body alone, so the fast path may skip
/// it; beyond it, the body is flattened first, exactly as before.
#[test]
fn the_depth_limit_is_the_flattening_s() {
    for depth in [
        MAX_MARKUP_DEPTH - 1,
        MAX_MARKUP_DEPTH,
        MAX_MARKUP_DEPTH + 1,
        1000,
    ] {
        let html = format!(
            "<p>x</p>{}<b>deep</b>{}",
            "<div>".repeat(depth - 1),
            "</div>".repeat(depth - 1)
        );
        let expected = flatten_deep_markup(&html);
        let parsed = parse_body(&html);
        assert_eq!(parsed.flattened, expected, "depth {depth}");
        assert_eq!(
            parsed.flattened.is_some(),
            depth > MAX_MARKUP_DEPTH,
            "depth {depth}"
        );
        let reference = Html::parse_fragment(expected.as_deref().unwrap_or(&html));
        assert_eq!(dump(&parsed.doc), dump(&reference), "depth {depth}");
    }
}
