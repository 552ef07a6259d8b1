use std::path::Path;

use serde_json::{Value, json};

use super::simple_yaml;
use crate::front_matter::{FrontMatterFormat, split_front_matter};

/// Whether the fast path took `text`; when it did, its values must be serde_yaml's.
fn agrees(text: &str) -> bool {
    let reference = serde_yaml::from_str::<Value>(text);
    let Some(fast) = simple_yaml(text) else {
        return false;
    };
    let Ok(Value::Object(map)) = reference else {
        panic!("took {text:?}, which serde_yaml reads as {reference:?}, as {fast:?}");
    };
    // Same keys in the same order, not only equal maps.
    let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&fast), keys(&map), "input: {text:?}");
    assert_eq!(Value::Object(fast), Value::Object(map), "input: {text:?}");
    true
}

#[test]
fn reads_the_front_matter_posts_write_as_serde_yaml_does() {
    let taken = [
        "title: Hello\n",
        "title: '街道社区加强协调配合'\ncategories: \n - 新闻\n - 财经周刊\n - 财经周刊－民生\nheadimg: 'https://img.example.cn/a.png'\nauthor: 财经周刊\ncomments: false\ndate: Tue, 27 Feb 2018 04:16:32 GMT\ntags:\n - 民生\n",
        "title: It's \"quoted\" inside\ndate: 2021-10-24 07:55:27\nupdated: 2021/10/24 7:55:27\n",
        "tags: [a, 'b c', \"d\", 12, true]\nempty: []\nspaced: [ x , y ]\n",
        "draft: true\npublished: False\nweight: 10\nhex: 0x1F\noctal: 0o17\nbin: 0b101\nplus: +5\n",
        "ratio: 1.5\nexp: 1e3\nhalf: .5\nzero: 0\nleading: 007\nversion: 1.2.3\nunder: 1_000\n",
        "nothing:\nnull_word: null\ntilde: ~\ntilde_text: ~x\nyes_word: yes\nno: n\n",
        "key_with-dash: v\n_private: v\nurl: https://example.com/a?b=c#frag\nc_sharp: C#\n",
        "title: 'it''s'\nempty_single: ''\nempty_double: \"\"\nspaces: '  padded  '\n",
        "# a comment\ntitle: x   \n\n  # indented comment\nlist:\n- at zero\n- also\n",
        "title: x\r\ntags:\r\n  - a\r\n  - b\r\n",
        "title: A & B, with * and ! inside\nsummary: 50% off <<sale>>\n",
        "title: \u{3000}全角空格开头\nbig: 18446744073709551615\n",
        "title: Hello:World\nratio: 16:9\ntime: 07:55\n",
        "title: ...\ndots: .\ndash_inside: a-b\n",
        "list:\n  - 1\n  - 2.5\n  - null\n  - 'x'\nafter: y\n",
    ];
    for text in taken {
        assert!(agrees(text), "not taken: {text:?}");
    }
}

#[test]
fn leaves_everything_else_to_serde_yaml() {
    let left = [
        "",
        "# only a comment\n",
        "title: a: b\n",
        "title: a # comment\n",
        "title: ends with colon:\n",
        "title: |\n  block\n",
        "title: >\n  folded\n",
        "title: &anchor x\nother: *anchor\n",
        "title: !tag x\n",
        "<<: {a: 1}\n",
        "nested:\n  key: value\n",
        "title: first line\n  continues here\n",
        "title: 'multi\n  line'\n",
        "title: \"escaped \\\" quote\"\n",
        "title: 'lone ' quote'\n",
        "title: x\ntitle: y\n",
        "list:\n - a\n   - b\n",
        "list:\n - [a]\n",
        "list:\n - a: b\n",
        "list:\n -\n",
        "title: x\n - orphan item\n",
        "tags: [a, [b]]\n",
        "tags: [a, ]\n",
        "tags: [a,,b]\n",
        "tags: ['it''s']\n",
        "tags: [a, b] # c\n",
        "tags: [draft] notes\n",
        "tags: {a: 1}\n",
        "negative: -5\n",
        "huge: 18446744073709551616\n",
        "inf: .inf\n",
        "nan: .NaN\n",
        "overflow: 1e999\n",
        "title: tab\there\n",
        "title: nel\u{85}here\n",
        "title: line\u{2028}separator\n",
        "title: bom\u{feff}\n",
        "title: x\rlone cr\n",
        "\"quoted key\": v\n",
        "key with space: v\n",
        "1key: v\n",
        "true: v\n",
        "key:value\n",
        "---\ntitle: x\n",
        "? complex\n: key\n",
        "plain scalar\n",
    ];
    for text in left {
        assert!(simple_yaml(text).is_none(), "taken: {text:?}");
    }
}

