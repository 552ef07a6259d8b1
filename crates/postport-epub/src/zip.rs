//! The book's zip, written as the book is assembled: chapters and images go straight
//! to the output file, and epub-builder, which keeps its whole zip in memory (its `Zip`
//! trait is private, so `ZipLibrary` is the only back-end without an external `zip`
//! command), holds only placeholders for them. Its generated files are copied after them
//! with the repairs 0.8.2 needs: `nav.xhtml` and `toc.xhtml` get `xml:lang`/`lang` and
//! `role="doc-toc"`, `content.opf` gets `dc:publisher` and `dc:source`. Nothing is
//! deflated twice, and every timestamp is the zip crate's fixed 1980-01-01, so rebuilds
//! are byte-identical.

use std::collections::HashSet;
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

/// The book's zip, written as the book is assembled: the mimetype first, then each
/// chapter and image as it comes, then what epub-builder generated (the package
/// document, navigation, style sheets), repaired. Chapters and images never wait in
/// memory for the whole book.
pub struct BookZip<W: Write + Seek> {
    zip: ZipWriter<W>,
    /// Entries already written, which epub-builder holds only as placeholders.
    written: HashSet<String>,
}

impl<W: Write + Seek> BookZip<W> {
    /// Starts the zip with its mimetype (first and stored, as OCF requires).
    pub fn new(out: W) -> io::Result<Self> {
        let mut zip = ZipWriter::new(out);
        zip.set_comment("");
        zip.start_file(
            "mimetype",
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .map_err(io::Error::other)?;
        zip.write_all(b"application/epub+zip")?;
        Ok(BookZip {
            zip,
            written: HashSet::from(["mimetype".to_string()]),
        })
    }

    /// Adds an entry deflated by [`pack_entry`], as `name`, without deflating it again.
    pub fn add_packed(&mut self, name: &str, packed: &[u8]) -> io::Result<()> {
        let mut one = ZipArchive::new(Cursor::new(packed)).map_err(io::Error::other)?;
        let raw = one.by_index_raw(0).map_err(io::Error::other)?;
        self.zip
            .raw_copy_file_rename(raw, name)
            .map_err(io::Error::other)?;
        self.written.insert(name.to_string());
        Ok(())
    }

    /// Adds an image as it is: images are compressed already, deflating them again
    /// only costs time.
    pub fn add_stored(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.zip
            .start_file(
                name,
                SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
            )
            .map_err(io::Error::other)?;
        self.zip.write_all(bytes)?;
        self.written.insert(name.to_string());
        Ok(())
    }

    /// Copies the rest of the zip `book` epub-builder generated, applying `repairs`
    /// (entries already written are placeholders there), and completes the zip.
    pub fn finish(mut self, book: &[u8], repairs: &Repairs) -> io::Result<W> {
        let mut source = ZipArchive::new(Cursor::new(book)).map_err(io::Error::other)?;
        for i in 0..source.len() {
            let mut entry = source.by_index(i).map_err(io::Error::other)?;
            let name = entry.name().to_string();
            if self.written.contains(&name) {
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
                    // The zip crate's default timestamp, without its `time` feature, is
                    // the fixed 1980-01-01 00:00.
                    let options = SimpleFileOptions::default()
                        .compression_method(CompressionMethod::Deflated)
                        .compression_level(Some(6));
                    self.zip
                        .start_file(name.as_str(), options)
                        .map_err(io::Error::other)?;
                    self.zip.write_all(content.as_bytes())?;
                }
                None => {
                    let raw = source.by_index_raw(i).map_err(io::Error::other)?;
                    self.zip.raw_copy_file(raw).map_err(io::Error::other)?;
                }
            }
        }
        self.zip.finish().map_err(io::Error::other)
    }
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
        let out = BookZip::new(Cursor::new(Vec::new()))
            .and_then(|zip| zip.finish(&bytes, &repairs))
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
    fn chapters_and_images_written_ahead_replace_their_placeholders() {
        let mut book = ZipWriter::new(Cursor::new(Vec::new()));
        book.start_file("mimetype", SimpleFileOptions::default())
            .expect("entry");
        book.write_all(b"application/epub+zip").expect("write");
        for name in [
            "OEBPS/text/c00001.xhtml",
            "OEBPS/images/a.png",
            "OEBPS/content.opf",
        ] {
            book.start_file(name, SimpleFileOptions::default())
                .expect("entry");
            book.write_all(b"placeholder").expect("write");
        }
        let bytes = book.finish().expect("finish").into_inner();
        let chapter = "<html>章节</html>".repeat(50);
        let mut zip = BookZip::new(Cursor::new(Vec::new())).expect("starts");
        zip.add_packed(
            "OEBPS/text/c00001.xhtml",
            &pack_entry(chapter.as_bytes()).expect("packs"),
        )
        .expect("adds");
        zip.add_stored("OEBPS/images/a.png", b"\x89PNG")
            .expect("adds");
        let out = zip
            .finish(&bytes, &Repairs::default())
            .expect("copies")
            .into_inner();
        let mut zip = ZipArchive::new(Cursor::new(out)).expect("zip");
        let names: Vec<&str> = zip.file_names().collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(zip.by_index(0).expect("first").name(), "mimetype");
        let mut text = String::new();
        let mut entry = zip.by_name("OEBPS/text/c00001.xhtml").expect("chapter");
        assert_eq!(entry.compression(), CompressionMethod::Deflated);
        entry.read_to_string(&mut text).expect("reads");
        assert_eq!(text, chapter);
        drop(entry);
        let image = zip.by_name("OEBPS/images/a.png").expect("image");
        assert_eq!(image.compression(), CompressionMethod::Stored);
        drop(image);
        let mut opf = String::new();
        zip.by_name("OEBPS/content.opf")
            .expect("opf")
            .read_to_string(&mut opf)
            .expect("reads");
        assert_eq!(opf, "placeholder", "what was not written ahead is copied");
    }
}
