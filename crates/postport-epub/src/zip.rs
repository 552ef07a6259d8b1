//! The finished book, copied from epub-builder's in-memory zip to the output file with
//! the repairs epub-builder 0.8.2 needs: `nav.xhtml` and `toc.xhtml` get
//! `xml:lang`/`lang` and `role="doc-toc"`, `content.opf` gets `dc:publisher` and
//! `dc:source` (its API cannot write them). epub-builder keeps its `Zip` trait private,
//! so its `ZipLibrary` (the whole book in memory) is the only back-end without an
//! external `zip` command; other entries are copied raw, not recompressed, and every
//! timestamp is the zip crate's fixed 1980-01-01, so rebuilds are byte-identical.

use std::collections::HashMap;
use std::io::{self, Cursor, Read, Seek, Write};

use zip::CompressionMethod;
use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

/// What the copy adds to the files epub-builder generates.
#[derive(Debug, Clone, Default)]
pub struct Repairs {
    /// The book's language, for the generated navigation documents.
    pub language: String,
    /// Elements inserted at the end of the OPF `<metadata>` (already escaped XML).
    pub opf_metadata: String,
}

impl Repairs {
    fn patch(&self, name: &str, content: &str) -> Option<String> {
        let lang = quick_xml::escape::escape(self.language.as_str()).into_owned();
        let dir = if postport_model::is_rtl_language(&self.language) {
            " dir=\"rtl\""
        } else {
            ""
        };
        match name {
            "OEBPS/nav.xhtml" | "OEBPS/toc.xhtml" => Some(
                content
                    .replacen(
                        "xmlns:epub=\"http://www.idpf.org/2007/ops\">",
                        &format!("xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"{lang}\" lang=\"{lang}\"{dir}>"),
                        1,
                    )
                    .replacen("<nav epub:type = \"toc\" id=\"toc\">", "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">", 1)
                    .replacen("<nav epub:type = \"landmarks\">", "<nav epub:type=\"landmarks\" hidden=\"hidden\">", 1)
                    .replacen("<meta charset = \"utf-8\" />", "<meta charset=\"utf-8\" />", 1),
            ),
            "OEBPS/content.opf" if !self.opf_metadata.is_empty() => Some(content.replacen(
                "  </metadata>",
                &format!("{}\n  </metadata>", self.opf_metadata),
                1,
            )),
            _ => None,
        }
    }
}

/// A one-entry zip holding `content` deflated as epub-builder deflates (the zip crate's
/// defaults), so that [`write_repaired`] can copy it into a book, under the name it
/// stands for, without deflating it again: entries are made in parallel, a book is
/// written on one thread.
pub fn pack_entry(content: &[u8]) -> io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(content.len() / 3 + 256)));
    zip.start_file("entry", SimpleFileOptions::default())
        .map_err(io::Error::other)?;
    zip.write_all(content)?;
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

/// Copies the zip `book` to `out`, applying `repairs`, and taking each entry named in
/// `packed` from there (a zip made by [`pack_entry`]) instead of from `book`.
pub fn write_repaired<W: Write + Seek>(
    book: &[u8],
    repairs: &Repairs,
    packed: &HashMap<String, Vec<u8>>,
    out: W,
) -> io::Result<W> {
    let mut source = ZipArchive::new(Cursor::new(book)).map_err(io::Error::other)?;
    let mut target = ZipWriter::new(out);
    target.set_comment("");
    for i in 0..source.len() {
        let mut entry = source.by_index(i).map_err(io::Error::other)?;
        let name = entry.name().to_string();
        if let Some(zip) = packed.get(&name) {
            drop(entry);
            let mut one = ZipArchive::new(Cursor::new(zip.as_slice())).map_err(io::Error::other)?;
            let raw = one.by_index_raw(0).map_err(io::Error::other)?;
            target
                .raw_copy_file_rename(raw, &name)
                .map_err(io::Error::other)?;
            continue;
        }
        let mut text = String::new();
        let patched = if matches!(
            name.as_str(),
            "OEBPS/nav.xhtml" | "OEBPS/toc.xhtml" | "OEBPS/content.opf"
        ) {
            entry.read_to_string(&mut text)?;
            repairs.patch(&name, &text)
        } else {
            None
        };
        drop(entry);
        match patched {
            Some(content) => {
                // The zip crate's default timestamp, without its `time` feature, is the
                // fixed 1980-01-01 00:00.
                let options = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .compression_level(Some(6));
                target
                    .start_file(name.as_str(), options)
                    .map_err(io::Error::other)?;
                target.write_all(content.as_bytes())?;
            }
            None => {
                let raw = source.by_index_raw(i).map_err(io::Error::other)?;
                target.raw_copy_file(raw).map_err(io::Error::other)?;
            }
        }
    }
    target.finish().map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_nav_and_keeps_mimetype_first_and_stored() {
        let mut book = ZipWriter::new(Cursor::new(Vec::new()));
        book.start_file(
            "mimetype",
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .expect("entry");
        book.write_all(b"application/epub+zip").expect("write");
        book.start_file("OEBPS/nav.xhtml", SimpleFileOptions::default())
            .expect("entry");
        book.write_all(b"<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\n<nav epub:type = \"toc\" id=\"toc\">").expect("write");
        let bytes = book.finish().expect("finish").into_inner();
        let repairs = Repairs {
            language: "zh-CN".into(),
            opf_metadata: String::new(),
        };
        let out = write_repaired(&bytes, &repairs, &HashMap::new(), Cursor::new(Vec::new()))
            .expect("copies")
            .into_inner();
        let mut zip = ZipArchive::new(Cursor::new(out)).expect("zip");
        {
            let first = zip.by_index(0).expect("entry");
            assert_eq!(first.name(), "mimetype");
            assert_eq!(first.compression(), CompressionMethod::Stored);
        }
        let mut nav = String::new();
        zip.by_name("OEBPS/nav.xhtml")
            .expect("nav")
            .read_to_string(&mut nav)
            .expect("read");
        assert!(
            nav.contains("xml:lang=\"zh-CN\" lang=\"zh-CN\"") && nav.contains("role=\"doc-toc\""),
            "{nav}"
        );
    }

    #[test]
    fn packed_entries_replace_their_placeholders_without_deflating_again() {
        let mut book = ZipWriter::new(Cursor::new(Vec::new()));
        book.start_file("OEBPS/text/c00001.xhtml", SimpleFileOptions::default())
            .expect("entry");
        book.write_all(b"placeholder").expect("write");
        let bytes = book.finish().expect("finish").into_inner();
        let chapter = "<html>章节</html>".repeat(50);
        let packed = HashMap::from([(
            "OEBPS/text/c00001.xhtml".to_string(),
            pack_entry(chapter.as_bytes()).expect("packs"),
        )]);
        let out = write_repaired(
            &bytes,
            &Repairs::default(),
            &packed,
            Cursor::new(Vec::new()),
        )
        .expect("copies")
        .into_inner();
        let mut zip = ZipArchive::new(Cursor::new(out)).expect("zip");
        let mut text = String::new();
        let mut entry = zip.by_name("OEBPS/text/c00001.xhtml").expect("chapter");
        assert_eq!(entry.compression(), CompressionMethod::Deflated);
        entry.read_to_string(&mut text).expect("reads");
        assert_eq!(text, chapter);
    }
}
