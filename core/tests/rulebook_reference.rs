//! docs/rulebook.md is complete: every definition of docs/rulebook.schema.json (generated from the Rust types,
//! kept current by `schema_file_is_current`) is documented, key by key and value by value, with a paragraph
//! and an example. The convention is stated at the top of the document:
//!
//! - a section (a heading down to the next heading) names the schema definitions it documents in a comment
//!   `<!-- schema: Name Name -->`; every definition (and the root, `Rulebook`) is named exactly once;
//! - every key of a named object and every value of a named enumeration has a definition line in the section
//!   (a table row whose first cell, or a list item whose text before its first colon, holds the name in
//!   backticks, with at least three words of meaning), and appears in one of the section's json examples (a
//!   key as a key, a value as a string);
//! - every json example in the document parses (alone, or wrapped in braces), and one that is a whole rulebook
//!   (it has `kassa`) loads;
//! - the section "What is not specified" has no entries.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The names one schema definition asks the reference to document: object keys (the one key of each
/// alternative for `Action` and `Condition`) and enumeration values. `None`: a definition with no names
/// (a string pattern, an object without keys).
#[derive(Debug, PartialEq)]
enum Names {
    Keys(Vec<String>),
    Values(Vec<String>),
}

fn names(def: &Value) -> Result<Names, String> {
    if let Some(props) = def.get("properties").and_then(Value::as_object) {
        return Ok(Names::Keys(props.keys().cloned().collect()));
    }
    if let Some(values) = def.get("enum").and_then(Value::as_array) {
        let v = values.iter().filter_map(Value::as_str).map(String::from);
        return Ok(Names::Values(v.collect()));
    }
    if let Some(alternatives) = def.get("oneOf").and_then(Value::as_array) {
        let (mut keys, mut values) = (Vec::new(), Vec::new());
        for a in alternatives {
            if let Some(c) = a.get("const").and_then(Value::as_str) {
                values.push(c.to_string());
            } else if let Some(p) = a.get("properties").and_then(Value::as_object) {
                if p.len() != 1 {
                    return Err(format!("an alternative with {} keys", p.len()));
                }
                keys.extend(p.keys().cloned());
            } else {
                return Err(format!("an alternative the test cannot read: {a}"));
            }
        }
        return match (keys.is_empty(), values.is_empty()) {
            (false, true) => Ok(Names::Keys(keys)),
            (true, false) => Ok(Names::Values(values)),
            _ => Err("alternatives mixing keys and constants".into()),
        };
    }
    Ok(Names::Keys(Vec::new()))
}

/// Every definition of the schema by name: its `$defs` and the root, named by the schema's title.
fn definitions(schema: &Value) -> BTreeMap<String, Names> {
    let mut out = BTreeMap::new();
    let title = schema["title"].as_str().expect("the schema has a title");
    out.insert(title.to_string(), names(schema).unwrap());
    for (name, def) in schema["$defs"].as_object().expect("$defs") {
        let n = names(def).unwrap_or_else(|e| panic!("schema definition {name}: {e}"));
        out.insert(name.clone(), n);
    }
    out
}

/// A section of the document: its heading, the definitions it names, its definition lines and its examples.
#[derive(Default, Debug)]
struct Section {
    heading: String,
    tags: Vec<String>,
    /// (names in backticks at the start, words of meaning), per definition line.
    definitions: Vec<(Vec<String>, usize)>,
    /// Lines that are entries (table rows or list items), for "What is not specified".
    entries: usize,
    examples: Vec<Value>,
}

/// The backticked names in a piece of text, and the words outside backticks.
fn backticked(text: &str) -> (Vec<String>, usize) {
    let mut names = Vec::new();
    let mut rest = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            names.push(part.trim().to_string());
        } else {
            rest.push_str(part);
            rest.push(' ');
        }
    }
    let words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (names, words)
}

