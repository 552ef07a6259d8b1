//! Where each post and its files go, decided for the whole archive before the first
//! post is written: safe, unique slugs (no separators, no `..`, no reserved names, a
//! suffix instead of overwriting), the target's folders, and how other posts link to it.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use chrono::Datelike;
use postport_model::{Collection, Timestamp};

use crate::render::PostHref;
use crate::target::{Layout, Target};

/// Names Windows refuses as file names, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Longest slug, in bytes (file systems allow 255 for a whole name).
const MAX_SLUG: usize = 120;

/// A slug that is a safe file name on every system and for every target: letters of any
/// script are kept; separators, controls, reserved characters and whitespace become `-`.
pub fn safe_slug(raw: &str, target: Target) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let bad = c.is_control()
            || c.is_whitespace()
            || "/\\:*?\"<>|#%{}[]^`".contains(c)
            // Zola reads a dot as a language suffix (`post.fr.md`).
            || (c == '.' && target == Target::Zola);
        if bad {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    let mut slug = out
        .trim_matches(|c| c == '-' || c == '.' || c == '_')
        .to_string();
    if slug.len() > MAX_SLUG {
        let mut end = MAX_SLUG;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        slug = slug.trim_end_matches(['-', '.']).to_string();
    }
    if slug.is_empty() || slug.chars().all(|c| c == '.') {
        slug = "post".to_string();
    }
    let stem = slug.split('.').next().unwrap_or("").to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) || slug.eq_ignore_ascii_case("index") {
        slug.push_str("-post");
    }
    slug
}

/// A file name for an asset (its last path segment, made safe), unique in `taken`.
pub fn asset_name(reference: &str, taken: &mut HashSet<String>) -> String {
    let last = reference
        .split(['?', '#'])
        .next()
        .unwrap_or(reference)
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    file_name(&postport_html::url::percent_decode(last), taken)
}

/// A file name for a file known by its name (taken literally: a `#` or `%` in it is part
/// of the name), made safe and unique in `taken`, keeping its extension.
pub fn file_name(decoded: &str, taken: &mut HashSet<String>) -> String {
    let (stem, ext) = match decoded.rsplit_once('.') {
        Some((s, e))
            if !s.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (s.to_string(), format!(".{}", e.to_ascii_lowercase()))
        }
        _ => (decoded.to_string(), String::new()),
    };
    let stem = safe_slug(&stem, Target::Zola);
    let mut name = format!("{stem}{ext}");
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem}-{n}{ext}");
        n += 1;
    }
    name
}

/// Where one post goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostPlan {
    /// The slug (unique in the export).
    pub slug: String,
    /// Whether the source slug had to change (unsafe or taken).
    pub renamed: bool,
    /// The Markdown file, relative to the output folder.
    pub file: PathBuf,
    /// The folder the post's images and files go to, relative to the output folder.
    pub asset_dir: PathBuf,
    /// What the Markdown writes before an asset's name (`""` beside the post,
    /// `/images/<slug>/` in a static folder).
    pub asset_prefix: String,
    /// How other posts link to it (`None`: a draft the target does not build).
    pub href: Option<PostHref>,
    /// Whether it is a draft.
    pub draft: bool,
    /// Its date.
    pub date: Option<Timestamp>,
}

