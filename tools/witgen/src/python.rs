//! Python (`consumers/python/src/kassa`): the public types (`_types.py`), the codecs and export table
//! (`_schema.py`), straight-line lifters (`_lift.py`) and lowerers (`_lower.py`), and the input records'
//! field tables (`_inputs.py`). The runtime is the hand-written `_abi.py` (codecs, put_str, put_list),
//! `_convert.py` (argument checks) and `_runtime.py`.
//!
//! Mapping: string → str, decimal → Decimal out / str in (a decimal string, as on the wire), timestamp → str out / str or datetime in,
//! u32 → int, bool → bool, option<T> → Optional[T] (None), list<T> → tuple out / Sequence in (a list in a
//! function's own result), record → frozen dataclass (inputs: required fields first, the others with the
//! contract's defaults), enum → a str Enum, flags → a frozen dataclass of bools, variant → a frozen dataclass
//! (tag, value), tuple → tuple. Two records are the host's own: `list<param>` is a dict, `error` is a
//! KassaError.
//!
//! The lifters read each record's fixed-size part with ONE `struct.unpack_from` (option payloads included:
//! unpacking an absent payload's bytes is harmless), decode strings inline and build the dataclass by setting
//! its `__dict__` directly: a method call per field and a frozen `__init__` per record cost more than the rest.

use crate::model::{Contract, Def, Field, FuncKind, Kind, NamedType, Text, Ty};
use crate::names::{shouty, snake, upper_camel};
use crate::text::{comment, marker};
use crate::File;
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::fmt::Write;

const DIR: &str = "consumers/python/src/kassa";
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];
/// The record whose lists are dicts in Python (`params`, `details`).
const PARAM: &str = "param";
/// The record that is raised as a KassaError instead of returned.
const ERROR: &str = "error";

pub fn emit(c: &Contract) -> Result<Vec<File>> {
    let mut p = Py {
        c,
        lift_fns: BTreeMap::new(),
        lower_fns: BTreeMap::new(),
        structs: BTreeMap::new(),
    };
    let types = p.types()?;
    let inputs = p.inputs()?;
    let schema = p.schema()?;
    let lift = p.lift()?;
    let lower = p.lower()?;
    Ok(vec![
        File {
            path: format!("{DIR}/_types.py").into(),
            contents: types,
        },
        File {
            path: format!("{DIR}/_inputs.py").into(),
            contents: inputs,
        },
        File {
            path: format!("{DIR}/_schema.py").into(),
            contents: schema,
        },
        File {
            path: format!("{DIR}/_lift.py").into(),
            contents: lift,
        },
        File {
            path: format!("{DIR}/_lower.py").into(),
            contents: lower,
        },
    ])
}

struct Py<'a> {
    c: &'a Contract,
    /// Generated lifter functions (name → source), in name order.
    lift_fns: BTreeMap<String, String>,
    lower_fns: BTreeMap<String, String>,
    /// struct.Struct constants (name → format).
    structs: BTreeMap<String, String>,
}

fn field_name(kebab: &str) -> String {
    snake(kebab, KEYWORDS)
}

fn class_name(kebab: &str) -> String {
    upper_camel(kebab)
}

fn docstring(out: &mut String, indent: &str, d: &Option<String>) {
    if let Some(d) = d {
        let d = d.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
        if d.lines().count() == 1 {
            let _ = writeln!(out, "{indent}\"\"\"{d}\"\"\"");
        } else {
            let mut lines = d.lines();
            let _ = writeln!(out, "{indent}\"\"\"{}", lines.next().unwrap_or(""));
            for l in lines {
                if l.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "{indent}{l}");
                }
            }
            let _ = writeln!(out, "{indent}\"\"\"");
        }
    }
}

