//! A person named in metadata (an author), written as one string the way npm and git
//! write people: `Name <email> (url)`, with the address and the page both optional.
//!
//! Readers compose the string from an author object (`{name, email, url}`) so nothing is
//! lost; JSON Lines and Markdown keep the string as it is; Atom splits it into
//! `atom:name`, `atom:email` and `atom:uri`; EPUB names the person only.

/// The parts of a person string. Whatever does not parse as an address or a page stays
/// in the name, so that nothing is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person<'a> {
    /// The name (the whole string when it has no address or page).
    pub name: &'a str,
    /// An e-mail address (`local@domain`, without spaces).
    pub email: Option<&'a str>,
    /// A web page (`http:` or `https:`).
    pub url: Option<&'a str>,
}

impl<'a> Person<'a> {
    /// Splits `Name <email> (url)`.
    pub fn parse(text: &'a str) -> Person<'a> {
        let mut rest = text.trim();
        let mut url = None;
        if let Some(inner) = rest.strip_suffix(')')
            && let Some(open) = inner.rfind('(')
        {
            let candidate = inner[open + 1..].trim();
            if is_web_address(candidate) {
                url = Some(candidate);
                rest = inner[..open].trim_end();
            }
        }
        let mut email = None;
        if let Some(inner) = rest.strip_suffix('>')
            && let Some(open) = inner.rfind('<')
        {
            let candidate = inner[open + 1..].trim();
            if is_email(candidate) {
                email = Some(candidate);
                rest = inner[..open].trim_end();
            }
        }
        // An address alone names its owner.
        let name = if rest.is_empty() {
            email.or(url).unwrap_or(text.trim())
        } else {
            rest
        };
        Person { name, email, url }
    }

    /// Composes the string form (the inverse of [`Person::parse`]).
    pub fn compose(name: &str, email: Option<&str>, url: Option<&str>) -> String {
        let mut out = name.trim().to_string();
        for (open, part, close) in [("<", email, ">"), ("(", url, ")")] {
            if let Some(part) = part.map(str::trim).filter(|p| !p.is_empty()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(open);
                out.push_str(part);
                out.push_str(close);
            }
        }
        out
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ','))
        && !domain.contains('@')
}

fn is_web_address(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://"))
        && s.len() > 8
        && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_npm_form() {
        let p = Person::parse("Jane Doe <jane@example.com> (https://jane.example/)");
        assert_eq!(p.name, "Jane Doe");
        assert_eq!(p.email, Some("jane@example.com"));
        assert_eq!(p.url, Some("https://jane.example/"));
        let p = Person::parse("Jane Doe <jane@example.com>");
        assert_eq!(
            (p.name, p.email, p.url),
            ("Jane Doe", Some("jane@example.com"), None)
        );
        let p = Person::parse("<jane@example.com>");
        assert_eq!(
            (p.name, p.email),
            ("jane@example.com", Some("jane@example.com"))
        );
    }

    #[test]
    fn anything_else_is_a_name() {
        for text in [
            "新浪财经",
            "Ada (the first programmer)",
            "a <b> c",
            "Team <not an address>",
            "x <y@z>",
        ] {
            let p = Person::parse(text);
            assert_eq!((p.name, p.email, p.url), (text, None, None), "{text}");
        }
    }

    #[test]
    fn compose_and_parse_round_trip() {
        let s = Person::compose("Ada", Some("ada@example.org"), Some("https://ada.example/"));
        assert_eq!(s, "Ada <ada@example.org> (https://ada.example/)");
        let p = Person::parse(&s);
        assert_eq!(
            (p.name, p.email, p.url),
            ("Ada", Some("ada@example.org"), Some("https://ada.example/"))
        );
        assert_eq!(Person::compose("Ada", None, None), "Ada");
    }
}
