//! Markdown and HTML through minijinja templates a council can override.
//!
//! The built-in templates (`templates/report.md`, `templates/report.html`) are compiled in; a
//! council may supply its own under the same names. Templates get the [`Document`] as plain data
//! (`doc`), undefined values are errors, and a fuel limit stops a runaway template.

use crate::{DocsError, Document};
use minijinja::{Environment, UndefinedBehavior, Value};
use std::collections::HashMap;

/// The built-in Markdown template.
pub const MARKDOWN: &str = include_str!("../templates/report.md");
/// The built-in HTML template.
pub const HTML: &str = include_str!("../templates/report.html");

/// Markdown table cells: no raw newlines or pipes.
fn cell(value: String) -> String {
    value.replace('|', "\\|").replace('\n', " ")
}

fn environment(overrides: &HashMap<String, String>) -> Result<Environment<'static>, DocsError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(5_000_000));
    env.set_recursion_limit(64);
    // Files end with a newline, as the templates do.
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| DocsError::Template {
            name: "syntax".to_owned(),
            message: e.to_string(),
        })?;
    env.set_syntax(syntax);
    env.add_filter("cell", cell);
    for (name, builtin) in [("report.md", MARKDOWN), ("report.html", HTML)] {
        let source = overrides
            .get(name)
            .cloned()
            .unwrap_or_else(|| builtin.to_owned());
        env.add_template_owned(name.to_owned(), source)
            .map_err(|e| DocsError::Template {
                name: name.to_owned(),
                message: e.to_string(),
            })?;
    }
    Ok(env)
}

fn render(
    doc: &Document,
    name: &str,
    overrides: &HashMap<String, String>,
) -> Result<String, DocsError> {
    let env = environment(overrides)?;
    let template = env.get_template(name).map_err(|e| DocsError::Template {
        name: name.to_owned(),
        message: e.to_string(),
    })?;
    template
        .render(minijinja::context! { doc => Value::from(minijinja::value::Serde(doc)) })
        .map_err(|e| DocsError::Template {
            name: name.to_owned(),
            message: format!("{e:#}"),
        })
}

/// The document as Markdown (`report.md` in `overrides` replaces the built-in template).
pub fn markdown(doc: &Document, overrides: &HashMap<String, String>) -> Result<String, DocsError> {
    render(doc, "report.md", overrides)
}

/// The document as an accessible HTML page (`report.html` in `overrides` replaces the built-in).
pub fn html(doc: &Document, overrides: &HashMap<String, String>) -> Result<String, DocsError> {
    render(doc, "report.html", overrides)
}
