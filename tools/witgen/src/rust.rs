//! Rust: `core/src/api.rs` (kassa-core's wire types, with the serde derives core and the conformance runner
//! use) and `bindings/src/convert.rs` (field-for-field `From` impls between wit-bindgen's types and core's).
//!
//! The records `param`, `severity`, `problem` and `error` are defined by core's error module (they carry
//! behaviour there); api.rs does not restate them and convert.rs maps them to `kassa_core::error`, so a field
//! that differs from the WIT fails to compile. A field core computes instead of storing (`error.text`, from
//! `Error::text`) is listed in `COMPUTED` and converted with the method.

use crate::model::{Contract, Def, Kind, NamedType, Text, Ty};
use crate::names::{snake, upper_camel};
use crate::text::{comment, marker};
use crate::File;
use anyhow::{bail, Context, Result};
use std::fmt::Write;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// WIT types that kassa-core defines itself, with the module (the name there is the WIT name in
/// UpperCamelCase): the error records in `crate::error`, the trace step in `crate::explanation`.
const CORE_OWNED: &[(&str, &str)] = &[
    ("param", "error"),
    ("severity", "error"),
    ("problem", "error"),
    ("error", "error"),
    ("trace-step", "explanation"),
];

/// Lists that kassa-core keeps in a type of its own rather than a `Vec`: (element, type). An `Explanation`
/// holds its steps as spans of one text (core/src/explanation.rs); it collects from and iterates into owned
/// `TraceStep`s, so conversions read as they would for a `Vec`, and api.rs re-exports it.
const CORE_LISTS: &[(&str, &str)] = &[("trace-step", "Explanation")];

/// Fields of core-owned records that core computes by a method of the same name instead of storing:
/// (record, field).
const COMPUTED: &[(&str, &str)] = &[("error", "text")];

pub(crate) fn is_computed(t: &NamedType, field: &str) -> bool {
    COMPUTED.contains(&(t.name.as_str(), field))
}

/// wit-bindgen's keyword escapes (a trailing `_`), so that field names match its generated structs.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

pub fn emit(c: &Contract) -> Result<Vec<File>> {
    Ok(vec![
        File {
            path: "core/src/api.rs".into(),
            contents: rustfmt(&api(c)?)?,
        },
        File {
            path: "bindings/src/convert.rs".into(),
            contents: rustfmt(&convert(c)?)?,
        },
    ])
}

/// The kassa-core module that defines `t`, if core defines it rather than api.rs.
pub(crate) fn core_module(t: &NamedType) -> Option<&'static str> {
    CORE_OWNED
        .iter()
        .find(|(n, _)| *n == t.name)
        .map(|(_, m)| *m)
}

pub(crate) fn is_core_owned(t: &NamedType) -> bool {
    core_module(t).is_some()
}

/// Whether `t`'s values are in `crate::error` (the `e` alias of the generated files; the others are re-exported
/// by api.rs).
pub(crate) fn is_error_type(t: &NamedType) -> bool {
    core_module(t) == Some("error")
}

/// The core type that holds a list of `t`, when it is not a `Vec` (see `CORE_LISTS`).
pub(crate) fn core_list(t: &NamedType) -> Option<&'static str> {
    CORE_LISTS
        .iter()
        .find(|(n, _)| *n == t.name)
        .map(|(_, l)| *l)
}

pub(crate) fn field_name(kebab: &str) -> String {
    snake(kebab, KEYWORDS)
}

