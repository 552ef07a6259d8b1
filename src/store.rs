//! Where articles wait between reading and writing: in memory up to a budget, then
//! serialized into an anonymous temporary file, so memory stays bounded whatever the
//! archive's size (one small heading per post plus the budget). An article a writer
//! rendered while reading waits as its rendered bytes instead.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use postport_model::Article;

/// The default memory budget for waiting articles.
pub const DEFAULT_BUDGET: usize = 16 * 1024 * 1024;

/// Where one article is in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Held in memory, at this index.
    Memory(usize),
    /// Spilled to disk.
    Disk {
        /// Byte offset in the spill file.
        offset: u64,
        /// Length in bytes.
        len: u32,
        /// Whether the bytes are a writer's rendering rather than a serialized article.
        rendered: bool,
    },
}

/// An article as loaded back: already in memory, or bytes to decode.
pub enum Loaded {
    /// The article itself.
    Article(Box<Article>),
    /// Its serialized bytes (decode them in parallel with [`ArticleStore::decode`]).
    Bytes(Vec<u8>),
    /// The article as its writer already rendered it.
    Rendered(Vec<u8>),
    /// Still in the spill file: [`Loaded::read`] reads it (any thread may).
    Spilled {
        /// Where.
        offset: u64,
        /// How long.
        len: u32,
        /// Whether it is a rendering.
        rendered: bool,
    },
}

/// What waits in memory.
enum Waiting {
    Article(Box<Article>),
    Rendered(Vec<u8>),
}

/// Articles between the two passes of a conversion.
pub struct ArticleStore {
    budget: usize,
    used: usize,
    memory: Vec<Option<Waiting>>,
    writer: Option<BufWriter<File>>,
    reader: Option<File>,
    end: u64,
}

impl ArticleStore {
    /// A store that keeps up to `budget` bytes (estimated) of articles in memory.
    pub fn new(budget: usize) -> Self {
        ArticleStore {
            budget,
            used: 0,
            memory: Vec::new(),
            writer: None,
            reader: None,
            end: 0,
        }
    }

    /// Adds an article; `size` estimates its heap size (its source's length is enough).
    pub fn put(&mut self, article: Article, size: usize) -> io::Result<Slot> {
        if self.used + size <= self.budget {
            return Ok(self.hold(Waiting::Article(Box::new(article)), size));
        }
        self.spill(false, &Self::encode(&article)?)
    }

    /// Adds an article serialized by [`ArticleStore::encode`] (on another thread), to
    /// disk: it is only serialized once the store spills.
    pub fn put_encoded(&mut self, bytes: &[u8]) -> io::Result<Slot> {
        self.spill(false, bytes)
    }

    /// An article as the store spills it: JSON (a self-describing format, as the tree's
    /// tagged enums and the front matter's JSON values need), written and read with
    /// sonic-rs, whose SIMD string handling made a 10,000-post Markdown export, which
    /// spills most of its trees, 4% faster than with serde_json.
    pub fn encode(article: &Article) -> io::Result<Vec<u8>> {
        sonic_rs::to_vec(article).map_err(io::Error::other)
    }

    /// Adds an article its writer has already rendered.
    pub fn put_rendered(&mut self, rendered: Vec<u8>) -> io::Result<Slot> {
        // What it holds in memory, not its length: a rendered string's spare capacity
        // can be as large as its text.
        let size = rendered.capacity();
        if self.used + size <= self.budget {
            return Ok(self.hold(Waiting::Rendered(rendered), size));
        }
        self.spill(true, &rendered)
    }

    fn hold(&mut self, waiting: Waiting, size: usize) -> Slot {
        self.used += size;
        self.memory.push(Some(waiting));
        Slot::Memory(self.memory.len() - 1)
    }

    fn spill(&mut self, rendered: bool, bytes: &[u8]) -> io::Result<Slot> {
        if self.writer.is_none() {
            self.writer = Some(BufWriter::with_capacity(1 << 20, tempfile::tempfile()?));
        }
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| io::Error::other("the spill file is closed"))?;
        writer.write_all(bytes)?;
        let len = bytes.len();
        let slot = Slot::Disk {
            offset: self.end,
            len: u32::try_from(len).map_err(io::Error::other)?,
            rendered,
        };
        self.end += len as u64;
        Ok(slot)
    }

    /// Ends writing; reading may begin.
    pub fn seal(&mut self) -> io::Result<()> {
        if let Some(writer) = self.writer.take() {
            self.reader = Some(writer.into_inner().map_err(|e| e.into_error())?);
        }
        Ok(())
    }

    /// Takes an article out (each slot is taken once). A spilled one comes back as
    /// where it is, to be read by [`Loaded::read`] with [`ArticleStore::spill_file`],
    /// so that the rendering threads read in parallel.
    pub fn take(&mut self, slot: Slot) -> io::Result<Loaded> {
        match slot {
            Slot::Memory(i) => match self.memory.get_mut(i).and_then(Option::take) {
                Some(Waiting::Article(article)) => Ok(Loaded::Article(article)),
                Some(Waiting::Rendered(bytes)) => Ok(Loaded::Rendered(bytes)),
                None => Err(io::Error::other("article already taken")),
            },
            Slot::Disk {
                offset,
                len,
                rendered,
            } => Ok(Loaded::Spilled {
                offset,
                len,
                rendered,
            }),
        }
    }

    /// The spill file, once sealed (none if nothing spilled).
    pub fn spill_file(&self) -> Option<&File> {
        self.reader.as_ref()
    }

    /// An article from spilled bytes, without its diagnostics (reported when it was
    /// read, like those of the articles that waited in memory).
    pub fn decode(bytes: &[u8]) -> io::Result<Article> {
        let mut article: Article = sonic_rs::from_slice(bytes).map_err(io::Error::other)?;
        article.diagnostics.clear();
        Ok(article)
    }
}

