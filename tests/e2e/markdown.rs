//! Markdown: for every target the written posts read back (with postport's own reader)
//! as the same posts; the Hugo output is built by the real `hugo` with no error and no
//! warning, one page per post with the source's title and date; golden files per target;
//! and the text-fidelity figure for seed-shaped posts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use postport_model::{Article, plain_text};
use serde_json::Value;

use crate::support::{
    assert_golden, examples, files_under, generated_site, postport, require_tool,
};

const TARGETS: [&str; 5] = ["hugo", "hexo", "jekyll", "zola", "plain"];

/// Keys the Markdown writer adds for the target (old URLs, the hierarchy it cannot
/// hold), which the source did not have.
const ADDED_KEYS: &[&str] = &["aliases", "redirect_from", "permalink", "slug", "cover"];

pub(crate) fn export(input: &Path, out: &Path, target: &str, args: &[&str]) {
    postport()
        .arg("convert")
        .arg(input)
        .args(["--to", "markdown", "--target", target, "-o"])
        .arg(out)
        .args(args)
        .assert()
        .success();
}

/// The articles of `input`, as postport reads them (with their trees).
fn read(input: &Path, args: &[&str]) -> Vec<Article> {
    let output = postport()
        .arg("convert")
        .arg(input)
        .args([
            "--to",
            "jsonl",
            "--with-tree",
            "--sort",
            "path",
            "-o",
            "-",
            "-q",
        ])
        .args(args)
        .output()
        .expect("runs");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .enumerate()
        .map(|(i, l)| postport_jsonl::read_line(l, i as u32 + 1).expect("a record"))
        .collect()
}

/// Where two texts first differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let show = |s: &str| {
        let mut start = at.saturating_sub(60).min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        s[start..].chars().take(160).collect::<String>()
    };
    format!(
        "texts differ at byte {at}:\n  source: {}\n    back: {}",
        show(a),
        show(b)
    )
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a round trip must keep, per post.
#[derive(Debug, PartialEq)]
struct Kept {
    title: String,
    date: Option<i64>,
    updated: Option<i64>,
    authors: Vec<String>,
    categories: Vec<Vec<String>>,
    tags: Vec<String>,
    draft: bool,
    extra: BTreeMap<String, Value>,
    text: String,
}

fn kept(a: &Article) -> Kept {
    let mut extra: BTreeMap<String, Value> = a
        .meta
        .extra
        .iter()
        .filter(|(k, _)| !ADDED_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // A taxonomy the target lacks is an ordinary key there.
    for (name, values) in &a.meta.taxonomies {
        extra.insert(
            name.clone(),
            Value::Array(values.iter().map(|v| Value::String(v.clone())).collect()),
        );
    }
    Kept {
        title: a.meta.title.clone(),
        date: a.meta.date.map(|d| d.timestamp()),
        updated: a.meta.updated.map(|d| d.timestamp()),
        authors: a.meta.authors.clone(),
        categories: a.meta.categories.clone(),
        tags: a.meta.tags.clone(),
        draft: a.meta.draft,
        extra,
        text: normalized(&plain_text(&a.body)),
    }
}

/// Source and round-tripped posts, paired by slug, else (for a slug the target could
/// not take as it was) by title and date.
fn pair(source: &[Article], back: &[Article]) -> Vec<(Kept, Kept)> {
    let by_slug: BTreeMap<&str, &Article> =
        back.iter().map(|a| (a.meta.slug.as_str(), a)).collect();
    source
        .iter()
        .map(|s| {
            let b = by_slug.get(s.meta.slug.as_str()).copied().or_else(|| {
                back.iter()
                    .find(|b| b.meta.title == s.meta.title && b.meta.date == s.meta.date)
            });
            let b = b.unwrap_or_else(|| panic!("`{}` was not read back", s.meta.slug));
            (kept(s), kept(b))
        })
        .collect()
}

#[test]
fn every_target_round_trips_the_examples() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = read(&examples(), &["--drafts"]);
    assert_eq!(source.len(), 14);
    let variants: Vec<(&str, Vec<&str>)> = TARGETS
        .iter()
        .map(|t| (*t, vec![]))
        .chain([
            ("hugo", vec!["--layout", "flat", "--front-matter", "toml"]),
            ("hugo", vec!["--front-matter", "json"]),
            ("hexo", vec!["--layout", "flat", "--front-matter", "json"]),
            ("jekyll", vec!["--front-matter", "json"]),
            ("zola", vec!["--layout", "flat", "--front-matter", "yaml"]),
        ])
        .collect();
    for (i, (target, extra)) in variants.iter().enumerate() {
        let target = *target;
        let out = dir.path().join(format!("{target}-{i}"));
        let mut args = vec!["--drafts", "--with-config"];
        args.extend(extra.iter().copied());
        export(&examples(), &out, target, &args);
        let back = read(&out, &["--drafts"]);
        assert_eq!(back.len(), source.len(), "{target}: every post read back");
        for (s, b) in pair(&source, &back) {
            assert_eq!(
                s, b,
                "{target} {extra:?}: `{}` changed in the round trip",
                s.title
            );
        }
        // Slugs survive unless they had to change.
        let slugs: BTreeSet<&str> = back.iter().map(|a| a.meta.slug.as_str()).collect();
        for a in &source {
            assert!(
                slugs.contains(a.meta.slug.as_str()),
                "{target}: slug {}",
                a.meta.slug
            );
        }
    }
}

