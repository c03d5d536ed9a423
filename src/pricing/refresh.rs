//! `tradeoff prices refresh`: a new price book from the providers' own price lists. It reads AWS's
//! bulk offer files and Spot feed, and Google's Cloud Billing Catalog when a key allows, then
//! writes the base book again with each figure it could read replaced, naming its source and
//! date. A figure that cannot be read unambiguously keeps its old value, and the summary says
//! why. The base book is never edited in place, and the new one is checked before it is written.

mod aws;
mod fetch;
mod gcp;

pub use fetch::Fetcher;

use crate::pricing::{PriceBook, Region};
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

/// Where a figure lives in a price book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Path {
    /// A figure at these keys, such as `fargate.prices.us.x86_vcpu_hour`.
    Key(Vec<String>),
    /// A machine type's price in a region.
    Machine { name: String, region: String },
}

impl Path {
    pub(crate) fn shown(&self) -> String {
        match self {
            Self::Key(parts) => parts.join("."),
            Self::Machine { name, region } => format!("machines.{name}.{region}"),
        }
    }
}

/// A figure read from a provider's list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Update {
    pub path: Path,
    pub value: f64,
    /// The id of the `[sources]` entry it comes from.
    pub source: String,
    pub as_of: String,
    /// What exactly: the offer, SKU and usage type.
    pub note: String,
    /// A Spot rate, which moves: marked `estimate` as the bundled book marks Spot snapshots.
    pub estimate: bool,
}

impl Update {
    pub(crate) fn new(path: Path, value: f64, source: &str, as_of: &str, note: String) -> Self {
        Self {
            path,
            value,
            source: source.to_owned(),
            as_of: aws::date_of(as_of).unwrap_or_else(|| as_of.to_owned()),
            note,
            estimate: false,
        }
    }

    #[must_use]
    pub(crate) fn estimate(mut self) -> Self {
        self.estimate = true;
        self
    }
}

/// A figure, or a group of them, kept as it was, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub what: String,
    pub why: String,
}

impl Kept {
    pub(crate) fn new(what: &str, why: impl Into<String>) -> Self {
        Self {
            what: what.to_owned(),
            why: why.into(),
        }
    }
}

/// A `[sources]` entry the refreshed figures name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceDef {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

/// What the providers' lists gave.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub updates: Vec<Update>,
    pub kept: Vec<Kept>,
    pub sources: Vec<SourceDef>,
}

impl Found {
    /// Adds a source, or replaces the one of the same id (the last read names it).
    pub(crate) fn source(&mut self, s: SourceDef) {
        self.sources.retain(|x| x.id != s.id);
        self.sources.push(s);
    }
}

/// One figure the refresh changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub what: String,
    pub old: Option<f64>,
    pub new: f64,
    pub note: String,
}

/// The refreshed book and what happened to each figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The new price book's text, already checked.
    pub text: String,
    pub changed: Vec<Change>,
    /// Figures read again at the same value.
    pub confirmed: Vec<String>,
    pub kept: Vec<Kept>,
}

impl Outcome {
    /// How many figures came from the providers' lists, changed or confirmed.
    #[must_use]
    pub fn refreshed(&self) -> usize {
        self.changed.len() + self.confirmed.len()
    }

    /// The summary the command prints.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Changed ({}):", self.changed.len());
        for c in &self.changed {
            let (old, pct) = match c.old {
                Some(o) if o != 0.0 => {
                    let pct = (c.new - o) / o * 100.0;
                    let digits = if pct.abs() < 0.1 { 3 } else { 1 };
                    (o.to_string(), format!(" ({pct:+.digits$}%)"))
                }
                Some(o) => (o.to_string(), String::new()),
                None => ("none".to_owned(), String::new()),
            };
            let _ = writeln!(out, "  {}: {old} → {}{pct}  [{}]", c.what, c.new, c.note);
        }
        let _ = writeln!(out, "Read again, unchanged ({}):", self.confirmed.len());
        if !self.confirmed.is_empty() {
            let _ = writeln!(out, "  {}", self.confirmed.join(", "));
        }
        let _ = writeln!(out, "Kept as they were ({}):", self.kept.len());
        for k in &self.kept {
            let _ = writeln!(out, "  {}: {}", k.what, k.why);
        }
        out
    }
}

