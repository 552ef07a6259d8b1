//! A post larger than the reader's limit is refused with its own error, and the other
//! posts of the archive are read.

use postport_post::{Archive, MAX_FILE_BYTES, PostError, ReadOptions};

#[test]
fn an_oversized_post_is_refused_and_the_others_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("small.md"),
        "---\ntitle: Small\n---\nHello.\n",
    )
    .expect("write");
    // A sparse file: its size costs no disk.
    let huge = std::fs::File::create(dir.path().join("huge.md")).expect("create");
    huge.set_len(MAX_FILE_BYTES + 1).expect("grow");
    let archive = Archive::open(dir.path()).expect("opens");
    let mut read = Vec::new();
    let mut refused = Vec::new();
    for entry in archive.entries() {
        match archive.read_entry(entry, &ReadOptions::default()) {
            Ok(article) => read.push(article.meta.title),
            Err(PostError::TooLarge { limit, .. }) => {
                assert_eq!(limit, MAX_FILE_BYTES);
                refused.push(entry.path.display());
            }
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(read, ["Small"]);
    assert_eq!(refused, ["huge.md"]);
}
