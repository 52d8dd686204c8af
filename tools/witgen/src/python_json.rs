//! Python: `consumers/python/src/kassa/_json.py`, the contract's records to and from their canonical JSON
//! form (docs/wire.md), straight-line per record. It is how the typed calls cross: `Engine.quote(cart)` sends
//! `cart_input(cart)` as JSON to `quote-json` and builds the result with `quote(json.loads(text))`, so the
//! engine reads every input (one strictness, the same codes in every host) and the Python side is one
//! `json.dumps`, one `json.loads` and a dataclass per record.
//!
//! Per record: `<record>(d)` builds the dataclass from a dict (keys checked: unknown or missing ones raise
//! ValueError; decimals become `Decimal` in results and stay as given in inputs), `<record>_to_wire(v)` the
//! dict of a dataclass (keys in WIT order), and for inputs `<record>_input(v)`, which also takes a mapping
//! with kebab-case or snake_case keys and passes every value it does not know as it is, for the engine to
//! judge (a number where a decimal string belongs, an unknown key: wrong-type, unknown-field). The helpers
//! are the hand-written `_wire.py`'s. Records with types that have no canonical JSON form yet (variants,
//! flags, tuples, integers other than u32) get no functions.

use crate::model::{Contract, Def, Kind, NamedType, Text, Ty};
use crate::names::{shouty, snake, upper_camel};
use crate::text::marker;
use crate::File;
use std::fmt::Write;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// `list<param>` is a dict in Python; `error` is raised as a KassaError, never built from JSON here.
const PARAM: &str = "param";
const ERROR: &str = "error";

pub fn emit(c: &Contract) -> Vec<File> {
    vec![File {
        path: "consumers/python/src/kassa/_json.py".into(),
        contents: json_py(c),
    }]
}

fn supported(c: &Contract, ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Bool | Kind::U32 | Kind::Str(_) => true,
        Kind::List(t) | Kind::Option(t, _) => supported(c, t),
        Kind::Named(i) => c.ty(*i).name != ERROR && type_supported(c, c.ty(*i)),
        _ => false,
    }
}

/// Whether `t` is a record `_json.py` converts (and so gets `from_wire` / `to_wire` in _types.py).
pub fn has_json(c: &Contract, t: &NamedType) -> bool {
    matches!(t.def, Def::Record(_)) && t.name != PARAM && t.name != ERROR && type_supported(c, t)
}

fn type_supported(c: &Contract, t: &NamedType) -> bool {
    match &t.def {
        Def::Record(fields) => fields.iter().all(|f| supported(c, &f.ty)),
        Def::Enum(_) => true,
        Def::Variant { .. } | Def::Flags(_) => false,
    }
}

fn fname(kebab: &str) -> String {
    snake(kebab, KEYWORDS)
}

fn is_params(c: &Contract, ty: &Ty) -> bool {
    matches!(&ty.kind, Kind::List(t) if matches!(t.kind, Kind::Named(i) if c.ty(i).name == PARAM))
}

/// The expression building the Python value of `ty` from the JSON value `x` (`input`: of an input record).
fn from_json(c: &Contract, ty: &Ty, x: &str, input: bool, depth: usize) -> String {
    // Names unique per field (depth counts up from the field index times 10): mypy types each once.
    let y = format!("x{depth}");
    match &ty.kind {
        Kind::Str(Text::Decimal) if !input => format!("_D({x})"),
        Kind::Bool | Kind::U32 | Kind::Str(_) => x.to_string(),
        Kind::Named(i) => match &c.ty(*i).def {
            Def::Enum(_) => format!("_E_{}[{x}]", shouty(&c.ty(*i).name)),
            _ => format!("{}({x})", fname(&c.ty(*i).name)),
        },
        Kind::List(_) if is_params(c, ty) => format!("_params({x})"),
        Kind::List(t) => match &t.kind {
            Kind::Bool | Kind::U32 => format!("tuple({x})"),
            Kind::Str(Text::Decimal) if !input => format!("tuple(map(_D, {x}))"),
            Kind::Str(_) => format!("tuple({x})"),
            Kind::Named(i) if !matches!(c.ty(*i).def, Def::Enum(_)) => {
                format!("tuple(map({}, {x}))", fname(&c.ty(*i).name))
            }
            _ => format!(
                "tuple([{} for {y} in {x}])",
                from_json(c, t, &y, input, depth + 1)
            ),
        },
        Kind::Option(t, _) => {
            let inner = from_json(c, t, &y, input, depth + 1);
            if inner == y {
                x.to_string()
            } else {
                format!("(None if ({y} := {x}) is None else {inner})")
            }
        }
        _ => unreachable!("unsupported"),
    }
}

