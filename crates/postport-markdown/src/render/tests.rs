use postport_model::{
    Alignment, Block, Embed, EmbedKind, Figure, Image, Inline, Link, LinkTarget, List, ListItem,
    Raw, RawFormat, Table, TableCell, TableRow,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::*;

fn t(s: &str) -> Inline {
    Inline::text(s)
}
fn strong(c: Vec<Inline>) -> Inline {
    Inline::Strong { content: c }
}
fn em(c: Vec<Inline>) -> Inline {
    Inline::Emphasis { content: c }
}
fn para(c: Vec<Inline>) -> Block {
    Block::Paragraph { content: c }
}

/// What a CommonMark renderer makes of Markdown: the visible text, and the text inside
/// each strong, emphasis and strikethrough.
#[derive(Debug, Default, PartialEq)]
struct Seen {
    text: String,
    strong: Vec<String>,
    em: Vec<String>,
    strike: Vec<String>,
}

fn seen(markdown: &str) -> Seen {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut out = Seen::default();
    let mut open: Vec<(&str, String)> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Strong) => open.push(("strong", String::new())),
            Event::Start(Tag::Emphasis) => open.push(("em", String::new())),
            Event::Start(Tag::Strikethrough) => open.push(("strike", String::new())),
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough) => {
                if let Some((kind, text)) = open.pop() {
                    for (_, outer) in open.iter_mut() {
                        outer.push_str(&text);
                    }
                    match kind {
                        "strong" => out.strong.push(text),
                        "em" => out.em.push(text),
                        _ => out.strike.push(text),
                    }
                }
            }
            Event::Text(s) | Event::Code(s) => {
                out.text.push_str(&s);
                if let Some((_, inner)) = open.last_mut() {
                    inner.push_str(&s);
                }
            }
            Event::SoftBreak | Event::HardBreak => out.text.push('\n'),
            Event::End(TagEnd::Paragraph) => out.text.push('\n'),
            _ => {}
        }
    }
    out
}

fn md(blocks: &[Block], target: Target) -> RenderedBody {
    render_body(blocks, target, &PlainEnv)
}

#[test]
fn cjk_emphasis_renders_as_emphasis() {
    let cases: Vec<(Vec<Inline>, &str)> = vec![
        (
            vec![t("目标是"), strong(vec![t("“稳中求进”")]), t("，增长")],
            "稳中求进",
        ),
        (vec![t("增长"), strong(vec![t("5%")]), t("左右")], "5"),
        (vec![t("这是"), em(vec![t("斜体")]), t("文字")], "斜体"),
        (vec![t("（"), strong(vec![t("重点")]), t("）")], "重点"),
        (vec![strong(vec![t("　　开头缩进")]), t("。")], "开头缩进"),
        (vec![t("a"), strong(vec![t(" spaced ")]), t("b")], "spaced"),
        (vec![t("价格"), strong(vec![t("¥100")]), t("元")], "100"),
        (
            vec![strong(vec![t("粗"), em(vec![t("斜")])]), t("。")],
            "粗斜",
        ),
        (
            vec![
                t("见"),
                strong(vec![Inline::Link(Link {
                    target: LinkTarget::Url("https://x.example/".into()),
                    title: None,
                    content: vec![t("链接")],
                })]),
                t("。"),
            ],
            "链接",
        ),
    ];
    for (inlines, inner) in cases {
        let source_text = postport_model::inline_text(&inlines);
        let out = md(&[para(inlines)], Target::Hugo);
        let s = seen(&out.markdown);
        assert_eq!(
            s.text.trim_end(),
            source_text.trim_end(),
            "{}",
            out.markdown
        );
        assert!(
            s.strong.iter().chain(&s.em).any(|x| x.contains(inner)),
            "no emphasis around {inner} in {} ({s:?})",
            out.markdown
        );
        assert!(!s.text.contains('*'), "literal asterisk: {}", out.markdown);
        assert!(out.raw_html.is_empty(), "HTML needed for {}", out.markdown);
    }
}

