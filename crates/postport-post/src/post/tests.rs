use std::collections::BTreeSet;

use postport_model::{Block, Inline, LinkTarget, RawFormat};
use serde_json::json;

use super::*;

/// A fake archive: a set of file paths.
struct Files(BTreeSet<PathBuf>);

impl Files {
    fn new(paths: &[&str]) -> Self {
        Files(paths.iter().map(PathBuf::from).collect())
    }
}

impl FileLookup for Files {
    fn is_file(&self, path: &Path) -> bool {
        self.0.contains(path)
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.0.iter().any(|p| p.starts_with(path) && p != path)
    }
    fn files_under(&self, dir: &Path) -> Vec<PathBuf> {
        self.0
            .iter()
            .filter(|p| p.starts_with(dir) && p.as_path() != dir)
            .cloned()
            .collect()
    }
}

fn parse_with(site: &Site, files: &dyn FileLookup, path: &str, text: &str) -> Article {
    let options = ReadOptions::default();
    let cx = PostContext {
        site,
        options: &options,
        files,
        in_draft_dir: false,
    };
    parse_post(&SourcePath::new(path), text, &cx).expect("reads")
}

fn parse(path: &str, text: &str) -> Article {
    parse_with(&Site::plain(PathBuf::new()), &NoFiles, path, text)
}

const NEWS: &str = "
---
title: '汛期防御部署会议召开'
categories: 
 - 新闻
 - 地方新闻
 - 地方新闻－滨江
headimg: 'https://img.example.cn/a.png'
author: 滨江日报
comments: false
date: Wed, 03 Nov 2021 02:10:00 GMT
thumbnail: 'https://img.example.cn/a.png'
---

<div>   
<p cms-style=\"font-L\">　　<font cms-style=\"font-L\">会议指出，<font cms-style=\"font-L strong-Bold\">当前正处于秋汛关键期。</font>各区要加强值守。</font></p>
<div class=\"img_wrapper\"><img src=\"https://img.example.cn/b.jpg\"><span class=\"img_descr\">巡查现场</span></div>
<p cms-style=\"font-L\">　　编辑 王小红</p><!-- news_keyword_pub,stock, -->

            <!-- 文末二维码 start -->
            <style>
            .appendQr_wrap&#123;border:1px solid #E6E6E6;&#125;
            </style>
            <div class=\"clearfix appendQr_wrap\">
                <div class=\"appendQr_normal_txt\">下载某某APP</div>
            </div>
</div>
";

#[test]
fn news_post_reads_like_hexo_would() {
    let a = parse("news/2021-11-03.md", NEWS);
    let m = &a.meta;
    assert_eq!(m.title, "汛期防御部署会议召开");
    assert_eq!(
        m.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2021-11-03T02:10:00+00:00")
    );
    assert_eq!(m.authors, vec!["滨江日报"]);
    assert_eq!(
        m.categories,
        vec![vec![
            "新闻".to_string(),
            "地方新闻".into(),
            "地方新闻－滨江".into()
        ]]
    );
    assert_eq!(m.cover.as_deref(), Some("https://img.example.cn/a.png"));
    assert_eq!(m.extra.get("comments"), Some(&json!(false)));
    assert_eq!(m.language.as_deref(), Some("zh"));
    let text = plain_text(&a.body);
    assert_eq!(
        text,
        "会议指出，当前正处于秋汛关键期。各区要加强值守。\n巡查现场\n编辑 王小红"
    );
    assert!(!text.contains('{') && !text.contains("&#123;") && !text.contains("APP"));
    assert!(matches!(&a.body[1], Block::Figure(f) if f.caption == vec![Inline::text("巡查现场")]));
    assert!(
        matches!(&a.body[0], Block::Paragraph { content } if content.iter().any(|i| matches!(i, Inline::Strong { .. })))
    );
}

