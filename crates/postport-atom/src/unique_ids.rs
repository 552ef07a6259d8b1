//! Entry ids kept unique within a feed. An id minted from the site's host, the post's day
//! and its slug, or copied from front matter, can be shared by two posts (two posts of
//! one day with one slug in different folders), and a feed reader then shows only one
//! of them. An entry whose id was already written gets a suffix derived from its file.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The ids written so far, as hashes (a 64-bit hash per entry, not the ids).
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    seen: HashSet<u64>,
    renamed: usize,
}

/// What tells a post's id from another post's: the 32-bit FNV-1a hash of its source
/// file's path. A hash with a fixed definition, so that the suffix is the same from one
/// export (and one build of postport) to the next; cheap enough to take for every post.
pub(crate) fn source_tag(source: &str) -> u32 {
    source.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn hash(id: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl UniqueIds {
    /// Gives the entry `xml` an id no earlier entry had: an id already written gets
    /// `#` (`-` when it already has a fragment) and the eight hex digits of `tag`.
    pub(crate) fn ensure(&mut self, xml: &mut Vec<u8>, tag: u32) {
        let Some((start, end)) = id_span(xml) else {
            return;
        };
        if self.seen.insert(hash(&xml[start..end])) {
            return;
        }
        let separator = if xml[start..end].contains(&b'#') {
            '-'
        } else {
            '#'
        };
        // Two posts from the same file name in two inputs share a tag too: count on.
        for n in 0u32.. {
            let suffix = if n == 0 {
                format!("{separator}{tag:08x}")
            } else {
                format!("{separator}{tag:08x}-{n}")
            };
            let mut id = xml[start..end].to_vec();
            id.extend_from_slice(suffix.as_bytes());
            if self.seen.insert(hash(&id)) {
                xml.splice(end..end, suffix.into_bytes());
                self.renamed += 1;
                return;
            }
        }
    }

    /// How many entries were given a suffix.
    pub(crate) fn renamed(&self) -> usize {
        self.renamed
    }
}

/// Where the text of the entry's `<id>` is (its first child element).
fn id_span(xml: &[u8]) -> Option<(usize, usize)> {
    let open = b"<id>";
    let start = xml.windows(open.len()).position(|w| w == open)? + open.len();
    let len = xml[start..].windows(5).position(|w| w == b"</id>")?;
    Some((start, start + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Vec<u8> {
        format!("  <entry>\n    <id>{id}</id>\n    <title>t</title>\n  </entry>\n").into_bytes()
    }

    #[test]
    fn a_repeated_id_gets_a_stable_suffix_and_a_new_one_stays() {
        let mut ids = UniqueIds::default();
        let mut first = entry("tag:a.example,2021-03-01:flash");
        ids.ensure(&mut first, source_tag("x/a.md"));
        assert_eq!(first, entry("tag:a.example,2021-03-01:flash"));
        let mut second = entry("tag:a.example,2021-03-01:flash");
        let tag = source_tag("y/a.md");
        ids.ensure(&mut second, tag);
        assert_eq!(
            second,
            entry(&format!("tag:a.example,2021-03-01:flash#{tag:08x}"))
        );
        // The same post exported again gets the same suffix (FNV-1a's published value).
        assert_eq!(source_tag("a"), 0xe40c_292c);
        let mut third = entry("https://a.example/p/#top");
        ids.ensure(&mut third, 7);
        let mut fourth = entry("https://a.example/p/#top");
        ids.ensure(&mut fourth, 7);
        assert_eq!(fourth, entry("https://a.example/p/#top-00000007"));
        let mut fifth = entry("https://a.example/p/#top");
        ids.ensure(&mut fifth, 7);
        assert_eq!(fifth, entry("https://a.example/p/#top-00000007-1"));
        assert_eq!(ids.renamed(), 3);
    }
}
