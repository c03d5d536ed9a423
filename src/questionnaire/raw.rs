//! The questionnaire file as written: serde structs that only check shape, with spans kept for messages.
//!
//! [`read`] fills them in one of three ways, all with the same result: a large file in
//! [`Pieces`] on several cores, the file whole with the fast reader (`super::fast`), or, whenever
//! those decline, with `toml` and serde, whose messages are the ones users see.

use super::{Artifact, CostModel};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use toml::Spanned;

pub type S<T> = Spanned<T>;

/// A string from the file: borrowed from its text unless TOML escapes made it new.
///
/// `Cow<str>` would do, but serde only borrows a `Cow` that is a field itself, and these are
/// inside `Spanned`. A large file holds hundreds of thousands of strings, and copying and then
/// freeing each one was a measurable part of reading it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Str<'a>(pub(super) Cow<'a, str>);

impl Str<'_> {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<Str<'a>>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaire<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub title: S<Str<'a>>,
    #[serde(borrow)]
    pub version: S<Str<'a>>,
    #[serde(borrow)]
    pub description: Option<Str<'a>>,
    pub source: Option<RawSource>,
    #[serde(default)]
    #[serde(borrow)]
    pub options: Vec<S<RawOption<'a>>>,
    #[serde(default)]
    #[serde(borrow)]
    pub sections: Vec<S<RawSection<'a>>>,
    #[serde(default)]
    #[serde(borrow)]
    pub questions: Vec<S<RawQuestion<'a>>>,
}

/// A TOML table's entries in file order. The parser has already refused duplicate keys, so a
/// map would only add a node allocation per table and a search per lookup.
#[derive(Debug)]
pub struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Pairs<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// The least text per piece, so a file under twice this is read whole: for less, a thread costs
/// more than it saves.
const PIECE_MIN_BYTES: usize = 256 * 1024;
const MAX_PIECES: usize = 4;
const HEADER: &str = "\n[[questions]]";

/// A large file cut into pieces that can be read on several cores.
///
/// The file is cut just before `[[questions]]` header lines. The first piece is the text up to
/// the first cut; every later piece is a copy of its own text preceded by as many spaces as came
/// before it, so each span it reports is the span in the whole file. Each piece is read with the
/// fast reader, and [`read`] uses the pieces only when all of the following hold, which makes them
/// mean exactly what the whole file means:
/// - every piece parses. A cut inside a multi-line string, array or inline table leaves the
///   piece before it unterminated, so a cut that is not between two top-level expressions fails.
/// - the later pieces hold nothing but `[[questions]]` tables (and the sub-tables of those),
///   so each header in them names what it names in the whole file: the last question.
/// - the first piece's questions come from `[[questions]]` headers too, so appending to them is
///   what the next header does in the whole file (an inline `questions = [...]` cannot be
///   extended).
///
/// Otherwise the file is read whole.
///
/// On this 2-core machine, pieces take a 5,000-question file from about 20 ms to 13-17 ms.
#[derive(Debug, Default)]
pub struct Pieces {
    /// Where the first piece ends; empty when the file is read whole.
    head: usize,
    /// The later pieces, padded.
    tails: Vec<String>,
}

impl Pieces {
    /// Cuts near equal fractions of the file, never before the first question. A file too small
    /// to be worth it, or with no place to cut, stays whole.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let by_size = text.len() / PIECE_MIN_BYTES;
        if by_size < 2 {
            // Every ordinary questionnaire: no need to ask the system how many cores there are.
            return Self::default();
        }
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self::cut(text, cores.min(MAX_PIECES).min(by_size))
    }

    /// Up to `n` pieces.
    pub(super) fn cut(text: &str, n: usize) -> Self {
        let Some(first) = text.find(HEADER).filter(|_| n >= 2) else {
            return Self::default();
        };
        let mut cuts: Vec<usize> = Vec::new();
        for i in 1..n {
            let from = (text.len() * i / n).max(first + 2);
            let Some(at) = text.get(from..).and_then(|t| t.find(HEADER)) else {
                break;
            };
            let cut = from + at + 1;
            if cuts.last() != Some(&cut) {
                cuts.push(cut);
            }
        }
        let Some(&head) = cuts.first() else {
            return Self::default();
        };
        cuts.push(text.len());
        let tails = cuts
            .windows(2)
            .map(|w| {
                let mut padded = " ".repeat(w[0]);
                padded.push_str(&text[w[0]..w[1]]);
                padded
            })
            .collect();
        Self { head, tails }
    }
}