/// A definition line: the names it defines and the words of meaning, or None.
fn definition(line: &str) -> Option<(Vec<String>, usize)> {
    let t = line.trim_start();
    if let Some(row) = t.strip_prefix('|') {
        let cells: Vec<&str> = row.split('|').collect();
        let first = cells.first()?;
        if first.trim().starts_with('-') || cells.len() < 2 {
            return None; // a separator row
        }
        let (names, _) = backticked(first);
        let (_, words) = backticked(&cells[1..].join(" "));
        return Some((names, words));
    }
    let item = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))?;
    let (head, meaning) = item.split_once(':')?;
    let (names, _) = backticked(head);
    let (_, words) = backticked(meaning);
    Some((names, words))
}

/// Parse a json example: as written, or as the inside of an object ("key": value, ...).
fn example(text: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&format!("{{{text}}}")))
        .map_err(|e| format!("{e}"))
}

fn sections(doc: &str) -> Result<Vec<Section>, Vec<String>> {
    let mut out = vec![Section::default()];
    let mut errors = Vec::new();
    let mut fence: Option<(String, usize, String)> = None; // (language, first line, text)
    for (n, line) in doc.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            match fence.take() {
                Some((lang, at, text)) => {
                    if lang == "json" {
                        match example(&text) {
                            Ok(v) => out.last_mut().unwrap().examples.push(v),
                            Err(e) => errors
                                .push(format!("line {at}: the json example does not parse: {e}")),
                        }
                    }
                }
                None => {
                    let lang = line.trim_start().trim_start_matches('`').trim().to_string();
                    fence = Some((lang, n + 1, String::new()));
                }
            }
            continue;
        }
        if let Some((_, _, text)) = fence.as_mut() {
            text.push_str(line);
            text.push('\n');
            continue;
        }
        if line.starts_with('#') {
            out.push(Section {
                heading: line.trim_start_matches('#').trim().to_string(),
                ..Section::default()
            });
            continue;
        }
        let section = out.last_mut().unwrap();
        if let Some(tags) = line
            .trim()
            .strip_prefix("<!-- schema:")
            .and_then(|t| t.strip_suffix("-->"))
        {
            section
                .tags
                .extend(tags.split_whitespace().map(String::from));
            continue;
        }
        let t = line.trim_start();
        if t.starts_with('|') || t.starts_with("- ") || t.starts_with("* ") {
            section.entries += 1;
        }
        if let Some(d) = definition(line) {
            section.definitions.push(d);
        }
    }
    if fence.is_some() {
        errors.push("an unclosed code fence".into());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Every object key and every string value in an example.
fn collect(v: &Value, keys: &mut BTreeSet<String>, strings: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                keys.insert(k.clone());
                collect(x, keys, strings);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, keys, strings)),
        Value::String(s) => {
            strings.insert(s.clone());
        }
        _ => {}
    }
}

/// Everything the reference lacks, as sentences (empty when it is complete).
fn findings(doc: &str, schema: &Value) -> Vec<String> {
    let sections = match sections(doc) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let defs = definitions(schema);
    let mut out = Vec::new();
    let mut tagged: BTreeMap<&str, &Section> = BTreeMap::new();
    for s in &sections {
        for t in &s.tags {
            if !defs.contains_key(t) {
                out.push(format!(
                    "section \"{}\" names {t}, which the schema does not define",
                    s.heading
                ));
            } else if let Some(other) = tagged.insert(t, s) {
                out.push(format!(
                    "{t} is named by two sections: \"{}\" and \"{}\"",
                    other.heading, s.heading
                ));
            }
        }
    }
    for (name, wanted) in &defs {
        let Some(s) = tagged.get(name.as_str()) else {
            out.push(format!(
                "schema definition {name} is documented nowhere (no section names it)"
            ));
            continue;
        };
        if s.examples.is_empty() {
            out.push(format!(
                "section \"{}\" ({name}) has no json example",
                s.heading
            ));
        }
        let (mut keys, mut strings) = (BTreeSet::new(), BTreeSet::new());
        s.examples
            .iter()
            .for_each(|e| collect(e, &mut keys, &mut strings));
        let (list, in_example, what) = match wanted {
            Names::Keys(k) => (k, &keys, "key"),
            Names::Values(v) => (v, &strings, "value"),
        };
        for n in list {
            match s.definitions.iter().find(|(names, _)| names.contains(n)) {
                None => out.push(format!(
                    "{name} {what} `{n}`: no definition line in \"{}\"",
                    s.heading
                )),
                Some((_, words)) if *words < 3 => out.push(format!(
                    "{name} {what} `{n}`: its definition line in \"{}\" says too little",
                    s.heading
                )),
                Some(_) => {}
            }
            if !in_example.contains(n) {
                out.push(format!(
                    "{name} {what} `{n}`: in no json example of \"{}\"",
                    s.heading
                ));
            }
        }
    }
    match sections
        .iter()
        .find(|s| s.heading == "What is not specified")
    {
        None => out.push("the section \"What is not specified\" is missing".into()),
        Some(s) if s.entries > 0 => out.push(format!(
            "\"What is not specified\" lists {} entries: document them in the reference instead",
            s.entries
        )),
        Some(_) => {}
    }
    for s in &sections {
        for e in s.examples.iter().filter(|e| e.get("kassa").is_some()) {
            if let Err(err) = kassa_core::Engine::load(&e.to_string()) {
                out.push(format!(
                    "the rulebook example in \"{}\" does not load: {err} {:?}",
                    s.heading, err.problems
                ));
            }
        }
    }
    out
}

