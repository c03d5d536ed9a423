//! Fuzz targets for the three loaders (questionnaire, answers, price book): mutated and truncated
//! real files must give a result or an error, never a panic or a hang. CI runs a few hundred
//! cases per target; a long run: `TRADEOFF_FUZZ_CASES=200000 cargo test --release --test engine fuzz`.

use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    let cases = std::env::var("TRADEOFF_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// `text` with `len` characters from a point `cut` of the way through replaced by `junk`.
fn splice(text: &str, cut: f64, len: usize, junk: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let at = ((chars.len() as f64) * cut) as usize;
    let end = at.saturating_add(len).min(chars.len());
    chars[..at]
        .iter()
        .copied()
        .chain(junk.chars())
        .chain(chars[end..].iter().copied())
        .collect()
}

/// Junk that looks like TOML: brackets, quotes, escapes, numbers, keys, control characters.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[\\[\\]{}=\"',.\\-_a-z0-9 \\n\\\\u]{0,40}",
        Just("nan".to_owned()),
        Just("inf".to_owned()),
        Just("1e308".to_owned()),
        Just("\"\\u001b[2J\"".to_owned()),
        Just("[[questions]]\n".to_owned()),
        Just("((((((((((".to_owned()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn questionnaire_loader(cut in 0.0..1.0_f64, len in 0usize..300, junk in junk()) {
        let text = tradeoff::questionnaire::BUILTIN[0].2;
        let _ = tradeoff::questionnaire::parse("q.toml", &splice(text, cut, len, &junk));
        let second = tradeoff::questionnaire::BUILTIN[1].2;
        let _ = tradeoff::questionnaire::parse("q2.toml", &splice(second, cut, len, &junk));
    }

    #[test]
    fn answers_loader(cut in 0.0..1.0_f64, len in 0usize..80, junk in junk()) {
        let q = tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap();
        let text = include_str!("../fixtures/answers/autopilot.toml");
        if let Ok(a) = tradeoff::answers::Answers::parse(&q, "a.toml", &splice(text, cut, len, &junk)) {
            // Whatever loads must evaluate and flip without panicking.
            let m = tradeoff::model::Model::new(q, tradeoff::pricing::builtin().unwrap());
            let _ = m.assess(&a);
            let _ = m.decide(&a).flips;
        }
    }

    #[test]
    fn price_book_loader(cut in 0.0..1.0_f64, len in 0usize..300, junk in junk()) {
        if let Ok(book) = tradeoff::pricing::parse("p.toml", &splice(tradeoff::pricing::BUILTIN, cut, len, &junk)) {
            // Whatever loads must price a workload without panicking or going negative.
            let m = tradeoff::model::Model::new(tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap(), book);
            let a = m.assess(&tradeoff::answers::Answers::new(&m.questionnaire));
            for o in 0..m.questionnaire.options.len() {
                if let Some(t) = a.total(o) {
                    prop_assert!(t >= 0.0 && t.is_finite(), "{t}");
                }
            }
        }
    }
}
