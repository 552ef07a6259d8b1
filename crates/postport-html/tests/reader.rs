//! Snapshot tests of the HTML reader on fixtures written for this project.

use postport_html::{CleaningRules, read_html};

fn read(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&path).expect("fixture exists");
    let read = read_html(&html, &CleaningRules::default());
    serde_json::to_string_pretty(&serde_json::json!({
        "blocks": read.blocks,
        "diagnostics": read.diagnostics,
    }))
    .expect("serializes")
}

#[test]
fn news_article_with_cms_cruft() {
    insta::assert_snapshot!(read("news.html"));
}

#[test]
fn twenty_thousand_nested_elements_do_not_overflow() {
    let depth = 20_000;
    for (open, close) in [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<b><i>", "</i></b>"),
        ("<ul><li>", "</li></ul>"),
    ] {
        let html = format!("{}deep text{}", open.repeat(depth), close.repeat(depth));
        let started = std::time::Instant::now();
        let read = read_html(&html, &CleaningRules::default());
        let text = postport_model::plain_text(&read.blocks);
        assert_eq!(text, "deep text", "{open}");
        eprintln!("{open}: {:?}", started.elapsed());
    }
}

fn tree_json(blocks: &[postport_model::Block]) -> String {
    serde_json::to_string_pretty(blocks).expect("serializes")
}

#[test]
fn every_element_kind_reads_and_round_trips() {
    use postport_html::{DefaultHooks, render_html};
    let path = format!("{}/tests/fixtures/kitchen.html", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&path).expect("fixture exists");
    let first = read_html(&html, &CleaningRules::default());
    insta::assert_snapshot!("kitchen_tree", tree_json(&first.blocks));
    insta::assert_snapshot!("kitchen_diagnostics", format!("{:#?}", first.diagnostics));
    let rendered = render_html(&first.blocks, &DefaultHooks);
    insta::assert_snapshot!("kitchen_rendered", rendered);
    let second = read_html(&rendered, &CleaningRules::default());
    assert_eq!(
        tree_json(&second.blocks),
        tree_json(&first.blocks),
        "render then read is the identity on trees"
    );
    assert_eq!(render_html(&second.blocks, &DefaultHooks), rendered);
}

#[test]
fn mathml_keeps_its_visible_text_and_says_so() {
    let html = r#"<p>Area: <math><mrow><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></mrow></math>.</p><p><svg><text>gone</text></svg>Tail</p>"#;
    let read = read_html(html, &CleaningRules::default());
    let text = postport_model::plain_text(&read.blocks);
    assert!(text.contains("Area: πr2."), "{text}");
    assert!(!text.contains("gone"), "{text}");
    let messages: Vec<String> = read.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("<math>") && m.contains("plain text")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("<svg>")), "{messages:?}");
}

#[test]
fn formulas_in_every_form_become_math() {
    use postport_html::{DefaultHooks, render_html};
    use postport_model::{Block, Inline};
    let html = concat!(
        r#"<p>pandoc <span class="math inline">\(a_1\)</span>, "#,
        r#"pulldown <span class="math math-inline">b &lt; c</span>, "#,
        r#"MathJax 2 <script type="math/tex">d^2</script>, "#,
        r#"KaTeX <span class="katex"><span class="katex-mathml"><math><semantics><mi>e</mi><annotation encoding="application/x-tex">\epsilon</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">ε</span></span>, "#,
        r#"MathML <math display="block"><mi>f</mi><annotation encoding="application/x-tex">f(x)</annotation></math>.</p>"#,
        r#"<p><span class="math display">\[\sum_i i\]</span><script type="math/tex; mode=display">g</script></p>"#,
        r#"<p><span class="math">not a formula</span> <script>alert(1)</script></p>"#,
    );
    let read = read_html(html, &CleaningRules::default());
    let mut formulas = Vec::new();
    postport_model::walk::walk_inlines(&read.blocks, &mut |i| {
        if let Inline::Math { tex, display } = i {
            formulas.push((tex.clone(), *display));
        }
    });
    let expected: Vec<(String, bool)> = [
        ("a_1", false),
        ("b < c", false),
        ("d^2", false),
        ("\\epsilon", false),
        ("f(x)", true),
        ("\\sum_i i", true),
        ("g", true),
    ]
    .iter()
    .map(|(t, d)| (t.to_string(), *d))
    .collect();
    assert_eq!(formulas, expected);
    let text = postport_model::plain_text(&read.blocks);
    assert!(
        text.contains("not a formula") && !text.contains("alert") && !text.contains('ε'),
        "{text}"
    );
    // Rendered as pandoc's --mathjax does, and read back the same.
    let rendered = render_html(&read.blocks, &DefaultHooks);
    assert!(
        rendered.contains(r#"<span class="math inline">\(b &lt; c\)</span>"#),
        "{rendered}"
    );
    let again = read_html(&rendered, &CleaningRules::default());
    assert_eq!(again.blocks, read.blocks);
    assert!(matches!(read.blocks.last(), Some(Block::Paragraph { .. })));
}

#[test]
fn a_post_reference_without_text_is_an_empty_link() {
    let read = read_html(
        r#"<p>See <a href="postport-ref:hello-world"></a> and <a href="https://x.org/"></a>.</p>"#,
        &CleaningRules::default(),
    );
    let json = tree_json(&read.blocks);
    assert!(json.contains("\"hello-world\""), "{json}");
    // An empty ordinary link has nothing to show and is not kept.
    assert!(!json.contains("x.org"), "{json}");
}

#[test]
fn a_table_keeps_its_caption_and_footer() {
    use postport_model::{Block, plain_text};
    let read = read_html(
        "<table><caption>Q1 <b>sales</b></caption><thead><tr><th>Region</th><th>Sum</th></tr></thead>\
         <tfoot><tr><td>Total</td><td>3</td></tr></tfoot><tbody><tr><td>North</td><td>3</td></tr></tbody></table>",
        &CleaningRules::default(),
    );
    let [Block::Table(table)] = read.blocks.as_slice() else {
        panic!("one table: {:?}", read.blocks);
    };
    assert_eq!(postport_model::inline_text(&table.caption), "Q1 sales");
    let texts = |rows: &[postport_model::TableRow]| {
        rows.iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| plain_text(&c.content))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&table.head), ["Region|Sum"]);
    assert_eq!(texts(&table.body), ["North|3"]);
    assert_eq!(texts(&table.foot), ["Total|3"]);
    assert_eq!(
        postport_html::render_html(&read.blocks, &postport_html::DefaultHooks),
        "<table><caption>Q1 <strong>sales</strong></caption><thead><tr><th>Region</th><th>Sum</th></tr>\n</thead><tbody><tr><td>North</td><td>3</td></tr>\n</tbody><tfoot><tr><td>Total</td><td>3</td></tr>\n</tfoot></table>\n"
    );
}

