//! The shape of the output before the first chapter: which volume each post goes to
//! (`--split-by`) and under which headings of the table of contents (`--toc-by`).

use std::collections::HashMap;

use chrono::Datelike;
use postport_model::{Collection, EntryInfo};

use crate::labels::Labels;

/// How the table of contents is nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TocBy {
    /// Year > month > posts.
    #[default]
    Date,
    /// Category path > posts.
    Category,
    /// Posts only.
    None,
}

/// How an archive is split into several books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitBy {
    /// One book per year.
    Year,
    /// One book per month.
    Month,
    /// One book per top-level category.
    Category,
    /// Books of at most N posts.
    Posts(usize),
    /// Books of at most this many bytes (checked as chapters are written).
    Size(u64),
}

impl SplitBy {
    /// Parses `year`, `month`, `category`, `posts:N`, `size:MB`.
    pub fn parse(s: &str) -> Option<SplitBy> {
        match s.split_once(':') {
            None => match s {
                "year" => Some(SplitBy::Year),
                "month" => Some(SplitBy::Month),
                "category" => Some(SplitBy::Category),
                _ => None,
            },
            Some(("posts", n)) => n.parse().ok().filter(|n| *n > 0).map(SplitBy::Posts),
            Some(("size", mb)) => mb
                .parse::<f64>()
                .ok()
                .filter(|m| *m > 0.0)
                .map(|m| SplitBy::Size((m * 1024.0 * 1024.0) as u64)),
            _ => None,
        }
    }
}

/// A book of the output.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumePlan {
    /// What distinguishes it in its title and file name (`2021`, `2021-10`, `财经`, `2`);
    /// empty for a single book.
    pub key: String,
    /// Label for its title (`2021`, `October 2021`, `Volume 2`).
    pub label: String,
    /// The entries it holds, in order (positions in the collection).
    pub entries: Vec<usize>,
}

/// The volume key of an entry, for the splits decided up front.
fn volume_key(
    entry: &EntryInfo,
    position: usize,
    split: SplitBy,
    labels: &Labels,
) -> (String, String) {
    match split {
        SplitBy::Year => match entry.date {
            Some(d) => (format!("{:04}", d.year()), labels.year(d.year())),
            None => ("undated".into(), "—".into()),
        },
        SplitBy::Month => match entry.date {
            Some(d) => (
                format!("{:04}-{:02}", d.year(), d.month()),
                labels.month(d.year(), d.month()),
            ),
            None => ("undated".into(), "—".into()),
        },
        SplitBy::Category => {
            let top = entry
                .categories
                .first()
                .and_then(|p| p.first())
                .map(|c| c.to_string());
            let name = top.unwrap_or_else(|| "uncategorized".to_string());
            (name.clone(), name)
        }
        SplitBy::Posts(n) => {
            let number = position / n + 1;
            (number.to_string(), labels.volume(number))
        }
        SplitBy::Size(_) => (String::new(), String::new()),
    }
}

/// Volumes of a collection. Entries of one key that are not contiguous in the output
/// order still go to one volume (in their order); size splits are decided while writing.
pub fn plan_volumes(
    collection: &Collection,
    split: Option<SplitBy>,
    labels: &Labels,
) -> Vec<VolumePlan> {
    let Some(split) = split.filter(|s| !matches!(s, SplitBy::Size(_))) else {
        return vec![VolumePlan {
            key: String::new(),
            label: String::new(),
            entries: (0..collection.entries.len()).collect(),
        }];
    };
    let mut volumes: Vec<VolumePlan> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, entry) in collection.entries.iter().enumerate() {
        let (key, label) = volume_key(entry, i, split, labels);
        let v = *index.entry(key.clone()).or_insert_with(|| {
            volumes.push(VolumePlan {
                key,
                label,
                entries: Vec::new(),
            });
            volumes.len() - 1
        });
        volumes[v].entries.push(i);
    }
    volumes
}