#[test]
fn values_come_out_as_json() {
    let map = simple_yaml("a: 1\nb: x\nc:\n - y\nd:\n").expect("simple front matter");
    assert_eq!(
        Value::Object(map),
        json!({"a": 1, "b": "x", "c": ["y"], "d": null})
    );
}

/// A small deterministic generator (xorshift), so the differential test needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

/// Front matter assembled from pieces near the edges of the subset: every text the fast
/// path takes must read as serde_yaml reads it, and a text serde_yaml rejects is never
/// taken.
#[test]
fn agrees_with_serde_yaml_on_generated_front_matter() {
    let keys = [
        "title", "date", "tags", "x-y", "_k", "n1", "true", "null", "yes", "a b", "1a", "-k",
    ];
    let scalars = [
        "plain",
        "two words",
        "新闻 财经",
        "'single'",
        "'it''s'",
        "\"double\"",
        "\"a\\tb\"",
        "''",
        "\"\"",
        "'",
        "\"",
        "x'",
        "'x",
        "0",
        "007",
        "12",
        "-3",
        "+4",
        "1.5",
        "1e5",
        ".5",
        "0x1F",
        "0o7",
        "0b2",
        "1_0",
        "2021-10-24",
        "2021-10-24 07:55:27",
        "07:55",
        "true",
        "False",
        "NULL",
        "~",
        "~x",
        "yes",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "x:",
        ":x",
        "-x",
        "- x",
        "?x",
        "[x]",
        "[]",
        "[a, b]",
        "[a,b]",
        "['a', \"b\"]",
        "[a b, c]",
        "[1, true, ~]",
        "[a,]",
        "[a: b]",
        "{a: 1}",
        "|",
        ">",
        "&a x",
        "*a",
        "!t x",
        "%x",
        "@x",
        "`x",
        ".",
        "...",
        "---",
        "+.5",
        "++1",
        "+-1",
        ".inf",
        "1e400",
        "99999999999999999999",
        "A & B",
        "50%",
        "<<",
        "'a' b",
        "\"a\" b",
        "'a'  ",
        "\u{3000}x",
        "x\u{a0}",
        "é",
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut taken = 0;
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..1 + rng.next() % 4 {
            let key = rng.pick(&keys);
            match rng.next() % 8 {
                0 => {
                    text.push_str(key);
                    text.push_str(":\n");
                    let indent = rng.pick(&["", " ", "  ", "    "]);
                    for _ in 0..rng.next() % 3 {
                        let indent = if rng.next().is_multiple_of(10) {
                            " "
                        } else {
                            indent
                        };
                        text.push_str(&format!("{indent}- {}\n", rng.pick(&scalars)));
                    }
                }
                1 => text.push_str(rng.pick(&["\n", "# c\n", "  # c\n", "  x\n", "\r\n"])),
                _ => {
                    let gap = rng.pick(&[" ", "  ", "", " "]);
                    let tail = rng.pick(&["", "", " ", " # c", "\r"]);
                    text.push_str(&format!("{key}:{gap}{}{tail}\n", rng.pick(&scalars)));
                }
            }
        }
        if agrees(&text) {
            taken += 1;
        }
    }
    // Most pieces are outside the subset, so about one text in twelve is taken; far
    // fewer would mean the fast path stopped taking what it should.
    assert!(taken > 1_000, "only {taken} of 20000 taken");
}

/// Every YAML front matter of the example archive and the test fixtures, and of the real
/// corpora in `../shared/corpus` when they are there (the test passes without them).
#[test]
fn agrees_with_serde_yaml_on_every_archive_at_hand() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (mut taken, mut yaml) = (0, 0);
    for folder in ["examples", "tests/fixtures", "../shared/corpus"] {
        let folder = root.join(folder);
        if !folder.is_dir() {
            eprintln!("{} is absent: not checked", folder.display());
            continue;
        }
        for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(split) = split_front_matter(&text) else {
                continue;
            };
            if split.format == Some(FrontMatterFormat::Yaml) {
                yaml += 1;
                taken += usize::from(agrees(split.front_matter));
            }
        }
    }
    eprintln!("{taken} of {yaml} YAML front matters took the fast path");
    // Most front matter is simple: most must take the fast path (16 of the 22 the
    // project holds, 394 of 405 with the shared corpora).
    assert!(
        yaml >= 20 && taken * 2 > yaml,
        "only {taken} of {yaml} front matters took the fast path"
    );
}
