//! Logical statements over options: the language of preference statements (option prioritization),
//! infeasibility rules and collapse rules.
//!
//! Text syntax, loosest binding first: `A iff B` (also `<->`), `if A then B` or `A -> B`,
//! `A or B` (`|`), `A and B` (`&`), `not A` (`!`, `-`), parentheses, and option identifiers
//! (letters, digits, `_`, `.`; case-sensitive). Option identifiers are resolved to option indices
//! while parsing, so a statement naming an unknown option is refused at once.

use super::GmcrError;

/// A logical statement whose atoms are options ("option k is taken").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Always true.
    True,
    /// Option `k` (global index) is taken.
    Option(usize),
    /// Negation.
    Not(Box<Condition>),
    /// All of these hold.
    And(Vec<Condition>),
    /// At least one of these holds.
    Or(Vec<Condition>),
    /// If the first holds, so does the second (material implication).
    If(Box<Condition>, Box<Condition>),
    /// Both hold or neither does.
    Iff(Box<Condition>, Box<Condition>),
}

impl Condition {
    /// Whether the statement holds in the option configuration `mask` (bit k = option k taken).
    pub fn holds(&self, mask: u64) -> bool {
        match self {
            Condition::True => true,
            Condition::Option(k) => mask >> k & 1 == 1,
            Condition::Not(c) => !c.holds(mask),
            Condition::And(cs) => cs.iter().all(|c| c.holds(mask)),
            Condition::Or(cs) => cs.iter().any(|c| c.holds(mask)),
            Condition::If(a, b) => !a.holds(mask) || b.holds(mask),
            Condition::Iff(a, b) => a.holds(mask) == b.holds(mask),
        }
    }

    /// The conjunction "each option of `pattern` has its value": `Y` taken, `N` not taken, `-`
    /// either (GMCR's usual state pattern, one character per option in model order).
    pub fn pattern(pattern: &str, options: usize) -> Result<Condition, GmcrError> {
        let chars: Vec<char> = pattern.chars().collect();
        if chars.len() != options {
            return Err(GmcrError::BadPattern {
                pattern: pattern.to_string(),
                reason: format!(
                    "it has {} characters, the model has {options} options",
                    chars.len()
                ),
            });
        }
        let mut literals = Vec::new();
        for (k, c) in chars.iter().enumerate() {
            match c.to_ascii_uppercase() {
                'Y' | '1' => literals.push(Condition::Option(k)),
                'N' | '0' => literals.push(Condition::Not(Box::new(Condition::Option(k)))),
                '-' => {}
                _ => {
                    return Err(GmcrError::BadPattern {
                        pattern: pattern.to_string(),
                        reason: format!("character {} is `{c}`; use Y, N or -", k + 1),
                    })
                }
            }
        }
        Ok(Condition::And(literals))
    }

    /// Parses the text syntax (module docs), resolving identifiers with `resolve`.
    pub fn parse(
        text: &str,
        resolve: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Condition, GmcrError> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            text,
            tokens,
            at: 0,
            depth: 0,
            resolve,
        };
        let condition = parser.iff()?;
        if let Some(token) = parser.tokens.get(parser.at) {
            return Err(parser.error(format!("unexpected `{}`", token.show())));
        }
        Ok(condition)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Not,
    And,
    Or,
    If,
    Then,
    Implies,
    Iff,
    Open,
    Close,
}

impl Token {
    fn show(&self) -> String {
        match self {
            Token::Ident(s) => s.clone(),
            Token::Not => "not".into(),
            Token::And => "and".into(),
            Token::Or => "or".into(),
            Token::If => "if".into(),
            Token::Then => "then".into(),
            Token::Implies => "->".into(),
            Token::Iff => "iff".into(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, GmcrError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let three: String = chars[i..(i + 3).min(chars.len())].iter().collect();
        if c.is_whitespace() {
            i += 1;
        } else if three == "<->" {
            tokens.push(Token::Iff);
            i += 3;
        } else if two == "->" {
            tokens.push(Token::Implies);
            i += 2;
        } else if let Some(token) = symbol(c) {
            tokens.push(token);
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(keyword(&word).unwrap_or(Token::Ident(word)));
        } else {
            return Err(GmcrError::Statement {
                text: text.to_string(),
                reason: format!("unexpected character `{c}`"),
            });
        }
    }
    Ok(tokens)
}

fn symbol(c: char) -> Option<Token> {
    Some(match c {
        '!' | '-' | '~' => Token::Not,
        '&' => Token::And,
        '|' => Token::Or,
        '(' => Token::Open,
        ')' => Token::Close,
        _ => return None,
    })
}

fn keyword(word: &str) -> Option<Token> {
    Some(match word.to_ascii_lowercase().as_str() {
        "not" => Token::Not,
        "and" => Token::And,
        "or" => Token::Or,
        "if" => Token::If,
        "then" => Token::Then,
        "implies" => Token::Implies,
        "iff" => Token::Iff,
        _ => return None,
    })
}

/// Statements nested deeper than this are refused (no stack overflow on hostile input).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
    resolve: &'a dyn Fn(&str) -> Option<usize>,
}

impl Parser<'_> {
    fn error(&self, reason: String) -> GmcrError {
        GmcrError::Statement {
            text: self.text.to_string(),
            reason,
        }
    }

