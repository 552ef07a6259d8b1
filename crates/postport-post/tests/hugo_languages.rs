//! Hugo's multilingual sites: a page's language comes from its file name
//! (`index.zh.md`, `about.fr.md`) or its language's content folder, and the URLs of
//! languages other than the default sit in a language folder.

use std::path::Path;

use postport_post::{Archive, ReadOptions};

mod common;
use common::write;

/// (source, slug, language, URL) of every post, by source.
fn posts(site: &Path) -> Vec<(String, String, Option<String>, Option<String>)> {
    let archive = Archive::open(site).expect("opens");
    let mut out: Vec<_> = archive
        .entries()
        .iter()
        .map(|e| {
            let a = archive
                .read_entry(e, &ReadOptions::default())
                .expect("reads");
            (a.source.display(), a.meta.slug, a.meta.language, a.meta.url)
        })
        .collect();
    out.sort();
    out
}

fn post(
    source: &str,
    slug: &str,
    language: &str,
    url: &str,
) -> (String, String, Option<String>, Option<String>) {
    (
        source.into(),
        slug.into(),
        Some(language.into()),
        Some(url.into()),
    )
}

#[test]
fn translations_by_file_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path();
    write(
        &site.join("hugo.toml"),
        "baseURL = 'https://ml.example.org/'\nlanguageCode = 'en'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
    );
    write(
        &site.join("content/posts/trip/index.md"),
        "---\ntitle: Trip\n---\nA.\n",
    );
    write(
        &site.join("content/posts/trip/index.fr.md"),
        "---\ntitle: Voyage\n---\nB.\n",
    );
    write(
        &site.join("content/posts/about.fr.md"),
        "---\ntitle: À propos\n---\nC.\n",
    );
    // Not a language of the site: part of the name.
    write(
        &site.join("content/posts/v1.2.md"),
        "---\ntitle: Release\n---\nD.\n",
    );
    assert_eq!(
        posts(site),
        [
            post(
                "content/posts/about.fr.md",
                "about",
                "fr",
                "https://ml.example.org/fr/posts/about/"
            ),
            post(
                "content/posts/trip/index.fr.md",
                "trip",
                "fr",
                "https://ml.example.org/fr/posts/trip/"
            ),
            post(
                "content/posts/trip/index.md",
                "trip",
                "en",
                "https://ml.example.org/posts/trip/"
            ),
            post(
                "content/posts/v1.2.md",
                "v1.2",
                "en",
                "https://ml.example.org/posts/v1.2/"
            ),
        ]
    );
}

#[test]
fn translations_by_content_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path();
    write(
        &site.join("hugo.toml"),
        "baseURL = 'https://ml.example.org/'\ndefaultContentLanguage = 'zh'\ndefaultContentLanguageInSubdir = true\n[languages.zh]\ncontentDir = 'content/zh'\n[languages.en]\ncontentDir = 'content_en'\n",
    );
    write(
        &site.join("content/zh/posts/hello.md"),
        "---\ntitle: 你好\n---\n你好。\n",
    );
    // A language folder outside `content` is read too.
    write(
        &site.join("content_en/posts/hello.md"),
        "---\ntitle: Hello\n---\nHi.\n",
    );
    assert_eq!(
        posts(site),
        [
            post(
                "content/zh/posts/hello.md",
                "hello",
                "zh",
                "https://ml.example.org/zh/posts/hello/"
            ),
            post(
                "content_en/posts/hello.md",
                "hello",
                "en",
                "https://ml.example.org/en/posts/hello/"
            ),
        ]
    );
}