/// Every file under `dir`: text files whole, others by size, in path order.
fn listing(dir: &Path) -> String {
    let mut out = String::new();
    for path in files_under(dir) {
        let rel = path
            .strip_prefix(dir)
            .expect("inside")
            .display()
            .to_string();
        let bytes = std::fs::read(&path).expect("read");
        match String::from_utf8(bytes.clone()) {
            Ok(text) if !rel.ends_with(".png") => {
                out.push_str(&format!("=== {rel}\n{text}"));
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(&format!("=== {rel} ({} bytes)\n", bytes.len())),
        }
    }
    out
}

#[test]
fn example_sites_match_their_golden_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    for target in TARGETS {
        let out = dir.path().join(target);
        export(&examples(), &out, target, &["--with-config"]);
        assert_golden(&format!("markdown-{target}.txt"), &listing(&out));
    }
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The text between `open` and the next `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// Builds `site` with hugo: no error, no warning; returns (title, date) of every post
/// page (the pages `--with-config`'s template marks with `<time>`).
pub(crate) fn hugo_build(site: &Path) -> Option<BTreeSet<(String, i64)>> {
    if !require_tool(which("hugo"), "hugo (bash scripts/setup.sh installs it)") {
        return None;
    }
    let output = std::process::Command::new("hugo")
        .arg("--source")
        .arg(site)
        .args(["--destination", "public", "--cacheDir"])
        .arg(site.join(".hugo-cache"))
        .output()
        .expect("hugo runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "hugo failed:\n{log}");
    assert!(
        !log.contains("WARN") && !log.contains("ERROR"),
        "hugo warned:\n{log}"
    );
    let mut pages = BTreeSet::new();
    for path in files_under(&site.join("public")) {
        if path.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).expect("read");
        if let (Some(title), Some(date)) = (
            between(&html, "<h1>", "</h1>"),
            between(&html, "<time datetime=\"", "\""),
        ) {
            let date = unescape(date);
            let date = chrono::DateTime::parse_from_rfc3339(&date)
                .unwrap_or_else(|e| panic!("{date} in {}: {e}", path.display()));
            pages.insert((unescape(title), date.timestamp()));
        }
    }
    Some(pages)
}

fn unescape(html: &str) -> String {
    html.replace("&#43;", "+")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn source_pages(articles: &[Article]) -> BTreeSet<(String, i64)> {
    articles
        .iter()
        .map(|a| {
            (
                a.meta.title.clone(),
                a.meta.date.map(|d| d.timestamp()).expect("dated"),
            )
        })
        .collect()
}

#[test]
fn hugo_builds_the_examples() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    export(&examples(), &site, "hugo", &["--with-config"]);
    let Some(pages) = hugo_build(&site) else {
        return;
    };
    let source = read(&examples(), &[]);
    assert_eq!(
        pages,
        source_pages(&source),
        "one page per post, same title and date"
    );
    // Old URLs still lead somewhere.
    for old in ["2021/11/03/flood-meeting", "2014/08/a-walk-in-the-alps"] {
        assert!(
            site.join("public").join(old).join("index.html").exists(),
            "alias {old}"
        );
    }
}

#[test]
fn hugo_builds_a_generated_archive_of_2000_posts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = generated_site(dir.path(), 2000);
    let site = dir.path().join("hugo-site");
    export(&input, &site, "hugo", &["--with-config"]);
    let Some(pages) = hugo_build(&site) else {
        return;
    };
    let source = read(&input, &[]);
    assert_eq!(source.len(), 2000);
    assert_eq!(pages.len(), 2000, "one page per post");
    assert_eq!(pages, source_pages(&source));
    let back = read(&site, &[]);
    for (s, b) in pair(&source, &back) {
        assert_eq!(s, b, "`{}` changed in the round trip", s.title);
    }
}

#[test]
fn every_target_round_trips_a_generated_archive_of_2000_posts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = generated_site(dir.path(), 2000);
    let source = read(&input, &[]);
    assert_eq!(source.len(), 2000);
    // Hugo's round trip is checked with its build, above.
    for target in ["hexo", "jekyll", "zola", "plain"] {
        let out = dir.path().join(target);
        export(&input, &out, target, &["--with-config"]);
        let back = read(&out, &[]);
        assert_eq!(back.len(), source.len(), "{target}: every post read back");
        for (s, b) in pair(&source, &back) {
            assert_eq!(s, b, "{target}: `{}` changed in the round trip", s.title);
        }
    }
}

/// The text a CommonMark renderer shows for Markdown (front matter left out).
fn rendered_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let body = match markdown.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or(rest, |(_, b)| b),
        None => markdown,
    };
    let mut text = String::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Text(s) | Event::Code(s) => text.push_str(&s),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => {
                // Tags are not text; what is between them is.
                let mut in_tag = false;
                for c in h.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
            }
            _ => text.push(' '),
        }
    }
    text
}

/// The share of the source's visible characters found in the rendered Markdown (as a
/// multiset), and how many `*`, `_`, `~` the rendering shows beyond the source's.
fn fidelity(source: &str, rendered: &str) -> (usize, usize, usize) {
    let count = |s: &str| {
        let mut m: BTreeMap<char, usize> = BTreeMap::new();
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_default() += 1;
        }
        m
    };
    let (src, out) = (count(source), count(rendered));
    let total: usize = src.values().sum();
    let found: usize = src
        .iter()
        .map(|(c, n)| (*n).min(out.get(c).copied().unwrap_or(0)))
        .sum();
    let stray: usize = ['*', '_', '~']
        .iter()
        .map(|c| {
            out.get(c)
                .copied()
                .unwrap_or(0)
                .saturating_sub(src.get(c).copied().unwrap_or(0))
        })
        .sum();
    (found, total, stray)
}

#[test]
fn seed_shaped_posts_keep_every_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = generated_site(dir.path(), 300);
    let source = read(&input, &[]);
    let site = dir.path().join("plain");
    export(&input, &site, "plain", &["--layout", "flat"]);
    let (mut found, mut total, mut stray) = (0, 0, 0);
    for article in &source {
        let file = site.join(format!("{}.md", article.meta.slug));
        let markdown = std::fs::read_to_string(&file).expect("written");
        let (f, t, s) = fidelity(&plain_text(&article.body), &rendered_text(&markdown));
        assert_eq!(s, 0, "stray emphasis marks in {}", file.display());
        found += f;
        total += t;
        stray += s;
    }
    let share = found as f64 / total as f64;
    eprintln!(
        "text fidelity: {found} of {total} visible characters ({:.4}%), {stray} stray emphasis marks",
        share * 100.0
    );
    assert_eq!(found, total, "every visible character survives");
}

#[test]
fn slugs_never_leave_the_output_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    for (name, slug) in [
        ("a.md", "../../escape"),
        ("b.md", "/etc/passwd"),
        ("c.md", "CON"),
        ("d.md", "same"),
        ("e.md", "Same"),
    ] {
        std::fs::write(
            input.join(name),
            format!("---\ntitle: {name}\nslug: \"{slug}\"\ndate: 2024-01-01\n---\n\nText.\n"),
        )
        .expect("write");
    }
    let out = dir.path().join("out");
    export(&input, &out, "hugo", &[]);
    let mut names: Vec<String> = std::fs::read_dir(out.join("content/posts"))
        .expect("posts")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["CON-post", "Same-2", "escape", "etc-passwd", "same"]
    );
    assert!(!dir.path().join("escape").exists());
}

/// The real archives in `../shared/corpus/` (outside the repository), when present:
/// every target round-trips them and hugo builds their Hugo output without a warning.
#[test]
fn shared_corpora_round_trip() {
    let corpus = crate::support::root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [
        "hexo-site",
        "hugobasicexample",
        "hugodocs-news",
        "jekyll-docs-posts",
    ] {
        let input = corpus.join(name);
        if !input.is_dir() {
            continue;
        }
        let source = read(&input, &["--drafts"]);
        for target in TARGETS {
            let out = dir.path().join(format!("{name}-{target}"));
            export(&input, &out, target, &["--drafts", "--with-config"]);
            let back = read(&out, &["--drafts"]);
            assert_eq!(
                back.len(),
                source.len(),
                "{name} {target}: every post read back"
            );
            for (s, mut b) in pair(&source, &back) {
                // Jekyll names posts by date: an undated one is written as 1970-01-01,
                // with a warning.
                if target == "jekyll" && s.date.is_none() {
                    b.date = None;
                }
                if s.text != b.text {
                    panic!(
                        "{name} {target}: `{}`: {}",
                        s.title,
                        first_difference(&s.text, &b.text)
                    );
                }
                assert_eq!(s, b, "{name} {target}: `{}` changed", s.title);
            }
            if target == "hugo" {
                hugo_build(&out);
            }
        }
    }
}