impl Loaded {
    /// Reads a spilled article from `spill` (one positional read; it leaves the file's
    /// position alone, so threads can share the file); anything else is returned as it
    /// is.
    pub fn read(self, spill: Option<&File>) -> io::Result<Loaded> {
        let Loaded::Spilled {
            offset,
            len,
            rendered,
        } = self
        else {
            return Ok(self);
        };
        let spill = spill.ok_or_else(|| io::Error::other("the store is not sealed"))?;
        let mut bytes = vec![0; len as usize];
        read_exact_at(spill, &mut bytes, offset)?;
        Ok(if rendered {
            Loaded::Rendered(bytes)
        } else {
            Loaded::Bytes(bytes)
        })
    }

    /// The article, decoding it if it was spilled (an error if it waited rendered).
    pub fn into_article(self) -> io::Result<Article> {
        match self {
            Loaded::Article(a) => Ok(*a),
            Loaded::Bytes(b) => ArticleStore::decode(&b),
            Loaded::Rendered(_) => Err(io::Error::other("the article waited rendered")),
            Loaded::Spilled { .. } => Err(io::Error::other("the article was not read")),
        }
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{Meta, SourcePath};

    fn article(t: &str) -> Article {
        Article {
            source: SourcePath::new(format!("{t}.md")),
            meta: Meta {
                title: t.into(),
                ..Meta::default()
            },
            body: Vec::new(),
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Seals the store and returns its spill file.
    fn sealed_spill(store: &mut ArticleStore) -> File {
        store.seal().expect("seal");
        store
            .spill_file()
            .expect("spilled")
            .try_clone()
            .expect("clone")
    }

    #[test]
    fn keeps_within_budget_and_spills_beyond() {
        let mut store = ArticleStore::new(100);
        let a = store.put(article("一"), 60).expect("put");
        let b = store.put(article("two"), 60).expect("put");
        let c = store.put(article("three"), 30).expect("put");
        assert!(matches!(a, Slot::Memory(_)));
        assert!(matches!(b, Slot::Disk { .. }));
        assert!(matches!(c, Slot::Memory(_)));
        let spill = sealed_spill(&mut store);
        let load = |loaded: io::Result<Loaded>| {
            loaded
                .and_then(|l| l.read(Some(&spill)))
                .and_then(Loaded::into_article)
        };
        let back_b = load(store.take(b)).expect("loads");
        let back_a = load(store.take(a)).expect("loads");
        assert_eq!(back_a, article("一"));
        assert_eq!(back_b, article("two"));
        assert!(store.take(a).is_err(), "taken once");
    }

    #[test]
    fn a_rich_article_comes_back_from_the_spill_file_as_it_was() {
        let html = "<h2 id=\"h\">Head</h2><p>Text with <strong>bold</strong>, <em>em</em>, \
            <code>code</code> and a <a href=\"https://x.example/\" title=\"t\">link</a>.</p>\
            <ul><li>one</li><li>two<ol start=\"3\"><li>three</li></ol></li></ul>\
            <figure><img src=\"pic.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>\
            <table><thead><tr><th align=\"right\">a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>\
            <pre><code class=\"language-rust\">fn main() {}\n</code></pre><blockquote><p>q</p></blockquote>";
        let mut a = article("丰富 \"rich\" \u{1}\u{2028}😀");
        a.body = postport_html::read_html(html, &postport_html::CleaningRules::default()).blocks;
        a.meta.date = chrono::DateTime::parse_from_rfc3339("2021-10-24T07:55:27+08:00").ok();
        a.meta.categories = vec![vec!["新闻".into(), "地方".into()]];
        let extra: serde_json::Value = serde_json::from_str(
            r#"{"z":1,"a":[1.5,true,null,"x",-0.0,1e21],"m":{"b":2,"a":3},"big":18446744073709551615,"neg":-9223372036854775808}"#,
        )
        .expect("json");
        if let serde_json::Value::Object(map) = extra {
            a.meta.extra.extend(map);
        }
        let mut store = ArticleStore::new(0);
        let slot = store.put(a.clone(), 1).expect("put");
        assert!(matches!(slot, Slot::Disk { .. }));
        let spill = sealed_spill(&mut store);
        let back = store
            .take(slot)
            .and_then(|l| l.read(Some(&spill)))
            .and_then(Loaded::into_article)
            .expect("loads");
        assert_eq!(back, a);
        let keys: Vec<&String> = back.meta.extra.keys().collect();
        assert_eq!(
            keys,
            ["z", "a", "m", "big", "neg"],
            "front matter order kept"
        );
    }

    #[test]
    fn rendered_articles_come_back_as_their_bytes() {
        let mut store = ArticleStore::new(10);
        let held = store.put_rendered(b"short".to_vec()).expect("put");
        let spilled = store
            .put_rendered(b"longer than the budget".to_vec())
            .expect("put");
        let article_after = store.put(article("after"), 100).expect("put");
        assert!(matches!(held, Slot::Memory(_)));
        assert!(matches!(spilled, Slot::Disk { .. }));
        let bytes = |loaded| match loaded {
            Loaded::Rendered(b) => b,
            _ => panic!("not rendered"),
        };
        let spill = sealed_spill(&mut store);
        let read = |loaded: io::Result<Loaded>| loaded.and_then(|l| l.read(Some(&spill)));
        assert_eq!(
            bytes(read(store.take(spilled)).expect("loads")),
            b"longer than the budget"
        );
        assert_eq!(bytes(read(store.take(held)).expect("loads")), b"short");
        let back = read(store.take(article_after)).and_then(Loaded::into_article);
        assert_eq!(back.expect("loads"), article("after"));
    }
}
