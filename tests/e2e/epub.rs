//! EPUB: every book the tests make passes epubcheck with no error and no warning, has
//! the structure EPUB requires, and rebuilds byte for byte.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{copy_dir, examples, generated_site, postport, require_tool, root};

/// Runs epubcheck (Debian's package); a skip is said, and refused when tools are required.
pub(crate) fn epubcheck(book: &Path) {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    if !require_tool(
        jar.exists(),
        "epubcheck (bash scripts/setup.sh installs it)",
    ) {
        return;
    }
    // A short-lived JVM starts faster with the client compiler only.
    let output = std::process::Command::new("java")
        .args([
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
        ])
        .arg("-jar")
        .arg(jar)
        .arg(book)
        .output()
        .expect("java runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("0 fatals / 0 errors / 0 warnings"),
        "epubcheck on {}:\n{text}",
        book.display()
    );
}

/// The files of an EPUB, in zip order.
pub(crate) fn unzip(
    book: &Path,
) -> (
    Vec<String>,
    BTreeMap<String, Vec<u8>>,
    zip::CompressionMethod,
) {
    let bytes = std::fs::read(book).expect("book written");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut names = Vec::new();
    let mut files = BTreeMap::new();
    let first_method = zip.by_index(0).expect("an entry").compression();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read");
        names.push(entry.name().to_string());
        files.insert(entry.name().to_string(), content);
    }
    (names, files, first_method)
}

