//! The order of a conversion's output: by date either way, by title, or by path; ties
//! broken by path so the same input always gives the same order.

use std::cmp::Ordering;

use postport_model::EntryInfo;

/// An output order (`--sort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Oldest first (`date`).
    Date,
    /// Newest first (`-date`).
    DateDesc,
    /// By title (`title`).
    Title,
    /// By title, descending (`-title`).
    TitleDesc,
    /// By source path (`path`).
    Path,
    /// By first category path, then oldest first (books grouped by category).
    Category,
}

impl SortKey {
    /// Parses `date`, `-date`, `title`, `-title`, `path`.
    pub fn parse(s: &str) -> Option<SortKey> {
        Some(match s {
            "date" => SortKey::Date,
            "-date" => SortKey::DateDesc,
            "title" => SortKey::Title,
            "-title" => SortKey::TitleDesc,
            "path" => SortKey::Path,
            _ => return None,
        })
    }

    /// Compares two entries (the second element of each pair breaks ties between inputs).
    pub fn compare(self, a: (&EntryInfo, usize), b: (&EntryInfo, usize)) -> Ordering {
        let by_path = || a.0.source.cmp(&b.0.source).then(a.1.cmp(&b.1));
        let by_date = |reverse: bool| match (a.0.date, b.0.date) {
            (Some(x), Some(y)) => {
                let o = x.cmp(&y);
                if reverse { o.reverse() } else { o }
            }
            // Undated posts go last either way.
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        match self {
            SortKey::Date => by_date(false).then_with(by_path),
            SortKey::DateDesc => by_date(true).then_with(by_path),
            SortKey::Title => a.0.title.cmp(&b.0.title).then_with(by_path),
            SortKey::TitleDesc => b.0.title.cmp(&a.0.title).then_with(by_path),
            SortKey::Path => by_path(),
            SortKey::Category => {
                fn first(e: &EntryInfo) -> Option<Vec<&str>> {
                    e.categories
                        .first()
                        .map(|p| p.iter().map(|c| c.as_ref()).collect())
                }
                // Uncategorised posts go last.
                match (first(a.0), first(b.0)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
                .then_with(|| by_date(false))
                .then_with(by_path)
            }
        }
    }
}
