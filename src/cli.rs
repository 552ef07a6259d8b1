//! The command line, declared with clap: commands, options, help text with examples.
//! Shell completions and the man page are generated from this definition.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

const EXAMPLES: &str = "\
Examples:
  postport convert examples/archive -o book.epub
  postport convert my-hexo-site -o feed.atom
  postport convert news.zip --since 2021-01-01 --category 财经 -o news.jsonl
  postport convert site/ --to markdown --target hugo -o migrated/
  postport inspect my-hugo-site";

/// Turn an archive of Hugo, Hexo or Jekyll posts into an ebook, a feed, another
/// CMS's Markdown, or JSON Lines, without losing anything.
#[derive(Debug, Parser)]
#[command(name = "postport", version, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and the summary line.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every warning and informational note (-vv: phase timings too).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert posts to EPUB, Atom, Markdown or JSON Lines.
    #[command(after_help = "\
Examples:
  postport convert examples/archive -o book.epub
  postport convert blog/ -o posts.jsonl --sort -date --limit 100
  postport convert dump.jsonl -o - --to jsonl | head

Exit status: 0 when every post was read cleanly, 1 when output was written but some
posts had errors (with --strict, warnings too), 2 on usage or fatal errors (nothing
is written then).")]
    Convert(Box<ConvertArgs>),
    /// Summarise an archive: posts, sites, dates, categories, tags, languages, problems.
    #[command(after_help = "\
Examples:
  postport inspect examples/archive
  postport inspect news.zip --json | jq .categories")]
    Inspect(Box<InspectArgs>),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  postport completions bash > /etc/bash_completion.d/postport"
    )]
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  postport man > postport.1 && man ./postport.1")]
    Man,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON Lines, one article a line.
    Jsonl,
    /// An EPUB 3 ebook.
    Epub,
    /// An Atom feed.
    Atom,
    /// Markdown posts for another CMS (a folder).
    Markdown,
}

/// `convert` options.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Archives to read: site folders, post folders, single posts, .zip files, .jsonl dumps.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Where to write (`-` for standard output).
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: PathBuf,
    /// Output format; by default inferred from OUTPUT (.jsonl, .epub, .atom/.xml, a folder for Markdown).
    #[arg(long, value_enum)]
    pub to: Option<Format>,
    /// Treat warnings as errors for the exit status.
    #[arg(long)]
    pub strict: bool,
    /// JSON Lines: include the document tree as `body`.
    #[arg(long, help_heading = "JSON Lines")]
    pub with_tree: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub feed: FeedArgs,
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub images: ImageArgs,
}

/// Markdown options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Markdown")]
pub struct SiteArgs {
    /// The generator to write for: folders, front matter and idioms it builds as they are.
    #[arg(long, value_name = "GENERATOR", value_parser = ["hugo", "hexo", "jekyll", "zola", "plain"], default_value = "hugo")]
    pub target: String,
    /// Front matter format (default: YAML; TOML for Zola).
    #[arg(long, value_name = "FORMAT", value_parser = ["yaml", "toml", "json"])]
    pub front_matter: Option<String>,
    /// One folder per post with its images (page bundles, asset folders), or flat files
    /// with images in a static folder.
    #[arg(long, value_name = "LAYOUT", value_parser = ["bundle", "flat"], default_value = "bundle")]
    pub layout: String,
    /// Also write the site's configuration (and minimal templates), so the output builds
    /// on its own.
    #[arg(long)]
    pub with_config: bool,
}

/// Atom options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Atom")]
pub struct FeedArgs {
    /// The feed's id (default: a tag: URI from the site's host, stable if the site moves).
    #[arg(long, value_name = "IRI")]
    pub feed_id: Option<String>,
    /// The address the feed is published at, for its self link (default: the site's URL
    /// and the output's file name).
    #[arg(long, value_name = "URL")]
    pub feed_url: Option<String>,
    /// Entry ids: stable tag: URIs (or front matter id/guid/uuid), or the posts' URLs.
    #[arg(long, value_name = "STYLE", value_parser = ["tag", "permalink"], default_value = "tag")]
    pub entry_id: String,
    /// Entry links from a pattern instead of the site's permalinks (:year :month :day :slug),
    /// e.g. https://example.org/:year/:slug/.
    #[arg(long, value_name = "PATTERN")]
    pub url_pattern: Option<String>,
    /// What entries carry: their HTML (as text, in CDATA sections), an XHTML div, the summary only, or nothing.
    #[arg(long, value_name = "KIND", value_parser = ["html", "xhtml", "summary", "none"], default_value = "html")]
    pub content: String,
    /// RFC 5005: a subscription feed of the newest posts plus archive documents.
    #[arg(long, conflicts_with = "complete")]
    pub archive: bool,
    /// Archive documents by month, or of --page-size entries each.
    #[arg(long, value_name = "BY", value_parser = ["month", "count"], default_value = "month", requires = "archive")]
    pub archive_by: String,
    /// Entries in the subscription document, in each --split-by feed, and per archive
    /// with --archive-by count.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub page_size: usize,
    /// RFC 5005: one document holding every entry, marked complete.
    #[arg(long)]
    pub complete: bool,
    /// The feed's icon (square) URL.
    #[arg(long, value_name = "URL")]
    pub icon: Option<String>,
    /// The feed's logo (wide) URL.
    #[arg(long, value_name = "URL")]
    pub logo: Option<String>,
}

