//! The OpenTelemetry names of every host (docs/observability.md) from their one statement,
//! `conformance/otel/spans.json`: the instrumentation scope, the span names, the attribute keys, the event
//! names and their attribute keys, as constants per language. The hosts' tests run the file's scenarios; this
//! keeps the names themselves from being restated.

use crate::names::{go_private, shouty};
use crate::text::{comment, marker, Columns};
use crate::File;
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::fmt::Write;
use std::path::{Path, PathBuf};

const SOURCE: &str = "conformance/otel/spans.json";

/// One named string: its kebab-case name (without the `kassa.` namespace), its value, its doc.
struct Name {
    kebab: String,
    value: String,
    doc: String,
}

struct Names {
    scope: Vec<(String, String)>, // host -> scope name
    spans: Vec<Name>,
    events: Vec<Name>,
    attributes: Vec<Name>,
}

/// "kassa.cart.line_count" → "cart-line-count"; "error.type" → "error-type"; a prefix ending in "." gets
/// "-prefix".
fn kebab(key: &str) -> String {
    let k = key.strip_prefix("kassa.").unwrap_or(key);
    let mut s: String = k
        .trim_end_matches('.')
        .chars()
        .map(|c| if c == '.' || c == '_' { '-' } else { c })
        .collect();
    if key.ends_with('.') {
        s.push_str("-prefix");
    }
    s
}

fn brief(v: &Value) -> String {
    wrap(v.get("brief").and_then(Value::as_str).unwrap_or(""), 100)
}

/// `text` in lines of at most `width` characters (breaking between words), for comments.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

fn read(root: &Path) -> Result<Names> {
    let path = root.join(SOURCE);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let v: Value = serde_json::from_str(&text).with_context(|| format!("parsing {SOURCE}"))?;
    let obj = |k: &str| {
        v.get(k)
            .and_then(Value::as_object)
            .with_context(|| format!("{SOURCE}: no object {k:?}"))
    };
    let mut names = Names {
        scope: Vec::new(),
        spans: Vec::new(),
        events: Vec::new(),
        attributes: Vec::new(),
    };
    for (host, s) in obj("scope")? {
        names
            .scope
            .push((host.clone(), s.as_str().unwrap_or("").to_string()));
    }
    for (op, s) in obj("spans")? {
        let Some(name) = s.get("name").and_then(Value::as_str) else {
            bail!("{SOURCE}: span {op} has no name");
        };
        names.spans.push(Name {
            kebab: op.clone(),
            value: name.to_string(),
            doc: format!("The span of {op}."),
        });
    }
    for (key, a) in obj("attributes")? {
        names.attributes.push(Name {
            kebab: kebab(key),
            value: key.clone(),
            doc: brief(a),
        });
    }
    for (name, e) in obj("events")? {
        names.events.push(Name {
            kebab: kebab(name),
            value: name.clone(),
            doc: brief(e),
        });
        for (key, a) in e
            .get("attributes")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            names.attributes.push(Name {
                kebab: kebab(key),
                value: key.clone(),
                doc: brief(a),
            });
        }
        if let Some(prefix) = e.get("param-prefix").and_then(Value::as_str) {
            names.attributes.push(Name {
                kebab: kebab(prefix),
                value: prefix.to_string(),
                doc: format!("Each param of a {name} event is an attribute: this prefix and the param's name."),
            });
        }
    }
    Ok(names)
}

/// The names file of every host.
pub fn emit(root: &Path) -> Result<Vec<File>> {
    let n = read(root)?;
    let scope = |host: &str| {
        n.scope
            .iter()
            .find(|(h, _)| h == host)
            .map(|(_, s)| s.clone())
            .with_context(|| format!("{SOURCE}: no scope for {host}"))
    };
    Ok(vec![
        File {
            path: PathBuf::from("consumers/go/otel_names.go"),
            contents: go(&n, &scope("go")?),
        },
        File {
            path: PathBuf::from("consumers/python/src/kassa/_otel_names.py"),
            contents: python(&n, &scope("python")?),
        },
        File {
            path: PathBuf::from("consumers/js/src/otel-names.ts"),
            contents: ts(&n, &scope("js")?),
        },
    ])
}

