//! Cleaning rules: CSS selectors paired with actions, loaded from data (TOML), so a
//! user can extend or replace them without touching code.

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
    /// The compiled selector.
    pub selector: Selector,
    /// The action.
    pub action: RuleAction,
    /// Why the rule exists.
    pub description: Option<String>,
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
        let mut rules = CleaningRules {
            rules: Vec::new(),
            strip_indent: file.strip_indent.unwrap_or(false),
        };
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

    fn push(
        &mut self,
        selector: &str,
        action: RuleAction,
        description: Option<String>,
    ) -> Result<(), HtmlError> {
        self.rules.push(Rule {
            selector_text: selector.to_string(),
            selector: compile(selector)?,
            action,
            description,
        });
        Ok(())
    }
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
