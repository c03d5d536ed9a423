//! `show_if` conditions: a tiny expression language over earlier answers.
//!
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | "(" expr ")" | test
//! test    := ID ("==" | "!=" | "<" | "<=" | ">" | ">=") LITERAL
//!          | ID "in" "[" LITERAL ("," LITERAL)* "]"
//!          | ID "contains" LITERAL
//! LITERAL := 'text' | "text" | number
//! ```
//! Examples: `k8s_expertise != 'strong'`, `replicas > 2 and gpu == 'yes'`.

use crate::value::Value;

/// A compiled condition: names resolved to question and choice indices.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
    Compare {
        question: usize,
        op: CmpOp,
        rhs: Literal,
    },
    In {
        question: usize,
        choices: Vec<usize>,
    },
    Contains {
        question: usize,
        choice: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Choice(usize),
    Number(f64),
    Text(String),
}

impl Condition {
    /// True when the condition holds for these answer values (indexed by question).
    #[must_use]
    pub(crate) fn eval(&self, values: &[Value]) -> bool {
        match self {
            Self::And(a, b) => a.eval(values) && b.eval(values),
            Self::Or(a, b) => a.eval(values) || b.eval(values),
            Self::Not(a) => !a.eval(values),
            Self::Compare { question, op, rhs } => {
                let Some(value) = values.get(*question) else {
                    return false;
                };
                match (value, rhs) {
                    (Value::Choice(a), Literal::Choice(b)) => cmp_eq(*op, a == b),
                    (Value::Text(a), Literal::Text(b)) => cmp_eq(*op, a == b),
                    // Exact equality is what `replicas == 3` asks for.
                    #[allow(clippy::float_cmp)]
                    (Value::Number(a), Literal::Number(b)) => match op {
                        CmpOp::Eq => a == b,
                        CmpOp::Ne => a != b,
                        CmpOp::Lt => a < b,
                        CmpOp::Le => a <= b,
                        CmpOp::Gt => a > b,
                        CmpOp::Ge => a >= b,
                    },
                    _ => false,
                }
            }
            Self::In { question, choices } => {
                matches!(values.get(*question), Some(Value::Choice(c)) if choices.contains(c))
            }
            Self::Contains { question, choice } => {
                matches!(values.get(*question), Some(Value::Multi(cs)) if cs.contains(choice))
            }
        }
    }

    /// Every question the condition reads.
    pub(crate) fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Self::And(a, b) | Self::Or(a, b) => {
                a.questions(out);
                b.questions(out);
            }
            Self::Not(a) => a.questions(out),
            Self::Compare { question, .. }
            | Self::In { question, .. }
            | Self::Contains { question, .. } => out.push(*question),
        }
    }
}

fn cmp_eq(op: CmpOp, equal: bool) -> bool {
    match op {
        CmpOp::Eq => equal,
        CmpOp::Ne => !equal,
        // Ordering is refused for choices and text when compiling.
        _ => false,
    }
}

/// What the compiler needs to know about the questions a condition may name.
pub(crate) trait Scope {
    /// The index of an earlier question with this id.
    ///
    /// # Errors
    /// A message saying why the id cannot be used.
    fn question(&self, id: &str) -> Result<usize, String>;
    /// What kind of value the question holds.
    fn kind(&self, question: usize) -> ScopeKind;
    /// The index of a choice of the question.
    ///
    /// # Errors
    /// A message listing the valid choice ids.
    fn choice(&self, question: usize, id: &str) -> Result<usize, String>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    Choice,
    Multi,
    Number,
    Text,
    Map,
}

/// A problem in a condition, at a byte offset inside the condition text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConditionError {
    pub offset: usize,
    pub message: String,
}

/// Parses and compiles a condition against a scope of earlier questions.
///
/// # Errors
/// The first syntax or reference problem, with its offset in `text`.
pub(crate) fn compile(text: &str, scope: &dyn Scope) -> Result<Condition, ConditionError> {
    if text.len() > MAX_LENGTH {
        return Err(ConditionError {
            offset: 0,
            message: format!(
                "the condition is longer than {MAX_LENGTH} characters; split the question instead"
            ),
        });
    }
    let tokens = tokenize(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        scope,
        end: text.len(),
        depth: 0,
    };
    let cond = p.expr()?;
    if let Some(t) = p.tokens.get(p.pos) {
        return Err(ConditionError {
            offset: t.offset,
            message: format!("unexpected {} after a complete condition", t.tok.describe()),
        });
    }
    Ok(cond)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Op(CmpOp),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Self::Ident(s) => format!("'{s}'"),
            Self::Str(s) => format!("text '{s}'"),
            Self::Num(n) => format!("number '{n}'"),
            Self::Op(_) => "an operator".to_owned(),
            Self::LParen => "'('".to_owned(),
            Self::RParen => "')'".to_owned(),
            Self::LBracket => "'['".to_owned(),
            Self::RBracket => "']'".to_owned(),
            Self::Comma => "','".to_owned(),
        }
    }
}