#[test]
fn emphasis_that_cannot_be_delimited_falls_back_to_html() {
    // Punctuation only, between letters: no Markdown form renders it.
    let out = md(
        &[para(vec![t("a"), strong(vec![t("“”")]), t("b")])],
        Target::Hugo,
    );
    assert_eq!(out.markdown, "a<strong>“”</strong>b\n");
    assert_eq!(out.raw_html.len(), 1);
}

#[test]
fn text_survives_escaping() {
    let text = "5*3 = 15, a_b_c, [不是链接], <tag>, &amp;, # x, `tick`, ~tilde~, \\ back";
    for target in [
        Target::Hugo,
        Target::Hexo,
        Target::Jekyll,
        Target::Zola,
        Target::Plain,
    ] {
        let out = md(&[para(vec![t(text)])], target);
        let s = seen(&out.markdown);
        let shown = s.text.trim_end().replace("&#123;", "{");
        assert_eq!(shown, text, "{target}: {}", out.markdown);
    }
    let out = md(
        &[para(vec![
            t("# heading-like"),
            Inline::LineBreak,
            t("1. list-like"),
        ])],
        Target::Plain,
    );
    assert_eq!(seen(&out.markdown).text, "# heading-like\n1. list-like\n");
}

#[test]
fn a_rich_body_for_every_target() {
    let body = vec![
        Block::Heading {
            level: 2,
            id: Some("intro".into()),
            content: vec![t("Intro {braces}")],
        },
        para(vec![
            t("Text with "),
            Inline::Code {
                code: "{{< shortcode >}}".into(),
            },
            t(", a "),
            Inline::Link(Link {
                target: LinkTarget::Url("https://example.org/a b".into()),
                title: Some("T \"q\"".into()),
                content: vec![t("link")],
            }),
            t(" and "),
            Inline::Strikethrough {
                content: vec![t("gone")],
            },
            t(" and a note"),
            Inline::FootnoteReference {
                label: "n 1".into(),
            },
            t(". {{ liquid }} {% tag %}"),
        ]),
        Block::MoreMarker,
        Block::List(List {
            ordered: true,
            start: 3,
            tight: true,
            items: vec![
                ListItem {
                    task: None,
                    content: vec![para(vec![t("three")])],
                },
                ListItem {
                    task: Some(true),
                    content: vec![
                        para(vec![t("four")]),
                        Block::List(List {
                            ordered: false,
                            start: 1,
                            tight: true,
                            items: vec![ListItem {
                                task: None,
                                content: vec![para(vec![t("nested")])],
                            }],
                        }),
                    ],
                },
            ],
        }),
        Block::List(List {
            ordered: true,
            start: 1,
            tight: true,
            items: vec![ListItem {
                task: None,
                content: vec![para(vec![t("another list")])],
            }],
        }),
        Block::CodeBlock {
            language: Some("go".into()),
            code: "x := \"```\"\ny := `{{< x >}}`\n".into(),
        },
        Block::BlockQuote {
            content: vec![para(vec![t("quoted")]), para(vec![t("twice")])],
        },
        Block::Table(Table {
            caption: vec![t("Totals "), em(vec![t("so far")])],
            alignments: vec![Alignment::Left, Alignment::Right],
            head: vec![TableRow {
                cells: vec![
                    TableCell::new(vec![para(vec![t("a|b")])]),
                    TableCell::new(vec![para(vec![t("n")])]),
                ],
            }],
            body: vec![TableRow {
                cells: vec![
                    TableCell::new(vec![para(vec![Inline::Code { code: "x|y".into() }])]),
                    TableCell::new(vec![para(vec![t("2")])]),
                ],
            }],
            foot: vec![TableRow {
                cells: vec![
                    TableCell::new(vec![para(vec![t("sum")])]),
                    TableCell::new(vec![para(vec![t("2")])]),
                ],
            }],
        }),
        Block::Table(Table {
            alignments: vec![],
            head: vec![],
            body: vec![TableRow {
                cells: vec![TableCell {
                    content: vec![para(vec![t("spans")])],
                    colspan: 2,
                    rowspan: 1,
                }],
            }],
            ..Table::default()
        }),
        Block::Figure(Figure {
            image: Image {
                src: "map.png".into(),
                alt: "A \"map\"".into(),
                title: None,
            },
            link: None,
            caption: vec![t("Our "), em(vec![t("route")])],
        }),
        Block::Embed(Embed {
            kind: EmbedKind::Youtube,
            url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ".into(),
            title: Some("A video".into()),
        }),
        Block::Raw(Raw {
            format: RawFormat::HugoShortcode,
            content: "{{< chart type=\"bar\" >}}".into(),
        }),
        Block::ThematicBreak,
        Block::FootnoteDefinition {
            label: "n 1".into(),
            content: vec![
                para(vec![t("The note.")]),
                para(vec![t("Second paragraph.")]),
            ],
        },
    ];
    for target in [
        Target::Hugo,
        Target::Hexo,
        Target::Jekyll,
        Target::Zola,
        Target::Plain,
    ] {
        let out = md(&body, target);
        insta::assert_snapshot!(format!("body_{target}"), out.markdown);
    }
}