#[test]
fn title_and_slug_fallbacks() {
    let a = parse("posts/2020-01-02-hello-world.md", "# Hello, World\n\nText.");
    assert_eq!(a.meta.title, "Hello, World");
    assert_eq!(a.meta.slug, "hello-world");
    assert_eq!(
        a.meta.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2020-01-02T00:00:00+00:00")
    );
    assert_eq!(a.body, vec![Block::paragraph(vec![Inline::text("Text.")])]);
    let b = parse("notes/plain.md", "Just text.");
    assert_eq!(b.meta.title, "plain");
    assert_eq!(b.meta.date, None);
}

#[test]
fn hugo_bundle_with_resources_and_shortcodes() {
    let site = Site {
        kind: SiteKind::Hugo,
        base_url: Some("https://b.example.org/".into()),
        post_dirs: vec![PathBuf::from("content")],
        static_dirs: vec![PathBuf::from("static")],
        ..Site::default()
    };
    let files = Files::new(&[
        "content/posts/trip/index.md",
        "content/posts/trip/featured.jpg",
        "content/posts/trip/img/map.png",
        "static/images/logo.png",
    ]);
    let text = "+++\ntitle = \"Trip\"\ndate = 2024-05-01T10:00:00+02:00\ntags = [\"travel\"]\n+++\n\n{{< figure src=\"img/map.png\" caption=\"Route\" >}}\n\n![logo](/images/logo.png) and [home]({{< relref \"about\" >}}) and ![gone](nope.png)\n\n{{< chart id=7 >}}\n";
    let a = parse_with(&site, &files, "content/posts/trip/index.md", text);
    assert_eq!(a.meta.slug, "trip");
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://b.example.org/posts/trip/")
    );
    assert_eq!(a.meta.cover.as_deref(), Some("featured.jpg"));
    let refs: Vec<(&str, String)> = a
        .assets
        .iter()
        .map(|x| (x.reference.as_str(), x.path.display()))
        .collect();
    assert_eq!(
        refs,
        vec![
            (
                "featured.jpg",
                "content/posts/trip/featured.jpg".to_string()
            ),
            ("img/map.png", "content/posts/trip/img/map.png".to_string()),
            ("/images/logo.png", "static/images/logo.png".to_string()),
        ]
    );
    let kinds: Vec<DiagnosticKind> = a.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        vec![
            DiagnosticKind::UnknownTemplate,
            DiagnosticKind::MissingAsset
        ]
    );
    let mut post_links = Vec::new();
    walk_inlines(&a.body, &mut |i| {
        if let Inline::Link(l) = i
            && let LinkTarget::Post(p) = &l.target
        {
            post_links.push(p.clone());
        }
    });
    assert_eq!(post_links, vec!["about".to_string()]);
    assert!(a.body.iter().any(|b| matches!(b, Block::Raw(r) if r.format == RawFormat::HugoShortcode && r.content == "{{< chart id=7 >}}")));
}

#[test]
fn hexo_asset_folder_and_url() {
    let site = Site {
        kind: SiteKind::Hexo,
        base_url: Some("https://h.example.com/".into()),
        permalink: Some(":year/:month/:day/:title/".into()),
        zone: SiteZone::parse("Asia/Shanghai"),
        post_dirs: vec![PathBuf::from("source/_posts")],
        static_dirs: vec![PathBuf::from("source")],
        ..Site::default()
    };
    let files = Files::new(&["source/_posts/my-trip.md", "source/_posts/my-trip/sea.jpg"]);
    let text = "title: My trip\ndate: 2013/7/13 20:46:25\ncategories:\n- [Travel, Asia]\n- Notes\n---\nIntro {% asset_img sea.jpg The sea %}\n<!-- more -->\nRest.";
    let a = parse_with(&site, &files, "source/_posts/my-trip.md", text);
    assert_eq!(
        a.meta.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2013-07-13T20:46:25+08:00")
    );
    assert_eq!(
        a.meta.categories,
        vec![
            vec!["Travel".to_string(), "Asia".into()],
            vec!["Notes".into()]
        ]
    );
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://h.example.com/2013/07/13/my-trip/")
    );
    assert_eq!(a.assets.len(), 1);
    assert_eq!(a.assets[0].reference, "sea.jpg");
    assert_eq!(a.summary_text().as_deref(), Some("Intro"));
}

