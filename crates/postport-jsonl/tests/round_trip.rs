//! JSON Lines: lines validate against the schema, and read-then-write is the identity.

use postport_html::{CleaningRules, DefaultHooks, read_html};
use postport_jsonl::{JsonlOptions, SCHEMA, article_line, read_line};
use postport_model::{Article, Meta, SourcePath};

fn sample() -> Article {
    let html = r##"<h2 id="a">Head</h2><p>Text with <strong>bold</strong> and a <a href="https://x.example/">link</a>.</p>
<!-- more --><ul><li>one</li><li><input type="checkbox" checked> two</li></ul>
<figure><img src="pic.png" alt="A"><figcaption>Cap</figcaption></figure>
<p>Note<sup class="footnote-reference"><a href="#n">1</a></sup> and <a data-post="other">other post</a></p>
<div class="footnote-definition" id="n"><p>Footnote.</p></div>
<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>
<postport-raw data-format="hugo-shortcode" data-block="block">{{< x >}}</postport-raw>"##;
    let body = read_html(html, &CleaningRules::default()).blocks;
    let mut meta = Meta {
        title: "标题 \"quoted\"".into(),
        slug: "post-1".into(),
        date: postport_post_date("2021-10-24T07:55:27+08:00"),
        authors: vec!["编辑".into()],
        categories: vec![vec!["新闻".into(), "地方".into()]],
        tags: vec!["a".into()],
        language: Some("zh-CN".into()),
        url: Some("https://n.example.cn/2021/10/24/post-1/".into()),
        ..Meta::default()
    };
    meta.extra
        .insert("comments".into(), serde_json::Value::Bool(false));
    Article {
        source: SourcePath::new("source/_posts/post-1.md"),
        meta,
        body,
        assets: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn postport_post_date(s: &str) -> Option<postport_model::Timestamp> {
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

#[test]
fn lines_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for with_tree in [false, true] {
        let line = String::from_utf8(article_line(
            &sample(),
            &DefaultHooks,
            JsonlOptions { with_tree },
        ))
        .expect("lines are UTF-8");
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&line).expect("line is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn read_then_write_is_the_identity() {
    for with_tree in [false, true] {
        let options = JsonlOptions { with_tree };
        let first = article_line(&sample(), &DefaultHooks, options);
        let text = std::str::from_utf8(&first).expect("lines are UTF-8");
        let article = read_line(text, 1).expect("reads");
        let second = article_line(&article, &DefaultHooks, options);
        assert_eq!(first, second);
    }
}

#[test]
fn sample_line_is_stable() {
    let line = article_line(&sample(), &DefaultHooks, JsonlOptions::default());
    insta::assert_snapshot!(String::from_utf8(line).expect("lines are UTF-8"));
}

#[test]
fn bad_lines_are_errors_with_positions() {
    use postport_jsonl::JsonlError;
    let err = read_line("{\"title\": 3}", 7).unwrap_err();
    let JsonlError::Record { line, column, .. } = &err;
    assert_eq!((*line, *column), (7, 11), "{err}");
    // The message is serde's without its own position (the line is always its first).
    assert!(!err.to_string().contains(" at line "), "{err}");
    let err = read_line("not json", 2).unwrap_err();
    let JsonlError::Record { line, .. } = &err;
    assert_eq!(*line, 2, "{err}");
}

#[test]
fn unsafe_trees_are_cleaned_on_read() {
    let line = r#"{"source":"a.md","title":"t","body":[{"type":"paragraph","content":[{"type":"link","target":{"kind":"url","value":"javascript:alert(1)"},"content":[{"type":"text","text":"x"}]}]}]}"#;
    let article = read_line(line, 1).expect("reads");
    let html = postport_html::render_html(&article.body, &DefaultHooks);
    assert_eq!(html.trim(), "<p>x</p>");
    assert_eq!(article.diagnostics.len(), 1);
}

/// Lines are written with sonic-rs for speed; they must be the bytes serde_json writes,
/// whatever the strings, numbers and tree hold.
#[test]
fn lines_are_the_bytes_serde_json_writes() {
    use std::os::unix::ffi::OsStrExt;
    let mut article = sample();
    article.meta.title = "q\"b\\s\u{1}\u{1f}\n\r\t\u{8}\u{c}\u{7f}\u{2028}\u{85}é中😀".into();
    article.meta.summary = Some("</script> & <!-- -->".into());
    let extra: serde_json::Value = serde_json::from_str(
        r#"{"z":1,"a":[1.5,true,null,"x",-0.0,1e21,0.1,5e-324],"m":{"b":2,"a":3},"big":18446744073709551615,"neg":-9223372036854775808,"f":1.7976931348623157e308}"#,
    )
    .expect("json");
    if let serde_json::Value::Object(map) = extra {
        article.meta.extra.extend(map);
    }
    let mut odd_name = article.clone();
    odd_name.source =
        std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b"posts/\xff.md")).into();
    for a in [&article, &odd_name] {
        for with_tree in [false, true] {
            let line = article_line(a, &DefaultHooks, JsonlOptions { with_tree });
            let value: serde_json::Value = serde_json::from_slice(&line).expect("the line is JSON");
            let mut expected = serde_json::to_vec(&value).expect("serializes");
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&line),
                String::from_utf8_lossy(&expected)
            );
        }
    }
}
