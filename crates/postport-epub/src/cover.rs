//! A cover drawn for books without one (`--cover`): the title, the date range and the
//! number of posts on a colour taken from the title, so no book shows as a blank tile.

use quick_xml::escape::escape;

use crate::text_width;

const PALETTES: [(&str, &str, &str); 6] = [
    ("#1f3a5f", "#f4f1ea", "#d9a441"),
    ("#7a2e2e", "#f7efe6", "#e8c07d"),
    ("#2f4f3e", "#f1f4ee", "#c9b458"),
    ("#3b3355", "#f3f0f7", "#c97b84"),
    ("#24424a", "#eef5f3", "#e39b5b"),
    ("#4a3b2a", "#f6f0e6", "#9fb8ad"),
];

/// Splits a title into lines of at most `width` units (a CJK character is 1, a Latin
/// one about half), breaking Latin text at spaces.
fn wrap(title: &str, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in title.split_inclusive(' ') {
        let fits = text_width(&line) + text_width(word) <= width;
        if !fits && !line.trim().is_empty() && !word.chars().any(crate::is_wide) {
            lines.push(line.trim().to_string());
            line = String::new();
        }
        for c in word.chars() {
            if text_width(&line) + text_width(&c.to_string()) > width && !line.trim().is_empty() {
                lines.push(line.trim().to_string());
                line = String::new();
            }
            line.push(c);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim().to_string());
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.pop();
            last.push('…');
        }
    }
    lines
}

/// An SVG cover, 1600 × 2400.
pub fn cover_svg(title: &str, subtitle: &str, footer: &str) -> String {
    let hash = title
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let (bg, fg, accent) = PALETTES[hash as usize % PALETTES.len()];
    let lines = wrap(title, 11.0, 5);
    let size = if lines.len() > 3 { 112 } else { 128 };
    let mut text = String::new();
    let start = 900 - (lines.len() as i32 - 1) * size * 6 / 10;
    for (i, line) in lines.iter().enumerate() {
        text.push_str(&format!(
            "  <text x=\"800\" y=\"{}\" font-size=\"{size}\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>\n",
            start + i as i32 * size * 12 / 10,
            escape(line.as_str())
        ));
    }
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="2400" viewBox="0 0 1600 2400">
  <title>{title_attr}</title>
  <rect width="1600" height="2400" fill="{bg}"/>
  <rect x="120" y="120" width="1360" height="2160" fill="none" stroke="{accent}" stroke-width="12"/>
  <rect x="120" y="1560" width="1360" height="16" fill="{accent}"/>
  <g fill="{fg}" font-family="'Noto Serif CJK SC','Source Han Serif SC','Songti SC','Noto Serif',Georgia,serif">
{text}  <text x="800" y="1760" font-size="72" text-anchor="middle">{subtitle}</text>
  <text x="800" y="1900" font-size="60" text-anchor="middle">{footer}</text>
  </g>
</svg>
"##,
        title_attr = escape(title),
        subtitle = escape(subtitle),
        footer = escape(footer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_cjk_and_latin() {
        assert_eq!(
            wrap("滨江新闻存档（生成）", 6.0, 5),
            vec!["滨江新闻存档", "（生成）"]
        );
        assert_eq!(
            wrap("Field Notes from the mountains", 11.0, 5),
            vec!["Field Notes from", "the mountains"]
        );
        let long = wrap(&"很长的标题".repeat(20), 11.0, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }

    #[test]
    fn cover_is_escaped_svg() {
        let svg = cover_svg("A & B <c>", "2013–2023", "13 posts");
        assert!(svg.contains("A &amp; B &lt;c&gt;"));
        assert!(svg.starts_with("<?xml"));
    }
}