fn go(n: &Names, scope: &str) -> String {
    let mut out = marker("//", SOURCE);
    out.push_str("\npackage kassa\n\n");
    out.push_str("// The OpenTelemetry names of docs/observability.md (otel.go uses them).\n\n");
    out.push_str("import \"go.opentelemetry.io/otel/attribute\"\n\n");
    out.push_str("// scopeName is the instrumentation scope of every span.\n");
    let _ = writeln!(out, "const scopeName = {scope:?}\n");
    let block = |out: &mut String, title: &str, prefix: &str, items: &[Name], typed: bool| {
        let _ = writeln!(out, "// {title}\nconst (");
        let mut cols = Columns::default();
        for item in items {
            if !item.doc.is_empty() {
                let mut c = String::new();
                comment(&mut c, "\t", "// ", &item.doc);
                cols.raw(c.trim_end_matches('\n').to_string());
            }
            let name = go_private(&format!("{prefix}-{}", item.kebab));
            let value = if typed && !item.value.ends_with('.') {
                format!("= attribute.Key({:?})", item.value)
            } else {
                format!("= {:?}", item.value)
            };
            cols.row(vec![name, value]);
        }
        cols.write(out, "\t");
        out.push_str(")\n");
    };
    block(
        &mut out,
        "Span names, one per operation.",
        "span",
        &n.spans,
        false,
    );
    out.push('\n');
    block(&mut out, "Event names.", "event", &n.events, false);
    out.push('\n');
    block(&mut out, "Attribute keys.", "attr", &n.attributes, true);
    out
}

fn python(n: &Names, scope: &str) -> String {
    let mut out = marker("#", SOURCE);
    out.push_str(
        "\"\"\"The OpenTelemetry names of docs/observability.md (_otel.py uses them).\"\"\"\n\n",
    );
    let _ = writeln!(out, "SCOPE = {scope:?}\n");
    for s in &n.spans {
        let _ = writeln!(out, "SPAN_{} = {:?}", shouty(&s.kebab), s.value);
    }
    out.push('\n');
    for e in &n.events {
        let _ = writeln!(out, "EVENT_{} = {:?}", shouty(&e.kebab), e.value);
    }
    for a in &n.attributes {
        out.push('\n');
        comment(&mut out, "", "#: ", &a.doc);
        let _ = writeln!(out, "{} = {:?}", shouty(&a.kebab), a.value);
    }
    out
}

fn ts(n: &Names, scope: &str) -> String {
    let q = |s: &str| format!("'{}'", s.replace('\'', "\\'"));
    let mut out = marker("//", SOURCE);
    out.push_str("// The OpenTelemetry names of docs/observability.md (otel.ts uses them).\n\n");
    let _ = writeln!(out, "export const SCOPE = {};", q(scope));
    for s in &n.spans {
        let _ = writeln!(
            out,
            "export const SPAN_{} = {};",
            shouty(&s.kebab),
            q(&s.value)
        );
    }
    for e in &n.events {
        let _ = writeln!(
            out,
            "export const EVENT_{} = {};",
            shouty(&e.kebab),
            q(&e.value)
        );
    }
    for a in &n.attributes {
        let _ = writeln!(out, "export const {} = {};", shouty(&a.kebab), q(&a.value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::kebab;

    #[test]
    fn docs_wrap_between_words() {
        assert_eq!(super::wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(super::wrap("", 5), "");
    }

    #[test]
    fn attribute_keys_become_kebab_names() {
        assert_eq!(kebab("kassa.cart.line_count"), "cart-line-count");
        assert_eq!(kebab("error.type"), "error-type");
        assert_eq!(kebab("kassa.explain.param."), "explain-param-prefix");
        assert_eq!(kebab("kassa.validate-fields"), "validate-fields");
    }
}