#[test]
fn bad_front_matter_is_an_error_with_a_position() {
    let options = ReadOptions::default();
    let site = Site::plain(PathBuf::new());
    let cx = PostContext {
        site: &site,
        options: &options,
        files: &NoFiles,
        in_draft_dir: false,
    };
    let err = parse_post(
        &SourcePath::new("x.md"),
        "---\ntitle: a\ntags: [b\n---\n",
        &cx,
    )
    .unwrap_err();
    assert_eq!(err.kind(), DiagnosticKind::FrontMatterSyntax);
    assert!(err.position().is_some());
    let bad_date = parse("y.md", "---\ntitle: y\ndate: undefine\n---\nbody");
    assert_eq!(bad_date.diagnostics[0].kind, DiagnosticKind::BadDate);
    assert_eq!(bad_date.diagnostics[0].position.map(|p| p.line), Some(3));
}

#[test]
fn jekyll_categories_from_folders() {
    let site = Site {
        kind: SiteKind::Jekyll,
        base_url: Some("https://j.example.com/".into()),
        permalink: Some("pretty".into()),
        post_dirs: vec![PathBuf::from("_posts")],
        ..Site::default()
    };
    let a = parse_with(
        &site,
        &NoFiles,
        "blog/_posts/2020-05-01-welcome.md",
        "---\ncategories: jekyll update\n---\nHi",
    );
    assert_eq!(
        a.meta.categories,
        vec![
            vec!["blog".to_string()],
            vec!["jekyll".into()],
            vec!["update".into()]
        ]
    );
    assert_eq!(a.meta.slug, "welcome");
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://j.example.com/blog/jekyll/update/2020/05/01/welcome/")
    );
}

#[test]
fn paths_never_escape_the_archive() {
    assert_eq!(normalize(Path::new("a/../b")), Some(PathBuf::from("b")));
    assert_eq!(normalize(Path::new("a/../../b")), None);
    assert_eq!(normalize(Path::new("/etc/passwd")), None);
}

#[test]
fn images_under_the_base_path_or_the_sites_own_urls_are_local() {
    let site = Site {
        kind: SiteKind::Jekyll,
        base_url: Some("https://j.example.com/blog".into()),
        post_dirs: vec![PathBuf::from("_posts")],
        ..Site::default()
    };
    let files = Files::new(&["_posts/2020-01-02-x.md", "assets/a.png"]);
    let text = "---\ntitle: X\n---\n![one]({{ site.baseurl }}/assets/a.png) ![two](https://j.example.com/blog/assets/a.png) ![three](http://J.EXAMPLE.COM/assets/a.png) ![other](https://elsewhere.example.com/assets/a.png) ![gone](/blog/assets/none.png)\n";
    let a = parse_with(&site, &files, "_posts/2020-01-02-x.md", text);
    let refs: Vec<(&str, String)> = a
        .assets
        .iter()
        .map(|x| (x.reference.as_str(), x.path.display()))
        .collect();
    assert_eq!(
        refs,
        vec![
            ("/blog/assets/a.png", "assets/a.png".to_string()),
            (
                "https://j.example.com/blog/assets/a.png",
                "assets/a.png".to_string()
            ),
            (
                "http://J.EXAMPLE.COM/assets/a.png",
                "assets/a.png".to_string()
            ),
        ]
    );
    let missing: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::MissingAsset)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].ends_with("/blog/assets/none.png"), "{missing:?}");
}

