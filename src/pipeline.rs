//! The conversion pipeline: read every input in parallel (one post's failure is a
//! diagnostic, never the run's), filter, sort, then hand articles to one writer in
//! order, rendering them in parallel. Articles wait in an on-disk store between the
//! passes, so memory holds one heading per post, not the bodies.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use postport_model::{Article, Collection, Diagnostic, DiagnosticKind, EntryInfo, SourcePath};
use postport_post::ReadOptions;
use rayon::prelude::*;
use thiserror::Error;

use crate::filter::{Filter, Rejection};
use crate::report::Report;
use crate::sort::SortKey;
use crate::source::{Source, jsonl_lines};
use crate::store::{ArticleStore, DEFAULT_BUDGET, Loaded, Slot};
use crate::writer::{EarlyContext, RenderContext, WriteError, Writer};

/// Progress reporting for long runs (a progress bar in the CLI).
pub trait Progress: Sync {
    /// A phase begins (`reading`, `writing`), with its size if known.
    fn start(&self, _phase: &'static str, _total: Option<u64>) {}
    /// `n` more items are done.
    fn advance(&self, _n: u64) {}
    /// The phase is over.
    fn finish(&self) {}
}

/// No progress reporting.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// What a conversion keeps and in which order.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// How posts are read.
    pub read: ReadOptions,
    /// Which posts are kept.
    pub filter: Filter,
    /// The output order.
    pub sort: SortKey,
    /// Keep only the first N posts of that order.
    pub limit: Option<usize>,
    /// Bytes of articles held in memory between the passes; more goes to a temporary file.
    pub memory_budget: usize,
    /// List informational diagnostics in the report, not only count them.
    pub list_info: bool,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            read: ReadOptions::default(),
            filter: Filter::default(),
            sort: SortKey::DateDesc,
            limit: None,
            memory_budget: DEFAULT_BUDGET,
            list_info: true,
        }
    }
}