/// The Rust type of `ty` in kassa-core.
fn rust_ty(c: &Contract, ty: &Ty) -> Result<String> {
    Ok(match &ty.kind {
        Kind::Bool => "bool".into(),
        Kind::U8 => "u8".into(),
        Kind::U16 => "u16".into(),
        Kind::U32 => "u32".into(),
        Kind::U64 => "u64".into(),
        Kind::S8 => "i8".into(),
        Kind::S16 => "i16".into(),
        Kind::S32 => "i32".into(),
        Kind::S64 => "i64".into(),
        Kind::Str(Text::Decimal) => "DecimalText".into(),
        Kind::Str(_) => "String".into(),
        Kind::Named(i) => upper_camel(&c.ty(*i).name),
        Kind::List(t) => match &t.kind {
            Kind::Named(i) if core_list(c.ty(*i)).is_some() => {
                core_list(c.ty(*i)).unwrap_or_default().into()
            }
            _ => format!("Vec<{}>", rust_ty(c, t)?),
        },
        Kind::Option(t, _) => format!("Option<{}>", rust_ty(c, t)?),
        Kind::Result { ok, err, .. } => format!(
            "Result<{}, {}>",
            ok.as_ref()
                .map(|t| rust_ty(c, t))
                .transpose()?
                .unwrap_or_else(|| "()".into()),
            err.as_ref()
                .map(|t| rust_ty(c, t))
                .transpose()?
                .unwrap_or_else(|| "()".into())
        ),
        Kind::Tuple(ts) => {
            let parts = ts
                .iter()
                .map(|(_, t)| rust_ty(c, t))
                .collect::<Result<Vec<_>>>()?;
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Kind::Own(_) | Kind::Borrow(_) => bail!("resource handles cannot be fields of a record"),
    })
}

/// Whether `#[derive(Default)]` is possible: every field's type has a Default.
fn has_default(c: &Contract, ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Named(i) => {
            let t = c.ty(*i);
            match &t.def {
                Def::Record(fs) => !is_core_owned(t) && fs.iter().all(|f| has_default(c, &f.ty)),
                Def::Flags(_) => true,
                Def::Enum(_) | Def::Variant { .. } => false,
            }
        }
        Kind::Tuple(ts) => ts.iter().all(|(_, t)| has_default(c, t)),
        Kind::Result { .. } | Kind::Own(_) | Kind::Borrow(_) => false,
        _ => true,
    }
}

fn docs(out: &mut String, indent: &str, d: &Option<String>) {
    if let Some(d) = d {
        comment(out, indent, "/// ", d);
    }
}

