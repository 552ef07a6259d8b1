//! The command line itself: help with examples, completions, the man page, inspect.

use crate::support::{examples, postport};

#[test]
fn help_has_examples() {
    for args in [
        vec!["--help"],
        vec!["convert", "--help"],
        vec!["inspect", "--help"],
    ] {
        let assert = postport().args(&args).assert().success();
        let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        assert!(out.contains("Example"), "{args:?}: {out}");
    }
}

#[test]
fn completions_and_man_page() {
    let bash = postport().args(["completions", "bash"]).assert().success();
    assert!(String::from_utf8_lossy(&bash.get_output().stdout).contains("postport"));
    let man = postport().arg("man").assert().success();
    let roff = String::from_utf8_lossy(&man.get_output().stdout).into_owned();
    assert!(roff.contains(".TH") && roff.contains("convert"), "{roff}");
}

#[test]
fn inspect_summarises() {
    let table = postport().arg("inspect").arg(examples()).assert().success();
    let text = String::from_utf8_lossy(&table.get_output().stdout).into_owned();
    assert!(
        text.contains("posts        13")
            && text.contains("hexo")
            && text.contains("新闻 > 滨江日报"),
        "{text}"
    );
    let json = postport()
        .arg("inspect")
        .arg(examples())
        .arg("--json")
        .arg("--drafts")
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).expect("JSON");
    assert_eq!(value["posts"], 14);
    assert_eq!(value["sites"].as_array().map(Vec::len), Some(5));
}

#[test]
fn an_input_without_posts_says_what_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), "not a post").expect("write");
    let run = postport()
        .arg("convert")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out.jsonl"))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("no posts found") && stderr.contains(".markdown"),
        "{stderr}"
    );
}