fn date_prefix(date: Option<&Timestamp>) -> String {
    match date {
        Some(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        None => "1970-01-01".to_string(),
    }
}

/// Plans every post of `collection`.
pub fn plan_posts(collection: &Collection, target: Target, layout: Layout) -> Vec<PostPlan> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut plans = Vec::with_capacity(collection.entries.len());
    for entry in &collection.entries {
        let wanted = safe_slug(&entry.slug, target);
        let mut slug = wanted.clone();
        let mut n = 2;
        // Case-insensitive: two posts differing in case collide on macOS and Windows.
        while !taken.insert(slug.to_lowercase()) {
            slug = format!("{wanted}-{n}");
            n += 1;
        }
        let renamed = slug != entry.slug;
        let draft = entry.draft;
        let date = entry.date;
        let flat_assets = (
            PathBuf::from("static/images").join(&slug),
            format!("/images/{slug}/"),
        );
        let (file, asset_dir, asset_prefix, href) = match (target, layout) {
            (Target::Hugo | Target::Zola, Layout::Bundle) => {
                let dir = PathBuf::from("content/posts").join(&slug);
                (dir.join("index.md"), dir, String::new(), None)
            }
            (Target::Hugo | Target::Zola, Layout::Flat) => (
                PathBuf::from("content/posts").join(format!("{slug}.md")),
                flat_assets.0,
                flat_assets.1,
                None,
            ),
            (Target::Hexo, layout) => {
                let folder = if draft {
                    "source/_drafts"
                } else {
                    "source/_posts"
                };
                let (dir, prefix) = match layout {
                    Layout::Bundle => (PathBuf::from(folder).join(&slug), String::new()),
                    Layout::Flat => (
                        PathBuf::from("source/images").join(&slug),
                        format!("/images/{slug}/"),
                    ),
                };
                (
                    PathBuf::from(folder).join(format!("{slug}.md")),
                    dir,
                    prefix,
                    None,
                )
            }
            (Target::Jekyll, _) => {
                let file = if draft {
                    PathBuf::from("_drafts").join(format!("{slug}.md"))
                } else {
                    PathBuf::from("_posts")
                        .join(format!("{}-{slug}.md", date_prefix(date.as_ref())))
                };
                (
                    file,
                    PathBuf::from("assets").join(&slug),
                    format!("/assets/{slug}/"),
                    None,
                )
            }
            (Target::Plain, Layout::Bundle) => {
                let dir = PathBuf::from(&slug);
                (dir.join("index.md"), dir, String::new(), None)
            }
            (Target::Plain, Layout::Flat) => (
                PathBuf::from(format!("{slug}.md")),
                PathBuf::from(&slug),
                format!("{slug}/"),
                None,
            ),
        };
        let href = href.or_else(|| post_href(target, layout, &slug, draft, date.as_ref()));
        plans.push(PostPlan {
            slug,
            renamed,
            file,
            asset_dir,
            asset_prefix,
            href,
            draft,
            date,
        });
    }
    plans
}

fn post_href(
    target: Target,
    layout: Layout,
    slug: &str,
    draft: bool,
    date: Option<&Timestamp>,
) -> Option<PostHref> {
    // A link to a draft breaks the build of Hugo (`ref`) and Jekyll (`post_url`).
    Some(match target {
        Target::Hugo if !draft => PostHref::Hugo(format!("/posts/{slug}")),
        Target::Hexo if !draft => PostHref::Hexo(slug.to_string()),
        Target::Jekyll if !draft => PostHref::Jekyll(format!("{}-{slug}", date_prefix(date))),
        Target::Zola if !draft => PostHref::Zola(match layout {
            Layout::Bundle => format!("posts/{slug}/index.md"),
            Layout::Flat => format!("posts/{slug}.md"),
        }),
        Target::Plain => PostHref::Url(match layout {
            Layout::Bundle => format!("../{slug}/index.md"),
            Layout::Flat => format!("{slug}.md"),
        }),
        _ => return None,
    })
}

/// Whether `path` stays inside the folder it is relative to (no root, no `..`).
pub fn is_contained(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(safe_slug("../../etc/passwd", Target::Hugo), "etc-passwd");
        assert_eq!(safe_slug("秋汛 防御", Target::Hugo), "秋汛-防御");
        assert_eq!(safe_slug("CON", Target::Hugo), "CON-post");
        assert_eq!(safe_slug("index", Target::Hugo), "index-post");
        assert_eq!(safe_slug("v1.2 notes", Target::Zola), "v1-2-notes");
        assert_eq!(safe_slug("v1.2", Target::Hugo), "v1.2");
        assert_eq!(safe_slug("...", Target::Hugo), "post");
        assert_eq!(safe_slug("_index", Target::Hugo), "index-post");
        assert!(safe_slug(&"长".repeat(200), Target::Hugo).len() <= MAX_SLUG);
    }

    #[test]
    fn asset_names_are_unique() {
        let mut taken = HashSet::new();
        assert_eq!(asset_name("a/b/Photo.JPG", &mut taken), "Photo.jpg");
        assert_eq!(asset_name("c/photo.jpg", &mut taken), "photo-2.jpg");
        assert_eq!(
            asset_name("https://x/y/%E5%9B%BE.png?w=1", &mut taken),
            "图.png"
        );
        assert_eq!(asset_name("https://x/", &mut taken), "post");
        assert_eq!(file_name("p i#c.png", &mut taken), "p-i-c.png");
        assert_eq!(file_name("100%25.png", &mut taken), "100-25.png");
    }

    #[test]
    fn containment() {
        assert!(is_contained(Path::new("content/posts/a/index.md")));
        assert!(!is_contained(Path::new("../x")));
        assert!(!is_contained(Path::new("/etc/x")));
    }
}