fn attributes(xml: &[u8], element: &str, attribute: &str) -> Vec<String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let qname = e.name();
                let name: &str = qname.as_ref();
                if element == "*" || name == element {
                    for a in e.attributes().flatten() {
                        let key: &str = a.key.as_ref();
                        if key == attribute {
                            out.push(
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .expect("attribute")
                                    .into_owned(),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The structure EPUB requires and the promises postport makes.
pub(crate) fn check_structure(book: &Path) {
    let (names, files, first_method) = unzip(book);
    assert_eq!(names[0], "mimetype", "mimetype first");
    assert_eq!(
        first_method,
        zip::CompressionMethod::Stored,
        "mimetype stored"
    );
    assert_eq!(files["mimetype"], b"application/epub+zip");
    let opf = &files["OEBPS/content.opf"];
    let manifest: BTreeSet<String> = attributes(opf, "item", "href")
        .into_iter()
        .map(|h| format!("OEBPS/{h}"))
        .collect();
    for name in &names {
        if name == "mimetype" || name.starts_with("META-INF/") || name == "OEBPS/content.opf" {
            continue;
        }
        assert!(manifest.contains(name), "{name} is not in the manifest");
    }
    for item in &manifest {
        assert!(
            files.contains_key(item),
            "manifest item {item} missing from the zip"
        );
    }
    let ids: Vec<String> = attributes(opf, "item", "id");
    assert_eq!(
        ids.len(),
        ids.iter().collect::<HashSet<_>>().len(),
        "manifest ids unique"
    );
    let spine = attributes(opf, "itemref", "idref");
    assert!(
        spine.len() >= 3,
        "cover, contents and chapters in the spine"
    );
    for (name, content) in &files {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let doc_ids = attributes(content, "*", "id");
        assert_eq!(
            doc_ids.len(),
            doc_ids.iter().collect::<HashSet<_>>().len(),
            "ids unique in {name}: {doc_ids:?}"
        );
        let text = String::from_utf8_lossy(content);
        assert!(
            text.contains("xml:lang=\"") && text.contains(" lang=\""),
            "{name} declares its language"
        );
        for src in attributes(content, "*", "src") {
            assert!(!src.contains("://"), "remote resource {src} in {name}");
            let target = Path::new(name).parent().expect("dir").join(&src);
            let normalized = normalize(&target);
            assert!(
                files.contains_key(&normalized),
                "{name} refers to {src}, which is not in the book"
            );
        }
        for bad in ["<script", "onclick", "onload", "javascript:", "<iframe"] {
            assert!(!text.contains(bad), "{bad} in {name}");
        }
    }
    let nav = String::from_utf8_lossy(&files["OEBPS/nav.xhtml"]).into_owned();
    assert!(
        nav.contains("role=\"doc-toc\"") && nav.contains("epub:type=\"landmarks\""),
        "{nav}"
    );
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c.as_os_str().to_str().expect("utf-8") {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

pub(crate) fn book(input: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = postport();
    cmd.arg("convert")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .args(args);
    cmd.output().expect("runs")
}

/// [`book`], which must succeed.
pub(crate) fn book_ok(input: &Path, out: &Path, args: &[&str]) {
    let run = book(input, out, args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn example_archive_book() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("book.epub");
    book_ok(&examples(), &out, &["--title", "postport examples"]);
    epubcheck(&out);
    check_structure(&out);
    let (_, files, _) = unzip(&out);
    let opf = String::from_utf8_lossy(&files["OEBPS/content.opf"]).into_owned();
    for expected in [
        "<dc:title>postport examples</dc:title>",
        "schema:accessMode",
        "schema:accessibilityHazard",
        "dcterms:modified",
        "urn:uuid:",
        "properties=\"cover-image\"",
    ] {
        assert!(opf.contains(expected), "{expected} in {opf}");
    }
    // Chapters in date order (oldest first), nested under year and month.
    let nav = String::from_utf8_lossy(&files["OEBPS/nav.xhtml"]).into_owned();
    let first = nav.find("Hello, world").expect("oldest post");
    let last = nav.find("A trip in a page bundle").expect("newest post");
    assert!(first < last);
    assert!(nav.contains("2021年") || nav.contains(">2021<"), "{nav}");
    // Links between posts point inside the book.
    let hello = files
        .iter()
        .find(|(n, c)| {
            n.contains("/text/c")
                && String::from_utf8_lossy(c).contains("post-title\" id=\"pp-title\">Hello, world")
        })
        .map(|(n, c)| (n.clone(), String::from_utf8_lossy(c).into_owned()));
    let (_, hello) = hello.expect("chapter");
    assert!(
        hello.contains("href=\"c00002.xhtml\""),
        "post_link rewritten to the chapter: {hello}"
    );
    insta::assert_snapshot!("example_book_nav", nav);
    insta::assert_snapshot!(
        "example_book_news_chapter",
        String::from_utf8_lossy(&files["OEBPS/text/c00006.xhtml"])
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.epub");
    let b = dir.path().join("b.epub");
    assert!(book(&examples(), &a, &[]).status.success());
    assert!(book(&examples(), &b, &[]).status.success());
    assert!(
        std::fs::read(&a).expect("a") == std::fs::read(&b).expect("b"),
        "same input, same bytes"
    );
    let c = dir.path().join("c.epub");
    let mut cmd = postport();
    cmd.arg("convert")
        .arg(examples())
        .arg("-o")
        .arg(&c)
        .arg("-q")
        .env("SOURCE_DATE_EPOCH", "1700000000");
    assert!(cmd.output().expect("runs").status.success());
    let (_, files, _) = unzip(&c);
    let opf = String::from_utf8_lossy(&files["OEBPS/content.opf"]).into_owned();
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
}

#[test]
fn every_split_mode_makes_valid_volumes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (mode, expected) in [
        ("year", 7),
        ("month", 12),
        ("category", 0),
        ("posts:5", 3),
        ("size:0.002", 0),
    ] {
        let out_dir = dir.path().join(mode.replace(':', "-"));
        let out = out_dir.join("book.epub");
        let run = book(&examples(), &out, &["--split-by", mode]);
        assert!(
            run.status.success(),
            "{mode}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let books: Vec<PathBuf> = std::fs::read_dir(&out_dir)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .collect();
        if expected > 0 {
            assert_eq!(books.len(), expected, "{mode}: {books:?}");
        } else {
            assert!(books.len() > 1, "{mode}: {books:?}");
        }
        for b in &books {
            assert!(
                b.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("book-") && n.ends_with(".epub")),
                "{b:?}"
            );
            epubcheck(b);
            check_structure(b);
            let (_, files, _) = unzip(b);
            let opf = String::from_utf8_lossy(&files["OEBPS/content.opf"]).into_owned();
            assert!(
                opf.contains("belongs-to-collection") && opf.contains("("),
                "volume titled: {opf}"
            );
        }
    }
}

#[test]
fn vertical_and_category_contents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let news = examples().join("news");
    let out = dir.path().join("vertical.epub");
    book_ok(&news, &out, &["--vertical", "--toc-by", "category"]);
    epubcheck(&out);
    check_structure(&out);
    let (_, files, _) = unzip(&out);
    let opf = String::from_utf8_lossy(&files["OEBPS/content.opf"]).into_owned();
    assert!(
        opf.contains("page-progression-direction=\"rtl\"") && opf.contains("primary-writing-mode"),
        "{opf}"
    );
    assert!(
        String::from_utf8_lossy(&files["OEBPS/stylesheet.css"])
            .contains("writing-mode: vertical-rl")
    );
    let nav = String::from_utf8_lossy(&files["OEBPS/nav.xhtml"]).into_owned();
    assert!(
        nav.contains(">新闻<") && nav.contains(">滨江日报－经济<"),
        "{nav}"
    );
    let flat = dir.path().join("flat.epub");
    assert!(
        book(
            &news,
            &flat,
            &[
                "--toc-by",
                "none",
                "--css",
                root()
                    .join("tests/fixtures/user-style/extra.css")
                    .to_str()
                    .expect("utf-8")
            ]
        )
        .status
        .success()
    );
    epubcheck(&flat);
    check_structure(&flat);
    let (_, files, _) = unzip(&flat);
    let css = String::from_utf8(files["OEBPS/styles/user.css"].clone()).expect("utf-8");
    assert!(
        files.contains_key("OEBPS/styles/f1.woff2"),
        "the font is embedded"
    );
    assert!(
        css.contains("url(\"f1.woff2\")")
            && !css.contains("https:")
            && !css.contains("missing.woff"),
        "{css}"
    );
}

fn write_images(dir: &Path) {
    let posts = dir.join("posts");
    let image = |shade: u8| {
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
            image::Rgb([x as u8 * 6, y as u8 * 8, shade])
        }))
    };
    image(10)
        .save_with_format(posts.join("mislabeled.jpg"), image::ImageFormat::Png)
        .expect("png");
    image(120)
        .save_with_format(posts.join("picture.webp"), image::ImageFormat::WebP)
        .expect("webp");
    image(240)
        .save_with_format(posts.join("scan.bmp"), image::ImageFormat::Bmp)
        .expect("bmp");
}

#[test]
fn images_are_embedded_converted_or_linked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("images");
    copy_dir(&root().join("tests/fixtures/images-archive"), &input);
    write_images(&input);

    // Without --fetch-images the remote image is a link.
    let offline = dir.path().join("offline.epub");
    let run = book(&input, &offline, &[]);
    assert!(
        run.status.success() || run.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    epubcheck(&offline);
    check_structure(&offline);
    let (_, files, _) = unzip(&offline);
    let opf = String::from_utf8_lossy(&files["OEBPS/content.opf"]).into_owned();
    assert!(
        opf.matches("media-type=\"image/png\"").count() >= 2,
        "mislabeled PNG and BMP as PNG: {opf}"
    );
    assert!(
        opf.contains("media-type=\"image/jpeg\"")
            || opf.matches("media-type=\"image/png\"").count() >= 3,
        "WebP converted: {opf}"
    );
    assert!(
        opf.matches("media-type=\"image/png\"").count() >= 3,
        "mislabeled PNG, BMP and the translucent AVIF as PNG: {opf}"
    );
    for unshown in ["image/webp", "image/bmp", "image/avif"] {
        assert!(!opf.contains(unshown), "{unshown} left: {opf}");
    }
    let svg = files
        .iter()
        .find(|(n, c)| n.ends_with(".svg") && !n.contains("cover") && !c.is_empty())
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .expect("the diagram");
    assert!(!svg.contains("script") && !svg.contains("onload"), "{svg}");
    let chapter = files
        .iter()
        .find(|(n, _)| n.contains("/c00001"))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .expect("chapter");
    assert!(
        chapter.contains("href=\"http://127.0.0.1:1/remote.png\""),
        "remote image as a link: {chapter}"
    );

    // With --fetch-images, from a server on 127.0.0.1 started here, it is embedded.
    let server = tiny_http::Server::http("127.0.0.1:0").expect("binds");
    let address = server.server_addr().to_string();
    let png = std::fs::read(input.join("posts/mislabeled.jpg")).expect("png");
    let handle = std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let stop = request.url() == "/stop";
            let _ = request.respond(tiny_http::Response::from_data(png.clone()));
            if stop {
                break;
            }
        }
    });
    let post = input.join("posts/gallery.md");
    let text = std::fs::read_to_string(&post)
        .expect("post")
        .replace("127.0.0.1:1", &address);
    std::fs::write(&post, text).expect("rewrite");
    let cache = dir.path().join("cache");
    let fetched = dir.path().join("fetched.epub");
    let run = book(
        &input,
        &fetched,
        &[
            "--fetch-images",
            "--image-cache",
            cache.to_str().expect("utf-8"),
        ],
    );
    assert!(
        run.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _ = std::net::TcpStream::connect(&address)
        .map(|mut s| std::io::Write::write_all(&mut s, b"GET /stop HTTP/1.0\r\n\r\n"));
    let _ = handle.join();
    epubcheck(&fetched);
    check_structure(&fetched);
    let (_, files, _) = unzip(&fetched);
    let chapter = files
        .iter()
        .find(|(n, _)| n.contains("/c00001"))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .expect("chapter");
    assert!(
        !chapter.contains(&address),
        "the remote image is in the book: {chapter}"
    );
    assert!(std::fs::read_dir(&cache).expect("cache written").count() >= 1);
}

#[test]
fn bad_input_survivors_make_a_valid_book() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("survivors.epub");
    // Empty options too: an empty title or author must not make an empty `dc:title`.
    let run = book(
        &root().join("tests/fixtures/bad-input"),
        &out,
        &["--title", "", "--author", " "],
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    epubcheck(&out);
    check_structure(&out);
}

#[test]
fn a_generated_archive_of_2000_posts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = generated_site(dir.path(), 2000);
    let out = dir.path().join("big.epub");
    book_ok(&site, &out, &[]);
    epubcheck(&out);
    check_structure(&out);
}

