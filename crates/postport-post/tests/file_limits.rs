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

#[test]
fn a_zip_bomb_is_refused_and_the_others_are_read() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("posts.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("small.md", options).expect("entry");
    zip.write_all(b"---\ntitle: Small\n---\nHello.\n")
        .expect("write");
    // Zeros inflate a thousandfold: a quarter of a megabyte on disk.
    zip.start_file("bomb.md", options).expect("entry");
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..=(MAX_FILE_BYTES >> 20) {
        zip.write_all(&chunk).expect("write");
    }
    zip.finish().expect("finish");
    let archive = Archive::open(&path).expect("opens");
    let mut read = Vec::new();
    let mut refused = Vec::new();
    for entry in archive.entries() {
        match archive.read_entry(entry, &ReadOptions::default()) {
            Ok(article) => read.push(article.meta.title),
            Err(PostError::TooLarge { .. }) => refused.push(entry.path.display()),
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(read, ["Small"]);
    assert_eq!(refused.len(), 1);
}

#[test]
fn a_zip_entry_is_refused_by_its_declared_size_before_it_is_inflated() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("posts.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("declared.md", stored).expect("entry");
    zip.write_all(b"---\ntitle: Small in fact\n---\nx\n")
        .expect("write");
    zip.finish().expect("finish");
    // Make the entry claim one byte over the limit, in its local and central headers:
    // only a check of the declared size refuses it (its bytes would pass).
    let mut bytes = std::fs::read(&path).expect("read");
    let declared = u32::try_from(MAX_FILE_BYTES + 1)
        .expect("fits")
        .to_le_bytes();
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let at = bytes
            .windows(4)
            .position(|w| w == signature)
            .expect("header");
        bytes[at + offset..at + offset + 4].copy_from_slice(&declared);
    }
    std::fs::write(&path, bytes).expect("write");
    let archive = Archive::open(&path).expect("opens");
    let entry = &archive.entries()[0];
    assert!(matches!(
        archive.read_entry(entry, &ReadOptions::default()),
        Err(PostError::TooLarge { .. })
    ));
}