struct Token {
    tok: Tok,
    offset: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let err = |message: String| ConditionError { offset: i, message };
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' | ',' => {
                chars.next();
                let tok = match c {
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    '[' => Tok::LBracket,
                    ']' => Tok::RBracket,
                    _ => Tok::Comma,
                };
                out.push(Token { tok, offset: i });
            }
            '\'' | '"' => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                for (_, ch) in chars.by_ref() {
                    if ch == c {
                        closed = true;
                        break;
                    }
                    s.push(ch);
                }
                if !closed {
                    return Err(err(format!("text starting here has no closing {c}")));
                }
                out.push(Token {
                    tok: Tok::Str(s),
                    offset: i,
                });
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let eq = chars.next_if(|&(_, n)| n == '=').is_some();
                let op = match (c, eq) {
                    ('=', true) => CmpOp::Eq,
                    ('!', true) => CmpOp::Ne,
                    ('<', false) => CmpOp::Lt,
                    ('<', true) => CmpOp::Le,
                    ('>', false) => CmpOp::Gt,
                    ('>', true) => CmpOp::Ge,
                    _ => {
                        return Err(err(format!(
                            "'{c}' is not an operator; use one of '==', '!=', '<', '<=', '>', '>='"
                        )));
                    }
                };
                out.push(Token {
                    tok: Tok::Op(op),
                    offset: i,
                });
            }
            c if c.is_ascii_digit() || c == '-' || c == '.' => {
                let mut s = String::new();
                while let Some((_, ch)) = chars.next_if(|&(_, ch)| {
                    ch.is_ascii_digit() || matches!(ch, '.' | '-' | 'e' | 'E' | '+' | '_')
                }) {
                    s.push(ch);
                }
                let n: f64 = s
                    .replace('_', "")
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite())
                    .ok_or_else(|| err(format!("'{s}' is not a number")))?;
                out.push(Token {
                    tok: Tok::Num(n),
                    offset: i,
                });
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut s = String::new();
                while let Some((_, ch)) =
                    chars.next_if(|&(_, ch)| ch.is_alphanumeric() || matches!(ch, '_' | '-'))
                {
                    s.push(ch);
                }
                out.push(Token {
                    tok: Tok::Ident(s),
                    offset: i,
                });
            }
            other => {
                return Err(err(format!(
                    "unexpected character '{}' in a condition",
                    other.escape_debug()
                )));
            }
        }
    }
    Ok(out)
}

/// Longer conditions are refused: no real questionnaire needs one, and parsing stays bounded.
const MAX_LENGTH: usize = 2000;
/// Deeper nesting of `not` and parentheses is refused, so a hostile file cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

