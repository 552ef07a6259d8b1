//! The `postport` command: parses arguments, calls the pipeline, prints the report.

mod cli;
mod progress;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use postport::inspect::inspect;
use postport::output::OutputTarget;
use postport::writers::{AtomOutput, EpubOutput, JsonlOutput, MarkdownOutput};
use postport::{ConvertOptions, Filter, Report, SortKey, Source, convert};
use postport_html::CleaningRules;
use postport_jsonl::JsonlOptions;
use postport_model::Severity;
use postport_post::{ReadOptions, SiteZone, parse_date};

use crate::cli::{
    BookArgs, Cli, Command, ConvertArgs, FeedArgs, Format, ImageArgs, InspectArgs, ReadArgs,
    SelectArgs, SiteArgs,
};
use crate::progress::Bar;

// Reading is allocation-heavy (an HTML parse makes many small nodes on two threads);
// mimalloc's thread-local heaps cut glibc malloc's share of the run by more than half.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A usage or fatal error: printed, exit status 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Convert(args) => run_convert(&cli, args),
        Command::Inspect(args) => run_inspect(&cli, args),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "postport", &mut io::stdout());
            Ok(0)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut io::stdout())
            .map(|_| 0)
            .map_err(Fatal::from),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(message)) => {
            eprintln!("postport: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn read_options(args: &ReadArgs) -> Result<(ReadOptions, SiteZone), Fatal> {
    let mut rules = if args.no_clean {
        CleaningRules::none()
    } else {
        CleaningRules::default()
    };
    if let Some(path) = &args.rules {
        let text =
            std::fs::read_to_string(path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
        rules
            .extend_from_toml(&text)
            .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
    }
    for selector in &args.drop {
        rules.add_drop(selector)?;
    }
    let timezone = match &args.timezone {
        Some(name) => Some(SiteZone::parse(name).ok_or_else(|| {
            Fatal(format!(
                "unknown timezone `{name}`: use an IANA name such as Asia/Shanghai or an offset such as +08:00"
            ))
        })?),
        None => None,
    };
    let zone = timezone.unwrap_or_default();
    Ok((ReadOptions { rules, timezone }, zone))
}

fn filter(args: &SelectArgs, zone: SiteZone) -> Result<Filter, Fatal> {
    let date = |flag: &str, value: &Option<String>| -> Result<_, Fatal> {
        value
            .as_deref()
            .map(|v| {
                parse_date(v, zone).ok_or_else(|| {
                    Fatal(format!(
                        "{flag} {v}: not a date (try 2021-10-24 or 2021-10-24T08:00:00+08:00)"
                    ))
                })
            })
            .transpose()
    };
    Ok(Filter {
        drafts: args.drafts,
        since: date("--since", &args.since)?,
        until: date("--until", &args.until)?,
        categories: args.category.clone(),
        tags: args.tag.clone(),
    })
}

fn open_sources(inputs: &[std::path::PathBuf]) -> Result<Vec<Source>, Fatal> {
    inputs
        .iter()
        .map(|i| Source::open(i).map_err(Fatal::from))
        .collect()
}

fn infer_format(args: &ConvertArgs) -> Result<Format, Fatal> {
    if let Some(format) = args.to {
        return Ok(format);
    }
    let output = &args.output;
    if output == Path::new("-") {
        return Err(Fatal(
            "cannot infer the format of standard output: add --to jsonl (or epub, atom, markdown)"
                .into(),
        ));
    }
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("jsonl" | "ndjson") => Ok(Format::Jsonl),
        Some("epub") => Ok(Format::Epub),
        Some("atom" | "xml") => Ok(Format::Atom),
        None => Ok(Format::Markdown),
        Some(_) if output.is_dir() => Ok(Format::Markdown),
        Some(other) => Err(Fatal(format!(
            "cannot infer an output format from `.{other}`: use .jsonl, .epub, .atom or a folder, or add --to"
        ))),
    }
}

fn progress(cli: &Cli) -> Bar {
    Bar::new(!cli.quiet && io::stderr().is_terminal())
}

fn run_convert(cli: &Cli, args: &ConvertArgs) -> Result<u8, Fatal> {
    let format = infer_format(args)?;
    let (read, zone) = read_options(&args.read)?;
    let default_sort = match format {
        Format::Jsonl | Format::Atom => SortKey::DateDesc,
        Format::Epub => SortKey::Date,
        Format::Markdown => SortKey::Path,
    };
    if format == Format::Atom
        && args.feed.archive
        && args.select.sort.as_deref().is_some_and(|s| s != "-date")
    {
        return Err(Fatal(
            "--archive pages the feed newest first: leave out --sort (or give --sort=-date)".into(),
        ));
    }
    let sort = args
        .select
        .sort
        .as_deref()
        .and_then(SortKey::parse)
        .unwrap_or(default_sort);
    let options = ConvertOptions {
        read,
        filter: filter(&args.select, zone)?,
        sort,
        limit: args.select.limit,
        memory_budget: std::env::var("POSTPORT_MEMORY_MB")
            .ok()
            .and_then(|m| m.parse::<usize>().ok())
            .map_or(postport::store::DEFAULT_BUDGET, |mb| mb * 1024 * 1024),
        // Only -v prints them.
        list_info: cli.verbose > 0,
    };
    let sources = open_sources(&args.inputs)?;
    let target = OutputTarget::parse(&args.output);
    let bar = progress(cli);
    let report = match format {
        Format::Jsonl => {
            let writer = JsonlOutput::new(
                target,
                JsonlOptions {
                    with_tree: args.with_tree,
                },
            )?;
            convert(&sources, &options, writer, &bar)?
        }
        Format::Epub => {
            let target = match target {
                OutputTarget::File(path) => path,
                OutputTarget::Stdout => {
                    return Err(Fatal(
                        "an EPUB cannot go to standard output: give a file name".into(),
                    ));
                }
            };
            let writer = EpubOutput::new(target, epub_options(&args.book, &args.images)?)?;
            convert(&sources, &options, writer, &bar)?
        }
        Format::Atom => {
            let target = match target {
                OutputTarget::File(path) => path,
                OutputTarget::Stdout => {
                    return Err(Fatal("write the feed to a file: -o feed.atom".into()));
                }
            };
            let writer = AtomOutput::new(target, atom_options(&args.feed, &args.book)?);
            convert(&sources, &options, writer, &bar)?
        }
        Format::Markdown => {
            let target = match target {
                OutputTarget::File(path) => path,
                OutputTarget::Stdout => {
                    return Err(Fatal(
                        "Markdown output is a folder of posts: give a folder name, e.g. -o site/"
                            .into(),
                    ));
                }
            };
            let writer = MarkdownOutput::new(target, markdown_options(&args.site, &args.images))?;
            convert(&sources, &options, writer, &bar)?
        }
    };
    print_report(cli, &report);
    Ok(report.exit_code(args.strict) as u8)
}

fn fetch_options(args: &ImageArgs) -> Option<postport_media::FetchOptions> {
    args.fetch_images.then(|| postport_media::FetchOptions {
        cache: args.image_cache.clone(),
        ..postport_media::FetchOptions::default()
    })
}

fn epub_options(book: &BookArgs, images: &ImageArgs) -> Result<postport_epub::EpubOptions, Fatal> {
    let toc_by = match book.toc_by.as_str() {
        "category" => postport_epub::TocBy::Category,
        "none" => postport_epub::TocBy::None,
        _ => postport_epub::TocBy::Date,
    };
    let split_by = match &book.split_by {
        Some(s) => Some(postport_epub::SplitBy::parse(s).ok_or_else(|| {
            Fatal(format!(
                "--split-by {s}: expected year, month, category, posts:N or size:MB"
            ))
        })?),
        None => None,
    };
    let language = match &book.language {
        Some(tag) => Some(postport_model::normalize_language_tag(tag).ok_or_else(|| {
            Fatal(format!(
                "--language {tag}: not a language tag (try zh-CN, en, ja)"
            ))
        })?),
        None => None,
    };
    let css = match &book.css {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fatal(format!("--css {}: {e}", path.display())))?;
            // The files it refers to are read beside it, as a browser would.
            let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
            let load = |reference: &str| {
                let decoded = postport_html::url::percent_decode(reference);
                std::fs::read(folder.join(decoded)).ok()
            };
            Some(postport_epub::UserStyle::new(&text, &load))
        }
        None => None,
    };
    Ok(postport_epub::EpubOptions {
        title: book.title.clone(),
        authors: book.author.clone(),
        language,
        cover: book.cover.clone(),
        toc_by,
        split_by,
        vertical: book.vertical,
        css,
        fetch: fetch_options(images),
        modified: postport::clock::source_date_epoch(),
    })
}

