//! The test that a plural form writes its number wherever the English writes it: a card of an
//! item with no views says "0 views", and so must every language, in its own digits. A form is
//! excused only where its language's grammar says the number in a word (`IN_WORDS`).

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};

use super::check::pattern_variables;
use std::collections::{BTreeMap, BTreeSet};

use super::{files, number, plural_category, text, Arg, Lang};

/// A number of every CLDR category of every language: Arabic's zero, one, two, few (3–10),
/// many (11–99) and other (100), which are also English's and French's one and other.
const SAMPLES: [f64; 6] = [0.0, 1.0, 2.0, 3.0, 11.0, 100.0];

/// The plural forms whose language writes their number as a word, not in digits.
const IN_WORDS: &[(Lang, &str)] = &[
    // Arabic says one thing with the noun alone, or with واحد/واحدة after it ("مشاهدة واحدة").
    (Lang::Ar, "one"),
    // Arabic says two things with the noun's dual ending alone ("مشاهدتان", "يومين").
    (Lang::Ar, "two"),
];

/// The variables that stand for the counted number itself, written short ("1.2K") beside the
/// exact one a form is picked by, as the catalogues' comments say.
const WRITTEN_SHORT: &[&str] = &["count", "views"];

/// Every message and attribute (`key`, `key.attribute`) with a selector over a plural category,
/// with the variables it picks by and the others it uses. A message counts where any language
/// picks its form by a number (English may need no form where Arabic needs six).
fn plural_messages() -> Vec<(String, BTreeSet<String>, BTreeSet<String>)> {
    let mut out: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (_, source) in Lang::ALL.into_iter().flat_map(files) {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(partial, _)| partial);
        for entry in &resource.body {
            let Entry::Message(message) = entry else { continue };
            let mut patterns = Vec::new();
            if let Some(value) = &message.value {
                patterns.push((message.id.name.to_string(), value));
            }
            for attribute in &message.attributes {
                patterns.push((format!("{}.{}", message.id.name, attribute.id.name), &attribute.value));
            }
            for (key, pattern) in patterns {
                if selects_a_plural(pattern) {
                    let (mut picked_by, mut variables) = (BTreeSet::new(), BTreeSet::new());
                    pattern_selectors(pattern, &mut picked_by);
                    pattern_variables(pattern, &mut variables);
                    let (all_picked_by, all_variables) = out.entry(key).or_default();
                    all_picked_by.extend(picked_by);
                    all_variables.extend(variables);
                }
            }
        }
    }
    out.into_iter()
        .map(|(key, (picked_by, variables))| {
            let others = variables.difference(&picked_by).cloned().collect();
            (key, picked_by, others)
        })
        .collect()
}

/// The variables `p`'s selectors pick by (`$n`, `PLURAL($n)`), added to `out`.
fn pattern_selectors(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_selectors(expression, out);
        }
    }
}

fn expression_selectors(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            let picked = match selector {
                InlineExpression::VariableReference { id } => Some(id.name),
                InlineExpression::FunctionReference { arguments, .. } => arguments.positional.iter().find_map(|a| match a {
                    InlineExpression::VariableReference { id } => Some(id.name),
                    _ => None,
                }),
                _ => None,
            };
            out.extend(picked.map(str::to_string));
            for variant in variants {
                pattern_selectors(&variant.value, out);
            }
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => expression_selectors(expression, out),
        Expression::Inline(_) => {}
    }
}

/// Whether `p` picks a variant by a number's plural category (or by a number).
fn selects_a_plural(p: &Pattern<&str>) -> bool {
    p.elements.iter().any(|element| matches!(element, PatternElement::Placeable { expression } if expression_selects(expression)))
}

fn expression_selects(e: &Expression<&str>) -> bool {
    match e {
        Expression::Select { variants, .. } => variants.iter().any(|v| {
            let plural_key = match v.key {
                VariantKey::NumberLiteral { .. } => true,
                VariantKey::Identifier { name } => ["zero", "one", "two", "few", "many"].contains(&name),
            };
            plural_key || selects_a_plural(&v.value)
        }),
        Expression::Inline(InlineExpression::Placeable { expression }) => expression_selects(expression),
        Expression::Inline(_) => false,
    }
}

#[test]
fn every_plural_form_shows_its_number_where_the_english_does() {
    let messages = plural_messages();
    assert!(messages.iter().any(|(key, ..)| key == "browse-views"), "the plural messages are found");
    let mut missing = Vec::new();
    for (key, picked_by, others) in &messages {
        for n in SAMPLES {
            // The number where the form is picked by it or writes it short; every other argument
            // is text without a digit, so no number shows but the one counted.
            let args: Vec<(&str, Arg<'_>)> = picked_by
                .iter()
                .map(|v| (v.as_str(), Arg::Number(n)))
                .chain(
                    others.iter().map(|v| (v.as_str(), if WRITTEN_SHORT.contains(&v.as_str()) { Arg::Number(n) } else { Arg::from("…") })),
                )
                .collect();
            if !text(Lang::En, key, &args).contains(&number(Lang::En, n, 0)) {
                continue;
            }
            for lang in [Lang::Fr, Lang::Ar] {
                let category = plural_category(lang, n);
                if IN_WORDS.contains(&(lang, category)) {
                    continue;
                }
                let said = text(lang, key, &args);
                if !said.contains(&number(lang, n, 0)) {
                    missing.push(format!("{}: `{key}` for {n} ({category}) reads {said:?}", lang.tag()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "plural forms that leave out their number:\n{}", missing.join("\n"));
}
