//! Atom: every feed the tests write passes the schema, a real feed client and the rules
//! the schema cannot check (see `feeds.rs`), in every mode; re-exports are byte-identical
//! and archive documents stay put when a post is added.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::feeds::{FeedDoc, feeds_under, validate};
use crate::support::{
    assert_golden, copy_dir, examples, files_under, generated_site, postport, root,
};

/// Runs `postport convert INPUT -o DIR/feed.atom ARGS`, expecting success; returns the
/// main document's path.
pub(crate) fn export(input: &Path, dir: &Path, args: &[&str]) -> PathBuf {
    let out = dir.join("feed.atom");
    postport()
        .arg("convert")
        .arg(input)
        .arg("-o")
        .arg(&out)
        .args(args)
        .assert()
        .success();
    out
}

/// Title and date of each post, newest first, as the JSON Lines export has them.
fn posts(input: &Path, args: &[&str]) -> Vec<(String, Option<String>, serde_json::Value)> {
    let output = postport()
        .arg("convert")
        .arg(input)
        .args(["--to", "jsonl", "-o", "-"])
        .args(args)
        .output()
        .expect("runs");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            (
                v["title"].as_str().unwrap_or_default().to_string(),
                v["date"].as_str().map(String::from),
                v,
            )
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("written")
}

/// The same posts, in the same order, with the same titles and dates as the archive.
fn assert_same_posts(doc: &FeedDoc, input: &Path, args: &[&str]) {
    let expected = posts(input, args);
    let got: Vec<(&str, Option<&str>)> = doc
        .entries
        .iter()
        .map(|e| (e.title.as_str(), e.published.as_deref()))
        .collect();
    let want: Vec<(&str, Option<&str>)> = expected
        .iter()
        .map(|(t, d, _)| (t.as_str(), d.as_deref()))
        .collect();
    assert_eq!(got, want, "{}", doc.path.display());
}

#[test]
fn example_feed_is_valid_and_matches_its_golden_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = export(&examples(), dir.path(), &[]);
    let docs = validate(std::slice::from_ref(&feed));
    let doc = &docs[0];
    assert_same_posts(doc, &examples(), &[]);
    // The feed changes when the archive does, never with the clock.
    let newest = doc.entries.iter().map(|e| e.updated.as_str()).max();
    assert_eq!(Some(doc.updated.as_str()), newest);
    let news = doc
        .entries
        .iter()
        .find(|e| e.title.contains("秋汛"))
        .expect("the flood meeting post");
    assert_eq!(news.language.as_deref(), Some("zh-CN"));
    assert!(
        news.categories
            .iter()
            .any(|(term, label)| term == "新闻/滨江日报/滨江日报－本地"
                && label.as_deref() == Some("新闻 > 滨江日报 > 滨江日报－本地")),
        "{:?}",
        news.categories
    );
    assert!(
        news.id.starts_with("tag:news.example.cn,2021-11-03:"),
        "{}",
        news.id
    );
    let bundle = doc
        .entries
        .iter()
        .find(|e| e.title == "A trip in a page bundle")
        .expect("bundle post");
    assert_eq!(
        bundle.enclosures,
        ["https://hugo.example.net/2023/05/a-trip-in-a-page-bundle/featured.png"]
    );
    assert_golden("examples.atom", &read(&feed));
}

