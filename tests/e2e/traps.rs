//! An archive of edge cases met in real archives, written here, through every writer
//! and its validator: control characters in titles, local media that cannot travel,
//! MathML, inline SVG, taxonomy terms that look like paths, far-future and year-one
//! dates, duplicate slugs that differ in case, empty bodies, a bundle whose names hold
//! `#` and spaces, an image cut after its signature, a slug of `.`.

use std::path::Path;

use crate::epub::{book_ok, check_structure, epubcheck, unzip};
use crate::support::postport;

fn write_traps(dir: &Path) {
    let posts = dir.join("posts");
    std::fs::create_dir_all(&posts).expect("mkdir");
    let files: &[(&str, &str)] = &[
        (
            "control.md",
            "---\ntitle: \"Bell \\a and \\x01 start of heading\"\ndate: 2023-03-03\ncategories: [\"Cat \\x02\"]\n---\nText with \u{b} a vertical tab.\n",
        ),
        (
            "media.html",
            "---\ntitle: Local media\ndate: 2021-05-05T10:00:00+08:00\n---\n<p>Before</p>\n<audio src=\"clip.mp3\"></audio>\n<video src=\"/media/film.mp4\"></video>\n<iframe src=\"widget.html\"></iframe>\n<p>Area: <math><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></math>.</p>\n<svg onload=\"x()\"><circle r=\"4\"/></svg>\n<p>After</p>\n",
        ),
        (
            "terms.md",
            "---\ntitle: Terms like paths\ndate: 9999-12-31T23:59:59Z\ntags: [\"../up\", \"a/b\", \"..\"]\n---\nBody.\n",
        ),
        (
            "ancient.md",
            "---\ntitle: Year one\ndate: 0001-01-01T00:00:00Z\n---\nOld.\n",
        ),
        ("empty.md", "---\ntitle: Empty\ndate: 2019-01-01\n---\n"),
        (
            "dup-a.md",
            "---\ntitle: First of two\nslug: Same\ndate: 2020-01-01\n---\nOne.\n",
        ),
        (
            "dup-b.md",
            "---\ntitle: Second of two\nslug: same\ndate: 2020-01-02\n---\nTwo.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(posts.join(name), text).expect("write");
    }
    // One picture under three addresses, and a PNG signature with nothing after it.
    let bundle = posts.join("odd #name");
    std::fs::create_dir_all(&bundle).expect("mkdir");
    std::fs::write(
        bundle.join("index.md"),
        "---\ntitle: Odd names\ndate: 2022-02-02\n---\n![one](<p i%23c.png>) \
         <img src=\"p%20i%23c.png?v=2\" alt=\"two\"> ![cut](broken.png)\n",
    )
    .expect("write");
    image::DynamicImage::new_rgb8(6, 4)
        .save_with_format(bundle.join("p i#c.png"), image::ImageFormat::Png)
        .expect("png");
    std::fs::write(bundle.join("broken.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    std::fs::write(
        posts.join("dot.md"),
        "---\ntitle: Dot slug\nslug: \".\"\ndate: 2022-03-03\n---\nDot.\n",
    )
    .expect("write");
}

#[test]
fn traps_make_a_valid_book() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_traps(dir.path());
    for (name, args) in [
        ("plain.epub", &[][..]),
        ("category.epub", &["--toc-by", "category"][..]),
    ] {
        let out = dir.path().join(name);
        book_ok(&dir.path().join("posts"), &out, args);
        epubcheck(&out);
        check_structure(&out);
        let (_, files, _) = unzip(&out);
        let nav = String::from_utf8_lossy(&files["OEBPS/nav.xhtml"]).into_owned();
        assert!(nav.contains("Bell  and  start of heading"), "{nav}");
        let media = files
            .iter()
            .filter(|(n, _)| n.starts_with("OEBPS/text/c"))
            .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
            .find(|c| c.contains("Local media"))
            .expect("the media chapter");
        // Local files that are not in the book stay as text, never as dead links.
        for dead in ["clip.mp3", "film.mp4", "widget.html"] {
            assert!(!media.contains(&format!("href=\"{dead}")), "{media}");
        }
        assert!(media.contains("πr2"), "MathML kept as text: {media}");
    }
    let run = postport()
        .arg("convert")
        .arg(dir.path().join("posts"))
        .arg("-o")
        .arg(dir.path().join("x.epub"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("<math>") && stderr.contains("plain text"),
        "{stderr}"
    );
}

#[test]
fn traps_make_a_valid_feed() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_traps(dir.path());
    for mode in ["html", "xhtml"] {
        let out = dir.path().join(mode);
        let feed = crate::atom::export(&dir.path().join("posts"), &out, &["--content", mode]);
        let docs = crate::feeds::validate(&[feed]);
        assert_eq!(docs[0].entries.len(), 9, "{mode}");
    }
}

#[test]
fn hugo_builds_the_traps() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_traps(dir.path());
    let site = dir.path().join("site");
    crate::markdown::export(&dir.path().join("posts"), &site, "hugo", &["--with-config"]);
    let Some(pages) = crate::markdown::hugo_build(&site) else {
        return;
    };
    let titles: Vec<&str> = pages.iter().map(|(t, _)| t.as_str()).collect();
    // Every post is built, the far-future one too, and the two `same` slugs apart.
    for title in [
        "Local media",
        "Terms like paths",
        "Year one",
        "Empty",
        "First of two",
        "Second of two",
        "Odd names",
        "Dot slug",
    ] {
        assert!(titles.contains(&title), "{title} missing from {titles:?}");
    }
    assert_eq!(pages.len(), 9, "{titles:?}");
}

