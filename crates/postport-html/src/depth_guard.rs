//! A linear pre-pass that flattens pathologically deep markup before tree building.
//! html5ever's tree builder scans its open-element stack per tag, which is quadratic
//! at depths no real post reaches; the tokenizer alone is linear.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use quick_xml::escape::{escape, partial_escape};

/// Elements nested deeper than this are unwrapped before parsing (their text is kept).
pub(crate) const MAX_MARKUP_DEPTH: usize = 256;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Elements whose start tag implicitly closes an open element of the same name.
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

#[derive(Default)]
struct State {
    stack: Vec<String>,
    out: String,
    removed: usize,
}

struct DepthSink {
    limit: usize,
    state: RefCell<State>,
}

impl TokenSink for DepthSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        if SELF_CLOSING_SIBLINGS.contains(&name.as_str())
                            && state.stack.last() == Some(&name)
                        {
                            state.stack.pop();
                        }
                        let void = VOID.contains(&name.as_str());
                        let depth = state.stack.len() + usize::from(!void);
                        if depth > self.limit {
                            state.removed += 1;
                        } else {
                            state.out.push('<');
                            state.out.push_str(&name);
                            for attr in &tag.attrs {
                                state.out.push(' ');
                                state.out.push_str(&attr.name.local);
                                state.out.push_str("=\"");
                                state.out.push_str(&escape(&*attr.value));
                                state.out.push('"');
                            }
                            state.out.push('>');
                        }
                        if !void {
                            state.stack.push(name.clone());
                        }
                        return match name.as_str() {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                                TokenSinkResult::RawData(RawKind::Rawtext)
                            }
                            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag => {
                        if let Some(pos) = state.stack.iter().rposition(|n| *n == name) {
                            let depth = pos + 1;
                            state.stack.truncate(pos);
                            if depth > self.limit {
                                state.removed += 1;
                                return TokenSinkResult::Continue;
                            }
                        }
                        state.out.push_str("</");
                        state.out.push_str(&name);
                        state.out.push('>');
                    }
                }
            }
            Token::CharacterTokens(text) => state.out.push_str(&partial_escape(&*text)),
            Token::CommentToken(text) => {
                state.out.push_str("<!--");
                state.out.push_str(&text.replace("--", "- -"));
                state.out.push_str("-->");
            }
            Token::NullCharacterToken
            | Token::DoctypeToken(_)
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

/// `html` with elements nested deeper than [`MAX_MARKUP_DEPTH`] unwrapped, or `None`
/// when nothing is that deep (the common case, decided without tokenizing when the
/// fragment has fewer tags than the limit).
pub(crate) fn flatten_deep_markup(html: &str) -> Option<String> {
    flatten_beyond(html, MAX_MARKUP_DEPTH)
}

fn flatten_beyond(html: &str, limit: usize) -> Option<String> {
    if html.bytes().filter(|&b| b == b'<').count() <= limit {
        return None;
    }
    let sink = DepthSink {
        limit,
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    (state.removed > 0).then_some(state.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_markup_is_left_alone() {
        let html = "<div><p>a<b>b</b></p></div>".repeat(200);
        assert_eq!(flatten_beyond(&html, 8), None);
    }

    #[test]
    fn deep_markup_is_cut_at_the_limit() {
        let html = format!("{}x &amp; y{}", "<div>".repeat(10), "</div>".repeat(10));
        let flat = flatten_beyond(&html, 3).expect("flattened");
        assert_eq!(flat, "<div><div><div>x &amp; y</div></div></div>");
    }

    #[test]
    fn unclosed_siblings_are_not_depth() {
        let html = format!("<ul>{}</ul>", "<li>item".repeat(50));
        assert_eq!(flatten_beyond(&html, 4), None);
    }
}