/// The book's language, when neither the site nor `--language` gives it, is the one
/// most posts are in, counting posts that declare none: a blog of undeclared English
/// posts with one Arabic post is an English book with one Arabic chapter, which alone
/// runs right to left.
#[test]
fn one_post_in_another_language_does_not_set_the_books() {
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("mkdir");
    for (name, text) in [
        ("a.md", "---\ntitle: One\ndate: 2024-01-01\n---\nHello.\n"),
        ("b.md", "---\ntitle: Two\ndate: 2024-01-02\n---\nAgain.\n"),
        (
            "c.md",
            "---\ntitle: مرحبا\nlang: ar\ndate: 2024-01-03\n---\nنص.\n",
        ),
    ] {
        std::fs::write(posts.join(name), text).expect("write");
    }
    let out = dir.path().join("book.epub");
    book_ok(&posts, &out, &[]);
    let (_, files, _) = unzip(&out);
    let text = |bytes: &Vec<u8>| String::from_utf8(bytes.clone()).expect("UTF-8");
    let opf = text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("<dc:language>en</dc:language>"), "{opf}");
    let chapters: Vec<String> = files
        .iter()
        .filter(|(name, _)| name.starts_with("OEBPS/text/c"))
        .map(|(_, bytes)| text(bytes))
        .collect();
    let arabic = chapters
        .iter()
        .filter(|c| c.contains("xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\""))
        .count();
    let right_to_left = chapters.iter().filter(|c| c.contains("dir=")).count();
    assert_eq!((chapters.len(), arabic, right_to_left), (3, 1, 1));
}