/// The expression of the JSON value of `x` (of type `ty`, a dataclass field) for `<record>_to_wire`.
fn to_json(c: &Contract, ty: &Ty, x: &str, input: bool, depth: usize) -> String {
    let y = format!("x{depth}");
    match &ty.kind {
        Kind::Str(Text::Decimal) => format!("{}({x})", if input { "_din" } else { "_dout" }),
        Kind::Str(Text::Timestamp) if input => format!("_ts({x})"),
        Kind::Bool | Kind::U32 | Kind::Str(_) => x.to_string(),
        Kind::Named(i) => match &c.ty(*i).def {
            Def::Enum(_) => format!("_enum({x})"),
            _ if input => format!("{}_input({x})", fname(&c.ty(*i).name)),
            _ => format!("{}_to_wire({x})", fname(&c.ty(*i).name)),
        },
        Kind::List(_) if is_params(c, ty) => format!("_params_to_wire({x})"),
        Kind::List(t) => {
            let inner = to_json(c, t, &y, input, depth + 1);
            match inner.strip_suffix(&format!("({y})")) {
                _ if inner == y => format!("_list({x})"),
                // A plain call of the element: the function itself.
                Some(f) if !f.contains('(') => format!("_list({x}, {f})"),
                _ => format!("_list({x}, lambda {y}: {inner})"),
            }
        }
        Kind::Option(t, _) => {
            let inner = to_json(c, t, &y, input, depth + 1);
            if inner == y {
                x.to_string()
            } else {
                format!("(None if ({y} := {x}) is None else {inner})")
            }
        }
        _ => unreachable!("unsupported"),
    }
}

/// The converter `_from_mapping` applies to a mapping's value of type `ty` (None: passed as it is).
fn input_conv(c: &Contract, ty: &Ty) -> String {
    match &ty.kind {
        Kind::Str(Text::Decimal) => "_din".into(),
        Kind::Str(Text::Timestamp) => "_ts".into(),
        Kind::Bool | Kind::U32 | Kind::Str(_) => "None".into(),
        Kind::Named(i) => match &c.ty(*i).def {
            Def::Enum(_) => "_enum".into(),
            _ => format!("{}_input", fname(&c.ty(*i).name)),
        },
        Kind::List(t) => match input_conv(c, t).as_str() {
            "None" => "_list".into(),
            f => format!("_list_of({f})"),
        },
        Kind::Option(t, _) => match input_conv(c, t).as_str() {
            "None" => "None".into(),
            f => format!("_opt({f})"),
        },
        _ => unreachable!("unsupported"),
    }
}

