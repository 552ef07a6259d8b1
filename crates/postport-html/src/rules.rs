//! Cleaning rules: CSS selectors paired with actions, loaded from data (TOML), so a
//! user can extend or replace them without touching code.

use memchr::memmem::Finder;
use scraper::Selector;
use serde::Deserialize;

use crate::HtmlError;

/// What a rule does to the elements it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleAction {
    /// Remove the element and its content.
    Drop,
    /// Keep the content, forget the element.
    Unwrap,
    /// The content is strong emphasis.
    Strong,
    /// The content is emphasis.
    Emphasis,
    /// The element is a paragraph.
    Paragraph,
    /// The element wraps one image; the first descendant matching `caption` is its caption.
    Figure {
        /// Selects the caption inside the wrapper.
        caption: Option<Selector>,
    },
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The selector as written.
    pub selector_text: String,
    /// The selector's alternatives (its comma-separated parts), compiled, each with a
    /// literal the source must contain for it to match anything.
    pub alternatives: Vec<Alternative>,
    /// The action.
    pub action: RuleAction,
    /// Why the rule exists.
    pub description: Option<String>,
}

/// One alternative of a rule's selector.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// The compiled selector.
    pub selector: Selector,
    /// A literal that every element it matches needs in the source (`appendQr` for
    /// `[class*='appendQr']`, `<font` for `font`), so the selector is skipped on
    /// documents without it; `None` when no such literal can be read off.
    pub hint: Option<String>,
    /// Searches for the hint (and, for a tag, its upper-case spelling).
    finders: Vec<Finder<'static>>,
    /// What every element the selector matches has, read off its subject: elements
    /// without it are passed over without running the selector.
    pub subject: SubjectFilter,
}

/// A cheap necessary condition for a selector to match an element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectFilter {
    /// The element's name (lower case), when the subject names one (`font`, `span[style]`).
    pub tag: Option<html5ever::LocalName>,
    /// An attribute the element has (lower case): `class` for `.x`, `id` for `#x`, `a`
    /// for `[a]` or `[a*='v']`.
    pub attribute: Option<html5ever::LocalName>,
}

impl SubjectFilter {
    /// Whether an element may match. Only HTML elements are filtered: names elsewhere
    /// keep their case.
    pub fn admits(&self, element: &scraper::node::Element) -> bool {
        if element.name.ns != html5ever::ns!(html) {
            return true;
        }
        if let Some(tag) = &self.tag
            && *tag != element.name.local
        {
            return false;
        }
        match &self.attribute {
            Some(attribute) => element
                .attrs
                .iter()
                .any(|(name, _)| name.ns == html5ever::ns!() && name.local == *attribute),
            None => true,
        }
    }
}

impl Alternative {
    /// Whether the selector can match anything in `html`.
    pub fn may_match(&self, html: &str) -> bool {
        self.finders.is_empty()
            || self
                .finders
                .iter()
                .any(|f| f.find(html.as_bytes()).is_some())
    }
}

/// An ordered set of rules; when several match one element, the last wins.
#[derive(Debug, Clone)]
pub struct CleaningRules {
    /// The rules, in order.
    pub rules: Vec<Rule>,
    /// Strip leading full-width/no-break space indentation from paragraphs.
    pub strip_indent: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    strip_indent: Option<bool>,
    #[serde(default, rename = "rule")]
    rules: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    selector: String,
    action: String,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

const DEFAULT_RULES: &str = include_str!("default_rules.toml");

impl Default for CleaningRules {
    fn default() -> Self {
        // The default rules are part of the crate and tested; failing to parse them is a bug.
        #[allow(clippy::expect_used)]
        CleaningRules::from_toml(DEFAULT_RULES).expect("the built-in cleaning rules are valid")
    }
}

impl CleaningRules {
    /// No rules at all (`--no-clean`): only the allowlist applies.
    pub fn none() -> Self {
        CleaningRules {
            rules: Vec::new(),
            strip_indent: false,
        }
    }