fn api(c: &Contract) -> Result<String> {
    let mut out = marker("//", &c.source);
    out.push_str(
        "\n//! The wire types: one Rust type per record, enum, variant and flags of the WIT, field for field.\n\
         //!\n\
         //! Decimals are `DecimalText`s (their text, inline when short) and timestamps `String`s, as they cross the\n\
         //! boundary; the layers parse them (with paths) and format results canonically. The serde form (kebab-case\n\
         //! keys, unknown keys rejected, input fields with a default may be left out) is the canonical JSON that the\n\
         //! conformance runners of every host produce.\n\
         //! `param`, `severity`, `problem` and `error` are defined in `crate::error`, `trace-step` (and the\n\
         //! `Explanation` that holds a quote's steps) in `crate::explanation`.\n\n",
    );
    let mut used_core: Vec<String> = Vec::new();
    let mut explained: Vec<String> = Vec::new();
    for t in c.types.iter().filter(|t| !is_core_owned(t)) {
        let mut inner = Vec::new();
        match &t.def {
            Def::Record(fs) => fs
                .iter()
                .for_each(|f| crate::model::mentions(&f.ty, &mut inner)),
            Def::Variant { cases, .. } => cases
                .iter()
                .filter_map(|x| x.ty.as_ref())
                .for_each(|ty| crate::model::mentions(ty, &mut inner)),
            _ => {}
        }
        for i in inner {
            let n = upper_camel(&c.ty(i).name);
            if is_error_type(c.ty(i)) && !used_core.contains(&n) {
                used_core.push(n);
            }
        }
    }
    for t in c
        .types
        .iter()
        .filter(|t| core_module(t) == Some("explanation"))
    {
        explained.push(upper_camel(&t.name));
        explained.extend(core_list(t).map(String::from));
    }
    used_core.sort();
    explained.sort();
    if !used_core.is_empty() {
        let _ = writeln!(out, "use crate::error::{{{}}};", used_core.join(", "));
    }
    if !explained.is_empty() {
        let _ = writeln!(
            out,
            "pub use crate::explanation::{{{}}};",
            explained.join(", ")
        );
    }
    if c.types.iter().any(type_has_decimal) {
        out.push_str("pub use crate::decimal_text::DecimalText;\n");
    }
    out.push_str("use serde::{Deserialize, Serialize};\n");
    for t in c.types.iter().filter(|t| !is_core_owned(t)) {
        out.push('\n');
        docs(&mut out, "", &t.docs);
        let name = upper_camel(&t.name);
        match &t.def {
            Def::Enum(cases) => {
                out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]\n");
                out.push_str("#[serde(rename_all = \"kebab-case\")]\n");
                let _ = writeln!(out, "pub enum {name} {{");
                for case in cases {
                    docs(&mut out, "    ", &case.docs);
                    let _ = writeln!(out, "    {},", upper_camel(&case.name));
                }
                out.push_str("}\n");
            }
            Def::Variant { cases, .. } => {
                out.push_str("#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]\n");
                out.push_str("#[serde(rename_all = \"kebab-case\")]\n");
                let _ = writeln!(out, "pub enum {name} {{");
                for case in cases {
                    docs(&mut out, "    ", &case.docs);
                    match &case.ty {
                        Some(ty) => {
                            let _ = writeln!(
                                out,
                                "    {}({}),",
                                upper_camel(&case.name),
                                rust_ty(c, ty)?
                            );
                        }
                        None => {
                            let _ = writeln!(out, "    {},", upper_camel(&case.name));
                        }
                    }
                }
                out.push_str("}\n");
            }
            Def::Flags(flags) => {
                out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]\n");
                out.push_str("#[serde(rename_all = \"kebab-case\", deny_unknown_fields)]\n");
                let _ = writeln!(out, "pub struct {name} {{");
                for f in flags {
                    docs(&mut out, "    ", &f.docs);
                    out.push_str("    #[serde(default)]\n");
                    rename(&mut out, &f.name);
                    let _ = writeln!(out, "    pub {}: bool,", field_name(&f.name));
                }
                out.push_str("}\n");
            }
            Def::Record(fields) => {
                let default = t.input && fields.iter().all(|f| has_default(c, &f.ty));
                let _ = writeln!(
                    out,
                    "#[derive(Debug, Clone, PartialEq, Eq{}, Serialize, Deserialize)]",
                    if default { ", Default" } else { "" }
                );
                out.push_str("#[serde(rename_all = \"kebab-case\", deny_unknown_fields)]\n");
                let _ = writeln!(out, "pub struct {name} {{");
                for f in fields {
                    docs(&mut out, "    ", &f.docs);
                    if t.input && c.default_of(&f.ty).is_some() {
                        out.push_str("    #[serde(default)]\n");
                    }
                    rename(&mut out, &f.name);
                    let ty = rust_ty(c, &f.ty).with_context(|| format!("{}.{}", t.name, f.name))?;
                    let _ = writeln!(out, "    pub {}: {ty},", field_name(&f.name));
                }
                out.push_str("}\n");
            }
        }
    }
    Ok(out)
}

/// An explicit serde name where the Rust name is not the kebab name in snake_case (a keyword escape).
fn rename(out: &mut String, kebab: &str) {
    if field_name(kebab) != kebab.replace('-', "_") {
        let _ = writeln!(out, "    #[serde(rename = \"{kebab}\")]");
    }
}

/// Whether converting `ty` needs more than a move (it contains a named type or a decimal: wit-bindgen's
/// `String` on one side, kassa-core's `DecimalText` on the other).
fn needs_conv(ty: &Ty) -> bool {
    let mut named = Vec::new();
    crate::model::mentions(ty, &mut named);
    !named.is_empty() || has_decimal(ty)
}