fn json_py(c: &Contract) -> String {
    let mut out = marker("#", &c.source);
    out.push_str(
        r#""""The contract's records to and from their canonical JSON form (docs/wire.md), straight-line per record.

`<record>(d)` builds a record from a dict as json.loads returns it, `<record>_to_wire(v)` is the JSON form of a
record (keys in WIT order), and `<record>_input(v)` that of an input given as a dataclass or as a mapping with
kebab-case or snake_case keys, every value the engine judges passed as it is. The helpers are _wire.py's.
"""

from __future__ import annotations

from decimal import Decimal as _D
from typing import Any

from . import _types as t
from ._wire import (
    _din,
    _dout,
    _enum,
    _from_mapping,
    _keys,
    _list,
    _list_of,
    _opt,
    _params,
    _params_to_wire,
    _ts,
)

_new = object.__new__
_set = object.__setattr__
"#,
    );
    for t in c.types.iter().filter(|t| type_supported(c, t)) {
        if t.name == PARAM || t.name == ERROR {
            continue;
        }
        let class = upper_camel(&t.name);
        let f = fname(&t.name);
        match &t.def {
            Def::Enum(_) => {
                let _ = writeln!(
                    out,
                    "\n\n_E_{} = {{m.value: m for m in t.{class}}}",
                    shouty(&t.name)
                );
            }
            Def::Record(fields) => {
                let keys: Vec<String> = fields.iter().map(|x| format!("{:?}", x.name)).collect();
                let required: Vec<String> = fields
                    .iter()
                    .filter(|x| !t.input || c.default_of(&x.ty).is_none())
                    .map(|x| format!("{:?}", x.name))
                    .collect();
                let k = format!("_K_{}", shouty(&t.name));
                let r = format!("_R_{}", shouty(&t.name));
                let set = |names: &[String]| {
                    if names.is_empty() {
                        "frozenset()".to_string()
                    } else {
                        format!("frozenset({{{}}})", names.join(", "))
                    }
                };
                let _ = writeln!(out, "\n\n{k} = {}\n{r} = {}", set(&keys), set(&required));
                // from JSON
                let _ = writeln!(
                    out,
                    "\n\ndef {f}(d: Any) -> t.{class}:\n    \"\"\"The {} record from its JSON form.\"\"\"",
                    t.name.replace('-', " ")
                );
                if t.input {
                    let _ = writeln!(
                        out,
                        "    if type(d) is not dict or not ({r} <= d.keys() <= {k}):\n        _keys(d, {k}, {r}, {:?})",
                        t.name
                    );
                } else {
                    // A result has every key: its count is checked here (cheap), its names by the lookups.
                    let _ = writeln!(
                        out,
                        "    if type(d) is not dict or len(d) != {}:\n        _keys(d, {k}, {r}, {:?})",
                        fields.len(),
                        t.name
                    );
                }
                let _ = writeln!(out, "    o = _new(t.{class})");
                let mut parts = Vec::new();
                for (i, x) in fields.iter().enumerate() {
                    let get = if t.input && c.default_of(&x.ty).is_some() {
                        let default = match &x.ty.kind {
                            Kind::Option(..) => "None",
                            Kind::List(_) => "()",
                            Kind::Bool => "False",
                            _ => "0",
                        };
                        format!("d.get({:?}, {default})", x.name)
                    } else {
                        format!("d[{:?}]", x.name)
                    };
                    parts.push(format!(
                        "{:?}: {}",
                        fname(&x.name),
                        from_json(c, &x.ty, &get, t.input, 10 * i)
                    ));
                }
                let _ = writeln!(
                    out,
                    "    try:\n        _set(o, \"__dict__\", {{{}}})\n    except KeyError:\n        _keys(d, {k}, {r}, {:?})\n        raise\n    return o",
                    parts.join(", "),
                    t.name
                );
                // to JSON
                let _ = writeln!(
                    out,
                    "\n\ndef {f}_to_wire(v: t.{class}) -> dict[str, Any]:\n    return {{"
                );
                for (i, x) in fields.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "        {:?}: {},",
                        x.name,
                        to_json(c, &x.ty, &format!("v.{}", fname(&x.name)), t.input, 10 * i)
                    );
                }
                out.push_str("    }\n");
                if t.input {
                    let mut table = Vec::new();
                    for x in fields {
                        let conv = input_conv(c, &x.ty);
                        table.push(format!("    {:?}: ({:?}, {conv}),", x.name, x.name));
                        if x.name.contains('-') {
                            table.push(format!(
                                "    {:?}: ({:?}, {conv}),",
                                fname(&x.name),
                                x.name
                            ));
                        }
                    }
                    let _ = writeln!(
                        out,
                        "\n\n_T_{} = {{\n{}\n}}",
                        shouty(&t.name),
                        table.join("\n")
                    );
                    let _ = writeln!(
                        out,
                        "\n\ndef {f}_input(v: Any) -> Any:\n    \"\"\"The JSON form of the {} record given as a dataclass or a mapping (anything else as it is).\"\"\"\n    \
                         if isinstance(v, t.{class}):\n        return {f}_to_wire(v)\n    return _from_mapping(v, _T_{}, {:?})",
                        t.name.replace('-', " "),
                        shouty(&t.name),
                        t.name
                    );
                }
            }
            Def::Variant { .. } | Def::Flags(_) => unreachable!("unsupported"),
        }
    }
    out
}
