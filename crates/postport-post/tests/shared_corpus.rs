//! Reads the four real archives in `../shared/corpus/` (outside the repository):
//! no panic, every post read or diagnosed. Skipped, saying so, when `../shared` is absent.

use std::path::Path;

use postport_model::Severity;
use postport_post::{Archive, ReadOptions};

#[test]
fn real_corpora_read_without_panics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let options = ReadOptions::default();
    for name in [
        "hugodocs-news",
        "hugobasicexample",
        "hexo-site",
        "jekyll-docs-posts",
    ] {
        let archive = Archive::open(&corpus.join(name)).expect("opens");
        let (mut read, mut failed, mut warned) = (0, 0, 0);
        for entry in archive.entries() {
            match archive.read_entry(entry, &options) {
                Ok(article) => {
                    read += 1;
                    assert!(!article.meta.title.is_empty(), "{}: no title", entry.path);
                    if article
                        .diagnostics
                        .iter()
                        .any(|d| d.severity >= Severity::Warning)
                    {
                        warned += 1;
                        for d in &article.diagnostics {
                            eprintln!("  {}: {d}", entry.path);
                        }
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("  {}: {}", entry.path, e.to_diagnostic());
                }
            }
        }
        eprintln!(
            "{name}: {} posts, {read} read, {failed} failed, {warned} with warnings",
            archive.entries().len()
        );
        assert!(read > 0, "{name}: nothing read");
        assert_eq!(read + failed, archive.entries().len());
    }
}