/// The headings an entry sits under in the table of contents, from the top.
pub fn toc_path(
    entry: &EntryInfo,
    toc: TocBy,
    labels: &Labels,
    undated: &str,
    uncategorized: &str,
) -> Vec<String> {
    match toc {
        TocBy::None => Vec::new(),
        TocBy::Date => match entry.date {
            Some(d) => vec![labels.year(d.year()), labels.month(d.year(), d.month())],
            None => vec![undated.to_string()],
        },
        TocBy::Category => match entry.categories.first() {
            Some(path) => path.iter().map(|c| c.to_string()).collect(),
            None => vec![uncategorized.to_string()],
        },
    }
}

/// A name safe in a file name (`/`, control characters and leading dots replaced).
pub fn file_safe(s: &str) -> String {
    let mut cleaned = String::new();
    for c in s.chars() {
        let separator = c.is_control() || c.is_whitespace() || "/\\:*?\"<>|".contains(c);
        if separator || c == '-' {
            if !cleaned.is_empty() && !cleaned.ends_with('-') {
                cleaned.push('-');
            }
        } else {
            cleaned.push(c);
        }
    }
    let mut cleaned = cleaned
        .trim_matches(|c| c == '-' || c == '.' || c == '_')
        .to_string();
    if cleaned.len() > 80 {
        let mut end = 80;
        while !cleaned.is_char_boundary(end) {
            end -= 1;
        }
        cleaned.truncate(end);
    }
    if cleaned.is_empty() {
        "volume".to_string()
    } else {
        cleaned
    }
}

/// The file-name parts of volumes, made safe and unique: two categories that differ
/// only in characters a file name cannot hold (`a/b`, `a:b`) must not write one file.
pub fn unique_file_keys<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    keys.map(|key| {
        let base = file_safe(key);
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.to_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_file_names_are_safe_and_distinct() {
        let keys = ["../../evil", "a/b:c*?", "a-b-c--", "中文 分类", "A-B-C", ""];
        assert_eq!(
            unique_file_keys(keys.into_iter()),
            ["evil", "a-b-c", "a-b-c-2", "中文-分类", "A-B-C-3", "volume"]
        );
    }
    use postport_model::{SiteInfo, SourcePath};

    fn entry(date: &str, category: &str) -> EntryInfo {
        EntryInfo {
            source: SourcePath::new("a.md"),
            slug: "a".into(),
            title: "a".into(),
            url: None,
            date: chrono::DateTime::parse_from_rfc3339(date).ok(),
            updated: None,
            categories: vec![vec![category.into()]],
            tags: Vec::new(),
            authors: Vec::new(),
            language: None,
            draft: false,
            anchors: Box::default(),
            aliases: Box::default(),
        }
    }

    #[test]
    fn volumes_by_year_and_count() {
        let c = Collection::new(
            SiteInfo::default(),
            vec![
                entry("2020-12-31T23:00:00Z", "财经"),
                entry("2021-01-02T00:00:00Z", "体育"),
                entry("2021-03-02T00:00:00Z", "财经"),
            ],
        );
        let labels = Labels::for_language("zh");
        let years = plan_volumes(&c, Some(SplitBy::Year), &labels);
        assert_eq!(
            years
                .iter()
                .map(|v| (v.key.as_str(), v.entries.clone()))
                .collect::<Vec<_>>(),
            vec![("2020", vec![0]), ("2021", vec![1, 2])]
        );
        let cats = plan_volumes(&c, Some(SplitBy::Category), &labels);
        assert_eq!(
            cats.iter()
                .map(|v| (v.key.as_str(), v.entries.clone()))
                .collect::<Vec<_>>(),
            vec![("财经", vec![0, 2]), ("体育", vec![1])]
        );
        let posts = plan_volumes(&c, SplitBy::parse("posts:2"), &labels);
        assert_eq!(
            posts.iter().map(|v| v.entries.clone()).collect::<Vec<_>>(),
            vec![vec![0, 1], vec![2]]
        );
        assert_eq!(plan_volumes(&c, SplitBy::parse("size:1"), &labels).len(), 1);
        assert_eq!(SplitBy::parse("size:0.5"), Some(SplitBy::Size(524_288)));
        assert_eq!(SplitBy::parse("weekly"), None);
        assert_eq!(file_safe("a/b:c"), "a-b-c");
    }
}