#[test]
fn odd_names_and_dot_slugs_migrate_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_traps(dir.path());
    let site = dir.path().join("site");
    crate::markdown::export(&dir.path().join("posts"), &site, "hugo", &[]);
    let posts = site.join("content/posts");
    let mut bundle: Vec<String> = std::fs::read_dir(posts.join("odd-name"))
        .expect("the bundle")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    bundle.sort();
    // `#` is part of a file's name, not a fragment; one file whatever the address.
    assert_eq!(bundle, ["broken.png", "index.md", "p-i-c.png"]);
    let page = std::fs::read_to_string(posts.join("odd-name/index.md")).expect("page");
    assert!(page.contains("![one](p-i-c.png)"), "{page}");
    assert!(page.contains("![two](p-i-c.png)"), "{page}");
    // A slug of `.` made the old address `/posts/./`: a redirect there would replace
    // the section's list page.
    let dot = std::fs::read_dir(&posts)
        .expect("posts")
        .map(|e| e.expect("entry").path().join("index.md"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .find(|t| t.contains("title: Dot slug"))
        .expect("the dot post");
    assert!(!dot.contains("/posts/"), "{dot}");
}

/// A Hugo site whose posts link to headings: one's own table of contents (to an id Hugo
/// generates), and another post's section through `ref`.
fn write_linked_headings(dir: &Path) -> std::path::PathBuf {
    let site = dir.join("linked");
    let posts = site.join("content/posts");
    std::fs::create_dir_all(&posts).expect("mkdir");
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://l.example/\"\ntitle = \"L\"\n",
    )
    .expect("write");
    std::fs::write(
        posts.join("one.md"),
        "---\ntitle: One\ndate: 2022-01-01\n---\n- [Go](#the-middle-part)\n\n## Start\n\n## The Middle Part\n\nText.\n",
    )
    .expect("write");
    std::fs::write(
        posts.join("two.md"),
        "---\ntitle: Two\ndate: 2022-01-02\n---\nSee [the middle]({{< ref \"one.md#the-middle-part\" >}}) and [nowhere]({{< ref \"one.md#nowhere\" >}}).\n",
    )
    .expect("write");
    site
}

#[test]
fn links_to_headings_keep_their_fragments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = write_linked_headings(dir.path());
    let out = dir.path().join("linked.epub");
    book_ok(&site, &out, &[]);
    epubcheck(&out);
    let (_, files, _) = unzip(&out);
    let text = |n: &str| String::from_utf8_lossy(&files[n]).into_owned();
    let (one, two) = (
        text("OEBPS/text/c00001.xhtml"),
        text("OEBPS/text/c00002.xhtml"),
    );
    assert!(one.contains("<a href=\"#the-middle-part\">Go</a>"), "{one}");
    assert!(one.contains("<h2 id=\"the-middle-part\">"), "{one}");
    assert!(
        two.contains("href=\"c00001.xhtml#the-middle-part\""),
        "{two}"
    );
    // A fragment the post does not have would be a dead link: the chapter is the target.
    assert!(
        two.contains("<a href=\"c00001.xhtml\">nowhere</a>"),
        "{two}"
    );

    let migrated = dir.path().join("migrated");
    crate::markdown::export(&site, &migrated, "hugo", &["--with-config"]);
    let two = std::fs::read_to_string(migrated.join("content/posts/two/index.md")).expect("two");
    assert!(
        two.contains("{{< ref \"/posts/one#the-middle-part\" >}}"),
        "{two}"
    );
    crate::markdown::hugo_build(&migrated);
}