impl<'a> Py<'a> {
    fn named(&self, i: usize) -> &'a NamedType {
        self.c.ty(i)
    }

    fn is_named(&self, ty: &Ty, name: &str) -> bool {
        matches!(ty.kind, Kind::Named(i) if self.named(i).name == name)
    }

    fn is_params(&self, ty: &Ty) -> bool {
        matches!(&ty.kind, Kind::List(t) if self.is_named(t, PARAM))
    }

    /// A snake-case name for a type, for function and constant names ("list_quote_line").
    fn mangle(&self, ty: &Ty) -> String {
        match &ty.kind {
            Kind::Bool => "bool".into(),
            Kind::U8 => "u8".into(),
            Kind::U16 => "u16".into(),
            Kind::U32 => "u32".into(),
            Kind::U64 => "u64".into(),
            Kind::S8 => "s8".into(),
            Kind::S16 => "s16".into(),
            Kind::S32 => "s32".into(),
            Kind::S64 => "s64".into(),
            Kind::Str(Text::Plain) => "str".into(),
            Kind::Str(Text::Decimal) => "dec".into(),
            Kind::Str(Text::Timestamp) => "ts".into(),
            Kind::Named(i) => snake(&self.named(*i).name, &[]),
            Kind::List(t) => format!("list_{}", self.mangle(t)),
            Kind::Option(t, _) => format!("option_{}", self.mangle(t)),
            Kind::Tuple(ts) => format!(
                "tuple_{}",
                ts.iter()
                    .map(|(_, t)| self.mangle(t))
                    .collect::<Vec<_>>()
                    .join("_")
            ),
            Kind::Result { ok, err, .. } => format!(
                "result_{}_{}",
                ok.as_ref()
                    .map(|t| self.mangle(t))
                    .unwrap_or_else(|| "none".into()),
                err.as_ref()
                    .map(|t| self.mangle(t))
                    .unwrap_or_else(|| "none".into())
            ),
            Kind::Own(_) | Kind::Borrow(_) => "handle".into(),
        }
    }

    // ---- _types.py --------------------------------------------------------------------------------------

    /// The annotation of a value of `ty` in an input (`input`) or a result.
    fn annotation(&self, ty: &Ty, input: bool) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => "bool".into(),
            Kind::U8
            | Kind::U16
            | Kind::U32
            | Kind::U64
            | Kind::S8
            | Kind::S16
            | Kind::S32
            | Kind::S64 => "int".into(),
            Kind::Str(Text::Plain) => "str".into(),
            // In a cart or an order a decimal is a decimal string, as on the wire: a number of any type (a
            // Decimal included) is refused by the engine as wrong-type, as in every host (docs/wire.md).
            Kind::Str(Text::Decimal) => if input { "str" } else { "Decimal" }.into(),
            Kind::Str(Text::Timestamp) => if input { "Union[str, datetime]" } else { "str" }.into(),
            Kind::Named(i) if self.named(*i).name == ERROR => "KassaError".into(),
            Kind::Named(i) => class_name(&self.named(*i).name),
            Kind::List(_) if self.is_params(ty) => if input {
                "Mapping[str, str]"
            } else {
                "dict[str, str]"
            }
            .into(),
            Kind::List(t) => {
                if input {
                    format!("Sequence[{}]", self.annotation(t, input)?)
                } else {
                    format!("tuple[{}, ...]", self.annotation(t, input)?)
                }
            }
            Kind::Option(t, _) => format!("Optional[{}]", self.annotation(t, input)?),
            Kind::Tuple(ts) => format!(
                "tuple[{}]",
                ts.iter()
                    .map(|(_, t)| self.annotation(t, input))
                    .collect::<Result<Vec<_>>>()?
                    .join(", ")
            ),
            Kind::Result { .. } => {
                bail!("Python: a result is only supported as a function's return type")
            }
            Kind::Own(_) | Kind::Borrow(_) => "int".into(),
        })
    }

    fn types(&mut self) -> Result<String> {
        let c = self.c;
        let mut out = marker("#", &c.source);
        out.push_str(
            r#""""The public types: enums, input dataclasses (what you pass) and frozen result dataclasses (what you get).

Field names are the WIT names in snake_case; decimals are `Decimal` in results and decimal strings in carts
and orders (as on the wire: docs/wire.md); lists in results are tuples; `params`/`details` (the WIT's
`list<param>`) are dicts in the engine's order. Input fields the contract defaults (options, lists, bools,
integers) may be left out. Every record converts to and from its canonical JSON form: `Cart.from_wire(d)`,
`quote.to_wire()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

if TYPE_CHECKING:
    from ._errors import KassaError

#: What the API accepts where the WIT has a decimal string. Floats are refused: they cannot hold money exactly.
DecimalLike = Union[Decimal, str, int]


class _WireEnum(str, Enum):
    """An enum whose value is the WIT case name, so `"half-even"` and `RoundingMode.HALF_EVEN` both work."""

    def __str__(self) -> str:
        return str(self.value)
"#,
        );
        for t in &c.types {
            if t.name == PARAM || t.name == ERROR {
                continue;
            }
            let name = class_name(&t.name);
            out.push_str("\n\n");
            match &t.def {
                Def::Enum(cases) => {
                    let _ = writeln!(out, "class {name}(_WireEnum):");
                    docstring(&mut out, "    ", &t.docs);
                    if t.docs.is_some() {
                        out.push('\n');
                    }
                    for case in cases {
                        if let Some(d) = &case.docs {
                            comment(&mut out, "    ", "#: ", d);
                        }
                        let _ = writeln!(out, "    {} = {:?}", shouty(&case.name), case.name);
                    }
                }
                Def::Flags(flags) => {
                    let _ = writeln!(out, "@dataclass(frozen=True)\nclass {name}:");
                    docstring(&mut out, "    ", &t.docs);
                    if t.docs.is_some() {
                        out.push('\n');
                    }
                    for f in flags {
                        if let Some(d) = &f.docs {
                            comment(&mut out, "    ", "#: ", d);
                        }
                        let _ = writeln!(out, "    {}: bool = False", field_name(&f.name));
                    }
                }
                Def::Variant { cases, .. } => {
                    let _ = writeln!(out, "@dataclass(frozen=True)\nclass {name}:");
                    docstring(&mut out, "    ", &t.docs);
                    if t.docs.is_some() {
                        out.push('\n');
                    }
                    let names: Vec<String> =
                        cases.iter().map(|x| format!("{:?}", x.name)).collect();
                    let mut payloads = Vec::new();
                    for x in cases.iter().filter_map(|x| x.ty.as_ref()) {
                        let a = self.annotation(x, t.input)?;
                        if !payloads.contains(&a) {
                            payloads.push(a);
                        }
                    }
                    let _ = writeln!(out, "    #: The case: one of {}.", names.join(", "));
                    out.push_str("    tag: str\n");
                    let value = match payloads.len() {
                        0 => "None".to_string(),
                        1 => format!("Optional[{}]", payloads[0]),
                        _ => format!("Optional[Union[{}]]", payloads.join(", ")),
                    };
                    let _ = writeln!(out, "    #: The case's payload (None for a case without one).\n    value: {value} = None");
                }
                Def::Record(fields) => {
                    let _ = writeln!(out, "@dataclass(frozen=True)\nclass {name}:");
                    docstring(&mut out, "    ", &t.docs);
                    if t.docs.is_some() {
                        out.push('\n');
                    }
                    // Inputs: the required fields first (a dataclass needs them before defaulted ones), each
                    // group in WIT order.
                    let mut order: Vec<&Field> = fields.iter().collect();
                    if t.input {
                        order.sort_by_key(|f| c.default_of(&f.ty).is_some());
                    }
                    for f in order {
                        if let Some(d) = &f.docs {
                            comment(&mut out, "    ", "#: ", d);
                        }
                        let ann = self.annotation(&f.ty, t.input)?;
                        let default = if t.input { self.default(&f.ty) } else { None };
                        match default {
                            Some(d) => {
                                let _ = writeln!(out, "    {}: {ann} = {d}", field_name(&f.name));
                            }
                            None => {
                                let _ = writeln!(out, "    {}: {ann}", field_name(&f.name));
                            }
                        }
                    }
                    if crate::python_json::has_json(c, t) {
                        let f = snake(&t.name, KEYWORDS);
                        let _ = write!(
                            out,
                            "\n    @classmethod\n    def from_wire(cls, data: Mapping[str, Any]) -> {name}:\n        \
                             \"\"\"The {} from its canonical JSON form (docs/wire.md): a dict as json.loads returns it.\"\"\"\n        \
                             from ._json import {f}\n\n        return {f}(data)\n\n    \
                             def to_wire(self) -> dict[str, Any]:\n        \
                             \"\"\"The canonical JSON form of this {} (json.dumps of it is the canonical text).\"\"\"\n        \
                             from ._json import {f}_to_wire\n\n        return {f}_to_wire(self)\n",
                            t.name.replace('-', " "),
                            t.name.replace('-', " ")
                        );
                    }
                }
            }
        }
        Ok(out)
    }

    fn default(&self, ty: &Ty) -> Option<String> {
        use crate::model::Default as D;
        Some(match (self.c.default_of(ty)?, &ty.kind) {
            (D::None, _) => "None".into(),
            (D::Empty, Kind::Named(i)) => format!("{}()", class_name(&self.named(*i).name)),
            (D::Empty, _) => "()".into(),
            (D::False, _) => "False".into(),
            (D::Zero, _) => "0".into(),
        })
    }

    // ---- _inputs.py -------------------------------------------------------------------------------------

    /// The converter (a `(value, where) -> wire` callable from _convert.py) for an input of type `ty`.
    fn converter(&self, ty: &Ty) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => "C.boolean".into(),
            Kind::U32 => "C.u32".into(),
            Kind::U8 => "C.uint(8)".into(),
            Kind::U16 => "C.uint(16)".into(),
            Kind::U64 => "C.uint(64)".into(),
            Kind::S8 => "C.sint(8)".into(),
            Kind::S16 => "C.sint(16)".into(),
            Kind::S32 => "C.sint(32)".into(),
            Kind::S64 => "C.sint(64)".into(),
            Kind::Str(Text::Plain) => "C.text".into(),
            Kind::Str(Text::Decimal) => "C.decimal".into(),
            Kind::Str(Text::Timestamp) => "C.timestamp".into(),
            Kind::Named(i) => snake(&self.named(*i).name, KEYWORDS),
            Kind::List(_) if self.is_params(ty) => {
                bail!("Python: list<param> is not supported in inputs")
            }
            Kind::List(t) => format!("C.sequence({})", self.converter(t)?),
            Kind::Option(t, _) => format!("C.optional({})", self.converter(t)?),
            Kind::Tuple(ts) => format!(
                "C.tuple_of({})",
                ts.iter()
                    .map(|(_, t)| self.converter(t))
                    .collect::<Result<Vec<_>>>()?
                    .join(", ")
            ),
            Kind::Result { .. } | Kind::Own(_) | Kind::Borrow(_) => {
                bail!("Python: not an input type")
            }
        })
    }

    fn inputs(&mut self) -> Result<String> {
        let c = self.c;
        let mut out = marker("#", &c.source);
        out.push_str(
            r#""""The input records and enums of the WIT as argument converters: each turns what a Python caller passes (a
dataclass, or a mapping with kebab-case or snake_case keys) into the wire value `_lower.py` lowers, with the
contract's defaults for the fields left out. The checks themselves are _convert.py's.
"""

from __future__ import annotations

from . import _convert as C, _types as t
"#,
        );
        for tdef in c.types.iter().filter(|t| t.input) {
            let name = snake(&tdef.name, KEYWORDS);
            let class = class_name(&tdef.name);
            out.push('\n');
            match &tdef.def {
                Def::Enum(_) => {
                    let _ = writeln!(out, "{name} = C.enum_index(t.{class})");
                }
                Def::Flags(_) => {
                    let _ = writeln!(out, "{name} = C.flags(t.{class})");
                }
                Def::Variant { cases, .. } => {
                    let mut parts = Vec::new();
                    for x in cases {
                        let conv = match &x.ty {
                            Some(ty) => self.converter(ty)?,
                            None => "None".into(),
                        };
                        parts.push(format!("({:?}, {conv})", x.name));
                    }
                    let _ = writeln!(out, "{name} = C.variant(t.{class}, [{}])", parts.join(", "));
                }
                Def::Record(fields) => {
                    let _ = writeln!(out, "{name} = C.Record(\n    t.{class},\n    [");
                    for f in fields {
                        let d = match (self.default(&f.ty), &f.ty.kind) {
                            (None, _) => "C.REQUIRED".to_string(),
                            (Some(d), Kind::Named(_)) => format!("t.{d}"),
                            (Some(d), _) => d,
                        };
                        let _ = writeln!(
                            out,
                            "        ({:?}, {}, {d}),",
                            field_name(&f.name),
                            self.converter(&f.ty)?
                        );
                    }
                    out.push_str("    ],\n)\n");
                }
            }
        }
        Ok(out)
    }

    // ---- _schema.py -------------------------------------------------------------------------------------

    /// The codec expression (an _abi.py Ty) for `ty`; `top_list`: a function's own list result (a list, not a
    /// tuple).
    fn codec(&self, ty: &Ty, top_list: bool) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => "BOOL".into(),
            Kind::U32 => "U32".into(),
            Kind::U8 => "IntTy(\"B\")".into(),
            Kind::U16 => "IntTy(\"H\")".into(),
            Kind::U64 => "IntTy(\"Q\")".into(),
            Kind::S8 => "IntTy(\"b\")".into(),
            Kind::S16 => "IntTy(\"h\")".into(),
            Kind::S32 => "IntTy(\"i\")".into(),
            Kind::S64 => "IntTy(\"q\")".into(),
            Kind::Str(Text::Decimal) => "DEC".into(),
            Kind::Str(_) => "STR".into(),
            Kind::Named(i) => shouty(&self.named(*i).name),
            Kind::List(_) if self.is_params(ty) => "PARAMS".into(),
            Kind::List(t) => {
                if top_list {
                    format!("ListTy({}, list)", self.codec(t, false)?)
                } else {
                    format!("ListTy({})", self.codec(t, false)?)
                }
            }
            Kind::Option(t, _) => format!("OptionTy({})", self.codec(t, false)?),
            Kind::Tuple(ts) => format!(
                "TupleTy([{}])",
                ts.iter()
                    .map(|(_, t)| self.codec(t, false))
                    .collect::<Result<Vec<_>>>()?
                    .join(", ")
            ),
            Kind::Result { ok, err, .. } => format!(
                "ResultTy({}, {})",
                match ok {
                    Some(t) => self.codec(t, true)?,
                    None => "None".into(),
                },
                match err {
                    Some(t) => self.codec(t, false)?,
                    None => bail!("Python: a result needs an error type"),
                }
            ),
            Kind::Own(_) | Kind::Borrow(_) => "HANDLE".into(),
        })
    }

    fn func_const(&self, f: &crate::model::Func) -> String {
        let base = match f.kind {
            FuncKind::Free => shouty(&f.name),
            FuncKind::Static(r) | FuncKind::Method(r) | FuncKind::Constructor(r) => {
                format!("{}_{}", shouty(&self.c.resources[r].name), shouty(&f.name))
            }
        };
        if self.c.types.iter().any(|t| shouty(&t.name) == base) {
            base + "_FN"
        } else {
            base
        }
    }

    fn schema(&mut self) -> Result<String> {
        let c = self.c;
        let mut out = marker("#", &c.source);
        out.push_str(
            r#""""The WIT as canonical ABI codecs (_abi.py) bound to the public types, and every export: its core name and
signature, whether it has a post-return function, and its generated lowerer (_lower.py) and lifter (_lift.py).
The codecs compute their layouts on their own; tests check the generated functions against them.
"""

from __future__ import annotations

from . import _lift as L, _lower as W, _types as t
from ._abi import (  # noqa: F401 (the codecs the contract needs)
    BoolTy,
    DecTy,
    EnumTy,
    FlagsTy,
    Func,
    HandleTy,
    IntTy,
    ListTy,
    OptionTy,
    ParamsTy,
    RecordTy,
    ResultTy,
    StrTy,
    TupleTy,
    U32Ty,
    VariantTy,
)
from ._errors import error_from_wire

STR, DEC, U32, BOOL, PARAMS, HANDLE = StrTy(), DecTy(), U32Ty(), BoolTy(), ParamsTy(), HandleTy()

# ---- types ------------------------------------------------------------------------------------------------
"#,
        );
        for tdef in &c.types {
            if tdef.name == PARAM {
                continue;
            }
            let name = shouty(&tdef.name);
            let class = class_name(&tdef.name);
            match &tdef.def {
                Def::Enum(_) => {
                    let _ = writeln!(out, "{name} = EnumTy(t.{class})");
                }
                Def::Flags(flags) => {
                    let _ = writeln!(out, "{name} = FlagsTy(t.{class}, {})", flags.len());
                }
                Def::Variant { cases, .. } => {
                    let mut parts = Vec::new();
                    for x in cases {
                        let codec = match &x.ty {
                            Some(ty) => self.codec(ty, false)?,
                            None => "None".into(),
                        };
                        parts.push(format!("({:?}, {codec})", x.name));
                    }
                    let _ = writeln!(out, "{name} = VariantTy(t.{class}, [{}])", parts.join(", "));
                }
                Def::Record(fields) => {
                    let ctor = if tdef.name == ERROR {
                        "error_from_wire".to_string()
                    } else if tdef.output {
                        format!("t.{class}")
                    } else {
                        "None".to_string()
                    };
                    let mut parts = Vec::new();
                    for f in fields {
                        parts.push(format!("({:?}, {})", f.name, self.codec(&f.ty, false)?));
                    }
                    let one = format!("{name} = RecordTy({ctor}, [{}])", parts.join(", "));
                    if one.len() <= 120 {
                        let _ = writeln!(out, "{one}");
                    } else {
                        let _ = writeln!(out, "{name} = RecordTy(\n    {ctor},\n    [");
                        for p in parts {
                            let _ = writeln!(out, "        {p},");
                        }
                        out.push_str("    ],\n)\n");
                    }
                }
            }
        }
        out.push_str("\n# ---- exports ----------------------------------------------------------------------------------------------\n");
        let mut names = Vec::new();
        for f in &c.funcs {
            let name = self.func_const(f);
            let params = f
                .params
                .iter()
                .map(|(_, t)| self.codec(t, false))
                .collect::<Result<Vec<_>>>()?
                .join(", ");
            let result = match &f.result {
                Some(t) => self.codec(t, true)?,
                None => "None".into(),
            };
            let lower = format!("W.lower_{}", name.to_lowercase());
            let lift = if f.result.is_some() {
                format!("L.lift_{}", name.to_lowercase())
            } else {
                "None".into()
            };
            let _ = writeln!(out, "{name} = Func(");
            let _ = writeln!(out, "    {:?},", f.export);
            let _ = writeln!(out, "    [{params}],");
            let _ = writeln!(out, "    {result},");
            let _ = writeln!(
                out,
                "    core=({:?}, {:?}),\n    post={},\n    lower={lower},\n    lift={lift},\n)",
                crate::go::letters(&f.core_params),
                crate::go::letters(&f.core_results),
                if f.post_return.is_some() {
                    "True"
                } else {
                    "False"
                }
            );
            names.push(name);
        }
        for r in &c.resources {
            let name = format!("{}_DTOR", shouty(&r.name));
            let _ = writeln!(
                out,
                "{name} = Func({:?}, [HANDLE], None, core=(\"i\", \"\"), post=False, lower=W.lower_handle, lift=None)",
                r.dtor_export
            );
            names.push(name);
        }
        out.push_str("\n#: Every export the runtime looks up (and checks the core signature of) when it loads the module.\n");
        out.push_str("ALL_FUNCS = [\n");
        for n in &names {
            let _ = writeln!(out, "    {n},");
        }
        out.push_str("]\n");
        let mut ifaces: Vec<&str> = c.resources.iter().map(|r| r.iface_id.as_str()).collect();
        ifaces.dedup();
        if ifaces.len() == 1 && c.resources.len() == 1 {
            let r = &c.resources[0];
            out.push_str("\n#: The imports `wasm-tools component new` would provide; the runtime provides them with a handle table.\n");
            let _ = writeln!(out, "RESOURCE_MODULE = \"[export]{}\"", ifaces[0]);
            let _ = writeln!(out, "RESOURCE_NEW = \"[resource-new]{}\"", r.name);
            let _ = writeln!(out, "RESOURCE_DROP = \"[resource-drop]{}\"", r.name);
        }
        Ok(out)
    }

    // ---- _lift.py ---------------------------------------------------------------------------------------

    fn strukt(&mut self, fmt: &str) -> String {
        let name = format!("_S{}", fmt.trim_start_matches('<'));
        let name = if name.len() > 40 || !name[2..].chars().all(|c| c.is_ascii_alphanumeric()) {
            format!("_S{}", self.structs.len())
        } else {
            name
        };
        if let Some((n, _)) = self.structs.iter().find(|(_, f)| f.as_str() == fmt) {
            return n.clone();
        }
        self.structs.insert(name.clone(), fmt.to_string());
        name
    }

    /// The function lifting a value of `ty` at an address: `name(mv, off)`.
    fn lift_fn(&mut self, ty: &Ty) -> Result<String> {
        let name = format!("_lift_{}", self.mangle(ty));
        if self.lift_fns.contains_key(&name) {
            return Ok(name);
        }
        self.lift_fns.insert(name.clone(), String::new());
        let src = match &ty.kind {
            Kind::Named(i) => self.lift_named(self.named(*i), &name)?,
            Kind::Tuple(ts) => {
                let mut u = Unpack::default();
                let mut exprs = Vec::new();
                for (i, (o, t)) in ts.iter().enumerate() {
                    exprs.push(self.field_expr(t, *o, &format!("v{i}"), &mut u)?);
                }
                let comma = if exprs.len() == 1 { "," } else { "" };
                u.function(self, &name, &format!("({}{comma})", exprs.join(", ")))
            }
            Kind::Result { ok, err, payload } => {
                let at = format!("off + {payload}");
                let okv = match ok {
                    Some(t) => self.value_at(t, &at)?,
                    None => "None".into(),
                };
                let errv = match err {
                    Some(t) => self.value_at(t, &at)?,
                    None => "None".into(),
                };
                format!(
                    "def {name}(mv: memoryview, off: int) -> Any:\n    tag = mv[off]\n    if tag == 0:\n        return True, {okv}\n    if tag == 1:\n        return False, {errv}\n    return _bad(tag)\n"
                )
            }
            _ => {
                let mut u = Unpack::default();
                let e = self.field_expr(ty, 0, "v", &mut u)?;
                u.function(self, &name, &e)
            }
        };
        self.lift_fns.insert(name.clone(), src);
        Ok(name)
    }

    /// The function lifting a list of `elem`: `name(mv, p, n)`.
    fn list_fn(&mut self, elem: &Ty, container: &str) -> Result<String> {
        let name = if self.is_named(elem, PARAM) {
            "_params".to_string()
        } else {
            format!("_{}_{}", container, self.mangle(elem))
        };
        if self.lift_fns.contains_key(&name) {
            return Ok(name);
        }
        self.lift_fns.insert(name.clone(), String::new());
        let stride = elem.size.div_ceil(elem.align) * elem.align;
        let mut src = format!(
            "def {name}(mv: memoryview, p: int, n: int) -> Any:\n    if p + n * {stride} > len(mv):\n        raise _AbiError(\"list out of bounds\")\n"
        );
        let record = match elem.kind {
            Kind::Named(i) => {
                Some(self.named(i)).filter(|t| matches!(t.def, Def::Record(_)) && t.name != ERROR)
            }
            _ => None,
        };
        if self.is_named(elem, PARAM) {
            // One C loop over the (name ptr, name len, value ptr, value len) quadruples.
            let _ = write!(
                src,
                "    out: dict[str, str] = {{}}\n    L = len(mv)\n    for a, b, c, d in _S4I.iter_unpack(mv[p : p + 16 * n]):\n        if a + b > L or c + d > L:\n            _oob(a, b)\n        out[mv[a:a + b].tobytes().decode()] = mv[c:c + d].tobytes().decode()\n    return out\n"
            );
            self.structs.insert("_S4I".into(), "<IIII".into());
        } else if let Some(t) = record {
            // The record's body inline, over struct.iter_unpack of the whole array: no call per element.
            let class = class_name(&t.name);
            let Def::Record(fields) = &t.def else {
                unreachable!()
            };
            let mut u = Unpack::default();
            let mut body = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                body.push(format!(
                    "{:?}: {}",
                    field_name(&f.name),
                    self.field_expr(&f.ty, f.offset, &format!("v{i}"), &mut u)?
                ));
            }
            u.pad_to(stride);
            let st = self.strukt(&format!("<{}", u.fmt));
            let _ = write!(
                src,
                "    L = len(mv)\n    out = []\n    off = p\n    for ({}{}) in {st}.iter_unpack(mv[p : p + n * {stride}]):\n        o = _onew(_{class})\n        _oset(o, \"__dict__\", {{{}}})\n        out.append(o)\n        off += {stride}\n    return {container}(out)\n",
                u.vars.join(", "),
                if u.vars.len() == 1 { "," } else { "" },
                body.join(", ")
            );
        } else {
            let item = match &elem.kind {
                Kind::Str(Text::Decimal) => {
                    format!("_ld(mv, *_SII.unpack_from(mv, p + {stride} * i))")
                }
                Kind::Str(_) => format!("_ls(mv, *_SII.unpack_from(mv, p + {stride} * i))"),
                _ => format!("{}(mv, p + {stride} * i)", self.lift_fn(elem)?),
            };
            if matches!(elem.kind, Kind::Str(_)) {
                self.structs.insert("_SII".into(), "<II".into());
            }
            let _ = writeln!(src, "    return {container}([{item} for i in range(n)])");
        }
        self.lift_fns.insert(name.clone(), src);
        Ok(name)
    }

    /// Unpacks what `ty` at record offset `o` needs into variables named from `v`; returns the expression.
    fn field_expr(&mut self, ty: &Ty, o: u32, v: &str, u: &mut Unpack) -> Result<String> {
        let off = |o: u32| {
            if o == 0 {
                "off".to_string()
            } else {
                format!("off + {o}")
            }
        };
        Ok(match &ty.kind {
            Kind::Str(text) => {
                u.take(o, "I", &format!("{v}p"));
                u.take(o + 4, "I", &format!("{v}n"));
                let s = format!("mv[{v}p:{v}p + {v}n].tobytes().decode()");
                let s = if *text == Text::Decimal {
                    format!("_Decimal({s})")
                } else {
                    s
                };
                format!("({s} if {v}p + {v}n <= L else _oob({v}p, {v}n))")
            }
            Kind::List(t) => {
                u.take(o, "I", &format!("{v}p"));
                u.take(o + 4, "I", &format!("{v}n"));
                let f = self.list_fn(t, "tuple")?;
                format!("{f}(mv, {v}p, {v}n)")
            }
            Kind::Bool => {
                u.take(o, "B", v);
                format!("({v} != 0)")
            }
            Kind::U8
            | Kind::U16
            | Kind::U32
            | Kind::U64
            | Kind::S8
            | Kind::S16
            | Kind::S32
            | Kind::S64 => {
                u.take(o, int_code(&ty.kind), v);
                v.to_string()
            }
            Kind::Own(_) | Kind::Borrow(_) => {
                u.take(o, "I", v);
                v.to_string()
            }
            Kind::Named(i) => {
                let t = self.named(*i);
                match &t.def {
                    Def::Enum(cases) => {
                        u.take(o, disc_code(cases.len()), v);
                        format!("_E_{}[{v}]", shouty(&t.name))
                    }
                    _ => format!("{}(mv, {})", self.lift_fn(ty)?, off(o)),
                }
            }
            Kind::Option(t, payload) => {
                u.take(o, "B", &format!("{v}t"));
                let inner = match t.kind {
                    Kind::Str(_)
                    | Kind::Bool
                    | Kind::U8
                    | Kind::U16
                    | Kind::U32
                    | Kind::U64
                    | Kind::S8
                    | Kind::S16
                    | Kind::S32
                    | Kind::S64
                    | Kind::List(_) => self.field_expr(t, o + payload, &format!("{v}v"), u)?,
                    Kind::Named(i) if matches!(self.named(i).def, Def::Enum(_)) => {
                        self.field_expr(t, o + payload, &format!("{v}v"), u)?
                    }
                    _ => format!("{}(mv, {})", self.lift_fn(t)?, off(o + payload)),
                };
                format!("(None if {v}t == 0 else {inner} if {v}t == 1 else _bad({v}t))")
            }
            Kind::Tuple(_) | Kind::Result { .. } => {
                format!("{}(mv, {})", self.lift_fn(ty)?, off(o))
            }
        })
    }

    fn lift_named(&mut self, t: &'a NamedType, name: &str) -> Result<String> {
        let class = class_name(&t.name);
        Ok(match &t.def {
            Def::Record(fields) => {
                let mut u = Unpack::default();
                let mut exprs = Vec::new();
                for (i, f) in fields.iter().enumerate() {
                    exprs.push((
                        field_name(&f.name),
                        self.field_expr(&f.ty, f.offset, &format!("v{i}"), &mut u)?,
                    ));
                }
                if t.name == ERROR {
                    let args: Vec<String> = exprs.into_iter().map(|(_, e)| e).collect();
                    u.function(
                        self,
                        name,
                        &format!("_error_from_wire({})", args.join(", ")),
                    )
                } else {
                    let body: Vec<String> = exprs
                        .into_iter()
                        .map(|(n, e)| format!("{n:?}: {e}"))
                        .collect();
                    let mut src = u.head(self, name);
                    let _ = writeln!(
                        src,
                        "    o = _onew(_{class})\n    _oset(o, \"__dict__\", {{{}}})\n    return o",
                        body.join(", ")
                    );
                    src
                }
            }
            Def::Enum(cases) => {
                let mut u = Unpack::default();
                u.take(0, disc_code(cases.len()), "v");
                u.function(self, name, &format!("_E_{}[v]", shouty(&t.name)))
            }
            Def::Flags(flags) => {
                let mut u = Unpack::default();
                let words = (t.size as usize).div_ceil(4).max(1);
                let code = match t.size {
                    1 => "B",
                    2 => "H",
                    _ => "I",
                };
                for w in 0..words {
                    u.take((w * 4) as u32, code, &format!("b{w}"));
                }
                let args: Vec<String> = (0..flags.len())
                    .map(|i| format!("b{} >> {} & 1 == 1", i / 32, i % 32))
                    .collect();
                u.function(self, name, &format!("_{class}({})", args.join(", ")))
            }
            Def::Variant { cases, payload } => {
                let disc = disc_code(cases.len());
                let st = self.strukt(&format!("<{disc}"));
                let mut src = format!("def {name}(mv: memoryview, off: int) -> Any:\n    tag = {st}.unpack_from(mv, off)[0]\n");
                for (i, x) in cases.iter().enumerate() {
                    let value = match &x.ty {
                        Some(ty) => {
                            let mut u = Unpack::default();
                            let e = self.field_expr(ty, *payload, "p", &mut u)?;
                            let f = format!("{name}_{}", snake(&x.name, &[]));
                            let fsrc = u.function(self, &f, &e);
                            self.lift_fns.insert(f.clone(), fsrc);
                            format!("{f}(mv, off)")
                        }
                        None => "None".into(),
                    };
                    let _ = writeln!(
                        src,
                        "    if tag == {i}:\n        return _{class}({:?}, {value})",
                        x.name
                    );
                }
                src.push_str("    return _bad(tag)\n");
                src
            }
        })
    }

    /// The lifter of a function's result, `lift_<name>(mv, ret)`.
    fn result_lifter(&mut self, f: &crate::model::Func) -> Result<String> {
        let name = format!("lift_{}", self.func_const(f).to_lowercase());
        let ty = f.result.as_ref().expect("only functions with a result");
        if !f.retptr {
            // One flat value: `ret` is the value itself.
            let e = match &ty.kind {
                Kind::Bool => "v != 0".to_string(),
                Kind::Named(i) if matches!(self.named(*i).def, Def::Enum(_)) => {
                    format!("_E_{}[v]", shouty(&self.named(*i).name))
                }
                Kind::U8 | Kind::U16 | Kind::U32 | Kind::U64 | Kind::Own(_) | Kind::Borrow(_) => {
                    "v".into()
                }
                _ => bail!("Python: {}: this flat result type is not supported", f.name),
            };
            return Ok(format!(
                "def {name}(mv: memoryview, v: int) -> Any:\n    return {e}\n"
            ));
        }
        Ok(match &ty.kind {
            Kind::Result { ok, err, payload } => {
                let at = format!("off + {payload}");
                let value = |p: &mut Self, t: &Option<Box<Ty>>| -> Result<String> {
                    Ok(match t {
                        None => "None".into(),
                        Some(t) => p.value_at(t, &at)?,
                    })
                };
                let okv = value(self, ok)?;
                let errv = value(self, err)?;
                format!(
                    "def {name}(mv: memoryview, off: int) -> tuple[bool, Any]:\n    tag = mv[off]\n    if tag == 0:\n        return True, {okv}\n    if tag == 1:\n        return False, {errv}\n    return _bad(tag)\n"
                )
            }
            _ => format!(
                "def {name}(mv: memoryview, off: int) -> Any:\n    return {}\n",
                self.value_at(ty, "off")?
            ),
        })
    }

    /// An expression lifting `ty` at address expression `at` (a function's result or result payload).
    fn value_at(&mut self, ty: &Ty, at: &str) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Str(Text::Decimal) => format!("_ld(mv, *_SII.unpack_from(mv, {at}))"),
            Kind::Str(_) => format!("_ls(mv, *_SII.unpack_from(mv, {at}))"),
            Kind::List(t) => format!(
                "{}(mv, *_SII.unpack_from(mv, {at}))",
                self.list_fn(t, "list")?
            ),
            Kind::U32 | Kind::Own(_) | Kind::Borrow(_) => format!("_SI.unpack_from(mv, {at})[0]"),
            _ => format!("{}(mv, {at})", self.lift_fn(ty)?),
        })
    }

    fn lift(&mut self) -> Result<String> {
        let c = self.c;
        let mut funcs = String::new();
        for f in c.funcs.iter().filter(|f| f.result.is_some()) {
            funcs.push_str("\n\n");
            funcs.push_str(&self.result_lifter(f)?);
        }
        // A lifter for every result type, also those only read inline in lists (tests check each one).
        for (i, t) in c
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| t.output && t.name != PARAM)
        {
            self.lift_fn(&Ty {
                kind: Kind::Named(i),
                size: t.size,
                align: t.align,
            })?;
        }
        self.structs.insert("_SII".into(), "<II".into());
        self.structs.insert("_SI".into(), "<I".into());
        let mut out = marker("#", &c.source);
        out.push_str(
            r#""""Straight-line lifters: one function per record, list and function result of the WIT, reading guest memory
(a memoryview) into the public types. A record's fixed-size part is read with ONE `struct.unpack_from`, strings
are decoded inline and dataclasses are built by setting their `__dict__` (a frozen `__init__` costs one
`object.__setattr__` per field). Bounds are checked before slicing: a slice past the end would silently
truncate. tests/test_lift.py checks these against the codecs of _abi.py.
"""

from __future__ import annotations

import struct
from decimal import Decimal as _Decimal
from typing import Any, NoReturn

from . import _types as t
from ._abi import AbiError as _AbiError
from ._errors import error_from_wire as _error_from_wire

_onew = object.__new__
_oset = object.__setattr__


def _oob(p: int, n: int) -> NoReturn:
    raise _AbiError(f"string out of bounds: {p}+{n}")


def _bad(tag: int) -> NoReturn:
    raise _AbiError(f"invalid discriminant {tag}")


def _ls(mv: memoryview, p: int, n: int) -> str:
    if p + n > len(mv):
        _oob(p, n)
    return mv[p : p + n].tobytes().decode()


def _ld(mv: memoryview, p: int, n: int) -> _Decimal:
    if p + n > len(mv):
        _oob(p, n)
    return _Decimal(mv[p : p + n].tobytes().decode())


"#,
        );
        for (n, f) in &self.structs {
            let _ = writeln!(out, "{n} = struct.Struct({f:?})");
        }
        for t in c.types.iter().filter(|t| t.output) {
            let class = class_name(&t.name);
            match &t.def {
                Def::Enum(_) => {
                    let _ = writeln!(out, "_E_{} = tuple(t.{class})", shouty(&t.name));
                }
                _ if t.name == ERROR || t.name == PARAM => {}
                _ => {
                    let _ = writeln!(out, "_{class} = t.{class}");
                }
            }
        }
        for src in self.lift_fns.values() {
            out.push_str("\n\n");
            out.push_str(src);
        }
        out.push_str(&funcs);
        Ok(out)
    }

    // ---- _lower.py --------------------------------------------------------------------------------------

    /// The function storing a value of `ty` into a buffer: `name(low, buf, off, v)`.
    fn store_fn(&mut self, ty: &Ty) -> Result<String> {
        let name = format!("_store_{}", self.mangle(ty));
        if self.lower_fns.contains_key(&name) {
            return Ok(name);
        }
        self.lower_fns.insert(name.clone(), String::new());
        let mut body = String::new();
        match &ty.kind {
            Kind::Named(i) => {
                let t = self.named(*i);
                match &t.def {
                    Def::Record(fields) => {
                        let vars: Vec<String> =
                            (0..fields.len()).map(|i| format!("v{i}")).collect();
                        let _ = writeln!(
                            body,
                            "{}{} = v",
                            vars.join(", "),
                            if vars.len() == 1 { "," } else { "" }
                        );
                        for (f, var) in fields.iter().zip(&vars) {
                            body.push_str(&self.store_stmts(&f.ty, f.offset, var)?);
                        }
                    }
                    Def::Enum(cases) => {
                        let _ = writeln!(
                            body,
                            "{}.pack_into(buf, off, v)",
                            self.lstruct(disc_code(cases.len()))
                        );
                    }
                    Def::Flags(_) => {
                        let _ = writeln!(body, "bits = sum(1 << i for i, b in enumerate(v) if b)");
                        let _ = writeln!(
                            body,
                            "buf[off : off + {0}] = bits.to_bytes({0}, \"little\")",
                            t.size
                        );
                    }
                    Def::Variant { cases, payload } => {
                        let _ = writeln!(body, "i, x = v");
                        let _ = writeln!(
                            body,
                            "{}.pack_into(buf, off, i)",
                            self.lstruct(disc_code(cases.len()))
                        );
                        for (ci, x) in cases.iter().enumerate() {
                            if let Some(ct) = &x.ty {
                                let _ = writeln!(body, "if i == {ci}:");
                                for line in self.store_stmts(ct, *payload, "x")?.lines() {
                                    let _ = writeln!(body, "    {line}");
                                }
                            }
                        }
                    }
                }
            }
            _ => body.push_str(&self.store_stmts(ty, 0, "v")?),
        }
        let mut src =
            format!("def {name}(low: Allocator, buf: bytearray, off: int, v: Any) -> None:\n");
        for line in body.lines() {
            let _ = writeln!(src, "    {line}");
        }
        self.lower_fns.insert(name.clone(), src);
        Ok(name)
    }

    fn lstruct(&mut self, code: &str) -> String {
        format!(
            "_{}",
            match code {
                "B" => "U8",
                "H" => "U16",
                "I" => "U32",
                "Q" => "U64",
                "b" => "S8",
                "h" => "S16",
                "i" => "S32",
                _ => "S64",
            }
        )
    }

    /// Statements storing wire value `v` of type `ty` at `buf[off + o]`.
    fn store_stmts(&mut self, ty: &Ty, o: u32, v: &str) -> Result<String> {
        let at = if o == 0 {
            "off".to_string()
        } else {
            format!("off + {o}")
        };
        Ok(match &ty.kind {
            Kind::Str(_) => format!("_PL.pack_into(buf, {at}, *_str(low, {v}))\n"),
            Kind::List(t) => {
                let stride = t.size.div_ceil(t.align) * t.align;
                let f = self.store_fn(t)?;
                format!(
                    "_PL.pack_into(buf, {at}, *_list(low, {v}, {stride}, {}, {f}))\n",
                    t.align
                )
            }
            Kind::Bool => format!("buf[{at}] = 1 if {v} else 0\n"),
            Kind::U8
            | Kind::U16
            | Kind::U32
            | Kind::U64
            | Kind::S8
            | Kind::S16
            | Kind::S32
            | Kind::S64 => {
                format!(
                    "{}.pack_into(buf, {at}, {v})\n",
                    self.lstruct(int_code(&ty.kind))
                )
            }
            Kind::Own(_) | Kind::Borrow(_) => format!("_U32.pack_into(buf, {at}, {v})\n"),
            Kind::Option(t, payload) => {
                let inner = self.store_stmts(t, o + payload, v)?;
                let mut s = format!("if {v} is not None:\n    buf[{at}] = 1\n");
                for line in inner.lines() {
                    let _ = writeln!(s, "    {line}");
                }
                s
            }
            Kind::Tuple(ts) => {
                let mut s = String::new();
                for (i, (to, t)) in ts.iter().enumerate() {
                    s.push_str(&self.store_stmts(t, o + to, &format!("{v}[{i}]"))?);
                }
                s
            }
            Kind::Named(i) if matches!(&self.named(*i).def, Def::Enum(c) if c.len() <= 256) => {
                format!("buf[{at}] = {v}\n")
            }
            Kind::Named(_) => format!("{}(low, buf, {at}, {v})\n", self.store_fn(ty)?),
            Kind::Result { .. } => bail!("Python: results cannot be lowered"),
        })
    }

    /// An expression for the flat core values of wire value `v` (a starred item of a list display, or a
    /// plain one).
    fn flat_items(&mut self, ty: &Ty, v: &str) -> Result<Vec<String>> {
        Ok(match &ty.kind {
            Kind::Str(_) => vec![format!("*_str(low, {v})")],
            // A list<u8> is `bytes` (any bytes: a JSON text that is not UTF-8 reaches the engine), copied in
            // one write as a string is.
            Kind::List(t) if t.kind == Kind::U8 => vec![format!("*_str(low, {v})")],
            Kind::List(t) => {
                let stride = t.size.div_ceil(t.align) * t.align;
                let f = self.store_fn(t)?;
                vec![format!("*_list(low, {v}, {stride}, {}, {f})", t.align)]
            }
            Kind::Bool => vec![format!("1 if {v} else 0")],
            Kind::U8 | Kind::U16 | Kind::U32 | Kind::U64 | Kind::Own(_) | Kind::Borrow(_) => {
                vec![v.to_string()]
            }
            Kind::S8 | Kind::S16 | Kind::S32 => vec![format!("{v} & 0xFFFFFFFF")],
            Kind::S64 => vec![format!("{v} & 0xFFFFFFFFFFFFFFFF")],
            Kind::Tuple(ts) => {
                let mut all = Vec::new();
                for (i, (_, t)) in ts.iter().enumerate() {
                    all.extend(self.flat_items(t, &format!("{v}[{i}]"))?);
                }
                all
            }
            Kind::Option(t, _) => {
                let width = self.c.flat(t).len();
                let inner = self.flat_items(t, v)?;
                vec![format!(
                    "*(({}) if {v} is None else (1, {}))",
                    vec!["0"; width + 1].join(", ") + if width == 0 { "," } else { "" },
                    inner.join(", ")
                )]
            }
            Kind::Named(i) => {
                let t = self.named(*i);
                match &t.def {
                    Def::Enum(_) => vec![v.to_string()],
                    Def::Record(fields) => {
                        let mut all = Vec::new();
                        for (j, f) in fields.iter().enumerate() {
                            all.extend(self.flat_items(&f.ty, &format!("{v}[{j}]"))?);
                        }
                        all
                    }
                    Def::Flags(_) => {
                        let words = self.c.flat(ty).len();
                        let bits = format!("sum(1 << i for i, b in enumerate({v}) if b)");
                        (0..words)
                            .map(|w| format!("({bits}) >> {} & 0xFFFFFFFF", 32 * w))
                            .collect()
                    }
                    Def::Variant { .. } => {
                        // Rare enough to go through the codec: flatten with _abi's reference implementation.
                        vec![format!("*_flat(low, _schema.{}, {v})", shouty(&t.name))]
                    }
                }
            }
            Kind::Result { .. } => bail!("Python: results cannot be parameters"),
        })
    }

    fn func_lowerer(&mut self, f: &crate::model::Func) -> Result<String> {
        let name = format!("lower_{}", self.func_const(f).to_lowercase());
        let vars: Vec<String> = (0..f.params.len()).map(|i| format!("a{i}")).collect();
        let mut src = format!("def {name}(low: Allocator, args: Sequence[Any]) -> list[int]:\n");
        if !vars.is_empty() {
            let _ = writeln!(
                src,
                "    {}{} = args",
                vars.join(", "),
                if vars.len() == 1 { "," } else { "" }
            );
        }
        if let Some(sp) = &f.spill {
            let _ = writeln!(
                src,
                "    ptr = low.alloc({}, {})\n    buf = bytearray({})\n    off = 0",
                sp.size, sp.align, sp.size
            );
            for ((_, ty), (off, var)) in f.params.iter().zip(sp.offsets.iter().zip(&vars)) {
                for line in self.store_stmts(ty, *off, var)?.lines() {
                    let _ = writeln!(src, "    {line}");
                }
            }
            src.push_str("    low.queue_write(ptr, buf)\n    return [ptr]\n");
        } else {
            let mut items = Vec::new();
            for ((_, ty), var) in f.params.iter().zip(&vars) {
                items.extend(self.flat_items(ty, var)?);
            }
            let _ = writeln!(src, "    return [{}]", items.join(", "));
        }
        Ok(src)
    }

    fn lower(&mut self) -> Result<String> {
        let c = self.c;
        let mut funcs = String::new();
        for f in &c.funcs {
            funcs.push_str("\n\n");
            funcs.push_str(&self.func_lowerer(f)?);
        }
        if !c.resources.is_empty() {
            funcs.push_str("\n\ndef lower_handle(low: Allocator, args: Sequence[Any]) -> list[int]:\n    return [args[0]]\n");
        }
        let uses_flat = self
            .lower_fns
            .values()
            .chain(std::iter::once(&funcs))
            .any(|s| s.contains("_flat("));
        let mut out = marker("#", &c.source);
        out.push_str(
            r#""""Straight-line lowerers: one function per export turns its wire arguments (what _inputs.py and _convert.py
prepare: UTF-8 bytes, ints, tuples in WIT field order) into its flat core arguments, storing strings, lists and
spilled records in guest memory through the allocator (cabi_realloc; the writes are queued and done at once).
tests/test_lift.py checks these against the codecs of _abi.py.
"""

from __future__ import annotations

import struct
from typing import Any, Sequence

from ._abi import Allocator, put_list as _list, put_str as _str
"#,
        );
        if uses_flat {
            out.push_str("from . import _schema\n\n\ndef _flat(low: Allocator, ty: Any, v: Any) -> list[int]:\n    out: list[int] = []\n    ty.lower_flat(low, v, out)\n    return out\n");
        }
        out.push_str("\n_PL = struct.Struct(\"<II\")\n");
        for (n, code) in [
            ("_U8", "<B"),
            ("_U16", "<H"),
            ("_U32", "<I"),
            ("_U64", "<Q"),
            ("_S8", "<b"),
            ("_S16", "<h"),
            ("_S32", "<i"),
            ("_S64", "<q"),
        ] {
            if self
                .lower_fns
                .values()
                .chain(std::iter::once(&funcs))
                .any(|s| s.contains(&format!("{n}.")))
            {
                let _ = writeln!(out, "{n} = struct.Struct({code:?})");
            }
        }
        for src in self.lower_fns.values() {
            out.push_str("\n\n");
            out.push_str(src);
        }
        out.push_str(&funcs);
        Ok(out)
    }
}

fn int_code(k: &Kind) -> &'static str {
    match k {
        Kind::U8 => "B",
        Kind::U16 => "H",
        Kind::U32 => "I",
        Kind::U64 => "Q",
        Kind::S8 => "b",
        Kind::S16 => "h",
        Kind::S32 => "i",
        _ => "q",
    }
}

fn disc_code(n: usize) -> &'static str {
    if n <= 256 {
        "B"
    } else if n <= 65536 {
        "H"
    } else {
        "I"
    }
}

/// The fixed-size part of a record read with one struct: the format and the variables it fills, in offset
/// order.
#[derive(Default)]
struct Unpack {
    fmt: String,
    vars: Vec<String>,
    pos: u32,
}

impl Unpack {
    fn take(&mut self, at: u32, code: &str, var: &str) {
        if at > self.pos {
            let _ = write!(self.fmt, "{}x", at - self.pos);
        }
        self.fmt.push_str(code);
        self.pos = at + size_of_code(code);
        self.vars.push(var.to_string());
    }

    /// Pads the format to `size` bytes (struct.iter_unpack reads whole elements).
    fn pad_to(&mut self, size: u32) {
        if size > self.pos {
            let _ = write!(self.fmt, "{}x", size - self.pos);
            self.pos = size;
        }
    }

    fn head(&self, p: &mut Py, name: &str) -> String {
        let mut src = format!("def {name}(mv: memoryview, off: int) -> Any:\n");
        if self.fmt.contains('I') || self.vars.iter().any(|v| v.ends_with('p')) {
            src.push_str("    L = len(mv)\n");
        }
        if !self.vars.is_empty() {
            let st = p.strukt(&format!("<{}", self.fmt));
            let _ = writeln!(
                src,
                "    {}{} = {st}.unpack_from(mv, off)",
                self.vars.join(", "),
                if self.vars.len() == 1 { "," } else { "" }
            );
        }
        src
    }

    fn function(&self, p: &mut Py, name: &str, expr: &str) -> String {
        let mut src = self.head(p, name);
        let _ = writeln!(src, "    return {expr}");
        src
    }
}

fn size_of_code(code: &str) -> u32 {
    match code {
        "B" | "b" => 1,
        "H" | "h" => 2,
        "I" | "i" => 4,
        _ => 8,
    }
}