#[test]
fn every_mode_writes_valid_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let all = posts(&examples(), &[]);
    for (name, args) in [
        ("xhtml", &["--content", "xhtml"][..]),
        ("summary", &["--content", "summary"]),
        ("none", &["--content", "none", "--entry-id", "permalink"]),
        ("complete", &["--complete"]),
        (
            "month",
            &[
                "--archive",
                "--page-size",
                "3",
                "--feed-url",
                "https://feeds.example.org/f/feed.atom",
            ],
        ),
        (
            "count",
            &[
                "--archive",
                "--archive-by",
                "count",
                "--page-size",
                "4",
                "--feed-url",
                "https://feeds.example.org/f/feed.atom",
            ],
        ),
        ("category", &["--split-by", "category", "--page-size", "2"]),
        ("tag", &["--split-by", "tag"]),
    ] {
        let out = dir.path().join(name);
        let main = export(&examples(), &out, args);
        let docs = validate(&feeds_under(&out));
        let main_doc = docs.iter().find(|d| d.path == main).expect("main document");
        match name {
            "xhtml" => {
                assert_same_posts(main_doc, &examples(), &[]);
                assert!(main_doc.entries.iter().all(|e| {
                    e.content_type.as_deref() == Some("xhtml")
                        && e.content.as_deref().is_some_and(|c| {
                            c.starts_with("<div xmlns=\"http://www.w3.org/1999/xhtml\">")
                        })
                }));
            }
            "summary" | "none" => {
                assert_same_posts(main_doc, &examples(), &[]);
                // Entries with a URL leave their content out; the others must keep it.
                for e in &main_doc.entries {
                    assert_eq!(e.content.is_some(), e.alternate.is_none(), "{}", e.title);
                    if name == "summary" {
                        assert!(e.summary.is_some(), "{} has no summary", e.title);
                    }
                    if name == "none"
                        && let Some(link) = &e.alternate
                    {
                        assert_eq!(&e.id, link, "--entry-id permalink");
                    }
                }
            }
            "complete" => {
                assert!(main_doc.complete && !main_doc.archive);
                assert_eq!(main_doc.entries.len(), all.len());
            }
            "month" | "count" => check_archives(&docs, main_doc, all.len(), name),
            "category" | "tag" => check_topics(&docs, main_doc, &all, name, &out),
            _ => unreachable!(),
        }
    }
}

/// RFC 5005 section 4: the subscription document holds the newest entries and points at
/// the newest archive; archives chain both ways, each entry in exactly one of them.
fn check_archives(docs: &[FeedDoc], main: &FeedDoc, total: usize, name: &str) {
    let page = if name == "month" { 3 } else { 4 };
    assert!(!main.archive && !main.complete);
    assert_eq!(main.entries.len(), page.min(total));
    assert_eq!(
        main.link("self"),
        Some("https://feeds.example.org/f/feed.atom")
    );
    let by_url: BTreeMap<&str, &FeedDoc> = docs
        .iter()
        .filter(|d| d.archive)
        .map(|d| (d.link("self").expect("self link"), d))
        .collect();
    assert_eq!(
        by_url.len(),
        docs.len() - 1,
        "every other document is an archive"
    );
    let mut seen = BTreeSet::new();
    let mut url = main.link("prev-archive").expect("a prev-archive link");
    let mut next: Option<&str> = None;
    let mut walked = 0;
    loop {
        let doc = by_url
            .get(url)
            .unwrap_or_else(|| panic!("{url} is not written"));
        assert_eq!(doc.link("current"), main.link("self"));
        assert_eq!(doc.link("next-archive"), next, "{url}");
        assert_eq!(doc.id, main.id, "one logical feed");
        for e in &doc.entries {
            assert!(seen.insert(e.id.clone()), "{} in two archives", e.title);
        }
        if name == "count" && walked > 0 {
            assert_eq!(doc.entries.len(), page, "only the newest archive is short");
        }
        walked += 1;
        next = Some(url);
        match doc.link("prev-archive") {
            Some(prev) => url = prev,
            None => break,
        }
    }
    assert_eq!(walked, by_url.len(), "the chain reaches every archive");
    assert_eq!(seen.len(), total, "every entry is archived");
    let newest: BTreeSet<&String> = main.entries.iter().map(|e| &e.id).collect();
    assert!(newest.iter().all(|id| seen.contains(*id)));
}

