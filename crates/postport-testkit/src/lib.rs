//! Generates synthetic archives shaped like the RSS-to-Hexo news archives postport was
//! made for: HTML bodies full of CMS cruft, and Markdown bodies, as a Hugo site (so
//! `hugo` can build the very same files for benchmarks).

mod text;

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use text::Rng;

/// How to shape an archive.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveSpec {
    /// How many posts.
    pub posts: usize,
    /// The seed of the pseudo-random text (the same seed gives the same archive).
    pub seed: u64,
    /// Paragraphs per post (each about 250 characters).
    pub paragraphs: usize,
    /// One post in this many has a Markdown body; the others are HTML.
    pub markdown_every: usize,
}

impl Default for ArchiveSpec {
    fn default() -> Self {
        ArchiveSpec {
            posts: 1000,
            seed: 2021,
            paragraphs: 10,
            markdown_every: 3,
        }
    }
}

/// The Hugo configuration of a generated site: raw HTML allowed (news bodies are HTML),
/// dates read in Shanghai time.
pub const HUGO_CONFIG: &str = "baseURL = 'https://news.example.cn/'\ntitle = '滨江新闻存档（生成）'\nlanguageCode = 'zh-cn'\ntimeZone = 'Asia/Shanghai'\nhasCJKLanguage = true\n[markup.goldmark.renderer]\nunsafe = true\n";

/// Minimal templates so that `hugo` renders every page (a fair comparison: without
/// layouts Hugo skips rendering).
pub const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/single.html",
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Date }}</p>{{ .Content }}</body></html>\n",
    ),
    (
        "layouts/_default/list.html",
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    ),
];

/// Writes a Hugo site of `spec.posts` posts into `dir` (`hugo.toml`, `layouts/`,
/// `content/posts/NNNNNN.md`).
pub fn write_site(dir: &Path, spec: &ArchiveSpec) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("content/posts"))?;
    std::fs::write(dir.join("hugo.toml"), HUGO_CONFIG)?;
    for (path, text) in HUGO_LAYOUTS {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    for i in 0..spec.posts {
        let post = post(spec, i);
        std::fs::write(dir.join(format!("content/posts/{:06}.md", i)), post)?;
    }
    Ok(())
}

/// The text of post number `index` (front matter and body).
pub fn post(spec: &ArchiveSpec, index: usize) -> String {
    let mut rng = Rng::new(spec.seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let markdown =
        spec.markdown_every > 0 && index % spec.markdown_every == spec.markdown_every - 1;
    let mut out = String::with_capacity(8 * 1024);
    let title = rng.title();
    let (section, channel) = rng.channel();
    let day = rng.below(3650) as i64;
    let date = text::rfc2822(1_420_070_400 + day * 86_400 + rng.below(86_400) as i64);
    let image = format!(
        "https://img.news.example.cn/{}/{:06}.png",
        2015 + day / 365,
        index
    );
    let _ = write!(
        out,
        "\n---\ntitle: '{title}'\ncategories: \n - 新闻\n - {section}\n - {section}－{channel}\nheadimg: '{image}'\nauthor: {section}\ncomments: false\ndate: {date}\nthumbnail: '{image}'\ntags:\n - {channel}\n - {}\n---\n\n",
        rng.tag()
    );
    if markdown {
        markdown_body(&mut rng, spec, &mut out);
    } else {
        html_body(&mut rng, spec, index, &mut out);
    }
    out
}

fn html_body(rng: &mut Rng, spec: &ArchiveSpec, index: usize, out: &mut String) {
    out.push_str("<div>   \n");
    for p in 0..spec.paragraphs {
        out.push_str(
            "<p cms-style=\"font-L\">　　<font cms-style=\"font-L\"><font cms-style=\"font-L\">",
        );
        out.push_str(&rng.sentences(2));
        out.push_str("</font><font cms-style=\"font-L strong-Bold\"><font cms-style=\"font-L strong-Bold color210\">");
        out.push_str(&rng.sentences(1));
        out.push_str("</font></font>");
        out.push_str(&rng.sentences(2));
        out.push_str("</font></p>\n");
        if p == spec.paragraphs / 2 {
            let _ = writeln!(
                out,
                "<div class=\"img_wrapper\"><img src=\"https://img.news.example.cn/body/{index:06}-{p}.jpg\" alt=\"\" referrerpolicy=\"no-referrer\"><span class=\"img_descr\">{}</span></div>",
                rng.caption()
            );
        }
    }
    let _ = write!(
        out,
        "<p cms-style=\"font-L\">　　编辑 {}</p><!-- news_keyword_pub,stock, -->\n\n\n\n<!-- 正文下iframe -->\n\n<!-- 总声明-->\n\n<!-- 文末二维码 start -->\n\n            <!-- 文末二维码 start -->\n            <style>\n            .appendQr_wrap&#123;border:1px solid #E6E6E6;padding:8px;&#125;\n            .appendQr_normal&#123;float:left;&#125;\n            .appendQr_normal img&#123;width:74px;&#125;\n            </style>\n            <div class=\"clearfix appendQr_wrap\">\n                <div class=\"appendQr_normal\"><img src=\"https://img.news.example.cn/qr.png\" referrerpolicy=\"no-referrer\"></div>\n                <div class=\"appendQr_normal_txt\">海量资讯、精准解读，尽在客户端</div>\n            </div>\n            <!-- 文末二维码 start -->\n\n<p class=\"article-editor\">责任编辑：{} </p>\n\n</div>\n",
        rng.name(),
        rng.name()
    );
}

fn markdown_body(rng: &mut Rng, spec: &ArchiveSpec, out: &mut String) {
    let _ = writeln!(out, "{}\n\n<!-- more -->\n", rng.sentences(2));
    for p in 0..spec.paragraphs {
        if p % 5 == 0 {
            let _ = writeln!(out, "## {}\n", rng.title());
        }
        // CJK emphasis the CommonMark way: punctuation inside the markers.
        let _ = writeln!(
            out,
            "{}**“{}”**，{}**{}%**左右。\n",
            rng.sentences(1),
            rng.phrase(),
            rng.sentences(1),
            rng.below(100)
        );
        if p % 7 == 3 {
            for _ in 0..3 {
                let _ = writeln!(out, "- {}", rng.phrase());
            }
            out.push('\n');
        }
        if p % 9 == 4 {
            let _ = writeln!(
                out,
                "| 指标 | 数值 |\n|:---|---:|\n| {} | {} |\n| {} | {} |\n",
                rng.phrase(),
                rng.below(1000),
                rng.phrase(),
                rng.below(1000)
            );
        }
    }
    let _ = writeln!(out, "> {}\n", rng.sentences(1));
}