#[test]
fn a_saved_web_page_reads_its_head() {
    let page = r#"<!DOCTYPE html><html lang="en-GB"><head>
<title>Harbour traffic hits a record | The Evening Post</title>
<meta name="author" content="Ann Lee">
<meta name="keywords" content="harbour, trade">
<meta name="description" content="Ten months of figures.">
<meta property="article:published_time" content="2024-11-02T08:30:00+01:00">
<link rel="canonical" href="https://post.example.com/harbour.html">
</head><body><h1>Harbour traffic hits a record</h1><p>Ships.</p></body></html>"#;
    let a = parse("harbour.html", page);
    assert_eq!(
        a.meta.title, "Harbour traffic hits a record",
        "the page's own headline"
    );
    assert_eq!(a.meta.authors, ["Ann Lee"]);
    assert_eq!(a.meta.tags, ["harbour", "trade"]);
    assert_eq!(a.meta.summary.as_deref(), Some("Ten months of figures."));
    assert_eq!(
        a.meta.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-11-02T08:30:00+01:00")
    );
    assert_eq!(a.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://post.example.com/harbour.html")
    );
    assert_eq!(plain_text(&a.body), "Ships.");

    // Without an opening headline, the head's title; front matter wins over the head.
    let a = parse(
        "p.html",
        "<html><head><title>Head title</title></head><body><p>x</p></body></html>",
    );
    assert_eq!(a.meta.title, "Head title");
    let a = parse(
        "p.html",
        "---\ntitle: Mine\nauthor: Me\n---\n<html><head><title>Head</title><meta name=author content=Other></head><body><p>x</p></body></html>",
    );
    assert_eq!(
        (a.meta.title.as_str(), a.meta.authors.as_slice()),
        ("Mine", ["Me".to_string()].as_slice())
    );
}

