//! A lenient XML reader for GENIUS files: clean the text the way GENIUS's hand-written parser
//! tolerates it, then build a small element tree with quick-xml.
//!
//! Clean-up steps (each reported, with the first line it touched):
//! - text before the `<?xml …?>` declaration is dropped (the ANAC 2014 profiles start with a
//!   comment); dropped lines become empty lines so line numbers stay those of the original file;
//! - an `&` that does not start `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` or a numeric reference
//!   is escaped (`AT & T Mobility`); a `<` inside an attribute value likewise;
//! - a missing space between attributes (`type="discrete"vtype="discrete"`) is inserted.
//!
//! The tree keeps each element's 1-based line so errors can point at it. Nesting deeper than
//! [`MAX_DEPTH`] is refused, so hostile input cannot exhaust the stack of the recursive walkers.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::text::line_of;
use crate::LoadError;

/// GENIUS files nest five levels; anything near this limit is not a scenario.
pub(crate) const MAX_DEPTH: usize = 64;

/// One XML element: name, attributes in document order, child elements, text, line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    pub line: usize,
}

impl Element {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Direct children called `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first direct child called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// `line 12, <issue name="price">`, for error messages.
    pub fn location(&self) -> String {
        match self.attr("name") {
            Some(n) => format!("line {}, <{} name=\"{n}\">", self.line, self.name),
            None => format!("line {}, <{}>", self.line, self.name),
        }
    }
}

/// A parsed file: its root element and what the clean-up changed.
#[derive(Debug)]
pub(crate) struct Document {
    pub root: Element,
    pub fixes: Vec<String>,
}

/// Cleans and parses GENIUS XML text.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Document, LoadError> {
    let (cleaned, fixes) = clean(text);
    let root = build_tree(path, &cleaned)?;
    Ok(Document { root, fixes })
}

/// Applies the clean-up steps; returns the new text and one message per kind of fix.
pub(crate) fn clean(text: &str) -> (String, Vec<String>) {
    let mut fixes = Vec::new();
    let mut body = text;
    let mut out = String::with_capacity(text.len() + 64);
    if let Some(decl) = text.find("<?xml") {
        let prefix = &text[..decl];
        if !prefix.trim().is_empty() {
            fixes.push(format!(
                "dropped text before the XML declaration (lines 1-{}), which strict XML forbids",
                line_of(text, decl)
            ));
        }
        out.extend(std::iter::repeat_n('\n', prefix.matches('\n').count()));
        body = &text[decl..];
    }
    let line_base = line_of(text, text.len() - body.len()) - 1;
    let mut stray_amp: Option<(usize, usize)> = None;
    let mut stray_lt: Option<(usize, usize)> = None;
    let mut glued: Option<(usize, usize)> = None;
    let note = |slot: &mut Option<(usize, usize)>, line: usize| match slot {
        Some((n, _)) => *n += 1,
        None => *slot = Some((1, line)),
    };

    #[derive(PartialEq)]
    enum State {
        Text,
        Tag,
        Value(char),
        Skip(&'static str),
    }
    let mut state = State::Text;
    let mut line = line_base + 1;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        let rest = &body[i..];
        match state {
            State::Skip(end) => {
                out.push(c);
                if rest.starts_with(end) {
                    // Copy the terminator's remaining characters and leave the skipped block.
                    for _ in 1..end.len() {
                        if let Some((_, c2)) = chars.next() {
                            out.push(c2);
                        }
                    }
                    state = State::Text;
                }
            }
            State::Text => {
                if c == '<' {
                    if rest.starts_with("<!--") {
                        state = State::Skip("-->");
                        out.push_str("<!--");
                        chars.nth(2);
                    } else if rest.starts_with("<![CDATA[") {
                        state = State::Skip("]]>");
                        out.push_str("<![CDATA[");
                        chars.nth(7);
                    } else if rest.starts_with("<?") || rest.starts_with("<!") {
                        state = State::Skip(if rest.starts_with("<?") { "?>" } else { ">" });
                        out.push(c);
                    } else {
                        state = State::Tag;
                        out.push(c);
                    }
                } else if c == '&' && !starts_entity(rest) {
                    note(&mut stray_amp, line);
                    out.push_str("&amp;");
                } else {
                    out.push(c);
                }
            }
            State::Tag => {
                if c == '"' || c == '\'' {
                    state = State::Value(c);
                } else if c == '>' {
                    state = State::Text;
                }
                out.push(c);
            }
            State::Value(quote) => {
                if c == quote {
                    out.push(c);
                    state = State::Tag;
                    if let Some(&(_, next)) = chars.peek() {
                        if next.is_alphabetic() || next == '_' || next == ':' {
                            note(&mut glued, line);
                            out.push(' ');
                        }
                    }
                } else if c == '&' && !starts_entity(rest) {
                    note(&mut stray_amp, line);
                    out.push_str("&amp;");
                } else if c == '<' {
                    note(&mut stray_lt, line);
                    out.push_str("&lt;");
                } else {
                    out.push(c);
                }
            }
        }
    }
    if let Some((n, first)) = stray_amp {
        fixes.push(format!(
            "escaped {n} unescaped '&' (first on line {first}), which strict XML forbids"
        ));
    }
    if let Some((n, first)) = stray_lt {
        fixes.push(format!(
            "escaped {n} '<' inside attribute values (first on line {first})"
        ));
    }
    if let Some((n, first)) = glued {
        fixes.push(format!(
            "inserted {n} missing space(s) between attributes (first on line {first})"
        ));
    }
    (out, fixes)
}

/// Whether `text` (starting at an `&`) begins a reference quick-xml can resolve.
fn starts_entity(text: &str) -> bool {
    let body = &text[1..];
    let Some(end) = body.find(';').filter(|&e| e <= 10) else {
        return false;
    };
    let name = &body[..end];
    match name.strip_prefix('#') {
        Some(num) => match num.strip_prefix('x') {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
        },
        None => matches!(name, "amp" | "lt" | "gt" | "quot" | "apos"),
    }
}

fn build_tree(path: &Path, text: &str) -> Result<Element, LoadError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let err = |pos: u64, message: String| LoadError::Xml {
        path: path.to_owned(),
        line: line_of(text, usize::try_from(pos).unwrap_or(usize::MAX)),
        message,
    };
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            let at = reader.error_position();
            let mut message = e.to_string();
            if usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX) >= text.len() {
                message.push_str(" (the file ends early: truncated?)");
            }
            err(at, message)
        })?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() && stack.is_empty() => {
                return Err(err(start, "more than one root element".into()));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        start,
                        format!("elements nested deeper than {MAX_DEPTH}"),
                    ));
                }
                stack.push(element(&e, line_of(text, start as usize + 1), |m| {
                    err(start, m)
                })?);
            }
            Event::Empty(e) => {
                let el = element(&e, line_of(text, start as usize + 1), |m| err(start, m))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| err(start, "closing tag without an opening tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| err(start, e.to_string()))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&s),
                    None if root.is_some() => {
                        return Err(err(start, "text after the root element".into()))
                    }
                    None => return Err(err(start, "text before the root element".into())),
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(LoadError::Xml {
            path: path.to_owned(),
            line: line_of(text, text.len()),
            message: format!(
                "the file ends inside <{}> opened on line {} (truncated?)",
                open.name, open.line
            ),
        });
    }
    root.ok_or_else(|| LoadError::Xml {
        path: path.to_owned(),
        line: 1,
        message: "no XML element found".into(),
    })
}

fn element(
    start: &BytesStart<'_>,
    line: usize,
    err: impl Fn(String) -> LoadError,
) -> Result<Element, LoadError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| err(format!("<{name}>: {e}")))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|e| err(format!("<{name} {key}=…>: {e}")))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Document {
        parse(Path::new("t.xml"), text).unwrap()
    }

    #[test]
    fn drops_text_before_the_declaration_and_keeps_lines() {
        let doc = parse_ok("\n<!-- c -->\n<?xml version=\"1.0\"?>\n<a>\n<b/></a>");
        assert_eq!(doc.root.name, "a");
        assert_eq!(doc.root.children[0].line, 5);
        assert_eq!(doc.fixes.len(), 1);
    }

    #[test]
    fn escapes_stray_ampersands_but_not_entities() {
        let doc = parse_ok("<a v=\"AT & T &amp; co &#38;\">x & y</a>");
        assert_eq!(doc.root.attr("v"), Some("AT & T & co &"));
        assert_eq!(doc.root.text, "x & y");
        assert!(doc.fixes[0].contains("2 unescaped"));
    }

    #[test]
    fn inserts_missing_space_between_attributes() {
        let doc = parse_ok("<a type=\"discrete\"vtype=\"discrete\"/>");
        assert_eq!(doc.root.attr("vtype"), Some("discrete"));
        assert!(doc.fixes[0].contains("missing space"));
    }

    #[test]
    fn reports_truncation_and_garbage() {
        let err = parse(Path::new("t.xml"), "<a>\n<b>\n").unwrap_err();
        assert!(err.to_string().contains("ends inside <b>"), "{err}");
        assert!(parse(Path::new("t.xml"), "hello").is_err());
        assert!(parse(Path::new("t.xml"), "<a></b>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(Path::new("t.xml"), &deep)
            .unwrap_err()
            .to_string()
            .contains("deeper"));
    }
}