#[test]
fn the_reference_documents_every_key_action_target_and_setting() {
    let schema: Value = serde_json::from_str(&read("docs/rulebook.schema.json")).unwrap();
    let found = findings(&read("docs/rulebook.md"), &schema);
    assert!(
        found.is_empty(),
        "docs/rulebook.md is incomplete:\n- {}",
        found.join("\n- ")
    );
}

// ---- the checker itself fails where it should ----------------------------------------------------------

fn tiny_schema() -> Value {
    serde_json::json!({"title": "Rulebook", "properties": {"kassa": {}, "mode": {}},
        "$defs": {"Mode": {"oneOf": [{"const": "fast"}, {"const": "slow"}]}}})
}

const TINY: &str = "# T\n<!-- schema: Rulebook Mode -->\n\n| key | meaning |\n|---|---|\n\
| `kassa` | the format version string |\n| `mode` | how it runs, below |\n\
- `fast`: runs without waiting\n- `slow`: runs with care\n\n\
```json\n{\"kassa\": \"1\", \"mode\": \"fast\", \"other\": \"slow\"}\n```\n\n## What is not specified\n\nNothing.\n";

#[test]
fn a_complete_tiny_reference_passes() {
    // The tiny rulebook example does not load (it is not a real rulebook): only that finding.
    let found = findings(TINY, &tiny_schema());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("the rulebook example in \"T\" does not load"));
}

#[test]
fn a_missing_definition_line_example_or_section_is_found() {
    let schema = tiny_schema();
    let without_row = TINY.replace("| `mode` | how it runs, below |\n", "");
    assert!(findings(&without_row, &schema)
        .contains(&"Rulebook key `mode`: no definition line in \"T\"".to_string()));
    let without_example = TINY.replace("\"other\": \"slow\"", "\"other\": 1");
    assert!(findings(&without_example, &schema)
        .contains(&"Mode value `slow`: in no json example of \"T\"".to_string()));
    let terse = TINY.replace("- `slow`: runs with care", "- `slow`: care");
    assert!(findings(&terse, &schema)
        .contains(&"Mode value `slow`: its definition line in \"T\" says too little".to_string()));
    let untagged = TINY.replace("Rulebook Mode", "Rulebook");
    assert!(findings(&untagged, &schema).contains(
        &"schema definition Mode is documented nowhere (no section names it)".to_string()
    ));
    let parked = TINY.replace("Nothing.", "- `mode`: later");
    assert!(findings(&parked, &schema)
        .iter()
        .any(|f| f.contains("What is not specified")));
    let broken = TINY.replace("\"mode\": \"fast\"", "\"mode\": fast");
    assert!(findings(&broken, &schema)[0].contains("does not parse"));
}