#[test]
fn jekyll_page_and_site_variables_are_filled_in() {
    let site = Site {
        kind: SiteKind::Jekyll,
        title: Some("Blog".into()),
        author: Some("Ada".into()),
        post_dirs: vec![PathBuf::from("_posts")],
        ..Site::default()
    };
    let a = parse_with(
        &site,
        &NoFiles,
        "_posts/2020-05-01-welcome.md",
        "---\ntitle: Welcome\n---\n{{ page.title }} by {{ site.author }} on {{ page.date }} ({{ site.title }})\n",
    );
    assert_eq!(
        plain_text(&a.body).trim(),
        "Welcome by Ada on 2020-05-01 00:00:00 +0000 (Blog)"
    );
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

#[test]
fn dollars_are_formulas_only_where_the_post_or_site_says_so() {
    let formulas = |article: &Article| {
        let mut found = Vec::new();
        postport_model::walk::walk_inlines(&article.body, &mut |i| {
            if let Inline::Math { tex, display } = i {
                found.push((tex.clone(), *display));
            }
        });
        found
    };
    let body = "From $5-$10 to $x_1$.\n\n$$y$$\n";
    let plain = parse("money.md", &format!("---\ntitle: m\n---\n{body}"));
    assert!(formulas(&plain).is_empty());
    assert!(plain_text(&plain.body).contains("$5-$10 to $x_1$"));

    let flagged = parse(
        "math.md",
        &format!("---\ntitle: m\nmathjax: true\n---\n{body}"),
    );
    assert_eq!(
        formulas(&flagged),
        [
            ("5-".to_string(), false),
            ("x_1".into(), false),
            ("y".into(), true)
        ]
    );

    // MathJax's own delimiters, outside code and raw HTML.
    let mathjax = parse(
        "mj.md",
        "---\ntitle: m\nmath: true\n---\nSee \\(w_1\\) and `\\(v\\)`.\n\n\\[\nu\n\\]\n",
    );
    assert_eq!(
        formulas(&mathjax),
        [("w_1".to_string(), false), ("u".into(), true)]
    );

    let hexo = Site::from_config(
        SiteKind::Hexo,
        PathBuf::new(),
        "_config.yml".into(),
        "title: t\nkatex:\n  enable: true\n",
    )
    .expect("config");
    assert_eq!(
        formulas(&parse_with(
            &hexo,
            &NoFiles,
            "source/_posts/a.md",
            "---\ntitle: a\n---\n$z$\n"
        )),
        [("z".to_string(), false)]
    );

    // kramdown: `$$` only, set apart when alone in its paragraph.
    let jekyll = Site::from_config(SiteKind::Jekyll, PathBuf::new(), "_config.yml".into(), "")
        .expect("config");
    let post = parse_with(
        &jekyll,
        &NoFiles,
        "_posts/2020-01-01-a.md",
        &format!("---\ntitle: a\n---\nSee $$a$$ here. {body}"),
    );
    assert_eq!(
        formulas(&post),
        [("a".to_string(), false), ("y".into(), true)]
    );
    assert!(plain_text(&post.body).contains("$5-$10 to $x_1$"));
}

#[test]
fn emoji_shortcodes_where_the_site_turns_them_on() {
    let text = "---\ntitle: e\n---\nShip it :rocket: at 10:30:00, not in `:rocket:`.\n";
    let hugo = Site::from_config(
        SiteKind::Hugo,
        PathBuf::new(),
        "hugo.toml".into(),
        "enableEmoji = true\n",
    )
    .expect("config");
    let on = parse_with(&hugo, &NoFiles, "content/posts/e.md", text);
    assert_eq!(
        plain_text(&on.body).trim(),
        "Ship it 🚀 at 10:30:00, not in :rocket:."
    );
    let off = parse("e.md", text);
    assert!(plain_text(&off.body).contains("Ship it :rocket:"));
}

#[test]
fn liquid_page_variables_come_from_the_posts_own_front_matter() {
    let jekyll = Site::from_config(SiteKind::Jekyll, PathBuf::new(), "_config.yml".into(), "")
        .expect("config");
    let post = parse_with(
        &jekyll,
        &NoFiles,
        "_posts/2020-01-01-v.md",
        "---\ntitle: Vars\nsubtitle: A sub\nimage: https://ex.org/x.png\nrating: 5\n---\n\
         {{ page.subtitle }} rated {{ page.rating }}. ![i]({{ page.image }})\n",
    );
    assert_eq!(plain_text(&post.body).trim(), "A sub rated 5.");
    let mut sources = Vec::new();
    postport_model::walk::walk_inlines(&post.body, &mut |i| {
        if let Inline::Image(image) = i {
            sources.push(image.src.clone());
        }
    });
    assert_eq!(sources, ["https://ex.org/x.png"]);
}

#[test]
fn hugo_param_shortcodes_print_the_pages_values() {
    let hugo =
        Site::from_config(SiteKind::Hugo, PathBuf::new(), "hugo.toml".into(), "").expect("config");
    let post = parse_with(
        &hugo,
        &NoFiles,
        "content/posts/p.md",
        "---\ntitle: P\nversion: 1.2\nparams:\n  codename: Otter\n---\n\
         {{< param version >}} \"{{< param \"codename\" >}}\" of {{< param title >}}.\n",
    );
    assert_eq!(plain_text(&post.body).trim(), "1.2 \"Otter\" of P.");
}

#[test]
fn captured_markdown_shows_where_it_is_output() {
    let jekyll = Site::from_config(SiteKind::Jekyll, PathBuf::new(), "_config.yml".into(), "")
        .expect("config");
    let post = parse_with(
        &jekyll,
        &NoFiles,
        "_posts/2020-01-01-n.md",
        "---\ntitle: N\n---\nBefore.\n\n{% capture notice-2 %}\n**New:** covers *and* teasers.\n{% endcapture %}\n\n\
         <div class=\"notice--info\">\n  <h4>Site features</h4>\n  {{ notice-2 | markdownify }}\n</div>\n\nAfter.\n",
    );
    assert_eq!(
        plain_text(&post.body).trim(),
        "Before.\nSite features\nNew: covers and teasers.\nAfter."
    );
    let mut strong = 0;
    postport_model::walk::walk_inlines(&post.body, &mut |i| {
        strong += usize::from(matches!(i, Inline::Strong { .. }));
    });
    assert_eq!(strong, 1);
    assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
}
