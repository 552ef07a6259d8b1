//! The bad-input folder: each unreadable file gets exactly one diagnostic with its path
//! (and line where known), every other post is converted, the exit status says so, and
//! nothing unsafe reaches the output.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::support::{copy_dir, postport, root};

/// The fixture folder plus the cases that cannot be checked in: a symlink loop, HTML
/// nested 20,000 levels deep, a file name in GBK bytes.
fn bad_input(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("in");
    copy_dir(&root().join("tests/fixtures/bad-input"), &input);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        std::os::unix::fs::symlink(&input, input.join("loop")).expect("symlink");
        let gbk_name = std::ffi::OsString::from_vec(vec![0xd0, 0xc2, 0xce, 0xc5, b'.', b'm', b'd']);
        std::fs::write(
            input.join(gbk_name),
            "---\ntitle: 文件名是 GBK\n---\n正文。\n",
        )
        .expect("write");
    }
    let depth = 20_000;
    let deep = format!(
        "---\ntitle: Deep\n---\n{}deep text{}\n",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    std::fs::write(input.join("deep.md"), deep).expect("write");
    input
}

#[test]
fn each_bad_file_gets_one_diagnostic_and_the_rest_converts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = bad_input(dir.path());
    let out = dir.path().join("out.jsonl");
    let assert = postport()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("-v")
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let prefix = format!("{}/", input.display());
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.contains(": error[")) {
        let rest = line.strip_prefix(&prefix).unwrap_or(line);
        let file = rest.split(':').next().unwrap_or(rest).to_string();
        errors.entry(file).or_default().push(rest.to_string());
    }
    let expected = [
        ("binary.md", "binary-file"),
        ("empty.md", "empty-file"),
        ("loop", "symlink-loop"),
        ("malformed-json.md", "front-matter-syntax"),
        ("malformed-toml.md", "front-matter-syntax"),
        ("malformed-yaml.md", "front-matter-syntax"),
        ("not-mapping.md", "front-matter-not-mapping"),
        ("unterminated.md", "unterminated-front-matter"),
        ("utf16-broken.md", "undecodable-text"),
    ];
    assert_eq!(
        errors.keys().map(String::as_str).collect::<Vec<_>>(),
        expected.map(|e| e.0).to_vec(),
        "{stderr}"
    );
    for (file, code) in expected {
        let lines = &errors[file];
        assert_eq!(lines.len(), 1, "one diagnostic for {file}: {lines:?}");
        assert!(
            lines[0].contains(&format!("error[{code}]")),
            "{file}: {}",
            lines[0]
        );
    }
    // Line (and column) where the parser knows them.
    assert!(
        errors["malformed-toml.md"][0].starts_with("malformed-toml.md:3:"),
        "{:?}",
        errors["malformed-toml.md"]
    );
    assert!(
        errors["malformed-json.md"][0].starts_with("malformed-json.md:3:"),
        "{:?}",
        errors["malformed-json.md"]
    );
    assert!(
        errors["unterminated.md"][0].starts_with("unterminated.md:1:"),
        "{:?}",
        errors["unterminated.md"]
    );
    assert!(
        stderr.contains("bad-date.md:3: warning[bad-date]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tabs.md:2: warning[front-matter-repaired]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deep.md: warning[nesting-too-deep]"),
        "{stderr}"
    );

    let output = std::fs::read_to_string(&out).expect("output written despite errors");
    let titles: Vec<String> = output
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON")["title"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    for title in [
        "A good post among bad ones",
        "A post with a nonsense date",
        "Tabs in YAML",
        "Scripts never reach an output",
        "Deep",
        "文件名是 GBK",
    ] {
        assert!(
            titles.iter().any(|t| t == title),
            "{title} missing from {titles:?}"
        );
    }
    for unsafe_text in [
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "alert(",
        "display: none",
    ] {
        assert!(
            !output.to_lowercase().contains(unsafe_text),
            "{unsafe_text} reached the output"
        );
    }
    assert!(output.contains("deep text"));
    assert!(
        output.contains(r#""source":{"bytes":"0MLOxS5tZA=="}"#),
        "non-UTF-8 name kept losslessly"
    );
}

#[test]
fn strict_makes_warnings_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("dir");
    std::fs::copy(
        root().join("tests/fixtures/bad-input/bad-date.md"),
        input.join("bad-date.md"),
    )
    .expect("copy");
    let out = dir.path().join("out.jsonl");
    postport()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .code(0);
    postport()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .arg("--strict")
        .assert()
        .code(1);
}

#[test]
fn usage_and_fatal_errors_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.jsonl");
    let missing = postport()
        .args(["convert", "/no/such/archive", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(
        String::from_utf8_lossy(&missing.get_output().stderr).contains("no such file or folder")
    );
    postport()
        .arg("convert")
        .arg(root().join("examples/archive"))
        .arg("-o")
        .arg(&out)
        .args(["--timezone", "Mars/Base"])
        .assert()
        .code(2);
    postport()
        .arg("convert")
        .arg(root().join("examples/archive"))
        .arg("-o")
        .arg(&out)
        .args(["--since", "someday"])
        .assert()
        .code(2);
    postport()
        .arg("convert")
        .arg(root().join("examples/archive"))
        .arg("-o")
        .arg(dir.path().join("out.docx"))
        .assert()
        .code(2);
    postport()
        .args(["convert", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "nothing written");
    let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(leftovers, 0, "no temporary files left");
}

#[test]
fn zip_archives_are_read_in_place_and_zip_slip_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("posts.zip");
    {
        let file = std::fs::File::create(&zip_path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("site/_config.yml", options).expect("entry");
        zip.write_all(b"title: Zipped\ntimezone: Asia/Shanghai\nurl: https://z.example\n")
            .expect("write");
        zip.start_file("site/source/_posts/a.md", options)
            .expect("entry");
        zip.write_all(
            "---\ntitle: 压缩包里的文章\ndate: 2021-10-24 15:55:27\n---\n<p>　　正文。</p>\n"
                .as_bytes(),
        )
        .expect("write");
        zip.start_file("../escape.md", options).expect("entry");
        zip.write_all(b"---\ntitle: Escaped\n---\nNo.\n")
            .expect("write");
        zip.finish().expect("finish");
    }
    let out = dir.path().join("out.jsonl");
    let assert = postport()
        .arg("convert")
        .arg(&zip_path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("../escape.md") && stderr.contains("outside the archive"),
        "{stderr}"
    );
    let output = std::fs::read_to_string(&out).expect("written");
    assert!(
        output.contains("压缩包里的文章") && output.contains("2021-10-24T15:55:27+08:00"),
        "{output}"
    );
    assert!(!output.contains("Escaped"));
    assert!(
        !dir.path()
            .parent()
            .expect("parent")
            .join("escape.md")
            .exists()
    );
}