#[test]
fn an_inline_quotation_keeps_its_quotation_marks() {
    let read = read_html(
        "<p>She said <q>go <b>now</b></q>.</p>",
        &CleaningRules::default(),
    );
    assert_eq!(
        postport_model::plain_text(&read.blocks).trim(),
        "She said \u{201c}go now\u{201d}."
    );
}

#[test]
fn an_empty_anchor_names_its_heading() {
    let read = read_html(
        "<h2><a name=\"one\"></a>One</h2><p>x</p><p><a id=\"two\"></a></p>\n<h2>Two</h2><a name=\"far\"></a><p>text</p><h2>Three</h2><h2 id=\"own\"><a name=\"other\"></a>Four</h2>",
        &CleaningRules::default(),
    );
    let ids: Vec<Option<String>> = read
        .blocks
        .iter()
        .filter_map(|b| match b {
            postport_model::Block::Heading { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids,
        [
            Some("one".into()),
            Some("two".into()),
            None,
            Some("own".into())
        ]
    );
}

#[test]
fn lazy_loaded_images_keep_the_real_picture() {
    use postport_model::Inline;
    let gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
    let html = format!(
        r#"<p><img src="{gif}" data-srcset="a.jpg 1x, a@2x.jpg 2x">
        <img src="/img/lazy-placeholder.png" data-src="b.jpg">
        <img src="{gif}"><noscript><img src="c.jpg"></noscript>
        <img srcset="d-480.jpg 480w, d-1080.jpg 1080w, d-720.jpg 720w">
        <img src="https://cdn.example.com/spacer.gif" data-lazy-srcset="e.jpg 800w">
        <img src="lazy-river.jpg"></p>"#
    );
    let read = read_html(&html, &CleaningRules::default());
    let mut sources = Vec::new();
    postport_model::walk::walk_inlines(&read.blocks, &mut |i| {
        if let Inline::Image(image) = i {
            sources.push(image.src.clone());
        }
    });
    assert_eq!(
        sources,
        [
            "a@2x.jpg",
            "b.jpg",
            "c.jpg",
            "d-1080.jpg",
            "e.jpg",
            "lazy-river.jpg"
        ]
    );
}

#[test]
fn an_image_over_its_caption_in_a_table_is_a_figure() {
    use postport_model::Block;
    let html = r#"<table class="tr-caption-container" align="center"><tbody>
        <tr><td style="text-align:center"><a href="https://ex.org/big.jpg"><img src="https://ex.org/small.jpg" alt="Bay"></a></td></tr>
        <tr><td class="tr-caption">The bay at <i>dawn</i></td></tr></tbody></table>
        <table><tr><td>Year</td></tr><tr><td>2020</td></tr></table>"#;
    let read = read_html(html, &CleaningRules::default());
    let [Block::Figure(figure), Block::Table(_)] = read.blocks.as_slice() else {
        panic!("{:#?}", read.blocks);
    };
    assert_eq!(figure.image.src, "https://ex.org/small.jpg");
    assert_eq!(figure.link.as_deref(), Some("https://ex.org/big.jpg"));
    assert_eq!(
        postport_model::inline_text(&figure.caption),
        "The bay at dawn"
    );
}

#[test]
fn rendered_footnotes_become_notes() {
    use postport_model::{Block, Inline};
    let html = std::fs::read_to_string(format!(
        "{}/tests/fixtures/footnotes.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture exists");
    let read = read_html(&html, &CleaningRules::default());
    let mut references = Vec::new();
    postport_model::walk::walk_inlines(&read.blocks, &mut |i| {
        if let Inline::FootnoteReference { label } = i {
            references.push(label.clone());
        }
    });
    let notes: Vec<(String, String)> = read
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::FootnoteDefinition { label, content } => {
                Some((label.clone(), postport_model::plain_text(content)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(references, ["fn-1", "fn2", "fn3", "fn-4"]);
    let labels: Vec<&str> = notes.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, references);
    assert!(
        notes.iter().all(|(_, text)| !text.contains('↩')),
        "{notes:?}"
    );
    insta::assert_snapshot!(postport_html::render_html(
        &read.blocks,
        &postport_html::DefaultHooks
    ));
}