    /// Parses a rules file (the format of `default_rules.toml`).
    pub fn from_toml(text: &str) -> Result<Self, HtmlError> {
        let file: RulesFile =
            toml::from_str(text).map_err(|e| HtmlError::Rules(e.message().to_string()))?;
        let mut rules = CleaningRules::none();
        rules.strip_indent = file.strip_indent.unwrap_or(false);
        for spec in file.rules {
            let action = match spec.action.as_str() {
                "drop" => RuleAction::Drop,
                "unwrap" => RuleAction::Unwrap,
                "strong" => RuleAction::Strong,
                "emphasis" => RuleAction::Emphasis,
                "paragraph" => RuleAction::Paragraph,
                "figure" => RuleAction::Figure {
                    caption: spec.caption.as_deref().map(compile).transpose()?,
                },
                other => {
                    return Err(HtmlError::Rules(format!(
                        "unknown action `{other}` for selector `{}` (expected drop, unwrap, strong, emphasis, paragraph or figure)",
                        spec.selector
                    )));
                }
            };
            rules.push(&spec.selector, action, spec.description)?;
        }
        Ok(rules)
    }

    /// Appends the rules of another file after these (they win over these).
    pub fn extend_from_toml(&mut self, text: &str) -> Result<(), HtmlError> {
        let more = CleaningRules::from_toml(text)?;
        self.strip_indent |= more.strip_indent;
        self.rules.extend(more.rules);
        Ok(())
    }

    /// Appends a rule that drops what `selector` matches (`--drop SELECTOR`).
    pub fn add_drop(&mut self, selector: &str) -> Result<(), HtmlError> {
        self.push(selector, RuleAction::Drop, None)
    }

    /// Which alternatives of which rules can match anything in `html`: those whose
    /// hint occurs in it, and those without a hint.
    pub fn active(&self, html: &str) -> Vec<Vec<bool>> {
        self.rules
            .iter()
            .map(|r| r.alternatives.iter().map(|a| a.may_match(html)).collect())
            .collect()
    }