/// Whether `ty` holds a `decimal` itself (not through a named type).
fn has_decimal(ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Str(Text::Decimal) => true,
        Kind::List(t) | Kind::Option(t, _) => has_decimal(t),
        Kind::Tuple(ts) => ts.iter().any(|(_, t)| has_decimal(t)),
        Kind::Result { ok, err, .. } => {
            ok.as_deref().is_some_and(has_decimal) || err.as_deref().is_some_and(has_decimal)
        }
        _ => false,
    }
}

/// Whether a field or case of `t` holds a decimal itself.
fn type_has_decimal(t: &NamedType) -> bool {
    match &t.def {
        Def::Record(fs) => !is_core_owned(t) && fs.iter().any(|f| has_decimal(&f.ty)),
        Def::Variant { cases, .. } => cases.iter().filter_map(|x| x.ty.as_ref()).any(has_decimal),
        _ => false,
    }
}

/// The expression converting `expr` of type `ty` to the other side (`Into` is implemented per named type).
fn conv(ty: &Ty, expr: &str, depth: usize) -> String {
    if !needs_conv(ty) {
        return expr.to_string();
    }
    let x = format!("x{depth}");
    match &ty.kind {
        Kind::Named(_) | Kind::Str(Text::Decimal) => format!("{expr}.into()"),
        Kind::Option(t, _) => match t.kind {
            Kind::Named(_) | Kind::Str(Text::Decimal) => format!("{expr}.map(Into::into)"),
            _ => format!("{expr}.map(|{x}| {})", conv(t, &x, depth + 1)),
        },
        Kind::List(t) => match t.kind {
            Kind::Named(_) | Kind::Str(Text::Decimal) => {
                format!("{expr}.into_iter().map(Into::into).collect()")
            }
            _ => format!(
                "{expr}.into_iter().map(|{x}| {}).collect()",
                conv(t, &x, depth + 1)
            ),
        },
        Kind::Tuple(ts) => {
            let names: Vec<String> = (0..ts.len()).map(|i| format!("{x}_{i}")).collect();
            let parts: Vec<String> = ts
                .iter()
                .zip(&names)
                .map(|((_, t), n)| conv(t, n, depth + 1))
                .collect();
            format!(
                "{{ let ({},) = {expr}; ({},) }}",
                names.join(", "),
                parts.join(", ")
            )
        }
        Kind::Result { ok, err, .. } => {
            let mut s = expr.to_string();
            if let Some(t) = ok.as_ref().filter(|t| needs_conv(t)) {
                let _ = write!(s, ".map(|{x}| {})", conv(t, &x, depth + 1));
            }
            if let Some(t) = err.as_ref().filter(|t| needs_conv(t)) {
                let _ = write!(s, ".map_err(|{x}| {})", conv(t, &x, depth + 1));
            }
            s
        }
        _ => expr.to_string(),
    }
}

fn convert(c: &Contract) -> Result<String> {
    let mut out = marker("//", &c.source);
    out.push_str(
        "\n//! Conversions between wit-bindgen's generated types and kassa-core's wire types (`kassa_core::api`, and\n\
         //! `kassa_core::error` for the error records): field for field and nothing else. Inputs convert from\n\
         //! wit-bindgen's types, results to them.\n\n",
    );
    // wit-bindgen puts an exported interface's types in crate::exports::<namespace>::<package>::<interface>.
    let (ns, pkg) = c
        .package
        .split_once(':')
        .context("package without namespace")?;
    let mut ifaces: Vec<&str> = c.types.iter().map(|t| t.iface.as_str()).collect();
    ifaces.dedup();
    ifaces.sort();
    ifaces.dedup();
    let alias = |iface: &str| {
        if ifaces.len() == 1 {
            "w".to_string()
        } else {
            format!("w_{}", snake(iface, &[]))
        }
    };
    for iface in &ifaces {
        let _ = writeln!(
            out,
            "use crate::exports::{}::{}::{} as {};",
            snake(ns, KEYWORDS),
            snake(pkg, KEYWORDS),
            snake(iface, KEYWORDS),
            alias(iface)
        );
    }
    out.push_str("use kassa_core::api as c;\nuse kassa_core::error as e;\n");
    for t in &c.types {
        let name = upper_camel(&t.name);
        let w = format!("{}::{name}", alias(&t.iface));
        let k = format!("{}::{name}", if is_error_type(t) { "e" } else { "c" });
        if t.input {
            from(&mut out, t, &w, &k, true);
        }
        if t.output {
            from(&mut out, t, &k, &w, false);
        }
    }
    Ok(out)
}