/// Every image was copied next to the post.
struct Bundled;

impl BodyEnv for Bundled {
    fn in_bundle(&self, _: &str) -> bool {
        true
    }
}

#[test]
fn hexo_asset_images_keep_title_and_alt_apart() {
    let image = |alt: &str, title: Option<&str>| {
        para(vec![Inline::Image(Image {
            src: "lake.png".into(),
            alt: alt.into(),
            title: title.map(str::to_string),
        })])
    };
    let cases = [
        (
            image("A lake", Some("At noon")),
            "{% asset_img lake.png '\"At noon\" \"A lake\"' %}",
        ),
        (
            image("Same", Some("Same")),
            "{% asset_img lake.png \"Same\" %}",
        ),
        (
            image("Only alt", None),
            "{% asset_img lake.png '\"\" \"Only alt\"' %}",
        ),
        (
            image("", Some("Only \"title\"")),
            "{% asset_img lake.png \"Only 'title'\" %}",
        ),
        (
            image("It's", Some("say \"hi\"")),
            "{% asset_img lake.png '\"say ”hi”\" \"It’s\"' %}",
        ),
        (image("", None), "{% asset_img lake.png %}"),
    ];
    for (block, want) in cases {
        let out = render_body(std::slice::from_ref(&block), Target::Hexo, &Bundled);
        assert_eq!(out.markdown.trim_end(), want);
    }
}

#[test]
fn formulas_go_between_dollars_and_money_stays_text() {
    let math = |tex: &str, display| Inline::Math {
        tex: tex.into(),
        display,
    };
    let blocks = vec![
        para(vec![
            t("Costs $5 and $10; "),
            math("a_1 * b", false),
            t(" and "),
            math("\\begin{x}\n- y \\\\\nz\\end{x}", true),
        ]),
        para(vec![math("{{ x }}", false), t(" "), math("p$q", false)]),
    ];
    let hugo = md(&blocks, Target::Hugo);
    assert_eq!(
        hugo.markdown.lines().next(),
        Some("Costs \\$5 and \\$10; $a_1 * b$ and $$\\begin{x} - y \\\\ z\\end{x}$$")
    );
    assert!(hugo.math);
    let jekyll = md(&blocks, Target::Jekyll);
    assert!(
        jekyll.markdown.contains("$$a_1 * b$$")
            && jekyll.markdown.contains("$${% raw %}{{ x }}{% endraw %}$$"),
        "{}",
        jekyll.markdown
    );
    // Hexo's Nunjucks would read the braces, and a dollar inside ends the formula:
    // both become HTML, as pandoc's --mathjax writes them.
    let hexo = md(&blocks, Target::Hexo);
    assert!(
        hexo.markdown
            .contains(r#"<span class="math inline">&#92;(&#123;&#123; x }}&#92;)</span>"#),
        "{}",
        hexo.markdown
    );
    assert_eq!(hexo.raw_html.len(), 2, "{:?}", hexo.raw_html);
}