/// EPUB options (title and author serve Atom too).
#[derive(Debug, Args)]
#[command(next_help_heading = "EPUB")]
pub struct BookArgs {
    /// Book or feed title (default: the site's title, else the input's name).
    #[arg(long)]
    pub title: Option<String>,
    /// Book or feed author (repeatable; default: the site's author, else the posts' most frequent).
    #[arg(long)]
    pub author: Vec<String>,
    /// Book language as a BCP 47 tag (default: the site's, else the posts' most frequent).
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,
    /// Cover image (default: one drawn from the title, dates and post count).
    #[arg(long, value_name = "IMAGE")]
    pub cover: Option<PathBuf>,
    /// Table of contents: nested by date (year > month), by category path, or none.
    #[arg(long, value_name = "BY", value_parser = ["date", "category", "none"], default_value = "date")]
    pub toc_by: String,
    /// EPUB: several books by year, month, category, posts:N or size:MB. Atom: one feed
    /// per category or tag, plus an OPML index.
    #[arg(long, value_name = "BY")]
    pub split_by: Option<String>,
    /// Vertical writing with right-to-left page turns (Chinese, Japanese).
    #[arg(long)]
    pub vertical: bool,
    /// A stylesheet to add after the built-in one.
    #[arg(long, value_name = "FILE")]
    pub css: Option<PathBuf>,
}

/// Images (EPUB and Markdown).
#[derive(Debug, Args)]
#[command(next_help_heading = "Images")]
pub struct ImageArgs {
    /// Download remote images to embed or copy them (in parallel, with a timeout, a size
    /// cap, retries and the post's site as Referer); without it they stay links.
    #[arg(long)]
    pub fetch_images: bool,
    /// Keep downloaded images here, so a second run downloads nothing.
    #[arg(long, value_name = "DIR", requires = "fetch_images")]
    pub image_cache: Option<PathBuf>,
}

/// `inspect` options.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Archives to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Rows per list in the table.
    #[arg(long, default_value_t = 15)]
    pub rows: usize,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub select: SelectArgs,
}

/// How posts are read.
#[derive(Debug, Args)]
#[command(next_help_heading = "Reading")]
pub struct ReadArgs {
    /// Timezone of dates without an offset when the site sets none (IANA name like
    /// Asia/Shanghai, or +08:00); default UTC.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Extra cleaning rules (TOML, the format of the built-in rules).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Also drop HTML matching this CSS selector (repeatable).
    #[arg(long, value_name = "SELECTOR")]
    pub drop: Vec<String>,
    /// Do not apply cleaning rules (scripts, styles and handlers are still removed).
    #[arg(long)]
    pub no_clean: bool,
}

/// Which posts, in which order.
#[derive(Debug, Args)]
#[command(next_help_heading = "Selecting")]
pub struct SelectArgs {
    /// Include drafts (`draft: true`, `published: false`, drafts folders).
    #[arg(long)]
    pub drafts: bool,
    /// Only posts dated on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only posts dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only posts in this category (a name at any level, or a path `a/b`); repeatable.
    #[arg(long, value_name = "NAME")]
    pub category: Vec<String>,
    /// Only posts with this tag; repeatable.
    #[arg(long, value_name = "NAME")]
    pub tag: Vec<String>,
    /// Keep the first N posts of the output order.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output order: date (oldest first), -date, title, -title, path. Default: -date
    /// for JSON Lines and Atom, date for EPUB, path for Markdown.
    #[arg(long, value_name = "KEY", value_parser = ["date", "-date", "title", "-title", "path"], allow_hyphen_values = true)]
    pub sort: Option<String>,
}