/// Reads the providers' lists and writes `base_text` (the book `base` was parsed from) again
/// with every figure read replaced. `today` dates the figures Google's Catalog gives.
///
/// # Errors
/// Only when the new book would not pass `check` (a bug, named with the problems).
pub fn refresh(
    fetcher: &Fetcher,
    base: &PriceBook,
    base_text: &str,
    regions: &[Region],
    today: jiff::civil::Date,
) -> Result<Outcome> {
    let mut found = Found::default();
    aws::read(fetcher, base, regions, &mut found);
    if fetcher.google_readable() {
        gcp::read(fetcher, base, regions, &today.to_string(), &mut found);
    } else {
        found.kept.push(Kept::new(
            "every Google Cloud figure",
            "GCP_BILLING_API_KEY is not set, and Google publishes no credential-free price feed (the Cloud Billing Catalog needs an API key; any project's key with the Cloud Billing API enabled will do)",
        ));
    }
    let mut doc: DocumentMut = base_text
        .parse()
        .context("the base price book is not TOML")?;
    let mut changed = Vec::new();
    let mut confirmed = Vec::new();
    for u in &found.updates {
        let old = old_value(&doc, &u.path);
        if old.is_some_and(|o| (o - u.value).abs() <= 1e-12 * o.abs().max(1.0)) {
            confirmed.push(u.path.shown());
        } else {
            changed.push(Change {
                what: u.path.shown(),
                old,
                new: u.value,
                note: u.note.clone(),
            });
        }
        if !set(&mut doc, u) {
            found.kept.push(Kept::new(
                &u.path.shown(),
                "the base book has no place for it",
            ));
        }
    }
    if !found.updates.is_empty() {
        for s in &found.sources {
            set_source(&mut doc, s);
        }
        doc["as_of"] = toml_edit::value(today.to_string());
    }
    let text = doc.to_string();
    if let Err(problems) = crate::pricing::parse("the refreshed price book", &text) {
        bail!("the refreshed price book would not pass check:\n{problems}");
    }
    Ok(Outcome {
        text,
        changed,
        confirmed,
        kept: found.kept,
    })
}

/// The figure table (inline or not) at a path, if the book has one.
fn figure_table<'d>(doc: &'d DocumentMut, path: &Path) -> Option<&'d dyn toml_edit::TableLike> {
    let item = match path {
        Path::Key(parts) => parts
            .iter()
            .try_fold(doc.as_item(), |item, k| item.get(k.as_str()))?,
        Path::Machine { name, region } => doc
            .get("machines")?
            .as_array_of_tables()?
            .iter()
            .find(|t| t.get("name").and_then(Item::as_str) == Some(name))?
            .get(region)?,
    };
    item.as_table_like()
}

fn old_value(doc: &DocumentMut, path: &Path) -> Option<f64> {
    let v = figure_table(doc, path)?.get("value")?;
    v.as_float().or_else(|| {
        #[allow(clippy::cast_precision_loss)] // price-book integers are small
        v.as_integer().map(|i| i as f64)
    })
}

/// The figure as the book writes it: `{ value, source, as_of, note }`.
fn figure(u: &Update) -> InlineTable {
    let mut t = InlineTable::new();
    t.insert("value", Value::from(u.value));
    t.insert("source", Value::from(u.source.as_str()));
    t.insert("as_of", Value::from(u.as_of.as_str()));
    if u.estimate {
        t.insert("estimate", Value::from(true));
    }
    t.insert("note", Value::from(format!("refreshed: {}", u.note)));
    t
}

/// Puts the figure at its path, making the tables on the way; `false` when the book has no
/// place for it (a machine it does not list).
fn set(doc: &mut DocumentMut, u: &Update) -> bool {
    let value = Item::Value(Value::InlineTable(figure(u)));
    match &u.path {
        Path::Key(parts) => {
            let Some((last, tables)) = parts.split_last() else {
                return false;
            };
            let mut table: &mut Table = doc.as_table_mut();
            for k in tables {
                let entry = table.entry(k).or_insert_with(|| {
                    let mut t = Table::new();
                    t.set_implicit(true);
                    Item::Table(t)
                });
                let Some(t) = entry.as_table_mut() else {
                    return false;
                };
                table = t;
            }
            table.insert(last, value);
            true
        }
        Path::Machine { name, region } => {
            let Some(machines) = doc
                .get_mut("machines")
                .and_then(Item::as_array_of_tables_mut)
            else {
                return false;
            };
            match machines
                .iter_mut()
                .find(|t| t.get("name").and_then(Item::as_str) == Some(name))
            {
                Some(t) => {
                    t.insert(region, value);
                    true
                }
                None => false,
            }
        }
    }
}

fn set_source(doc: &mut DocumentMut, s: &SourceDef) {
    let mut t = InlineTable::new();
    t.insert("title", Value::from(s.title.as_str()));
    if let Some(url) = &s.url {
        t.insert("url", Value::from(url.as_str()));
    }
    if !doc.contains_table("sources") {
        doc.insert("sources", Item::Table(Table::new()));
    }
    if let Some(sources) = doc["sources"].as_table_mut() {
        sources.insert(&s.id, Item::Value(Value::InlineTable(t)));
    }
}
