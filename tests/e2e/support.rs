//! Helpers: the binary, fixture paths, temporary copies and golden files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled example archive.
pub fn examples() -> PathBuf {
    root().join("examples/archive")
}

/// A `postport` command.
pub fn postport() -> Command {
    let mut cmd = Command::cargo_bin("postport").expect("binary built");
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Compares `actual` with the checked-in file `tests/golden/<name>`; with
/// `UPDATE_GOLDEN=1` rewrites the file instead (review the diff before committing).
pub fn assert_golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == actual {
        return;
    }
    let first_diff = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    let show = |s: &str| {
        s.lines()
            .nth(first_diff)
            .unwrap_or("<end of file>")
            .chars()
            .take(600)
            .collect::<String>()
    };
    panic!(
        "{name} differs from the golden file at line {}:\n expected: {}\n   actual: {}\nRun with UPDATE_GOLDEN=1 to accept the new output, then review `git diff`.",
        first_diff + 1,
        show(&expected),
        show(actual)
    );
}

/// Whether a validator the tests need is installed. Without it the test is skipped,
/// saying so, unless `POSTPORT_REQUIRE_TOOLS` is set (as `scripts/test.sh` and CI do),
/// where a missing validator fails the test instead.
pub fn require_tool(present: bool, what: &str) -> bool {
    if present {
        return true;
    }
    if std::env::var_os("POSTPORT_REQUIRE_TOOLS").is_some() {
        panic!("{what} is required (POSTPORT_REQUIRE_TOOLS is set) but not installed");
    }
    eprintln!("skipped: {what} is not installed");
    false
}

/// A generated Hugo site of `posts` synthetic, seed-shaped news posts at `dir/site`.
pub fn generated_site(dir: &Path, posts: usize) -> PathBuf {
    let site = dir.join("site");
    postport_testkit::write_site(
        &site,
        &postport_testkit::ArchiveSpec {
            posts,
            ..Default::default()
        },
    )
    .expect("generates");
    site
}

/// Every file below `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
