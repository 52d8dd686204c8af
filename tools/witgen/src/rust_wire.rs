//! Rust: `core/src/wire/codec.rs`, the canonical JSON of the contract's records and enums (docs/wire.md): a
//! strict reader per input type on `crate::json::read`'s helpers (unknown, repeated, missing and wrong-typed
//! keys reported at their pointers; decimals and timestamps must be JSON strings) and a writer per type on
//! `crate::wire::Writer` (keys in WIT order, options as `null`, every list written; inputs too, for the
//! canonical form of a cart). The linker keeps only what the entry points use.
//!
//! Readers are straight-line calls into the shared generic helpers (one `Fields` pass per object), writers one
//! `raw` call per key with the punctuation folded in: the smallest code measured for the wasm.
//! Variants, flags, tuples and integers other than u32 have no canonical JSON form yet: the types that hold
//! one get no codec (kassa.wit has none; the generator's sample does).

use crate::model::{Contract, Def, Kind, NamedType, Text, Ty};
use crate::names::upper_camel;
use crate::rust::{core_list, field_name, is_error_type, rustfmt};
use crate::text::marker;
use crate::File;
use anyhow::Result;
use std::fmt::Write;

pub fn emit(c: &Contract) -> Result<Vec<File>> {
    Ok(vec![File {
        path: "core/src/wire/codec.rs".into(),
        contents: rustfmt(&codec(c))?,
    }])
}

/// Whether `ty` has a canonical JSON form (see the module doc).
fn supported(c: &Contract, ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Bool | Kind::U32 | Kind::U64 | Kind::Str(_) => true,
        Kind::List(t) | Kind::Option(t, _) => supported(c, t),
        Kind::Named(i) => type_supported(c, c.ty(*i)),
        _ => false,
    }
}

fn type_supported(c: &Contract, t: &NamedType) -> bool {
    match &t.def {
        Def::Record(fields) => fields.iter().all(|f| supported(c, &f.ty)),
        Def::Enum(_) => true,
        Def::Variant { .. } | Def::Flags(_) => false,
    }
}

/// The type's path in kassa-core.
fn path(t: &NamedType) -> String {
    format!(
        "{}::{}",
        if is_error_type(t) { "e" } else { "a" },
        upper_camel(&t.name)
    )
}

/// The type a field is read as: the api type, with timestamps as their wire text type.
fn read_ty(c: &Contract, ty: &Ty) -> String {
    match &ty.kind {
        Kind::Bool => "bool".into(),
        Kind::U32 => "u32".into(),
        Kind::U64 => "u64".into(),
        Kind::Str(Text::Plain) => "String".into(),
        Kind::Str(Text::Decimal) => "DecimalText".into(),
        Kind::Str(Text::Timestamp) => "TimestampText".into(),
        Kind::List(t) => match &t.kind {
            Kind::Named(i) if core_list(c.ty(*i)).is_some() => {
                format!("a::{}", core_list(c.ty(*i)).unwrap_or_default())
            }
            _ => format!("Vec<{}>", read_ty(c, t)),
        },
        Kind::Option(t, _) => format!("Option<{}>", read_ty(c, t)),
        Kind::Named(i) => path(c.ty(*i)),
        _ => unreachable!("unsupported types get no codec"),
    }
}

/// Whether the read type differs from the api type (it holds a timestamp; decimals are read as the api's
/// `DecimalText` itself).
fn wrapped(ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Str(t) => *t == Text::Timestamp,
        Kind::List(t) | Kind::Option(t, _) => wrapped(t),
        _ => false,
    }
}

/// `expr` (of the read type) as the api type.
fn unwrap(ty: &Ty, expr: &str, depth: usize) -> String {
    if !wrapped(ty) {
        return expr.to_string();
    }
    let x = format!("x{depth}");
    match &ty.kind {
        Kind::Str(_) => format!("{expr}.0"),
        Kind::Option(t, _) => format!("{expr}.map(|{x}| {})", unwrap(t, &x, depth + 1)),
        Kind::List(t) => format!(
            "{expr}.into_iter().map(|{x}| {}).collect()",
            unwrap(t, &x, depth + 1)
        ),
        _ => expr.to_string(),
    }
}

fn codec(c: &Contract) -> String {
    let mut out = marker("//", &c.source);
    out.push_str(
        "\n//! The canonical JSON of the contract's records and enums (docs/wire.md): a strict reader per input\n\
         //! type and a writer per type, keys in WIT order. The rules and helpers are in `wire/mod.rs` and\n\
         //! `crate::json::read`.\n\n\
         #![allow(clippy::all)]\n\n\
         use super::{DecimalText, TimestampText, ToJson, Writer};\n\
         use crate::api as a;\n\
         use crate::error as e;\n\
         use crate::json::read::{self, Fields, FromJson, Path};\n\
         use crate::json::Json;\n\
         use crate::problems::Problems;\n",
    );
    let mut used = (false, false, false);
    for t in c.types.iter().filter(|t| type_supported(c, t)) {
        if t.input {
            reader(&mut out, c, t, &mut used);
        }
        writer(&mut out, t);
    }
    // Keep the imports exact for the contract at hand (a sample without decimals, say).
    if !used.0 {
        out = out.replace("DecimalText, ", "");
    }
    if !used.1 {
        out = out.replace("TimestampText, ", "");
    }
    if !used.2 {
        out = out.replace("use crate::api as a;\n", "");
    }
    out
}