struct Parser<'s> {
    tokens: Vec<Token>,
    pos: usize,
    scope: &'s dyn Scope,
    end: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.offset)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, ConditionError> {
        Err(ConditionError {
            offset: self.offset(),
            message: message.into(),
        })
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(s)) if s == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), ConditionError> {
        if self.peek() == Some(tok) {
            self.pos += 1;
            Ok(())
        } else {
            let found = self.peek().map_or("the end".to_owned(), Tok::describe);
            self.fail(format!("expected {what}, found {found}"))
        }
    }

    fn expr(&mut self) -> Result<Condition, ConditionError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Condition::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Condition::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail(format!(
                "nested more than {MAX_DEPTH} deep; simplify the condition"
            ));
        }
        let result = if self.keyword("not") {
            self.unary().map(|c| Condition::Not(Box::new(c)))
        } else if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            self.expr()
                .and_then(|inner| self.expect(&Tok::RParen, "')'").map(|()| inner))
        } else {
            self.test()
        };
        self.depth -= 1;
        result
    }

    fn test(&mut self) -> Result<Condition, ConditionError> {
        let Some(Tok::Ident(id)) = self.peek().cloned() else {
            let found = self.peek().map_or("the end".to_owned(), Tok::describe);
            return self.fail(format!("expected a question id, found {found}"));
        };
        let question = match self.scope.question(&id) {
            Ok(q) => q,
            Err(message) => return self.fail(message),
        };
        self.pos += 1;
        let kind = self.scope.kind(question);
        if self.keyword("in") {
            if kind != ScopeKind::Choice {
                return self.fail(format!("'in' needs a choice question; '{id}' is not one"));
            }
            self.expect(&Tok::LBracket, "'['")?;
            let mut choices = Vec::new();
            loop {
                choices.push(self.choice_literal(question)?);
                if self.peek() == Some(&Tok::Comma) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            self.expect(&Tok::RBracket, "']'")?;
            return Ok(Condition::In { question, choices });
        }
        if self.keyword("contains") {
            if kind != ScopeKind::Multi {
                return self.fail(format!(
                    "'contains' needs a multi question; '{id}' is not one"
                ));
            }
            let choice = self.choice_literal(question)?;
            return Ok(Condition::Contains { question, choice });
        }
        let Some(Tok::Op(op)) = self.peek().cloned() else {
            return self.fail(format!(
                "expected '==', '!=', '<', '<=', '>', '>=', 'in' or 'contains' after '{id}'"
            ));
        };
        self.pos += 1;
        let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
        let rhs = match kind {
            ScopeKind::Number => match self.peek().cloned() {
                Some(Tok::Num(n)) => {
                    self.pos += 1;
                    Literal::Number(n)
                }
                _ => {
                    return self.fail(format!(
                        "'{id}' is a number question: compare it with a number"
                    ));
                }
            },
            _ if ordering => {
                return self.fail(format!(
                    "'{id}' is not a number question: only '==' and '!=' apply"
                ));
            }
            ScopeKind::Choice => Literal::Choice(self.choice_literal(question)?),
            ScopeKind::Text => match self.peek().cloned() {
                Some(Tok::Str(s)) => {
                    self.pos += 1;
                    Literal::Text(s)
                }
                _ => {
                    return self.fail(format!("'{id}' is a text question: compare it with 'text'"));
                }
            },
            ScopeKind::Multi | ScopeKind::Map => {
                return self.fail(format!(
                    "'{id}' holds several values: use 'contains' (multi) or leave it out of conditions"
                ));
            }
        };
        Ok(Condition::Compare { question, op, rhs })
    }

    fn choice_literal(&mut self, question: usize) -> Result<usize, ConditionError> {
        match self.peek().cloned() {
            Some(Tok::Str(s) | Tok::Ident(s)) => match self.scope.choice(question, &s) {
                Ok(c) => {
                    self.pos += 1;
                    Ok(c)
                }
                Err(message) => self.fail(message),
            },
            other => {
                let found = other.map_or("the end".to_owned(), |t| t.describe());
                self.fail(format!("expected a choice id in quotes, found {found}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Scope for Fixed {
        fn question(&self, id: &str) -> Result<usize, String> {
            match id {
                "level" => Ok(0),
                "count" => Ok(1),
                "tags" => Ok(2),
                _ => Err(format!("unknown question '{id}'")),
            }
        }
        fn kind(&self, q: usize) -> ScopeKind {
            [ScopeKind::Choice, ScopeKind::Number, ScopeKind::Multi][q]
        }
        fn choice(&self, _q: usize, id: &str) -> Result<usize, String> {
            ["low", "high", "x"]
                .iter()
                .position(|c| *c == id)
                .ok_or_else(|| format!("no choice '{id}'"))
        }
    }

    fn values(level: usize, count: f64, tags: Vec<usize>) -> Vec<Value> {
        vec![
            Value::Choice(level),
            Value::Number(count),
            Value::Multi(tags),
        ]
    }

    #[test]
    fn evaluates_precedence_and_negation() {
        let c = compile(
            "level == 'high' or count > 2 and not tags contains 'x'",
            &Fixed,
        )
        .unwrap();
        assert!(c.eval(&values(1, 0.0, vec![2])));
        assert!(c.eval(&values(0, 3.0, vec![])));
        assert!(!c.eval(&values(0, 3.0, vec![2])));
        let c = compile("(level in ['low', 'x']) and count <= 2", &Fixed).unwrap();
        assert!(c.eval(&values(0, 2.0, vec![])));
        assert!(!c.eval(&values(1, 2.0, vec![])));
    }

    #[test]
    fn reports_problems_with_offsets() {
        let e = compile("level == 'medium'", &Fixed).unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (9, "no choice 'medium'"));
        let e = compile("level > 'low'", &Fixed).unwrap_err();
        assert!(e.message.contains("only '==' and '!='"), "{}", e.message);
        let e = compile("count == 'x'", &Fixed).unwrap_err();
        assert!(e.message.contains("compare it with a number"));
        let e = compile("levl == 'low'", &Fixed).unwrap_err();
        assert_eq!(e.offset, 0);
        let e = compile("level == 'low' count", &Fixed).unwrap_err();
        assert_eq!(e.offset, 15);
        let e = compile("level = 'low'", &Fixed).unwrap_err();
        assert!(e.message.contains("not an operator"));
        assert!(
            compile("(level == 'low'", &Fixed)
                .unwrap_err()
                .message
                .contains("expected ')'")
        );
        assert!(compile("", &Fixed).is_err());
    }
}