/// One feed per category (and parent category) or tag, each its newest `--page-size`
/// posts, listed in an OPML index.
fn check_topics(
    docs: &[FeedDoc],
    main: &FeedDoc,
    all: &[(String, Option<String>, serde_json::Value)],
    name: &str,
    out: &Path,
) {
    let page = if name == "category" { 2 } else { 50 };
    assert_eq!(
        main.entries.len(),
        all.len(),
        "the main feed has every post"
    );
    let mut expected: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (title, _, v) in all {
        let mut topics = BTreeSet::new();
        if name == "category" {
            for path in v["categories"].as_array().expect("categories") {
                let parts: Vec<&str> = path
                    .as_array()
                    .expect("a path")
                    .iter()
                    .filter_map(|p| p.as_str())
                    .collect();
                for depth in 1..=parts.len() {
                    topics.insert(parts[..depth].join(" > "));
                }
            }
        } else {
            for tag in v["tags"].as_array().expect("tags") {
                topics.insert(tag.as_str().unwrap_or_default().to_string());
            }
        }
        for t in topics {
            expected.entry(t).or_default().push(title);
        }
    }
    let topic_docs: Vec<&FeedDoc> = docs.iter().filter(|d| d.path != main.path).collect();
    assert_eq!(topic_docs.len(), expected.len(), "one feed per {name}");
    let opml = read(&out.join(name).join("index.opml"));
    for doc in topic_docs {
        let topic = doc
            .title
            .rsplit_once(" — ")
            .map(|(_, t)| t)
            .expect("the topic in the title");
        let want = &expected[topic];
        let got: Vec<&str> = doc.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(got, want[..want.len().min(page)], "{topic}");
        assert_ne!(doc.id, main.id, "each feed has its own id");
        let file = doc.path.file_name().and_then(|f| f.to_str()).expect("name");
        assert!(opml.contains(file), "{file} is missing from the index");
    }
}

#[test]
fn hazards_never_reach_the_feed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = root().join("tests/fixtures/feed-hazards");
    for mode in ["html", "xhtml"] {
        let out = dir.path().join(mode);
        let feed = export(&input, &out, &["--content", mode]);
        let doc = &validate(&[feed])[0];
        assert_eq!(doc.language.as_deref(), Some("zh-CN"), "zh_CN normalised");
        assert_eq!(doc.title, "Hazards & <Edge> Cases");
        let titles: Vec<&str> = doc.entries.iter().map(|e| e.title.as_str()).collect();
        assert!(
            titles.contains(&"Tom & Jerry <b>not bold</b>  and a bell"),
            "{titles:?}"
        );
        let hazards = doc
            .entries
            .iter()
            .find(|e| e.title.starts_with("Tom"))
            .expect("hazards post");
        assert_eq!(hazards.id, "urn:uuid:7c0f4d1e-2f7a-4a55-9a57-2b1f0e3a7c11");
        // Two posts of one day with one file name: two ids (the rules check they differ),
        // the newer one's as minted. A cover with a space is an IRI.
        let update = |title: &str| {
            doc.entries
                .iter()
                .find(|e| e.title == title)
                .expect("update post")
        };
        let (evening, morning) = (update("Evening update"), update("Morning update"));
        assert_eq!(evening.id, "tag:hazards.example.org,2024-03-05:update");
        assert!(
            morning
                .id
                .starts_with("tag:hazards.example.org,2024-03-05:update#")
        );
        assert_eq!(
            morning.enclosures,
            ["https://hazards.example.org/images/morning%20photo.jpg"]
        );
        // `updated: 0000-01-01` is no date: the entry's updated is its date.
        assert_eq!(evening.updated, "2024-03-05T20:00:00+08:00");
        let content = hazards.content.as_deref().expect("content");
        assert!(
            content.contains("]]&gt;") || content.contains("]]&amp;gt;"),
            "{content}"
        );
        assert!(content.contains("and a vertical tab"), "{content}");
        let links = doc
            .entries
            .iter()
            .find(|e| e.title.starts_with("Relative"))
            .expect("links post");
        assert_eq!(links.language.as_deref(), Some("en"));
        let content = links.content.as_deref().expect("content");
        for absolute in [
            "https://hazards.example.org/images/photo.jpg",
            "https://hazards.example.org/2024/02/other/",
            "https://hazards.example.org/2024/02/relative-links/#top",
            "https://hazards.example.org/2024/02/relative-links/pic.png",
        ] {
            assert!(content.contains(absolute), "{absolute} in {content}");
        }
        assert_eq!(
            links.summary.as_deref(),
            Some("A summary from front matter.")
        );
        let chinese = doc
            .entries
            .iter()
            .find(|e| e.title.starts_with("长篇"))
            .expect("long post");
        let summary = chinese
            .summary
            .as_deref()
            .expect("the part before <!-- more -->");
        assert!(!summary.contains("第二段"), "{summary}");
        let undated = doc
            .entries
            .iter()
            .find(|e| e.published.is_none())
            .expect("undated post");
        // Undated: the oldest post's date, which neither the clock nor a new post moves.
        let oldest = doc
            .entries
            .iter()
            .filter_map(|e| e.published.as_deref())
            .min();
        assert_eq!(Some(undated.updated.as_str()), oldest);
    }
    // A summary cut respects characters: never half of one, never a broken entity.
    let out = dir.path().join("summary");
    let feed = export(&input, &out, &["--content", "summary"]);
    let doc = &validate(&[feed])[0];
    let undated = doc
        .entries
        .iter()
        .find(|e| e.published.is_none())
        .expect("undated");
    assert!(undated.content.is_some(), "no URL: the content is kept");
}

