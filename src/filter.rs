//! Which posts a conversion keeps: drafts only on request, a date window, categories
//! and tags.

use postport_model::{Article, Timestamp};

/// The selection of posts.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep drafts.
    pub drafts: bool,
    /// Keep posts dated at or after this.
    pub since: Option<Timestamp>,
    /// Keep posts dated at or before this.
    pub until: Option<Timestamp>,
    /// Keep posts in any of these categories: a name matches any level of a path,
    /// `a/b` matches a path that starts with a > b (case-insensitive).
    pub categories: Vec<String>,
    /// Keep posts with any of these tags (case-insensitive).
    pub tags: Vec<String>,
}

/// Why a post was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// A draft, and drafts were not asked for.
    Draft,
    /// Outside the date window (or undated with a window set).
    Date,
    /// Not in the categories or tags asked for.
    Taxonomy,
}

impl Filter {
    /// Whether a post is kept.
    pub fn check(&self, article: &Article) -> Result<(), Rejection> {
        let meta = &article.meta;
        if meta.draft && !self.drafts {
            return Err(Rejection::Draft);
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = article.sort_date() else {
                return Err(Rejection::Date);
            };
            if self.since.is_some_and(|s| date < s) || self.until.is_some_and(|u| date > u) {
                return Err(Rejection::Date);
            }
        }
        if !self.categories.is_empty() {
            let hit = self.categories.iter().any(|wanted| {
                let wanted: Vec<String> = wanted
                    .split(['/', '>'])
                    .map(|s| s.trim().to_lowercase())
                    .filter(|s| !s.is_empty())
                    .collect();
                meta.categories.iter().any(|path| {
                    let path: Vec<String> = path.iter().map(|c| c.to_lowercase()).collect();
                    if wanted.len() == 1 {
                        path.contains(&wanted[0])
                    } else {
                        path.starts_with(&wanted)
                    }
                })
            });
            if !hit {
                return Err(Rejection::Taxonomy);
            }
        }
        if !self.tags.is_empty() {
            let hit = self.tags.iter().any(|t| {
                meta.tags
                    .iter()
                    .any(|m| m.to_lowercase() == t.to_lowercase())
            });
            if !hit {
                return Err(Rejection::Taxonomy);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postport_model::{Meta, SourcePath};

    fn post(draft: bool, date: Option<&str>, cats: &[&[&str]], tags: &[&str]) -> Article {
        Article {
            source: SourcePath::new("a.md"),
            meta: Meta {
                draft,
                date: date.and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok()),
                categories: cats
                    .iter()
                    .map(|p| p.iter().map(|s| s.to_string()).collect())
                    .collect(),
                tags: tags.iter().map(|s| s.to_string()).collect(),
                ..Meta::default()
            },
            body: Vec::new(),
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn selects() {
        let f = Filter::default();
        assert_eq!(f.check(&post(true, None, &[], &[])), Err(Rejection::Draft));
        assert_eq!(f.check(&post(false, None, &[], &[])), Ok(()));
        let window = Filter {
            since: chrono::DateTime::parse_from_rfc3339("2021-01-01T00:00:00Z").ok(),
            ..Filter::default()
        };
        assert_eq!(
            window.check(&post(false, Some("2020-12-31T23:59:59Z"), &[], &[])),
            Err(Rejection::Date)
        );
        assert_eq!(
            window.check(&post(false, Some("2021-01-01T08:00:00+08:00"), &[], &[])),
            Ok(())
        );
        assert_eq!(
            window.check(&post(false, None, &[], &[])),
            Err(Rejection::Date)
        );
        let cats = Filter {
            categories: vec!["新浪财经".into(), "Travel/Asia".into()],
            ..Filter::default()
        };
        assert_eq!(
            cats.check(&post(false, None, &[&["金融", "新浪财经"]], &[])),
            Ok(())
        );
        assert_eq!(
            cats.check(&post(false, None, &[&["travel", "asia", "japan"]], &[])),
            Ok(())
        );
        assert_eq!(
            cats.check(&post(false, None, &[&["Asia"]], &[])),
            Err(Rejection::Taxonomy)
        );
        let tags = Filter {
            tags: vec!["Rust".into()],
            ..Filter::default()
        };
        assert_eq!(tags.check(&post(false, None, &[], &["rust"])), Ok(()));
    }
}
