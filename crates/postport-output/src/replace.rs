//! Moving a finished temporary file over its target, the cheapest way the file system
//! allows, without ever leaving the target missing or half-written.

use std::io;
use std::path::Path;

use tempfile::NamedTempFile;

/// Moves `temp` to `path`, replacing what is there.
///
/// On Linux an existing target is swapped with the temporary file in one step
/// (`renameat2` with `RENAME_EXCHANGE`), and the old file is then removed under the
/// temporary name. A plain rename over an existing file makes ext4 write the new file's
/// data out before the rename returns (its `auto_da_alloc` safeguard for programs that
/// do not fsync): 50 ms for a 90 MB feed, against 20 ms for the swap and removal.
/// Where the swap is not available (another system, a file system without it, no
/// target yet) this is an ordinary rename.
pub(crate) fn replace(temp: NamedTempFile, path: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    let temp = match exchange(temp, path) {
        Ok(()) => return Ok(()),
        Err(temp) => temp,
    };
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Swaps `temp` with an existing regular file at `path` and deletes the old one; gives
/// `temp` back untouched when the swap cannot be made.
#[cfg(target_os = "linux")]
fn exchange(temp: NamedTempFile, path: &Path) -> Result<(), NamedTempFile> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    // A folder or anything but a file is for the rename to refuse, as it always did.
    let replaces_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    if !replaces_file || renameat_with(CWD, temp.path(), CWD, path, RenameFlags::EXCHANGE).is_err()
    {
        return Err(temp);
    }
    // The temporary name now holds the old output; closing removes it. Failing to remove
    // it leaves a stray `.partial` file, not a wrong output.
    let _ = temp.close();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_with(dir: &Path, text: &str) -> NamedTempFile {
        let mut temp = NamedTempFile::new_in(dir).expect("temp");
        temp.write_all(text.as_bytes()).expect("writes");
        temp
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("lists")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_target_is_created_and_an_old_one_replaced_without_leftovers() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("feed.atom");
        replace(temp_with(dir.path(), "first"), &path).expect("creates");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "first");
        replace(temp_with(dir.path(), "second"), &path).expect("replaces");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "second");
        assert_eq!(names(dir.path()), ["feed.atom"]);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out");
        std::fs::create_dir(&path).expect("folder");
        std::fs::write(path.join("keep"), "x").expect("writes");
        assert!(replace(temp_with(dir.path(), "data"), &path).is_err());
        assert!(path.join("keep").is_file());
        assert_eq!(names(dir.path()), ["out"], "the temporary file is removed");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_replaced_and_its_target_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, "theirs").expect("writes");
        let path = dir.path().join("out.jsonl");
        std::os::unix::fs::symlink(&elsewhere, &path).expect("link");
        replace(temp_with(dir.path(), "ours"), &path).expect("replaces");
        assert!(!std::fs::symlink_metadata(&path).expect("meta").is_symlink());
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "ours");
        assert_eq!(
            std::fs::read_to_string(&elsewhere).expect("reads"),
            "theirs"
        );
    }
}
