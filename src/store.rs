//! Where articles wait between reading and writing: serialized into an anonymous
//! temporary file, so memory holds one small heading per post, not the bodies.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use postport_model::Article;

/// Where one article is in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    offset: u64,
    len: u32,
}

/// An append-only store of articles on disk.
pub struct ArticleStore {
    writer: Option<BufWriter<File>>,
    reader: Option<File>,
    end: u64,
}

impl ArticleStore {
    /// A new, empty store (deleted by the OS when dropped).
    pub fn new() -> io::Result<Self> {
        let file = tempfile::tempfile()?;
        Ok(ArticleStore {
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            reader: None,
            end: 0,
        })
    }

    /// Adds an article.
    pub fn put(&mut self, article: &Article) -> io::Result<Slot> {
        let bytes = serde_json::to_vec(article).map_err(io::Error::other)?;
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| io::Error::other("the store is closed for writing"))?;
        writer.write_all(&bytes)?;
        let slot = Slot {
            offset: self.end,
            len: u32::try_from(bytes.len()).map_err(io::Error::other)?,
        };
        self.end += bytes.len() as u64;
        Ok(slot)
    }

    /// Ends writing; reading may begin.
    pub fn seal(&mut self) -> io::Result<()> {
        if let Some(writer) = self.writer.take() {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            self.reader = Some(file);
        }
        Ok(())
    }

    /// The serialized bytes of an article.
    pub fn bytes(&mut self, slot: Slot) -> io::Result<Vec<u8>> {
        let reader = self
            .reader
            .as_mut()
            .ok_or_else(|| io::Error::other("the store is not sealed"))?;
        reader.seek(SeekFrom::Start(slot.offset))?;
        let mut bytes = vec![0; slot.len as usize];
        reader.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// An article from its bytes.
    pub fn decode(bytes: &[u8]) -> io::Result<Article> {
        serde_json::from_slice(bytes).map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{Meta, SourcePath};

    #[test]
    fn stores_and_returns_articles() {
        let mut store = ArticleStore::new().expect("store");
        let article = |t: &str| Article {
            source: SourcePath::new(format!("{t}.md")),
            meta: Meta {
                title: t.into(),
                ..Meta::default()
            },
            body: Vec::new(),
            assets: Vec::new(),
            diagnostics: Vec::new(),
        };
        let a = store.put(&article("一")).expect("put");
        let b = store.put(&article("two")).expect("put");
        store.seal().expect("seal");
        let back_b = ArticleStore::decode(&store.bytes(b).expect("bytes")).expect("decodes");
        let back_a = ArticleStore::decode(&store.bytes(a).expect("bytes")).expect("decodes");
        assert_eq!(back_a, article("一"));
        assert_eq!(back_b, article("two"));
    }
}
