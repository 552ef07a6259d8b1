//! Reads the project's seed post from `../shared/seeds/` (outside the repository).
//! Skipped, saying so, when `../shared` is absent.

use std::path::{Path, PathBuf};

use postport_model::{Block, Inline, SourcePath, plain_text};
use postport_post::{NoFiles, PostContext, ReadOptions, Site, read_post};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is absent");
        None
    }
}

#[test]
fn seed_post_reads_as_specified() {
    let Some(shared) = shared() else { return };
    let path = shared.join("seeds/sina-finance-2021-10-24.md");
    let bytes = std::fs::read(&path).expect("seed readable");
    let site = Site::plain(PathBuf::new());
    let options = ReadOptions::default();
    let cx = PostContext {
        site: &site,
        options: &options,
        files: &NoFiles,
        in_draft_dir: false,
    };
    let article = read_post(
        &SourcePath::new("sina-finance-2021-10-24.md"),
        bytes.clone(),
        &cx,
    )
    .expect("reads");
    let meta = &article.meta;
    assert!(meta.title.starts_with("疫情防控正处关键时刻"));
    assert_eq!(
        meta.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2021-10-24T07:55:27+00:00")
    );
    assert_eq!(meta.authors, vec!["新浪财经"]);
    assert_eq!(
        meta.categories,
        vec![vec![
            "金融".to_string(),
            "新浪财经".into(),
            "新浪财经－国內".into()
        ]]
    );
    assert_eq!(
        meta.cover.as_deref(),
        Some("https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png")
    );
    assert_eq!(
        meta.extra.get("comments"),
        Some(&serde_json::Value::Bool(false))
    );
    let text = plain_text(&article.body);
    // Every sentence of the article, from the source's own paragraphs.
    let source = String::from_utf8(bytes).expect("utf-8");
    for sentence in [
        "10月24日上午",
        "会议指出",
        "一办十九组和各区迅速行动",
        "压减会议论坛",
        "流程编辑 刘伟利",
        "责任编辑：彭佳兵",
    ] {
        assert!(
            source.contains(sentence) && text.contains(sentence),
            "missing {sentence}"
        );
    }
    for residue in [
        "&#123;",
        "{border",
        "appendQr",
        "海量资讯",
        "<!--",
        "iframe",
    ] {
        assert!(!text.contains(residue), "residue {residue} in {text}");
    }
    assert!(!text.contains('\u{3000}'), "indentation kept");
    let bold = article.body.iter().any(|b| {
        matches!(b, Block::Paragraph { content } if content.iter().any(|i| matches!(i, Inline::Strong { .. })))
    });
    assert!(bold, "bold sentences stay bold");
}