fn reader(out: &mut String, c: &Contract, t: &NamedType, used: &mut (bool, bool, bool)) {
    let ty = path(t);
    used.2 |= !is_error_type(t);
    let _ = writeln!(
        out,
        "\nimpl FromJson for {ty} {{\n    fn read(v_: &Json, at_: &Path, p_: &mut Problems) -> Option<Self> {{"
    );
    match &t.def {
        Def::Record(fields) => {
            let keys: Vec<String> = fields.iter().map(|f| format!("{:?}", f.name)).collect();
            let _ = writeln!(
                out,
                "        let mut f_ = Fields::new(v_, at_, &[{}], p_)?;",
                keys.join(", ")
            );
            for f in fields {
                let rt = read_ty(c, &f.ty);
                used.0 |= rt.contains("DecimalText");
                used.1 |= rt.contains("TimestampText");
                let n = field_name(&f.name);
                // Options are none when absent (their reader says so); lists, bools and numbers take their
                // default; everything else is required. Locals are the field names; the parameters end in
                // `_` so that no field name (a WIT name never ends in `-`) can shadow them.
                let call = match &f.ty.kind {
                    Kind::List(_) | Kind::Bool | Kind::U32 | Kind::U64 => {
                        format!("or::<{rt}>(p_, Default::default)")
                    }
                    _ => format!("req::<{rt}>(p_)"),
                };
                let _ = writeln!(out, "        let {n} = f_.{call};");
            }
            let names: Vec<String> = fields.iter().map(|f| field_name(&f.name)).collect();
            let somes: Vec<String> = names.iter().map(|n| format!("Some({n})")).collect();
            let _ = writeln!(
                out,
                "        let ({},) = ({},) else {{\n            return None;\n        }};",
                somes.join(", "),
                names.join(", ")
            );
            let _ = writeln!(out, "        Some({ty} {{");
            for (f, n) in fields.iter().zip(&names) {
                let value = unwrap(&f.ty, n, 0);
                if value == *n {
                    let _ = writeln!(out, "            {n},");
                } else {
                    let _ = writeln!(out, "            {n}: {value},");
                }
            }
            out.push_str("        })\n");
        }
        Def::Enum(cases) => {
            let names: Vec<String> = cases.iter().map(|x| format!("{:?}", x.name)).collect();
            let values: Vec<String> = cases
                .iter()
                .map(|x| format!("{ty}::{}", upper_camel(&x.name)))
                .collect();
            let _ = writeln!(
                out,
                "        let i = read::name(v_, at_, &[{}], p_)?;\n        [{}].get(i).copied()",
                names.join(", "),
                values.join(", ")
            );
        }
        Def::Variant { .. } | Def::Flags(_) => unreachable!("unsupported"),
    }
    out.push_str("    }\n}\n");
}

fn writer(out: &mut String, t: &NamedType) {
    let ty = path(t);
    let _ = writeln!(
        out,
        "\nimpl ToJson for {ty} {{\n    fn write(&self, w: &mut Writer) {{"
    );
    match &t.def {
        Def::Record(fields) => {
            for (i, f) in fields.iter().enumerate() {
                let open = if i == 0 { "{" } else { "," };
                // The key is a WIT name: lower-case ASCII letters, digits and dashes, nothing to escape.
                // A field core computes (error.text) is written from its method, as convert.rs converts it.
                let call = if crate::rust::is_computed(t, &f.name) {
                    "()"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "        w.raw({:?});\n        self.{}{call}.write(w);",
                    format!("{open}\"{}\":", f.name),
                    field_name(&f.name)
                );
            }
            if fields.is_empty() {
                out.push_str("        w.raw(\"{\");\n");
            }
            out.push_str("        w.raw(\"}\");\n");
        }
        Def::Enum(cases) => {
            out.push_str("        w.raw(match self {\n");
            for x in cases {
                let _ = writeln!(
                    out,
                    "            {ty}::{} => {:?},",
                    upper_camel(&x.name),
                    format!("\"{}\"", x.name)
                );
            }
            out.push_str("        });\n");
        }
        Def::Variant { .. } | Def::Flags(_) => unreachable!("unsupported"),
    }
    out.push_str("    }\n}\n");
}