fn atom_options(feed: &FeedArgs, book: &BookArgs) -> Result<postport_atom::AtomOptions, Fatal> {
    use postport_atom::{ArchiveBy, ContentMode, EntryIdStyle, FeedMode, SplitOn};
    let mode = if feed.archive {
        FeedMode::Archive(if feed.archive_by == "count" {
            ArchiveBy::Count
        } else {
            ArchiveBy::Month
        })
    } else if feed.complete {
        FeedMode::Complete
    } else {
        match book.split_by.as_deref() {
            None => FeedMode::Single,
            Some("category") => FeedMode::Split(SplitOn::Category),
            Some("tag") => FeedMode::Split(SplitOn::Tag),
            Some(other) => {
                return Err(Fatal(format!(
                    "--split-by {other}: feeds split by category or tag"
                )));
            }
        }
    };
    for (flag, value) in [("--feed-id", &feed.feed_id), ("--feed-url", &feed.feed_url)] {
        if let Some(v) = value
            && !postport_atom::is_absolute_iri(v)
        {
            return Err(Fatal(format!(
                "{flag} {v}: must be an absolute IRI such as https://example.org/feed.atom"
            )));
        }
    }
    if feed.page_size == 0 {
        return Err(Fatal("--page-size must be at least 1".into()));
    }
    Ok(postport_atom::AtomOptions {
        feed_id: feed.feed_id.clone(),
        feed_url: feed.feed_url.clone(),
        title: book.title.clone(),
        subtitle: None,
        author: book.author.first().cloned(),
        icon: feed.icon.clone(),
        logo: feed.logo.clone(),
        entry_ids: if feed.entry_id == "permalink" {
            EntryIdStyle::Permalink
        } else {
            EntryIdStyle::Tag
        },
        url_pattern: feed.url_pattern.clone(),
        content: match feed.content.as_str() {
            "xhtml" => ContentMode::Xhtml,
            "summary" => ContentMode::Summary,
            "none" => ContentMode::None,
            _ => ContentMode::Html,
        },
        mode,
        page_size: feed.page_size,
    })
}