/// Deserializes the questionnaire file: in [`Pieces`] when it has them, else whole with the fast
/// reader, else with `toml`. `pieces` must have been cut from `text`.
///
/// # Errors
/// The TOML or shape error of reading the whole file.
pub fn read<'a>(
    text: &'a str,
    pieces: &'a Pieces,
) -> Result<RawQuestionnaire<'a>, toml::de::Error> {
    read_pieces(text, pieces)
        .or_else(|| super::fast::questionnaire(text))
        .map_or_else(|| toml::from_str(text), Ok)
}

fn read_pieces<'a>(text: &'a str, pieces: &'a Pieces) -> Option<RawQuestionnaire<'a>> {
    let head = text.get(..pieces.head).filter(|h| !h.is_empty())?;
    let (head, tails) = std::thread::scope(|scope| {
        // A thread the system refuses is a piece not read, and the file is read whole instead.
        let tails: Vec<_> = pieces
            .tails
            .iter()
            .map(|tail| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || super::fast::questions(tail))
                    .ok()
            })
            .collect();
        let head = super::fast::questionnaire(head);
        let tails: Vec<Option<Vec<S<RawQuestion>>>> = tails
            .into_iter()
            .map(|t| t.and_then(|t| t.join().ok().flatten()))
            .collect();
        (head, tails)
    });
    let mut head = head?;
    let from_headers = head
        .questions
        .first()
        .and_then(|q| text.get(q.span()))
        .is_some_and(|header| header.starts_with("[["));
    if !from_headers {
        return None;
    }
    for tail in tails {
        head.questions.extend(tail?);
    }
    Some(head)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub url: Option<String>,
    #[serde(default)]
    pub sections: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub name: S<Str<'a>>,
    #[serde(borrow)]
    pub summary: Option<Str<'a>>,
    pub artifact: Option<Artifact>,
    pub cost_model: Option<CostModel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub title: S<Str<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawKind {
    Choice,
    Multi,
    Number,
    Text,
    KeyValue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub section: S<Str<'a>>,
    pub kind: S<RawKind>,
    #[serde(borrow)]
    pub prompt: S<Str<'a>>,
    /// A short name for the criterion, for reports ("Kubernetes experience").
    #[serde(borrow)]
    pub driver: Option<Str<'a>>,
    #[serde(default)]
    #[serde(borrow)]
    pub help: Str<'a>,
    #[serde(borrow)]
    pub cite: Option<S<Str<'a>>>,
    pub weight: Option<S<f64>>,
    #[serde(borrow)]
    pub show_if: Option<S<Str<'a>>>,
    pub default: Option<S<toml::Value>>,
    // choice and multi
    #[serde(borrow)]
    pub choices: Option<S<Vec<S<RawChoice<'a>>>>>,
    // number
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
    pub exclusive_min: Option<S<bool>>,
    pub step: Option<S<f64>>,
    pub integer: Option<S<bool>>,
    #[serde(borrow)]
    pub unit: Option<S<Str<'a>>>,
    #[serde(borrow)]
    pub at_least: Option<S<Str<'a>>>,
    // text
    #[serde(borrow)]
    pub pattern: Option<S<Str<'a>>>,
    #[serde(borrow)]
    pub pattern_hint: Option<S<Str<'a>>>,
    pub max_length: Option<S<i64>>,
    // key-value
    #[serde(borrow)]
    pub key_pattern: Option<S<Str<'a>>>,
    #[serde(borrow)]
    pub key_hint: Option<S<Str<'a>>>,
    pub max_entries: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice<'a> {
    #[serde(borrow)]
    pub id: S<Str<'a>>,
    #[serde(borrow)]
    pub label: S<Str<'a>>,
    #[serde(borrow)]
    pub help: Option<Str<'a>>,
    #[serde(default)]
    #[serde(borrow)]
    pub points: Pairs<S<Str<'a>>, S<f64>>,
    #[serde(default)]
    #[serde(borrow)]
    pub exclude: Pairs<S<Str<'a>>, S<Str<'a>>>,
    pub cost_points: Option<S<f64>>,
    pub cost_gap: Option<S<f64>>,
}