    fn push(
        &mut self,
        selector: &str,
        action: RuleAction,
        description: Option<String>,
    ) -> Result<(), HtmlError> {
        let alternatives = split_alternatives(selector)
            .into_iter()
            .map(|alt| {
                let hint = hint_of(alt);
                let mut finders = Vec::new();
                if let Some(h) = &hint {
                    finders.push(Finder::new(h.as_bytes()).into_owned());
                    // Tag names are case-insensitive; `<FONT` is the other spelling seen.
                    if h.starts_with('<') {
                        finders.push(Finder::new(h.to_ascii_uppercase().as_bytes()).into_owned());
                    }
                }
                Ok(Alternative {
                    selector: compile(alt)?,
                    hint,
                    finders,
                    subject: subject_filter(alt),
                })
            })
            .collect::<Result<Vec<_>, HtmlError>>()?;
        if alternatives.is_empty() {
            return Err(HtmlError::Selector {
                selector: selector.to_string(),
                reason: "empty selector".to_string(),
            });
        }
        self.rules.push(Rule {
            selector_text: selector.to_string(),
            alternatives,
            action,
            description,
        });
        Ok(())
    }
}

/// Splits a selector list on its top-level commas.
fn split_alternatives(selector: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (i, c) in selector.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(selector[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(selector[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

/// Tags the HTML parser can create without them being in the source.
const IMPLIED_TAGS: &[&str] = &[
    "html", "head", "body", "tbody", "thead", "tfoot", "tr", "td", "th", "colgroup", "col", "p",
    "li", "dt", "dd", "option", "table", "caption",
];

/// A literal the source must contain for the subject of `selector` (its last compound)
/// to exist: an attribute value, a class or id, or a tag's `<name`. The longest wins.
/// The compound selector after the last combinator outside brackets: what a matching
/// element itself must be.
fn subject_of(selector: &str) -> &str {
    let mut depth = 0i32;
    let mut subject_start = 0;
    for (i, c) in selector.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ' ' | '>' | '+' | '~' if depth == 0 => subject_start = i + 1,
            _ => {}
        }
    }
    selector[subject_start..].trim()
}

/// What a selector's subject requires of an element: its name (`span` for
/// `div > span[style]`) and one attribute it tests at the top level of the compound
/// (`class` for `.x`, `style` for `[style]`; not inside `:not(...)`). Namespaced names
/// (`svg|a`, `[xlink|href]`) and `*` require nothing.
fn subject_filter(selector: &str) -> SubjectFilter {
    let subject = subject_of(selector);
    let name_end = |from: &str| {
        from.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(from.len())
    };
    let end = name_end(subject);
    let tag = &subject[..end];
    let namespaced = subject[end..].starts_with('|');
    let mut filter = SubjectFilter::default();
    if namespaced || subject.starts_with('*') {
        return filter;
    }
    if !tag.is_empty() {
        filter.tag = Some(html5ever::LocalName::from(tag.to_ascii_lowercase()));
    }
    let rest = &subject[end..];
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '.' | '#' | '[' if depth == 0 => {
                let attribute = match c {
                    '.' => "class".to_string(),
                    '#' => "id".to_string(),
                    _ => {
                        let inside = rest[i + 1..].trim_start();
                        let n = name_end(inside);
                        if n == 0
                            || inside[n..].trim_start().starts_with('|')
                                && !inside[n..].trim_start().starts_with("|=")
                        {
                            break;
                        }
                        inside[..n].to_ascii_lowercase()
                    }
                };
                filter.attribute = Some(html5ever::LocalName::from(attribute));
                break;
            }
            _ => {}
        }
    }
    filter
}

fn hint_of(selector: &str) -> Option<String> {
    let subject = subject_of(selector);
    if subject.contains(':') && !subject.contains('[') {
        return None;
    }
    let mut hints: Vec<String> = Vec::new();
    let tag: String = subject
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if !tag.is_empty() && !IMPLIED_TAGS.contains(&tag.to_ascii_lowercase().as_str()) {
        hints.push(format!("<{tag}"));
    }
    let bytes = subject.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' | b'#' => {
                let name: String = subject[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                i += 1 + name.len();
                if !name.is_empty() {
                    hints.push(name);
                }
            }
            b'[' => {
                let end = subject[i..].find(']').map_or(subject.len(), |e| i + e);
                let inside = &subject[i + 1..end];
                // `[attr op 'value']`: the value is in the source (an operator with `=`).
                if let Some(eq) = inside.find('=') {
                    let value = inside[eq + 1..].trim().trim_matches(['\'', '"']).trim();
                    if !value.is_empty() && !inside[..eq].ends_with('|') {
                        hints.push(value.to_string());
                    }
                } else {
                    let name = inside.trim();
                    if !name.is_empty() {
                        hints.push(name.to_string());
                    }
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    hints.into_iter().max_by_key(String::len)
}

fn compile(selector: &str) -> Result<Selector, HtmlError> {
    Selector::parse(selector).map_err(|e| HtmlError::Selector {
        selector: selector.to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_parse() {
        let rules = CleaningRules::default();
        assert!(rules.strip_indent);
        assert!(rules.rules.iter().any(|r| r.action == RuleAction::Drop));
        assert!(
            rules
                .rules
                .iter()
                .any(|r| matches!(r.action, RuleAction::Figure { caption: Some(_) }))
        );
    }

    #[test]
    fn the_subject_filter_is_what_a_match_must_have() {
        let f = |s: &str| {
            let filter = subject_filter(s);
            (
                filter.tag.map(|t| t.to_string()),
                filter.attribute.map(|a| a.to_string()),
            )
        };
        let some = |t: &str| Some(t.to_string());
        assert_eq!(f("font"), (some("font"), None));
        assert_eq!(f("div > SPAN[Style]"), (some("span"), some("style")));
        assert_eq!(f("p.img_wrapper"), (some("p"), some("class")));
        assert_eq!(f("span#x"), (some("span"), some("id")));
        assert_eq!(f("span:not(.x, .y)"), (some("span"), None));
        assert_eq!(f("span:not(.x).y"), (some("span"), some("class")));
        assert_eq!(f("div [class*='a b']"), (None, some("class")));
        assert_eq!(f("[ class ~= 'x' ]"), (None, some("class")));
        assert_eq!(f("[lang|='zh']"), (None, some("lang")));
        assert_eq!(f("div.a *"), (None, None));
        assert_eq!(f(".share-bar"), (None, some("class")));
        assert_eq!(f(":is(div, p)"), (None, None));
        assert_eq!(f("svg|rect"), (None, None));
        assert_eq!(f("*|rect"), (None, None));
        assert_eq!(f("[xlink|href]"), (None, None));
    }

    #[test]
    fn the_subject_filter_admits_every_element_the_selector_matches() {
        let html = scraper::Html::parse_fragment(
            r#"<div class="a b" id="top"><span style="x" STYLE2="y">t</span><p lang="zh-CN">p</p><svg><rect class="r"/></svg><font cms-style="strong-Bold">f</font></div>"#,
        );
        for selector in [
            "span[style]",
            "div.a",
            "#top",
            "[lang|='zh']",
            "p[lang]",
            "rect.r",
            "svg rect",
            "font[cms-style*='strong-Bold']",
            "span:not(.x)",
            "[style2]",
            "div > span",
        ] {
            let compiled = compile(selector).expect("compiles");
            let filter = subject_filter(selector);
            let mut matched = 0;
            for element in html.select(&compiled) {
                matched += 1;
                assert!(
                    filter.admits(element.value()),
                    "{selector} admits {:?}",
                    element.value()
                );
            }
            assert!(matched > 0, "{selector} matches something");
        }
    }

    #[test]
    fn hints_are_literals_the_source_must_contain() {
        assert_eq!(hint_of("font").as_deref(), Some("<font"));
        assert_eq!(
            hint_of("font[cms-style*='strong-Bold']").as_deref(),
            Some("strong-Bold")
        );
        assert_eq!(hint_of("div.img_wrapper").as_deref(), Some("img_wrapper"));
        assert_eq!(hint_of("div .img_descr").as_deref(), Some("img_descr"));
        assert_eq!(hint_of("tbody td"), None);
        assert_eq!(hint_of("p:first-child"), None);
        assert_eq!(hint_of("span[style]").as_deref(), Some("style"));
        assert_eq!(
            split_alternatives("a[title='x,y'], b , c:not(.d, .e)"),
            vec!["a[title='x,y']", "b", "c:not(.d, .e)"]
        );
        let rules = CleaningRules::default();
        let active = rules.active("<p>plain text with <b>bold</b></p>");
        let strong_rule = rules
            .rules
            .iter()
            .position(|r| r.action == RuleAction::Strong)
            .expect("rule");
        assert!(
            active[strong_rule].iter().all(|a| !a),
            "no font, no span: the rule is skipped"
        );
        let active = rules.active("<FONT cms-style=\"font-L strong-Bold\">x</FONT>");
        assert!(active[strong_rule].iter().any(|a| *a));
    }

    #[test]
    fn bad_rules_are_reported() {
        let err = CleaningRules::from_toml("[[rule]]\nselector = \"p\"\naction = \"explode\"\n")
            .expect_err("unknown action");
        assert!(err.to_string().contains("explode"), "{err}");
        let err = CleaningRules::from_toml("[[rule]]\nselector = \"p[\"\naction = \"drop\"\n")
            .expect_err("bad selector");
        assert!(err.to_string().contains("p["), "{err}");
        let mut rules = CleaningRules::none();
        assert!(rules.add_drop(".ad").is_ok());
        assert!(rules.add_drop("<<").is_err());
    }
}