#[test]
fn bad_input_survivors_make_a_valid_feed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("feed.atom");
    let run = postport()
        .arg("convert")
        .arg(root().join("tests/fixtures/bad-input"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(1), "bad files make the run fail");
    let doc = &validate(&[out])[0];
    assert!(doc.entries.len() >= 4, "the readable posts are all there");
    let scripts = doc
        .entries
        .iter()
        .find(|e| e.title == "Scripts never reach an output")
        .expect("scripts post");
    let content = scripts.content.as_deref().expect("content");
    assert!(content.contains("Text") && !content.to_lowercase().contains("script:"));
}

#[test]
fn generated_archive_of_2000_posts_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = generated_site(dir.path(), 2000);
    let plain = export(&site, &dir.path().join("plain"), &[]);
    let doc = &validate(&[plain])[0];
    assert_eq!(doc.entries.len(), 2000);
    let archive = dir.path().join("archive");
    export(&site, &archive, &["--archive"]);
    let docs = validate(&feeds_under(&archive));
    let archived: usize = docs
        .iter()
        .filter(|d| d.archive)
        .map(|d| d.entries.len())
        .sum();
    assert_eq!(archived, 2000);
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read");
            (path.strip_prefix(dir).expect("inside").to_path_buf(), bytes)
        })
        .collect()
}

#[test]
fn reexports_are_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        &[][..],
        &[
            "--archive",
            "--page-size",
            "2",
            "--feed-url",
            "https://feeds.example.org/feed.atom",
        ],
        &["--split-by", "category"],
    ] {
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let _ = std::fs::remove_dir_all(&a);
        let _ = std::fs::remove_dir_all(&b);
        export(&examples(), &a, args);
        export(&examples(), &b, args);
        assert_eq!(snapshot(&a), snapshot(&b), "{args:?}");
    }
}

/// Which files differ between two exports: (changed, added, removed).
fn changes(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let name = |p: &PathBuf| p.display().to_string();
    let changed = before
        .iter()
        .filter(|(p, bytes)| after.get(*p).is_some_and(|a| a != *bytes))
        .map(|(p, _)| name(p))
        .collect();
    let added = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(name)
        .collect();
    let removed = before
        .keys()
        .filter(|p| !after.contains_key(*p))
        .map(name)
        .collect();
    (changed, added, removed)
}

fn add_post(site: &Path, name: &str, date: &str) {
    std::fs::write(
        site.join("blog/source/_posts").join(name),
        format!("---\ntitle: New post {name}\ndate: {date}\ntags: [notes]\n---\n\nJust added.\n"),
    )
    .expect("write post");
}

