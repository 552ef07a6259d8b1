//! `postport-gen DIR [POSTS] [SEED]`: writes a synthetic news archive as a Hugo site.

use std::path::PathBuf;
use std::process::ExitCode;

use postport_testkit::{ArchiveSpec, write_site};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: postport-gen DIR [POSTS] [SEED]\nwrites a Hugo site of synthetic, news-shaped posts (default 1000 posts)"
        );
        return ExitCode::from(2);
    };
    let mut spec = ArchiveSpec::default();
    if let Some(n) = args.get(1).and_then(|s| s.parse().ok()) {
        spec.posts = n;
    }
    if let Some(seed) = args.get(2).and_then(|s| s.parse().ok()) {
        spec.seed = seed;
    }
    match write_site(&dir, &spec) {
        Ok(()) => {
            eprintln!("wrote {} posts to {}", spec.posts, dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("postport-gen: {}: {e}", dir.display());
            ExitCode::from(1)
        }
    }
}
