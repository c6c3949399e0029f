//! The catalogue's messages for the web bundle (the player, uploads, live status): each
//! language's `web.ftl`, handed to the page as data the scripts' `t()` reads. Those messages
//! keep to what that reader understands — text, `{ $variable }`, and selectors over a number's
//! plural category or a literal — which `check` holds them to.

use std::sync::LazyLock;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use serde_json::{json, Map, Value};

use super::{files, Lang};

/// The file whose messages the scripts use.
pub(super) const WEB_FILE: &str = "web";

/// `lang`'s web messages as JSON: `{"key": parts, "key.attribute": parts}`, where parts are
/// text, `{"v": name}` for a variable, and `{"s": name, "k": [[key, parts]…], "d": i}` for a
/// selector whose default is variant `i`.
pub fn web_messages(lang: Lang) -> &'static str {
    static ALL: LazyLock<Vec<String>> = LazyLock::new(|| Lang::ALL.into_iter().map(|l| export(l).to_string()).collect());
    &ALL[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

fn export(lang: Lang) -> Value {
    let mut out = Map::new();
    for (name, source) in files(lang).filter(|(name, _)| *name == WEB_FILE) {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(partial, errors)| {
            tracing::error!(lang = lang.tag(), file = name, ?errors, "a catalogue file does not parse");
            partial
        });
        for entry in resource.body {
            let Entry::Message(message) = entry else { continue };
            if let Some(value) = &message.value {
                out.insert(message.id.name.to_string(), pattern(value).unwrap_or_default());
            }
            for attribute in &message.attributes {
                out.insert(format!("{}.{}", message.id.name, attribute.id.name), pattern(&attribute.value).unwrap_or_default());
            }
        }
    }
    Value::Object(out)
}

/// A pattern as the scripts read it, or what in it they cannot read.
pub(super) fn pattern(p: &Pattern<&str>) -> Result<Value, String> {
    let mut parts = Vec::new();
    for element in &p.elements {
        match element {
            PatternElement::TextElement { value } => parts.push(Value::from(*value)),
            PatternElement::Placeable { expression } => parts.push(expression_part(expression)?),
        }
    }
    Ok(Value::Array(parts))
}

fn expression_part(e: &Expression<&str>) -> Result<Value, String> {
    match e {
        Expression::Inline(inline) => inline_part(inline),
        Expression::Select { selector, variants } => {
            let InlineExpression::VariableReference { id } = selector else {
                return Err("a selector on something other than a variable".into());
            };
            let mut keys = Vec::new();
            let mut default = 0;
            for (i, variant) in variants.iter().enumerate() {
                let key = match &variant.key {
                    VariantKey::Identifier { name } => *name,
                    VariantKey::NumberLiteral { value } => *value,
                };
                keys.push(json!([key, pattern(&variant.value)?]));
                if variant.default {
                    default = i;
                }
            }
            Ok(json!({ "s": id.name, "k": keys, "d": default }))
        }
    }
}

fn inline_part(e: &InlineExpression<&str>) -> Result<Value, String> {
    match e {
        InlineExpression::VariableReference { id } => Ok(json!({ "v": id.name })),
        InlineExpression::StringLiteral { value } => Ok(Value::from(*value)),
        InlineExpression::NumberLiteral { value } => Ok(Value::from(*value)),
        InlineExpression::Placeable { expression } => expression_part(expression),
        _ => Err("a function, message or term reference".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plural_message_reaches_the_scripts_with_its_variants() {
        let en: Value = serde_json::from_str(web_messages(Lang::En)).unwrap();
        let seconds = &en["web-seconds"];
        assert_eq!(seconds[0]["s"], "n", "a selector over $n: {seconds}");
        let ar: Value = serde_json::from_str(web_messages(Lang::Ar)).unwrap();
        assert!(ar["web-seconds"][0]["k"].as_array().unwrap().len() >= 5, "Arabic has its plural forms: {}", ar["web-seconds"]);
    }
}
