//! JSON Lines of the example archive: golden output, schema, and byte-identical round trip.

use crate::support::{assert_golden, examples, postport};

fn convert(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.jsonl");
    let mut cmd = postport();
    cmd.arg("convert").args(args).arg("-o").arg(&out).arg("-q");
    cmd.assert().success();
    std::fs::read_to_string(&out).expect("output written")
}

#[test]
fn examples_match_the_golden_file() {
    let out = convert(&[examples().to_str().expect("utf-8 path"), "--with-tree"]);
    assert_eq!(out.lines().count(), 13, "13 posts, the draft left out");
    assert_golden("examples.jsonl", &out);
}

#[test]
fn every_line_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(postport_jsonl::SCHEMA).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for args in [vec!["--with-tree", "--drafts"], vec![]] {
        let mut all = vec![examples().to_str().expect("utf-8").to_string()];
        all.extend(args.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        for (i, line) in convert(&refs).lines().enumerate() {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "line {}: {errors:#?}", i + 1);
        }
    }
}

#[test]
fn jsonl_to_jsonl_is_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    for tree in [true, false] {
        let first = dir.path().join(format!("first-{tree}.jsonl"));
        let second = dir.path().join(format!("second-{tree}.jsonl"));
        let mut cmd = postport();
        cmd.arg("convert")
            .arg(examples())
            .arg("-o")
            .arg(&first)
            .arg("-q");
        if tree {
            cmd.arg("--with-tree");
        }
        cmd.assert().success();
        let mut cmd = postport();
        cmd.arg("convert")
            .arg(&first)
            .arg("-o")
            .arg(&second)
            .arg("-q");
        if tree {
            cmd.arg("--with-tree");
        }
        cmd.assert().success();
        let a = std::fs::read(&first).expect("first");
        let b = std::fs::read(&second).expect("second");
        assert!(a == b, "jsonl -> jsonl changed the file (tree: {tree})");
    }
}

#[test]
fn standard_output_and_filters() {
    let assert = postport()
        .args([
            "convert",
            examples().to_str().expect("utf-8"),
            "-o",
            "-",
            "--to",
            "jsonl",
            "-q",
        ])
        .args([
            "--category",
            "新闻",
            "--since",
            "2021-11-04",
            "--sort",
            "date",
        ])
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8");
    let titles: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON")["slug"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(titles, vec!["economy", "metro", "new-year-culture"]);
}

/// Articles wait for sorting in memory, or spilled to a temporary file past the memory
/// budget, as trees or (without links to other posts) already rendered: where they
/// waited never shows in the output.
#[test]
fn output_does_not_depend_on_where_articles_wait() {
    let examples = examples();
    let input = examples.to_str().expect("utf-8 path");
    let in_memory = convert(&[input]);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("spilled.jsonl");
    postport()
        .env("POSTPORT_MEMORY_MB", "0")
        .args(["convert", input, "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let spilled = std::fs::read_to_string(&out).expect("output written");
    assert_eq!(in_memory, spilled);
    assert!(
        in_memory.contains("data-post="),
        "the examples hold links to other posts, which wait as trees"
    );
}

#[test]
fn a_broken_line_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"source\":\"a.md\",\"title\":\"Kept\",\"body_html\":\"<p>x</p>\"}\n{\"title\": broken\n\n[1, 2]\n",
    )
    .expect("write");
    let run = crate::support::postport()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out.jsonl"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let shown = input.display();
    assert!(
        stderr.contains(&format!(
            "{shown}:2:11: error[front-matter-syntax]: not a postport record: expected value\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{shown}:4:1: error[front-matter-syntax]: not a postport record: a record is a JSON object, one a line\n"
        )),
        "{stderr}"
    );
    let out = std::fs::read_to_string(dir.path().join("out.jsonl")).expect("out");
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("\"title\":\"Kept\""), "{out}");
}
