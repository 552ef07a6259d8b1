//! Which folder is the archive: a folder inside a site is read through its site (with
//! its config), unless the site keeps no posts there.

use std::path::Path;

use postport_post::{Archive, ReadOptions};

mod common;
use common::write;

fn titles(input: &Path) -> Vec<String> {
    let archive = Archive::open(input).expect("opens");
    let mut titles: Vec<String> = archive
        .entries()
        .iter()
        .map(|e| {
            archive
                .read_entry(e, &ReadOptions::default())
                .expect("reads")
                .meta
                .title
        })
        .collect();
    titles.sort();
    titles
}

#[test]
fn a_folder_inside_a_site_reads_as_the_site_or_as_itself() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path();
    write(
        &site.join("_config.yml"),
        "title: Site\nurl: https://s.example.com\n",
    );
    write(
        &site.join("source/_posts/a.md"),
        "---\ntitle: In the site\n---\nA.\n",
    );
    // An export written under the site's folder, where Hexo keeps no posts.
    write(
        &site.join("export/source/_posts/b.md"),
        "---\ntitle: Exported\n---\nB.\n",
    );

    assert_eq!(titles(site), ["In the site"]);
    assert_eq!(titles(&site.join("source/_posts")), ["In the site"]);
    assert_eq!(titles(&site.join("export")), ["Exported"]);
}