fn markdown_options(site: &SiteArgs, images: &ImageArgs) -> postport_markdown::MarkdownOptions {
    use postport_markdown::{FrontMatterFormat, Layout, Target};
    postport_markdown::MarkdownOptions {
        // clap accepts only the listed values.
        target: Target::parse(&site.target).unwrap_or(Target::Hugo),
        front_matter: site
            .front_matter
            .as_deref()
            .and_then(FrontMatterFormat::parse),
        layout: if site.layout == "flat" {
            Layout::Flat
        } else {
            Layout::Bundle
        },
        with_config: site.with_config,
        fetch: fetch_options(images),
    }
}

fn run_inspect(cli: &Cli, args: &InspectArgs) -> Result<u8, Fatal> {
    let (read, zone) = read_options(&args.read)?;
    let filter = filter(&args.select, zone)?;
    let sources = open_sources(&args.inputs)?;
    let (summary, report) = inspect(&sources, &read, &filter, &progress(cli))?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", summary.to_table(args.rows))?;
    }
    print_diagnostics(cli, &report);
    Ok(report.exit_code(false) as u8)
}

/// How many warnings are printed without `-v`.
const WARNINGS_SHOWN: usize = 20;

fn print_diagnostics(cli: &Cli, report: &Report) {
    let mut err = io::stderr().lock();
    let mut warnings_left = if cli.verbose > 0 {
        usize::MAX
    } else {
        WARNINGS_SHOWN
    };
    let mut hidden = 0;
    for r in &report.diagnostics {
        let show = match r.diagnostic.severity {
            Severity::Error => true,
            Severity::Warning if !cli.quiet && warnings_left > 0 => {
                warnings_left -= 1;
                true
            }
            Severity::Warning => {
                hidden += 1;
                false
            }
            Severity::Info => cli.verbose > 0,
        };
        if show {
            let _ = writeln!(err, "{r}");
        }
    }
    if hidden > 0 && !cli.quiet {
        let _ = writeln!(err, "… and {hidden} more warnings (-v shows them all)");
    }
}

fn print_report(cli: &Cli, report: &Report) {
    print_diagnostics(cli, report);
    let mut line = format!("read {} of {} posts", report.read, report.found);
    let mut skipped = Vec::new();
    if report.failed > 0 {
        skipped.push(format!("{} unreadable", report.failed));
    }
    if report.drafts_skipped > 0 {
        skipped.push(format!(
            "{} drafts left out (--drafts keeps them)",
            report.drafts_skipped
        ));
    }
    if report.filtered > 0 {
        skipped.push(format!("{} filtered out", report.filtered));
    }
    if !skipped.is_empty() {
        line.push_str(&format!(" ({})", skipped.join(", ")));
    }
    // A long list of files (per-category feeds, archives) is summed up; -v lists them.
    let outputs = match report.outputs.as_slice() {
        [] => "nothing".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] if cli.verbose == 0 && rest.len() > 2 => {
            format!("{} and {} more files", first.display(), rest.len())
        }
        all => all
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    };
    line.push_str(&format!(
        "; wrote {} to {} in {:.2} s",
        report.written,
        outputs,
        report.elapsed.as_secs_f64()
    ));
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if errors + warnings > 0 {
        line.push_str(&format!("; {errors} errors, {warnings} warnings"));
    }
    eprintln!("{line}");
    if report.found == 0 {
        // Most often the wrong folder: say what would have been read.
        eprintln!(
            "  no posts found: postport reads .md, .markdown and .html files, and in a Hugo, Hexo, Jekyll or Zola site the folders its posts live in (content/, source/_posts/, _posts/)"
        );
    }
    for note in &report.notes {
        eprintln!("  {note}");
    }
    if cli.verbose >= 2 {
        for (phase, time) in &report.timings {
            eprintln!("  {phase:<10} {:>8.3} s", time.as_secs_f64());
        }
    }
}