/// A failure that stops the run: nothing is written.
#[derive(Debug, Error)]
pub enum PipelineError {
    /// The temporary store failed.
    #[error("temporary storage failed: {0}")]
    Store(#[from] io::Error),
    /// The writer failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// One post as read in the first pass.
pub struct ReadItem {
    /// Index of its input.
    pub input: usize,
    /// Its file.
    pub path: SourcePath,
    /// The article, or why it could not be read.
    pub outcome: Result<Article, Diagnostic>,
}

/// Reads every post of every input, in parallel, calling `visit` for each (on the
/// calling thread, in no particular order).
pub fn read_inputs(
    sources: &[Source],
    options: &ReadOptions,
    progress: &dyn Progress,
    visit: impl FnMut(ReadItem) -> io::Result<()>,
) -> io::Result<()> {
    read_mapped(
        sources,
        options,
        progress,
        |input, path, outcome| ReadItem {
            input,
            path,
            outcome,
        },
        visit,
    )
}

/// Posts read by one worker, handed over together: one channel message per batch
/// rather than per post keeps the threads from waking each other thousands of times.
const BATCH: usize = 16;

/// [`read_inputs`], where `map` turns each post read (its input, file and article or
/// failure) into what `visit` gets, on the reading thread: work done there is done in
/// parallel, and an article it drops is freed by the thread that built it.
fn read_mapped<T: Send>(
    sources: &[Source],
    options: &ReadOptions,
    progress: &dyn Progress,
    map: impl Fn(usize, SourcePath, Result<Article, Diagnostic>) -> T + Sync,
    mut visit: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let total: Option<usize> = sources.iter().map(Source::len_hint).sum();
    progress.start("reading", total.map(|t| t as u64));
    let map = &map;
    for (input, source) in sources.iter().enumerate() {
        match source {
            Source::Archive(archive) => {
                let (tx, rx) = mpsc::sync_channel::<Vec<T>>(16);
                let result = std::thread::scope(|scope| {
                    scope.spawn(move || {
                        archive
                            .entries()
                            .par_chunks(BATCH)
                            .for_each_with(tx, |tx, entries| {
                                let batch = entries
                                    .iter()
                                    .map(|entry| {
                                        let outcome = archive
                                            .read_entry(entry, options)
                                            .map_err(|e| e.to_diagnostic());
                                        map(input, entry.path.clone(), outcome)
                                    })
                                    .collect();
                                // The receiver only stops early on a store failure.
                                let _ = tx.send(batch);
                            });
                    });
                    for batch in rx {
                        progress.advance(batch.len() as u64);
                        for item in batch {
                            visit(item)?;
                        }
                    }
                    Ok::<(), io::Error>(())
                });
                result?;
            }
            Source::Jsonl(path) => {
                let mut batch: Vec<(u32, String)> = Vec::with_capacity(256);
                let mut lines = jsonl_lines(path)?;
                loop {
                    batch.clear();
                    for line in lines.by_ref().take(256) {
                        batch.push(line?);
                    }
                    if batch.is_empty() {
                        break;
                    }
                    let items: Vec<T> = batch
                        .par_iter()
                        .map(|(number, line)| {
                            let outcome = postport_jsonl::read_line(line, *number).map_err(|e| {
                                Diagnostic::error(DiagnosticKind::FrontMatterSyntax, e.to_string())
                                    .at(*number, Some(e.column()))
                            });
                            let path = match &outcome {
                                Ok(a) => a.source.clone(),
                                Err(_) => SourcePath::new(""),
                            };
                            map(input, path, outcome)
                        })
                        .collect();
                    progress.advance(items.len() as u64);
                    for item in items {
                        visit(item)?;
                    }
                }
            }
        }
    }
    progress.finish();
    Ok(())
}

struct Head {
    info: EntryInfo,
    input: usize,
    slot: Slot,
}

/// Converts `sources` with `writer`. Errors of single posts are in the report; an
/// `Err` means nothing was written.
pub fn convert<W: Writer>(
    sources: &[Source],
    options: &ConvertOptions,
    mut writer: W,
    progress: &dyn Progress,
) -> Result<Report, PipelineError> {
    let started = Instant::now();
    let mut report = Report {
        list_info: options.list_info,
        ..Report::default()
    };
    let mut store = ArticleStore::new(options.memory_budget);
    let mut heads: Vec<Head> = Vec::new();
    let names = postport_model::Interner::default();
    for source in sources {
        if let Source::Archive(archive) = source {
            for (path, diagnostic) in archive.diagnostics() {
                report.push(source.display_path(path), diagnostic.clone());
            }
        }
    }
    let site = sources.first().map(Source::site_info).unwrap_or_default();
    // The reading threads filter each article, take its heading and, when the writer
    // can render it on its own, render it and drop it there; once the store spills,
    // they also serialize the others, which the store would otherwise do on this
    // thread, one article at a time.
    let site_only = Collection::new(site.clone(), Vec::new());
    let spilling = AtomicBool::new(false);
    let prepare = |input: usize, path: SourcePath, outcome: Result<Article, Diagnostic>| {
        let mut article = match outcome {
            Ok(article) => article,
            Err(diagnostic) => return (input, path, Prepared::Failed(diagnostic)),
        };
        let mut diagnostics = std::mem::take(&mut article.diagnostics);
        if let Err(rejection) = options.filter.check(&article) {
            return (input, path, Prepared::Rejected(diagnostics, rejection));
        }
        let info = EntryInfo::of(&article, &names);
        let cx = EarlyContext {
            site_only: &site_only,
            resources: sources[input].resources(),
        };
        let waiting = if let Some(rendered) = writer.render_alone(&article, &cx, &mut diagnostics) {
            Waiting::Rendered(rendered)
        } else if spilling.load(Ordering::Relaxed) {
            Waiting::Serialized(ArticleStore::encode(&article))
        } else {
            let size = heap_estimate(&article);
            Waiting::Tree(Box::new(article), size)
        };
        (
            input,
            path,
            Prepared::Kept {
                diagnostics,
                info,
                waiting,
            },
        )
    };
    read_mapped(
        sources,
        &options.read,
        progress,
        prepare,
        |(input, path, prepared)| {
            report.found += 1;
            let display = sources[input].display_path(&path);
            let diagnostics = match prepared {
                Prepared::Failed(diagnostic) => {
                    report.failed += 1;
                    report.push(display, diagnostic);
                    return Ok(());
                }
                Prepared::Rejected(diagnostics, rejection) => {
                    match rejection {
                        Rejection::Draft => report.drafts_skipped += 1,
                        _ => report.filtered += 1,
                    }
                    diagnostics
                }
                Prepared::Kept {
                    diagnostics,
                    info,
                    waiting,
                } => {
                    let slot = match waiting {
                        Waiting::Rendered(rendered) => store.put_rendered(rendered)?,
                        Waiting::Serialized(bytes) => store.put_encoded(&bytes?)?,
                        Waiting::Tree(article, size) => {
                            let slot = store.put(*article, size)?;
                            if matches!(slot, Slot::Disk { .. }) {
                                spilling.store(true, Ordering::Relaxed);
                            }
                            slot
                        }
                    };
                    heads.push(Head { info, input, slot });
                    diagnostics
                }
            };
            report.read += 1;
            for d in diagnostics {
                report.push(display.clone(), d);
            }
            Ok(())
        },
    )?;
    store.seal()?;
    let mut phase = Instant::now();
    report.timings.push(("reading", started.elapsed()));

    heads.sort_by(|a, b| options.sort.compare((&a.info, a.input), (&b.info, b.input)));
    if let Some(limit) = options.limit
        && heads.len() > limit
    {
        report.filtered += heads.len() - limit;
        heads.truncate(limit);
    }
    let locations: Vec<(usize, Slot)> = heads.iter().map(|h| (h.input, h.slot)).collect();
    let collection = Collection::new(site, heads.into_iter().map(|h| h.info).collect());
    writer.begin(&collection)?;
    report.timings.push(("sorting", phase.elapsed()));
    phase = Instant::now();

    progress.start("writing", Some(locations.len() as u64));
    let mut position = 0;
    for chunk in locations.chunks(64) {
        let mut loaded = Vec::with_capacity(chunk.len());
        for (input, slot) in chunk {
            loaded.push((*input, store.take(*slot)?));
        }
        let spill = store.spill_file();
        let rendered: Vec<_> = loaded
            .into_par_iter()
            .enumerate()
            .map(|(i, (input, loaded))| {
                let loaded = loaded.read(spill)?;
                if let Loaded::Rendered(bytes) = loaded {
                    return Ok(Rendered::Early {
                        bytes,
                        position: position + i,
                    });
                }
                let article = loaded.into_article()?;
                let mut diagnostics = Vec::new();
                let cx = RenderContext {
                    collection: &collection,
                    resources: sources[input].resources(),
                    position: position + i,
                };
                let result = writer.render(&article, &cx, &mut diagnostics);
                Ok::<_, io::Error>(Rendered::Now {
                    input,
                    path: article.source,
                    result,
                    diagnostics,
                })
            })
            .collect();
        for item in rendered {
            match item? {
                Rendered::Early { bytes, position } => {
                    writer.write_alone(bytes, position)?;
                    report.written += 1;
                }
                Rendered::Now {
                    input,
                    path,
                    result,
                    diagnostics,
                } => {
                    let display = sources[input].display_path(&path);
                    for d in diagnostics {
                        report.push(display.clone(), d);
                    }
                    match result {
                        Ok(r) => {
                            writer.write(r)?;
                            report.written += 1;
                        }
                        Err(WriteError::Article(reason)) => report.push(
                            display,
                            Diagnostic::error(
                                DiagnosticKind::LossyConversion,
                                format!("not written: {reason}"),
                            ),
                        ),
                        Err(fatal) => return Err(fatal.into()),
                    }
                }
            }
            progress.advance(1);
        }
        position += chunk.len();
    }
    progress.finish();
    report.timings.push(("writing", phase.elapsed()));
    phase = Instant::now();
    let summary = writer.finish()?;
    report.timings.push(("finishing", phase.elapsed()));
    report.outputs = summary.outputs;
    report.notes = summary.notes;
    report.sort();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What a reading thread made of a post it read.
// Nearly every post is `Kept`: boxing it would add an allocation a post.
#[allow(clippy::large_enum_variant)]
enum Prepared {
    /// It could not be read.
    Failed(Diagnostic),
    /// The filter left it out (with what reading it noted).
    Rejected(Vec<Diagnostic>, Rejection),
    /// It is converted: what reading and rendering noted, its heading, and the form in
    /// which it waits for sorting.
    Kept {
        diagnostics: Vec<Diagnostic>,
        info: EntryInfo,
        waiting: Waiting,
    },
}

/// How a kept article waits for sorting.
enum Waiting {
    /// As its tree (with its estimated size in memory).
    Tree(Box<Article>, usize),
    /// As its writer rendered it on its own.
    Rendered(Vec<u8>),
    /// Serialized, to be spilled (an error stops the run, as the store's own would).
    Serialized(io::Result<Vec<u8>>),
}

/// One article of the writing pass, ready to write.
enum Rendered<R> {
    /// Rendered while reading.
    Early { bytes: Vec<u8>, position: usize },
    /// Rendered now.
    Now {
        input: usize,
        path: SourcePath,
        result: Result<R, WriteError>,
        diagnostics: Vec<Diagnostic>,
    },
}

/// A rough size of an article in memory: its text plus a node overhead, times the
/// allocator and enum overhead measured on news-shaped posts (about 2.5). Only used
/// to keep the in-memory store within its budget.
fn heap_estimate(article: &Article) -> usize {
    let mut size =
        512 + article.meta.title.len() + article.meta.summary.as_ref().map_or(0, String::len);
    postport_model::walk::walk_blocks(&article.body, &mut |block| {
        size += 64;
        if let postport_model::Block::CodeBlock { code, .. } = block {
            size += code.len();
        }
    });
    postport_model::walk::walk_inlines(&article.body, &mut |inline| {
        size += 48;
        if let postport_model::Inline::Text { text } = inline {
            size += text.len();
        }
    });
    size * 5 / 2
}