#[test]
fn a_new_post_changes_only_the_newest_archive_and_the_subscription_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    copy_dir(&examples(), &site);
    let url = ["--feed-url", "https://feeds.example.org/feed.atom"];
    let month = [&["--archive", "--page-size", "3"][..], &url].concat();
    let count = [
        &["--archive", "--archive-by", "count", "--page-size", "3"][..],
        &url,
    ]
    .concat();
    let export_all = |tag: &str| {
        let m = dir.path().join(format!("month-{tag}"));
        let c = dir.path().join(format!("count-{tag}"));
        export(&site, &m, &month);
        export(&site, &c, &count);
        (snapshot(&m), snapshot(&c))
    };
    let (month0, count0) = export_all("0");
    // The newest post is from May 2023: a post in the same month.
    add_post(&site, "2023-05-28-same-month.md", "2023-05-28 10:00:00");
    let (month1, count1) = export_all("1");
    assert_eq!(
        changes(&month0, &month1),
        (
            vec!["archive/2023-05.atom".to_string(), "feed.atom".to_string()],
            vec![],
            vec![]
        )
    );
    // 13 posts in pages of 3 (the newest page holds one): the new post joins it.
    assert_eq!(
        changes(&count0, &count1),
        (
            vec!["archive/000005.atom".to_string(), "feed.atom".to_string()],
            vec![],
            vec![]
        )
    );
    // A post in a new month opens a new archive; the previous newest gains only its
    // next-archive link.
    add_post(&site, "2023-06-02-new-month.md", "2023-06-02 10:00:00");
    let (month2, _) = export_all("2");
    let (changed, added, removed) = changes(&month1, &month2);
    assert_eq!(added, ["archive/2023-06.atom"]);
    assert!(removed.is_empty());
    assert_eq!(changed, ["archive/2023-05.atom", "feed.atom"]);
    let before = String::from_utf8_lossy(&month1[Path::new("archive/2023-05.atom")]).into_owned();
    let after = String::from_utf8_lossy(&month2[Path::new("archive/2023-05.atom")]).into_owned();
    let new_lines: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(
        new_lines,
        [
            "  <link rel=\"next-archive\" type=\"application/atom+xml\" href=\"https://feeds.example.org/archive/2023-06.atom\"/>"
        ]
    );
    assert_eq!(after.lines().count(), before.lines().count() + 1);
}

#[test]
fn limit_and_filters_choose_the_entries() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, args) in [
        ("limit", &["--limit", "2"][..]),
        ("category", &["--category", "新闻"]),
        ("since", &["--since", "2023-01-01", "--tag", "hugo"]),
    ] {
        let feed = export(&examples(), &dir.path().join(name), args);
        let doc = &validate(&[feed])[0];
        assert_same_posts(doc, &examples(), args);
        assert!(!doc.entries.is_empty());
    }
    let limited = crate::feeds::parse(&dir.path().join("limit/feed.atom"));
    let all = posts(&examples(), &[]);
    let newest: Vec<&str> = all.iter().take(2).map(|(t, _, _)| t.as_str()).collect();
    let got: Vec<&str> = limited.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(got, newest, "--limit keeps the newest");
}