/// `impl From<src> for dst`, field for field. `from_wit`: src is wit-bindgen's type (flags are bitflags there).
fn from(out: &mut String, t: &NamedType, src: &str, dst: &str, from_wit: bool) {
    let _ = writeln!(
        out,
        "\nimpl From<{src}> for {dst} {{\n    fn from(v: {src}) -> Self {{"
    );
    match &t.def {
        Def::Record(fields) => {
            // Computed before the other fields move out of `v`.
            for f in fields.iter().filter(|f| is_computed(t, &f.name)) {
                let n = field_name(&f.name);
                let _ = writeln!(out, "        let {n} = v.{n}();");
            }
            let _ = writeln!(out, "        {dst} {{");
            for f in fields {
                let n = field_name(&f.name);
                if is_computed(t, &f.name) {
                    let _ = writeln!(out, "            {n},");
                    continue;
                }
                let _ = writeln!(
                    out,
                    "            {n}: {},",
                    conv(&f.ty, &format!("v.{n}"), 0)
                );
            }
            out.push_str("        }\n");
        }
        Def::Enum(cases) => {
            out.push_str("        match v {\n");
            for case in cases {
                let n = upper_camel(&case.name);
                let _ = writeln!(out, "            {src}::{n} => {dst}::{n},");
            }
            out.push_str("        }\n");
        }
        Def::Variant { cases, .. } => {
            out.push_str("        match v {\n");
            for case in cases {
                let n = upper_camel(&case.name);
                match &case.ty {
                    Some(ty) => {
                        let _ = writeln!(
                            out,
                            "            {src}::{n}(x) => {dst}::{n}({}),",
                            conv(ty, "x", 1)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "            {src}::{n} => {dst}::{n},");
                    }
                }
            }
            out.push_str("        }\n");
        }
        Def::Flags(flags) => {
            // wit-bindgen's flags are bitflags with SHOUTY_SNAKE constants; core's are structs of bools.
            if from_wit {
                let _ = writeln!(out, "        {dst} {{");
                for f in flags {
                    let _ = writeln!(
                        out,
                        "            {}: v.contains({src}::{}),",
                        field_name(&f.name),
                        crate::names::shouty(&f.name)
                    );
                }
                out.push_str("        }\n");
            } else {
                let _ = writeln!(out, "        let mut out = {dst}::empty();");
                for f in flags {
                    let _ = writeln!(
                        out,
                        "        if v.{} {{\n            out |= {dst}::{};\n        }}",
                        field_name(&f.name),
                        crate::names::shouty(&f.name)
                    );
                }
                out.push_str("        out\n");
            }
        }
    }
    out.push_str("    }\n}\n");
}

/// Formats Rust source with the toolchain's rustfmt (the one `cargo fmt --check` uses in `make lint`).
pub fn rustfmt(src: &str) -> Result<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rustfmt (part of the pinned toolchain: rustup component add rustfmt)")?;
    child
        .stdin
        .take()
        .context("rustfmt stdin")?
        .write_all(src.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "rustfmt failed on generated code:\n{}\n---\n{src}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}
