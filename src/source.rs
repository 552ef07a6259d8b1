//! The inputs of a conversion: post archives (folders, files, zips) and JSON Lines
//! dumps, behind one interface for the pipeline.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use postport_model::{NoResources, Resources, SiteInfo, SourcePath};
use postport_post::{Archive, ArchiveError, SiteKind};

/// One input.
pub enum Source {
    /// A folder, a post file or a zip of posts.
    Archive(Box<Archive>),
    /// A JSON Lines file of articles (`.jsonl`, `.ndjson`).
    Jsonl(PathBuf),
}

impl Source {
    /// Opens an input, by its extension.
    pub fn open(input: &Path) -> Result<Source, ArchiveError> {
        let is_jsonl = input
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
        if is_jsonl {
            if !input.is_file() {
                return Err(ArchiveError::NotFound(input.to_path_buf()));
            }
            return Ok(Source::Jsonl(input.to_path_buf()));
        }
        Archive::open(input).map(|a| Source::Archive(Box::new(a)))
    }

    /// The input's name (its file or folder name).
    pub fn name(&self) -> String {
        let path = match self {
            Source::Archive(a) => a.input(),
            Source::Jsonl(p) => p.as_path(),
        };
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        absolute
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Site-level metadata: the input root's site, else the first site with a config.
    pub fn site_info(&self) -> SiteInfo {
        let mut info = SiteInfo {
            input_name: Some(self.name()),
            ..SiteInfo::default()
        };
        if let Source::Archive(archive) = self {
            let sites = archive.sites();
            // The input's own site; else its only site. An input holding several sites
            // gets no site's title: none of them speaks for the whole.
            let configured: Vec<_> = sites.iter().filter(|s| s.kind != SiteKind::Plain).collect();
            let site = sites
                .iter()
                .find(|s| s.root.as_os_str().is_empty() && s.kind != SiteKind::Plain)
                .or_else(|| (configured.len() == 1).then(|| configured[0]));
            if let Some(site) = site {
                info.title = site.title.clone();
                info.subtitle = site.subtitle.clone();
                info.description = site.description.clone();
                info.author = site.author.clone();
                info.language = site.language.clone();
                info.base_url = site.base_url.clone();
                info.generator = Some(site.kind.name().to_string());
                info.time_zone = site.zone.and_then(|z| z.iana_name());
                info.permalink = match site.kind {
                    SiteKind::Hugo => site.permalinks.get("posts").cloned(),
                    _ => site.permalink.clone(),
                };
            }
        }
        info
    }

    /// Where a post of this input is, for messages.
    pub fn display_path(&self, path: &SourcePath) -> String {
        match self {
            Source::Archive(a) => a.display_path(path),
            // A line that is not a record has no path of its own: its line number follows.
            Source::Jsonl(p) if path.as_path().as_os_str().is_empty() => p.display().to_string(),
            Source::Jsonl(p) => format!("{}:{}", p.display(), path.display()),
        }
    }

    /// The files posts of this input refer to.
    pub fn resources(&self) -> &dyn Resources {
        match self {
            Source::Archive(a) => a.as_ref(),
            Source::Jsonl(_) => &NoResources,
        }
    }

    /// How many posts the input holds, if known without reading them.
    pub fn len_hint(&self) -> Option<usize> {
        match self {
            Source::Archive(a) => Some(a.entries().len()),
            Source::Jsonl(_) => None,
        }
    }
}

/// The lines of a JSON Lines file, numbered from 1, blank lines skipped.
pub fn jsonl_lines(path: &Path) -> io::Result<impl Iterator<Item = io::Result<(u32, String)>>> {
    let reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    Ok(reader
        .lines()
        .enumerate()
        .map(|(i, line)| line.map(|l| (i as u32 + 1, l)))
        .filter(|r| !matches!(r, Ok((_, l)) if l.trim().is_empty())))
}
