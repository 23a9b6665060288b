//! Which arguments each message of a Fluent text uses: the built-in languages are checked
//! against the reference language with it, and the operator's overrides against the built-in
//! messages.

use std::collections::BTreeSet;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// One message of a Fluent text.
#[derive(Debug)]
pub struct MessageArgs {
    pub id: String,
    /// The line (from 1) on which the message starts.
    pub line: usize,
    /// The names of the `{ $name }` arguments it uses.
    pub args: BTreeSet<String>,
}

/// The messages of `text`, or the line and reason of its first syntax error.
pub fn messages(text: &str) -> Result<Vec<MessageArgs>, (usize, String)> {
    let resource = fluent_syntax::parser::parse(text).map_err(|(_, errors)| {
        let first = &errors[0];
        (line_of(text, first.pos.start), first.kind.to_string())
    })?;
    let mut found = Vec::new();
    let mut from = 0;
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let mut args = BTreeSet::new();
            if let Some(value) = &message.value {
                pattern_args(value, &mut args);
            }
            let line = definition_line(text, message.id.name, from);
            from = line;
            found.push(MessageArgs {
                id: message.id.name.to_owned(),
                line,
                args,
            });
        }
    }
    Ok(found)
}

/// The line holding the byte at `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The first line after line `from` on which `id = …` starts (Fluent's syntax tree keeps no
/// positions; messages come in the order of the text).
fn definition_line(text: &str, id: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, line)| {
            line.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(from.max(1), |(index, _)| index + 1)
}

fn pattern_args(pattern: &Pattern<&str>, args: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_args(expression, args);
        }
    }
}

fn expression_args(expression: &Expression<&str>, args: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_args(inline, args),
        Expression::Select { selector, variants } => {
            inline_args(selector, args);
            for variant in variants {
                pattern_args(&variant.value, args);
            }
        }
    }
}

fn inline_args(inline: &InlineExpression<&str>, args: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            args.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_args(argument, args);
            }
        }
        InlineExpression::Placeable { expression } => expression_args(expression, args),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_with_their_line_and_arguments() {
        let text = "# comment\nhello = Hello { $name }\n\nseats =\n    { $seats ->\n        [one] one seat in { $city }\n       *[other] { $seats } seats\n    }\n";
        let found = messages(text).unwrap();
        let summary: Vec<_> = found
            .iter()
            .map(|m| {
                (
                    m.id.as_str(),
                    m.line,
                    m.args.iter().cloned().collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("hello", 2, vec!["name".to_owned()]),
                ("seats", 4, vec!["city".to_owned(), "seats".to_owned()]),
            ]
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let (line, reason) = messages("good = fine\n\nbad = { $open\nnext = fine\n").unwrap_err();
        assert_eq!(line, 4, "where the parser noticed: {reason}");
        assert!(!reason.is_empty());
    }
}