    fn eat(&mut self, token: &Token) -> bool {
        if self.tokens.get(self.at) == Some(token) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn iff(&mut self) -> Result<Condition, GmcrError> {
        let mut left = self.implies()?;
        while self.eat(&Token::Iff) {
            let right = self.implies()?;
            left = Condition::Iff(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn implies(&mut self) -> Result<Condition, GmcrError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")))
        } else {
            self.implies_inner()
        };
        self.depth -= 1;
        result
    }

    fn implies_inner(&mut self) -> Result<Condition, GmcrError> {
        if self.eat(&Token::If) {
            let premise = self.or()?;
            if !self.eat(&Token::Then) {
                return Err(self.error("`if` without `then`".into()));
            }
            let conclusion = self.implies()?;
            return Ok(Condition::If(Box::new(premise), Box::new(conclusion)));
        }
        let left = self.or()?;
        if self.eat(&Token::Implies) {
            let right = self.implies()?;
            return Ok(Condition::If(Box::new(left), Box::new(right)));
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Condition, GmcrError> {
        let mut terms = vec![self.and()?];
        while self.eat(&Token::Or) {
            terms.push(self.and()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Condition::Or(terms)
        })
    }

    fn and(&mut self) -> Result<Condition, GmcrError> {
        let mut terms = vec![self.unary()?];
        while self.eat(&Token::And) {
            terms.push(self.unary()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Condition::And(terms)
        })
    }

    fn unary(&mut self) -> Result<Condition, GmcrError> {
        self.depth += 1;
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Condition, GmcrError> {
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        if self.eat(&Token::Not) {
            return Ok(Condition::Not(Box::new(self.unary()?)));
        }
        if self.eat(&Token::Open) {
            let inner = self.iff()?;
            if !self.eat(&Token::Close) {
                return Err(self.error("a `(` is not closed".into()));
            }
            return Ok(inner);
        }
        match self.tokens.get(self.at).cloned() {
            Some(Token::Ident(name)) => {
                self.at += 1;
                (self.resolve)(&name)
                    .map(Condition::Option)
                    .ok_or(GmcrError::UnknownOption {
                        text: self.text.to_string(),
                        option: name,
                    })
            }
            Some(token) => Err(self.error(format!("expected an option, found `{}`", token.show()))),
            None => Err(self.error("the statement ends too early".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(name: &str) -> Option<usize> {
        ["a", "b", "c"].iter().position(|n| *n == name)
    }

    fn parse(text: &str) -> Condition {
        Condition::parse(text, &resolve).unwrap()
    }

    #[test]
    fn precedence_and_connectives_follow_the_truth_tables() {
        let c = parse("a and not b or c");
        // (a ∧ ¬b) ∨ c
        let truth: Vec<bool> = (0..8).map(|m| c.holds(m)).collect();
        assert_eq!(truth, [false, true, false, false, true, true, true, true]);
        assert!(parse("if a then b").holds(0b000));
        assert!(!parse("a -> b").holds(0b001));
        assert!(parse("a iff b").holds(0b011));
        assert!(!parse("a <-> b").holds(0b010));
        assert!(parse("!(a | b) & -c").holds(0));
    }

    #[test]
    fn unknown_options_and_syntax_errors_are_named() {
        let err = Condition::parse("a and zz", &resolve).unwrap_err();
        assert!(err.to_string().contains("`zz`"), "{err}");
        let err = Condition::parse("(a and b", &resolve).unwrap_err();
        assert!(err.to_string().contains("not closed"), "{err}");
        let err = Condition::parse("if a b", &resolve).unwrap_err();
        assert!(err.to_string().contains("then"), "{err}");
        assert!(Condition::parse("a $ b", &resolve).is_err());
        assert!(Condition::parse("", &resolve).is_err());
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        let err = Condition::parse(&deep, &resolve).unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
        assert!(Condition::parse(&"not ".repeat(10_000), &resolve).is_err());
        assert!(Condition::parse(&"a -> ".repeat(10_000), &resolve).is_err());
        assert!(Condition::parse(&"if a then ".repeat(10_000), &resolve).is_err());
    }

    #[test]
    fn patterns_match_their_states() {
        let p = Condition::pattern("Y-N", 3).unwrap();
        assert!(p.holds(0b001) && p.holds(0b011) && !p.holds(0b101) && !p.holds(0b010));
        assert!(Condition::pattern("YY", 3).is_err());
        assert!(Condition::pattern("YXN", 3).is_err());
    }
}
