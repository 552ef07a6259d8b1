//! The words a book shows around the posts (contents, cover, tags, the link to the
//! original) and dates, in the book's language.

use chrono::Datelike;
use postport_model::Timestamp;

/// Words of the book in one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// The contents page.
    pub contents: &'static str,
    /// The cover page.
    pub cover: &'static str,
    /// Before categories.
    pub categories: &'static str,
    /// Before tags.
    pub tags: &'static str,
    /// The link to the post on its site.
    pub original: &'static str,
    /// Stands in for an image that is not in the book.
    pub image: &'static str,
    /// `N posts`.
    posts: &'static str,
    /// `Volume N`.
    volume: &'static str,
    language: Family,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    English,
    Chinese,
    Japanese,
    Korean,
    Other,
}

impl Labels {
    /// Labels for a BCP 47 language tag.
    pub fn for_language(tag: &str) -> Labels {
        let lower = tag.to_ascii_lowercase();
        let primary = lower.split('-').next().unwrap_or("");
        let traditional = lower.contains("hant")
            || lower.ends_with("-tw")
            || lower.ends_with("-hk")
            || lower.ends_with("-mo");
        match primary {
            "zh" if traditional => Labels {
                contents: "目錄",
                cover: "封面",
                categories: "分類",
                tags: "標籤",
                original: "原文連結",
                image: "圖片",
                posts: "{} 篇文章",
                volume: "第 {} 卷",
                language: Family::Chinese,
            },
            "zh" => Labels {
                contents: "目录",
                cover: "封面",
                categories: "分类",
                tags: "标签",
                original: "原文链接",
                image: "图片",
                posts: "{} 篇文章",
                volume: "第 {} 卷",
                language: Family::Chinese,
            },
            "ja" => Labels {
                contents: "目次",
                cover: "表紙",
                categories: "カテゴリー",
                tags: "タグ",
                original: "元の記事",
                image: "画像",
                posts: "{} 件の記事",
                volume: "第{}巻",
                language: Family::Japanese,
            },
            "ko" => Labels {
                contents: "목차",
                cover: "표지",
                categories: "분류",
                tags: "태그",
                original: "원문 링크",
                image: "이미지",
                posts: "글 {}편",
                volume: "제{}권",
                language: Family::Korean,
            },
            other => Labels {
                contents: "Contents",
                cover: "Cover",
                categories: "Categories",
                tags: "Tags",
                original: "Original post",
                image: "image",
                posts: "{} posts",
                volume: "Volume {}",
                language: if other == "en" {
                    Family::English
                } else {
                    Family::Other
                },
            },
        }
    }

    /// `12 posts`, `12 篇文章`.
    pub fn post_count(&self, n: usize) -> String {
        self.posts.replace("{}", &n.to_string())
    }

    /// `Volume 2`, `第 2 卷`.
    pub fn volume(&self, n: usize) -> String {
        self.volume.replace("{}", &n.to_string())
    }

    /// A date as readers of the language write it.
    pub fn date(&self, t: &Timestamp) -> String {
        let (y, m, d) = (t.year(), t.month(), t.day());
        match self.language {
            Family::Chinese | Family::Japanese => format!("{y}年{m}月{d}日"),
            Family::Korean => format!("{y}년 {m}월 {d}일"),
            Family::English => format!("{d} {} {y}", MONTHS[(m - 1) as usize]),
            Family::Other => format!("{y}-{m:02}-{d:02}"),
        }
    }

    /// A month heading: `October 2021`, `2021年10月`.
    pub fn month(&self, year: i32, month: u32) -> String {
        match self.language {
            Family::Chinese | Family::Japanese => format!("{year}年{month}月"),
            Family::Korean => format!("{year}년 {month}월"),
            Family::English => format!("{} {year}", MONTHS[(month.clamp(1, 12) - 1) as usize]),
            Family::Other => format!("{year}-{month:02}"),
        }
    }

    /// A year heading: `2021`, `2021年`.
    pub fn year(&self, year: i32) -> String {
        match self.language {
            Family::Chinese | Family::Japanese => format!("{year}年"),
            Family::Korean => format!("{year}년"),
            _ => year.to_string(),
        }
    }

    /// What separates items of a list (`, ` or `、`).
    pub fn separator(&self) -> &'static str {
        match self.language {
            Family::Chinese | Family::Japanese => "、",
            _ => ", ",
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let t = chrono::DateTime::parse_from_rfc3339("2021-10-24T07:55:27+08:00").expect("date");
        assert_eq!(Labels::for_language("zh-CN").date(&t), "2021年10月24日");
        assert_eq!(Labels::for_language("en-US").date(&t), "24 October 2021");
        assert_eq!(Labels::for_language("de").date(&t), "2021-10-24");
        assert_eq!(Labels::for_language("zh-TW").contents, "目錄");
        assert_eq!(Labels::for_language("zh").post_count(3), "3 篇文章");
        assert_eq!(Labels::for_language("en").month(2021, 10), "October 2021");
    }
}