#[test]
fn feed_flags_shape_the_head() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = root().join("tests/fixtures/feed-hazards");
    let feed = export(
        &input,
        dir.path(),
        &[
            "--feed-id",
            "urn:uuid:0b5e4c1a-7b0c-4f7e-9a1d-3c2b1a0f9e8d",
            "--feed-url",
            "https://cdn.example.org/hz/feed.atom",
            "--title",
            "Another title",
            "--author",
            "Someone Else",
            "--icon",
            "https://hazards.example.org/icon.png",
            "--url-pattern",
            "https://mirror.example.org/:year/:month/:day/:slug.html",
        ],
    );
    let doc = &validate(std::slice::from_ref(&feed))[0];
    assert_eq!(doc.id, "urn:uuid:0b5e4c1a-7b0c-4f7e-9a1d-3c2b1a0f9e8d");
    assert_eq!(
        doc.link("self"),
        Some("https://cdn.example.org/hz/feed.atom")
    );
    assert_eq!(doc.title, "Another title");
    assert_eq!(doc.authors, ["Someone Else"]);
    let text = read(&feed);
    assert!(text.contains("<icon>https://hazards.example.org/icon.png</icon>"));
    let links = doc
        .entries
        .iter()
        .find(|e| e.title.starts_with("Relative"))
        .expect("links post");
    assert_eq!(
        links.alternate.as_deref(),
        Some("https://mirror.example.org/2024/02/11/relative-links.html")
    );
    // Ids do not follow the URLs.
    assert!(links.id.starts_with("tag:hazards.example.org,2024-02-11:"));
}

#[test]
fn feed_mistakes_are_refused_with_advice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("feed.atom");
    for (args, says) in [
        (&["--feed-url", "feed.atom"][..], "absolute IRI"),
        (&["--archive", "--sort", "title"], "newest first"),
        (&["--split-by", "year"], "category or tag"),
        (&["--page-size", "0"], "at least 1"),
    ] {
        let run = postport()
            .arg("convert")
            .arg(examples())
            .arg("-o")
            .arg(&out)
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // The example archive mixes sites, so no one URL: --archive needs --feed-url.
    let run = postport()
        .arg("convert")
        .arg(examples().join("jekyll"))
        .args(["--archive", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() || stderr.contains("--feed-url"),
        "{stderr}"
    );
    assert!(
        !out.exists() || run.status.success(),
        "nothing half-written"
    );
}

/// The real archives in `../shared/corpus/` (outside the repository), when present:
/// their feeds, plain, XHTML and archived, pass every gate.
#[test]
fn shared_corpora_make_valid_feeds() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut feeds = Vec::new();
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
        for (mode, args) in [
            ("plain", &[][..]),
            ("xhtml", &["--content", "xhtml"]),
            (
                "archive",
                &[
                    "--archive",
                    "--feed-url",
                    "https://feeds.example.org/feed.atom",
                ],
            ),
        ] {
            let out = dir.path().join(format!("{name}-{mode}"));
            let run = postport()
                .arg("convert")
                .arg(&input)
                .arg("-o")
                .arg(out.join("feed.atom"))
                .args(args)
                .output()
                .expect("runs");
            assert!(run.status.code().is_some_and(|c| c <= 1), "{name} {mode}");
            feeds.extend(feeds_under(&out));
        }
    }
    validate(&feeds);
}

/// Entries rendered while reading (dated, no links to other posts) and entries rendered
/// after sorting, waiting in memory or spilled past the memory budget, make the same
/// documents.
#[test]
fn feeds_do_not_depend_on_where_entries_wait() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "--archive",
        "--archive-by",
        "count",
        "--page-size",
        "3",
        "--feed-url",
        "https://blog.example.org/feed.atom",
        "-q",
    ];
    let in_memory = dir.path().join("memory");
    export(&examples(), &in_memory, &args);
    let spilled = dir.path().join("spilled");
    postport()
        .env("POSTPORT_MEMORY_MB", "0")
        .arg("convert")
        .arg(examples())
        .arg("-o")
        .arg(spilled.join("feed.atom"))
        .args(args)
        .assert()
        .success();
    let relative = |dir: &Path| {
        let mut files: Vec<PathBuf> = files_under(dir)
            .into_iter()
            .map(|f| f.strip_prefix(dir).expect("inside").to_path_buf())
            .collect();
        files.sort();
        files
    };
    let files = relative(&in_memory);
    assert!(files.len() > 2, "archive documents written: {files:?}");
    assert_eq!(files, relative(&spilled));
    for file in files {
        let a = std::fs::read(in_memory.join(&file)).expect("read");
        let b = std::fs::read(spilled.join(&file)).expect("read");
        assert!(a == b, "{} differs", file.display());
    }
}
