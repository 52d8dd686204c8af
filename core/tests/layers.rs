//! The crate's layers point one way: a module may use the modules of the layers below its own and never one
//! beside or above it, so no cycle between modules can come back. This test reads every file of core/src and
//! checks each `crate::` path (in `use` lines, in code and in macros' `$crate::`) against the order below.
//!
//! A new top-level module must be given a layer here; moving a module between layers is a design decision, so
//! say why in the commit.

use std::collections::BTreeMap;
use std::path::Path;

/// The layers, lowest first. Modules in one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    // Kebab-case names from identifiers at compile time; the crate's one sort; maps of indices to indices;
    // integer digits; a decimal's text kept inline.
    &["names", "sort", "index_map", "digits", "decimal_text"],
    // Error, Problem, Severity, the Coded trait and the errors! macro.
    &["error"],
    // The explanation's storage: steps as spans of one text (the quote's trace).
    &["explanation"],
    // The wire types of the contract; the documented size limits.
    &["api", "limits"],
    // A list of findings bounded by the `problems` limit.
    &["problems"],
    // The strict JSON parser and the shape reader every JSON input is read with.
    &["json"],
    // The canonical JSON of the contract's records (the wire format).
    &["wire"],
    // Decimals, rounding, currencies, allocation.
    &["money"],
    // Stateless field validators.
    &["fields"],
    // Reading and checking the rulebook into its model.
    &["rulebook"],
    // The cart being priced and its trace, shared by the layers above.
    &["priced"],
    // Pricing steps; the order rules.
    &["pricing", "validation"],
    // Promotions (they price gift lines with pricing).
    &["promotion"],
    // What would unlock the next benefit, worded from the shortfalls pricing and promotions find.
    &["hints"],
    // The quote pipeline; versions and data sources.
    &["quote", "about"],
    // Refunds and credit notes from a quote (they re-quote the cart).
    &["refund"],
    // The public operations; the table of every error code.
    &["engine", "codes"],
    // Two engines compared on one cart (kassa replay).
    &["replay"],
];

fn level(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The source without comments and without the contents of string and character literals, so that only code
/// is searched.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &src[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(hashes) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            i += body
                + rest[body..]
                    .find(&close)
                    .map_or(rest.len(), |e| e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && char_literal_len(rest) > 0 {
            i += char_literal_len(rest);
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `r"` or `r#"` (any number of `#`) starting a raw string, not the end of an identifier such as `for`.
fn raw_string_start(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix('r')?;
    let hashes = after.len() - after.trim_start_matches('#').len();
    after[hashes..].starts_with('"').then_some(hashes)
}

/// The length of a character literal at the start of `rest` ('x', '\n', '\''), or 0 for a lifetime.
fn char_literal_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().skip(1);
    match chars.next() {
        Some((_, '\\')) => rest[2..].find('\'').map_or(0, |e| e + 3),
        Some((_, c)) => match chars.next() {
            Some((j, '\'')) if c != '\'' => j + 1,
            _ => 0,
        },
        None => 0,
    }
}

/// Every top-level name a `crate::` path in `code` starts with (`crate::a::b` gives `a`, `crate::{a, b::c}`
/// gives `a` and `b`), with its byte offset.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back().unwrap_or(' ');
        if before.is_alphanumeric() || before == '_' {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let end = group
                .find(|c| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => return true,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name = first_segment(item.trim());
                        if !name.is_empty() {
                            found.push((at, name));
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            found.push((at, first_segment(rest)));
        }
    }
    found
}

fn first_segment(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// What `lib.rs` re-exports at the crate root (`pub use error::{Error, Param}`): name -> module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in code_only(lib).lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, names) = rest
            .trim_end_matches(';')
            .split_once("::")
            .unwrap_or_default();
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            map.insert(name.trim().to_string(), module.to_string());
        }
    }
    map
}

/// The top-level modules `lib.rs` declares.
fn declared_modules(lib: &str) -> Vec<String> {
    code_only(lib)
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")
                .map(|m| m.trim_end_matches(';').to_string())
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read core/src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_declared_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let mut declared = declared_modules(&lib);
    declared.sort();
    let mut layered: Vec<String> = LAYERS
        .iter()
        .flat_map(|l| l.iter())
        .map(|m| m.to_string())
        .collect();
    layered.sort();
    assert_eq!(declared, layered, "lib.rs modules vs LAYERS");
}

#[test]
fn modules_use_only_the_layers_below_their_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_string())
            .unwrap_or_default();
        if module == "lib" {
            continue;
        }
        let Some(own) = level(&module) else {
            wrong.push(format!("{}: module {module} has no layer", rel.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let code = code_only(&text);
        for (at, name) in crate_paths(&code) {
            let target = reexports.get(&name).cloned().unwrap_or(name.clone());
            let line = code[..at].lines().count();
            match level(&target) {
                _ if target == module => {}
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!(
                    "{}:{line}: {module} uses crate::{name}, which is not below it",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{}:{line}: crate::{name} is neither a layered module nor a root re-export",
                    rel.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_scanner_sees_code_only() {
    let src = r##"use crate::{a, b::{c, d}, self};
// crate::comment
let s = "crate::string"; let r = r#"crate::raw"#; let c = '"'; let q = '\''; fn f<'a>() {}
x = crate::e::f; y = $crate::g::h; z = notcrate::i;
"##;
    let names: Vec<String> = crate_paths(&code_only(src))
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(names, ["a", "b", "self", "e", "g"]);
}
