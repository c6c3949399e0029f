//! What is wrong with the catalogues: a file that does not parse, a message given twice, a key
//! one language has and another lacks, a translation that uses a variable the code never
//! passes, a web message the scripts cannot read.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::web::{pattern, WEB_FILE};
use super::{files, Lang};

/// One line per problem; empty when every language has every message.
pub fn check() -> Vec<String> {
    let mut problems = Vec::new();
    let keys: Vec<BTreeMap<String, (String, BTreeSet<String>)>> = Lang::ALL.into_iter().map(|lang| keys_of(lang, &mut problems)).collect();
    let english = &keys[0];
    for (lang, theirs) in Lang::ALL.into_iter().zip(&keys).skip(1) {
        let tag = lang.tag();
        for (key, (file, variables)) in english {
            match theirs.get(key) {
                None => problems.push(format!("{tag}: `{key}` is missing (English has it in {file}.ftl)")),
                Some((their_file, _)) if their_file != file => {
                    problems.push(format!("{tag}: `{key}` is in {their_file}.ftl, English has it in {file}.ftl"))
                }
                Some((_, their_variables)) => {
                    for v in their_variables.difference(variables) {
                        problems.push(format!("{tag}: `{key}` uses ${v}, which the English (and so the code) never passes"));
                    }
                }
            }
        }
        for key in theirs.keys().filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{tag}: `{key}` is not in the English catalogue"));
        }
    }
    problems
}

/// Every message and attribute of `lang` (`key` or `key.attribute`) with its file and the
/// variables it uses; parse errors, repeats and unreadable web messages go to `problems`.
fn keys_of(lang: Lang, problems: &mut Vec<String>) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let tag = lang.tag();
    let mut keys = BTreeMap::new();
    for (name, source) in files(lang) {
        let resource = match fluent_syntax::parser::parse(source) {
            Ok(resource) => resource,
            Err((partial, errors)) => {
                for e in errors {
                    let line = source[..e.pos.start.min(source.len())].lines().count().max(1);
                    problems.push(format!("{tag}/{name}.ftl:{line}: {:?}", e.kind));
                }
                partial
            }
        };
        for entry in &resource.body {
            let Entry::Message(message) = entry else { continue };
            let mut patterns: Vec<(String, &Pattern<&str>)> = Vec::new();
            if let Some(value) = &message.value {
                patterns.push((message.id.name.to_string(), value));
            }
            for attribute in &message.attributes {
                patterns.push((format!("{}.{}", message.id.name, attribute.id.name), &attribute.value));
            }
            for (key, p) in patterns {
                if name == WEB_FILE {
                    if let Err(why) = pattern(p) {
                        problems.push(format!("{tag}/{name}.ftl: `{key}` has {why}, which the scripts cannot read"));
                    }
                }
                let mut variables = BTreeSet::new();
                pattern_variables(p, &mut variables);
                if keys.insert(key.clone(), (name.to_string(), variables)).is_some() {
                    problems.push(format!("{tag}/{name}.ftl: `{key}` is given twice"));
                }
            }
        }
    }
    keys
}

/// The variables `p` uses, added to `out`.
pub(super) fn pattern_variables(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}
