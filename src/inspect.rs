//! `postport inspect`: what an archive holds (posts, sites, date range, categories,
//! tags, languages) and what would not read cleanly, without writing anything.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use chrono::Datelike;
use postport_model::{DiagnosticKind, Severity, Timestamp, rfc3339};
use postport_post::ReadOptions;
use serde::Serialize;

use crate::filter::{Filter, Rejection};
use crate::pipeline::{Progress, read_inputs};
use crate::report::Report;
use crate::source::Source;

/// A site found in an input.
#[derive(Debug, Clone, Serialize)]
pub struct SiteSummary {
    /// Its folder, relative to the input.
    pub root: String,
    /// hexo, hugo, jekyll or plain.
    pub kind: &'static str,
    /// Its title.
    pub title: Option<String>,
    /// Its configuration file.
    pub config: Option<String>,
}

/// A name and how many posts have it.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// The name (a category path is joined with ` > `).
    pub name: String,
    /// How many posts.
    pub posts: usize,
}

/// What an archive holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Posts read and selected.
    pub posts: usize,
    /// Posts that could not be read.
    pub failed: usize,
    /// Drafts (counted in `posts` only with `--drafts`).
    pub drafts: usize,
    /// Sites found.
    pub sites: Vec<SiteSummary>,
    /// The oldest date.
    pub first_date: Option<String>,
    /// The newest date.
    pub last_date: Option<String>,
    /// Posts without a date.
    pub undated: usize,
    /// Posts per year.
    pub years: Vec<Count>,
    /// Category paths, most used first.
    pub categories: Vec<Count>,
    /// Tags, most used first.
    pub tags: Vec<Count>,
    /// Languages, most used first.
    pub languages: Vec<Count>,
    /// Diagnostics by code and severity.
    pub diagnostics: Vec<DiagnosticCount>,
}

/// How many diagnostics of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticCount {
    /// The code.
    pub kind: DiagnosticKind,
    /// The severity.
    pub severity: Severity,
    /// How many.
    pub count: usize,
}

fn ranked(counts: BTreeMap<String, usize>) -> Vec<Count> {
    let mut v: Vec<Count> = counts
        .into_iter()
        .map(|(name, posts)| Count { name, posts })
        .collect();
    v.sort_by(|a, b| b.posts.cmp(&a.posts).then(a.name.cmp(&b.name)));
    v
}

/// Reads every input and summarises it.
pub fn inspect(
    sources: &[Source],
    read: &ReadOptions,
    filter: &Filter,
    progress: &dyn Progress,
) -> io::Result<(Summary, Report)> {
    let mut summary = Summary::default();
    let mut report = Report {
        list_info: true,
        ..Report::default()
    };
    let (mut first, mut last): (Option<Timestamp>, Option<Timestamp>) = (None, None);
    let (mut years, mut categories, mut tags, mut languages) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    for source in sources {
        if let Source::Archive(archive) = source {
            for site in archive.sites() {
                summary.sites.push(SiteSummary {
                    root: site.root.display().to_string(),
                    kind: site.kind.name(),
                    title: site.title.clone(),
                    config: site.config_file.as_ref().map(|c| c.display().to_string()),
                });
            }
            for (path, d) in archive.diagnostics() {
                report.push(source.display_path(path), d.clone());
            }
        }
    }
    read_inputs(sources, read, progress, |item| {
        report.found += 1;
        let display = sources[item.input].display_path(&item.path);
        let mut article = match item.outcome {
            Ok(a) => a,
            Err(d) => {
                summary.failed += 1;
                report.failed += 1;
                report.push(display, d);
                return Ok(());
            }
        };
        report.read += 1;
        for d in std::mem::take(&mut article.diagnostics) {
            report.push(display.clone(), d);
        }
        if article.meta.draft {
            summary.drafts += 1;
        }
        match filter.check(&article) {
            Err(Rejection::Draft) => return Ok(()),
            Err(_) => {
                report.filtered += 1;
                return Ok(());
            }
            Ok(()) => {}
        }
        summary.posts += 1;
        let meta = &article.meta;
        match article.sort_date() {
            Some(d) => {
                first = Some(first.map_or(d, |f| f.min(d)));
                last = Some(last.map_or(d, |l| l.max(d)));
                *years.entry(format!("{:04}", d.year())).or_insert(0) += 1;
            }
            None => summary.undated += 1,
        }
        for path in &meta.categories {
            *categories.entry(path.join(" > ")).or_insert(0) += 1;
        }
        for tag in &meta.tags {
            *tags.entry(tag.clone()).or_insert(0) += 1;
        }
        let language = meta.language.clone().unwrap_or_else(|| "unknown".into());
        *languages.entry(language).or_insert(0) += 1;
        Ok(())
    })?;
    summary.first_date = first.as_ref().map(rfc3339);
    summary.last_date = last.as_ref().map(rfc3339);
    let mut by_year = ranked(years);
    by_year.sort_by(|a, b| a.name.cmp(&b.name));
    summary.years = by_year;
    summary.categories = ranked(categories);
    summary.tags = ranked(tags);
    summary.languages = ranked(languages);
    report.sort();
    summary.diagnostics = report
        .by_kind()
        .into_iter()
        .map(|(kind, severity, count)| DiagnosticCount {
            kind,
            severity,
            count,
        })
        .collect();
    Ok((summary, report))
}

impl Summary {
    /// A plain-text table, `limit` rows per list.
    pub fn to_table(&self, limit: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "posts        {}", self.posts);
        if self.failed > 0 {
            let _ = writeln!(out, "unreadable   {}", self.failed);
        }
        let _ = writeln!(out, "drafts       {}", self.drafts);
        let range = match (&self.first_date, &self.last_date) {
            (Some(a), Some(b)) => format!("{a} .. {b}"),
            _ => "none".to_string(),
        };
        let _ = writeln!(out, "dates        {range}");
        if self.undated > 0 {
            let _ = writeln!(out, "undated      {}", self.undated);
        }
        let _ = writeln!(out, "\nsites");
        for s in &self.sites {
            let root = if s.root.is_empty() { "." } else { &s.root };
            let _ = writeln!(
                out,
                "  {:<8} {root}{}",
                s.kind,
                s.title
                    .as_ref()
                    .map(|t| format!("  ({t})"))
                    .unwrap_or_default()
            );
        }
        for (title, list) in [
            ("years", &self.years),
            ("languages", &self.languages),
            ("categories", &self.categories),
            ("tags", &self.tags),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{title} ({})", list.len());
            for c in list.iter().take(limit) {
                let _ = writeln!(out, "  {:>6}  {}", c.posts, c.name);
            }
            if list.len() > limit {
                let _ = writeln!(out, "  … {} more", list.len() - limit);
            }
        }
        if !self.diagnostics.is_empty() {
            let _ = writeln!(out, "\ndiagnostics");
            for d in &self.diagnostics {
                let _ = writeln!(out, "  {:>6}  {}[{}]", d.count, d.severity, d.kind.code());
            }
        }
        out
    }
}
