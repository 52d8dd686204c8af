//! TypeScript (`consumers/js/src`): jco lifts and lowers, so what remains is what the wrapper would otherwise
//! restate: the public camelCase types with their docs (`types.ts`), the argument checkers of the input
//! records and enums with their key lists, case lists and defaults (`lower.ts`, on the hand-written
//! `check.ts`), and the conversions of results from jco's shapes to the public ones (`lift.ts`).
//!
//! Mapping: string → string (`Decimal` and `Timestamp` aliases for decimals and timestamps), u32 → number,
//! bool → boolean, option<T> → `T | null` (inputs may also leave it out), list<T> → T[], record → interface,
//! enum → a union of string literals, flags → an interface of booleans, variant → `{ tag, val }` (jco's
//! shape), tuple → [A, B]. `list<param>` is `Params` (a Record<string, string>) and `error` is the KassaError
//! class. The output is prettier-clean (printWidth 120, single quotes).

use crate::model::{Contract, Def, Kind, NamedType, Text, Ty};
use crate::names::{lower_camel, shouty, upper_camel};
use crate::text::marker;
use crate::File;
use anyhow::{bail, Result};
use std::fmt::Write;

const DIR: &str = "consumers/js/src";
const WIDTH: usize = 120;
const PARAM: &str = "param";
const ERROR: &str = "error";

/// The files for `c`, with the package's jco glue built from world `js` (a subset of `c`): lower.ts and lift.ts
/// cover what `js` lowers and lifts; the results of `c`'s other functions reach the package as canonical JSON
/// (their JSON forms, wit/kassa.wit), which `from-wire.ts` turns into the public types.
pub fn emit(c: &Contract, js: &Contract) -> Result<Vec<File>> {
    let in_js = |t: &NamedType, out: bool| {
        js.find(&t.name)
            .is_some_and(|i| if out { js.ty(i).output } else { js.ty(i).input })
    };
    let lowered = c.types.iter().map(|t| in_js(t, false)).collect();
    let lifted = c.types.iter().map(|t| in_js(t, true)).collect();
    // The results of the functions `js` leaves out, and everything they hold; for such a function on JSON
    // (`validate-fields-json`), the result of its typed form (`validate-fields`), which the JSON is the form of.
    let mut wire = vec![false; c.types.len()];
    for f in &c.funcs {
        if !js.funcs.iter().any(|g| g.export == f.export) {
            let typed = f
                .name
                .strip_suffix("-json")
                .and_then(|n| c.funcs.iter().find(|g| g.name == n));
            for r in [&f.result, &typed.and_then(|g| g.result.clone())]
                .into_iter()
                .flatten()
            {
                reach(c, r, &mut wire);
            }
        }
    }
    let t = Ts {
        c,
        lowered,
        lifted,
        wire,
    };
    let mut files = vec![
        File {
            path: format!("{DIR}/types.ts").into(),
            contents: t.types()?,
        },
        File {
            path: format!("{DIR}/lower.ts").into(),
            contents: t.lower()?,
        },
        File {
            path: format!("{DIR}/lift.ts").into(),
            contents: t.lift()?,
        },
    ];
    if t.wire.iter().any(|&w| w) {
        files.push(File {
            path: format!("{DIR}/from-wire.ts").into(),
            contents: t.wire_readers()?,
        });
    }
    Ok(files)
}

/// Marks the named types `ty` holds (results: the error is the KassaError class, not lifted here).
fn reach(c: &Contract, ty: &Ty, seen: &mut [bool]) {
    match &ty.kind {
        Kind::Named(i) if !std::mem::replace(&mut seen[*i], true) => {
            if let Def::Record(fields) = &c.ty(*i).def {
                fields.iter().for_each(|f| reach(c, &f.ty, seen));
            }
        }
        Kind::Option(t, _) | Kind::List(t) | Kind::Result { ok: Some(t), .. } => reach(c, t, seen),
        Kind::Tuple(ts) => ts.iter().for_each(|(_, t)| reach(c, t, seen)),
        _ => {}
    }
}

struct Ts<'a> {
    c: &'a Contract,
    /// Per type of `c`: lowered by the package's jco glue / lifted from it / read from canonical JSON.
    lowered: Vec<bool>,
    lifted: Vec<bool>,
    wire: Vec<bool>,
}

/// A JSDoc comment: one line when it fits, else a block.
fn jsdoc(out: &mut String, indent: &str, d: &Option<String>) {
    let Some(d) = d else { return };
    let one = format!("{indent}/** {d} */");
    if !d.contains('\n') && one.len() <= WIDTH {
        let _ = writeln!(out, "{one}");
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in d.lines() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

/// `head` + items joined as prettier prints an array or union: on one line when it fits, else one per line.
fn list_literal(
    out: &mut String,
    head: &str,
    items: &[String],
    open: &str,
    close: &str,
    tail: &str,
) {
    let one = format!("{head}{open}{}{close}{tail}", items.join(", "));
    if one.len() <= WIDTH {
        let _ = writeln!(out, "{one}");
    } else {
        // One item a line, as prettier writes it: no space inside the braces.
        let _ = writeln!(out, "{head}{}", open.trim_end());
        for i in items {
            let _ = writeln!(out, "  {i},");
        }
        let _ = writeln!(out, "{}{tail}", close.trim_start());
    }
}

impl<'a> Ts<'a> {
    fn named(&self, i: usize) -> &'a NamedType {
        self.c.ty(i)
    }

    fn is_named(&self, ty: &Ty, name: &str) -> bool {
        matches!(ty.kind, Kind::Named(i) if self.named(i).name == name)
    }

    fn is_params(&self, ty: &Ty) -> bool {
        matches!(&ty.kind, Kind::List(t) if self.is_named(t, PARAM))
    }

    /// The public TypeScript type of `ty`.
    fn tstype(&self, ty: &Ty) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => "boolean".into(),
            Kind::U8 | Kind::U16 | Kind::U32 | Kind::S8 | Kind::S16 | Kind::S32 => "number".into(),
            Kind::U64 | Kind::S64 => "bigint".into(),
            Kind::Str(Text::Plain) => "string".into(),
            Kind::Str(Text::Decimal) => "Decimal".into(),
            Kind::Str(Text::Timestamp) => "Timestamp".into(),
            Kind::Named(i) => upper_camel(&self.named(*i).name),
            Kind::List(_) if self.is_params(ty) => "Params".into(),
            Kind::List(t) => {
                let inner = self.tstype(t)?;
                if inner.contains(' ') {
                    format!("({inner})[]")
                } else {
                    format!("{inner}[]")
                }
            }
            Kind::Option(t, _) => format!("{} | null", self.tstype(t)?),
            Kind::Tuple(ts) => {
                format!(
                    "[{}]",
                    ts.iter()
                        .map(|(_, t)| self.tstype(t))
                        .collect::<Result<Vec<_>>>()?
                        .join(", ")
                )
            }
            Kind::Result { .. } | Kind::Own(_) | Kind::Borrow(_) => {
                bail!("TypeScript: not a value type")
            }
        })
    }

    fn types(&self) -> Result<String> {
        let c = self.c;
        let mut out = marker("//", &c.source);
        out.push_str(
            "\n// The public TypeScript types of @kassa/engine: the records of the WIT in camelCase.\n\
             //\n\
             // Conventions: decimals are strings (never numbers: no floats touch money), u32 values are numbers, enums are\n\
             // string unions, absent options in results are `null`, and every `list<param>` is a `Record<string, string>`\n\
             // (parameter names are unique within one list). Input fields that the engine defaults (options, lists,\n\
             // booleans, numbers) may be left out.\n\n",
        );
        out.push_str(
            "/** A canonical decimal string: \"12.30\", \"-0.5\", \"1000\". */\nexport type Decimal = string;\n\n\
             /** An RFC 3339 timestamp in UTC: \"2026-11-24T09:30:00Z\". */\nexport type Timestamp = string;\n\n\
             /** Named message parameters, e.g. `{ max: \"10\" }`. */\nexport type Params = Record<string, string>;\n",
        );
        for t in &c.types {
            if t.name == PARAM || t.name == ERROR {
                continue;
            }
            let name = upper_camel(&t.name);
            out.push('\n');
            jsdoc(&mut out, "", &t.docs);
            match &t.def {
                Def::Enum(cases) => {
                    let items: Vec<String> =
                        cases.iter().map(|x| format!("'{}'", x.name)).collect();
                    let one = format!("export type {name} = {};", items.join(" | "));
                    if one.len() <= WIDTH {
                        let _ = writeln!(out, "{one}");
                    } else {
                        let _ = writeln!(out, "export type {name} =");
                        for (i, it) in items.iter().enumerate() {
                            let _ = writeln!(
                                out,
                                "  | {it}{}",
                                if i + 1 == items.len() { ";" } else { "" }
                            );
                        }
                    }
                }
                Def::Variant { cases, .. } => {
                    let mut items = Vec::new();
                    for x in cases {
                        items.push(match &x.ty {
                            Some(ty) => {
                                format!("{{ tag: '{}'; val: {} }}", x.name, self.tstype(ty)?)
                            }
                            None => format!("{{ tag: '{}' }}", x.name),
                        });
                    }
                    let one = format!("export type {name} = {};", items.join(" | "));
                    if one.len() <= WIDTH {
                        let _ = writeln!(out, "{one}");
                    } else {
                        let _ = writeln!(out, "export type {name} =");
                        for (i, it) in items.iter().enumerate() {
                            let _ = writeln!(
                                out,
                                "  | {it}{}",
                                if i + 1 == items.len() { ";" } else { "" }
                            );
                        }
                    }
                }
                Def::Flags(flags) => {
                    let _ = writeln!(out, "export interface {name} {{");
                    for f in flags {
                        jsdoc(&mut out, "  ", &f.docs);
                        let _ = writeln!(
                            out,
                            "  {}{}: boolean;",
                            lower_camel(&f.name),
                            if t.input { "?" } else { "" }
                        );
                    }
                    out.push_str("}\n");
                }
                Def::Record(fields) => {
                    let _ = writeln!(out, "export interface {name} {{");
                    for f in fields {
                        jsdoc(&mut out, "  ", &f.docs);
                        let optional = t.input && c.default_of(&f.ty).is_some();
                        let _ = writeln!(
                            out,
                            "  {}{}: {};",
                            lower_camel(&f.name),
                            if optional { "?" } else { "" },
                            self.tstype(&f.ty)?
                        );
                    }
                    out.push_str("}\n");
                }
            }
        }
        Ok(out)
    }

    // ---- lower.ts ---------------------------------------------------------------------------------------

    /// A checker `(v: unknown, name: string) => W` for an input of type `ty`.
    fn checker(&self, ty: &Ty) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => "bool".into(),
            Kind::U32 => "u32".into(),
            Kind::U8 => "int(0, 0xff)".into(),
            Kind::U16 => "int(0, 0xffff)".into(),
            Kind::S8 => "int(-0x80, 0x7f)".into(),
            Kind::S16 => "int(-0x8000, 0x7fff)".into(),
            Kind::S32 => "int(-0x80000000, 0x7fffffff)".into(),
            Kind::U64 => "bigInt(0n, 0xffffffffffffffffn)".into(),
            Kind::S64 => "bigInt(-0x8000000000000000n, 0x7fffffffffffffffn)".into(),
            Kind::Str(Text::Decimal) => "dec".into(),
            Kind::Str(_) => "str".into(),
            Kind::Named(i) => lower_camel(&self.named(*i).name),
            Kind::List(_) if self.is_params(ty) => {
                bail!("TypeScript: list<param> is not supported in inputs")
            }
            Kind::List(t) => format!("(v, p) => list(v, p, {})", self.checker(t)?),
            Kind::Option(t, _) => format!("(v, p) => opt(v, p, {})", self.checker(t)?),
            Kind::Tuple(ts) => format!(
                "(v, p) => tuple(v, p, [{}])",
                ts.iter()
                    .map(|(_, t)| self.checker(t))
                    .collect::<Result<Vec<_>>>()?
                    .join(", ")
            ),
            Kind::Result { .. } | Kind::Own(_) | Kind::Borrow(_) => {
                bail!("TypeScript: not an input type")
            }
        })
    }

    /// The value a missing input field takes, as jco expects it.
    fn default(&self, ty: &Ty) -> Option<String> {
        use crate::model::Default as D;
        Some(match (self.c.default_of(ty)?, &ty.kind) {
            (D::None, _) => "undefined".into(),
            (D::Empty, Kind::Named(_)) => "{}".into(),
            (D::Empty, _) => "[]".into(),
            (D::False, _) => "false".into(),
            (D::Zero, Kind::U64 | Kind::S64) => "0n".into(),
            (D::Zero, _) => "0".into(),
        })
    }

    fn lower(&self) -> Result<String> {
        let c = self.c;
        let mut body = String::new();
        let mut used_types: Vec<String> = Vec::new();
        for (_, t) in c.types.iter().enumerate().filter(|(i, _)| self.lowered[*i]) {
            let name = upper_camel(&t.name);
            let f = lower_camel(&t.name);
            body.push('\n');
            match &t.def {
                Def::Enum(cases) => {
                    used_types.push(name.clone());
                    let list = format!("{}S", shouty(&t.name)).replace("YS", "IES");
                    let items: Vec<String> =
                        cases.iter().map(|x| format!("'{}'", x.name)).collect();
                    list_literal(
                        &mut body,
                        &format!("export const {list}: readonly {name}[] = "),
                        &items,
                        "[",
                        "]",
                        ";",
                    );
                    body.push('\n');
                    let _ = writeln!(
                        body,
                        "export const {f} = (v: unknown, name: string): {name} => oneOf(v, name, {list});"
                    );
                }
                Def::Flags(flags) => {
                    used_types.push(name.clone());
                    let keys: Vec<String> = flags
                        .iter()
                        .map(|x| format!("'{}'", lower_camel(&x.name)))
                        .collect();
                    let keys_const = format!("KEYS_{}", shouty(&t.name));
                    list_literal(
                        &mut body,
                        &format!("const {keys_const} = "),
                        &keys,
                        "[",
                        "]",
                        &format!(" satisfies (keyof {name})[];"),
                    );
                    let _ = writeln!(
                        body,
                        "\nexport function {f}(v: unknown, name: string): W.{name} {{"
                    );
                    let _ = writeln!(
                        body,
                        "  const o = record(v, name, {keys_const});\n  return {{"
                    );
                    for x in flags {
                        let k = lower_camel(&x.name);
                        let _ =
                            writeln!(body, "    {k}: dflt(o.{k}, `${{name}}.{k}`, false, bool),");
                    }
                    body.push_str("  };\n}\n");
                }
                Def::Variant { cases, .. } => {
                    let tags: Vec<String> = cases.iter().map(|x| format!("'{}'", x.name)).collect();
                    let tags_const = format!("TAGS_{}", shouty(&t.name));
                    list_literal(
                        &mut body,
                        &format!("const {tags_const} = "),
                        &tags,
                        "[",
                        "]",
                        " as const;",
                    );
                    let _ = writeln!(
                        body,
                        "\nexport function {f}(v: unknown, name: string): W.{name} {{"
                    );
                    let _ = writeln!(body, "  const o = record(v, name, ['tag', 'val']);");
                    let _ = writeln!(
                        body,
                        "  const tag = oneOf(o.tag, `${{name}}.tag`, {tags_const});"
                    );
                    body.push_str("  switch (tag) {\n");
                    for x in cases {
                        match &x.ty {
                            Some(ty) => {
                                let _ = writeln!(
                                    body,
                                    "    case '{}':\n      return {{ tag, val: ({})(o.val, `${{name}}.val`) }};",
                                    x.name,
                                    self.checker(ty)?
                                );
                            }
                            None => {
                                let _ = writeln!(
                                    body,
                                    "    case '{}':\n      return {{ tag }};",
                                    x.name
                                );
                            }
                        }
                    }
                    body.push_str("  }\n}\n");
                }
                Def::Record(fields) => {
                    used_types.push(name.clone());
                    let keys: Vec<String> = fields
                        .iter()
                        .map(|x| format!("'{}'", lower_camel(&x.name)))
                        .collect();
                    let keys_const = format!("KEYS_{}", shouty(&t.name));
                    list_literal(
                        &mut body,
                        &format!("const {keys_const} = "),
                        &keys,
                        "[",
                        "]",
                        &format!(" satisfies (keyof {name})[];"),
                    );
                    let _ = writeln!(
                        body,
                        "\nexport function {f}(v: unknown, name: string): W.{name} {{"
                    );
                    let _ = writeln!(
                        body,
                        "  const o = record(v, name, {keys_const});\n  return {{"
                    );
                    for x in fields {
                        let k = lower_camel(&x.name);
                        let path = format!("`${{name}}.{k}`");
                        let e = match (&x.ty.kind, self.default(&x.ty)) {
                            (Kind::Option(inner, _), _) => {
                                format!("opt(o.{k}, {path}, {})", self.checker(inner)?)
                            }
                            (_, Some(d)) => {
                                format!("dflt(o.{k}, {path}, {d}, {})", self.checker(&x.ty)?)
                            }
                            (_, None) => {
                                let ch = self.checker(&x.ty)?;
                                if ch.starts_with('(') {
                                    format!("({ch})(o.{k}, {path})")
                                } else {
                                    format!("{ch}(o.{k}, {path})")
                                }
                            }
                        };
                        let _ = writeln!(body, "    {k}: {e},");
                    }
                    body.push_str("  };\n}\n");
                }
            }
        }
        let helpers = [
            "bigInt", "bool", "dec", "dflt", "int", "list", "oneOf", "opt", "record", "str",
            "tuple", "u32",
        ];
        let used: Vec<&str> = helpers
            .iter()
            .copied()
            .filter(|h| {
                body.contains(&format!("{h}("))
                    || body.contains(&format!(", {h})"))
                    || body.contains(&format!(", {h},"))
            })
            .collect();
        let mut out = marker("//", &c.source);
        out.push_str(
            "\n// Argument checkers of the WIT's input records and enums: each turns what a (possibly untyped) JavaScript caller\n\
             // passes into the component's shape (jco's), with the contract's defaults for what is left out, and throws a\n\
             // TypeError or RangeError naming the argument path. The checks themselves are in check.ts.\n\n",
        );
        out.push_str("import type * as W from '../gen/interfaces/kassa-engine-types.js';\n");
        list_literal(
            &mut out,
            "import ",
            &used.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{ ",
            " }",
            " from './check.js';",
        );
        used_types.sort();
        if !used_types.is_empty() {
            list_literal(
                &mut out,
                "import type ",
                &used_types,
                "{ ",
                " }",
                " from './types.js';",
            );
        }
        out.push_str(&body);
        Ok(out)
    }

    // ---- lift.ts ----------------------------------------------------------------------------------------

    /// Whether lifting `ty` changes jco's value (absent options become null, params a Record, ...).
    fn needs_lift(&self, ty: &Ty) -> bool {
        match &ty.kind {
            Kind::Named(i) => !matches!(self.named(*i).def, Def::Enum(_) | Def::Flags(_)),
            Kind::Option(..) => true,
            Kind::List(t) => self.is_named(t, PARAM) || self.needs_lift(t),
            Kind::Tuple(ts) => ts.iter().any(|(_, t)| self.needs_lift(t)),
            _ => false,
        }
    }

    /// An expression lifting jco's value `x` of type `ty`.
    fn lift_expr(&self, ty: &Ty, x: &str, depth: usize) -> Result<String> {
        if !self.needs_lift(ty) {
            return Ok(x.to_string());
        }
        let y = format!("x{depth}");
        Ok(match &ty.kind {
            Kind::Named(i) => format!("{}({x})", lower_camel(&self.named(*i).name)),
            Kind::Option(t, _) => {
                if self.needs_lift(t) {
                    format!(
                        "{x} === undefined ? null : {}",
                        self.lift_expr(t, x, depth + 1)?
                    )
                } else {
                    format!("orNull({x})")
                }
            }
            Kind::List(t) if self.is_named(t, PARAM) => format!("params({x})"),
            Kind::List(t) => match &t.kind {
                Kind::Named(i) => format!("{x}.map({})", lower_camel(&self.named(*i).name)),
                _ => format!("{x}.map(({y}) => {})", self.lift_expr(t, &y, depth + 1)?),
            },
            Kind::Tuple(ts) => {
                let parts = ts
                    .iter()
                    .enumerate()
                    .map(|(i, (_, t))| self.lift_expr(t, &format!("{x}[{i}]"), depth + 1))
                    .collect::<Result<Vec<_>>>()?;
                format!("[{}]", parts.join(", "))
            }
            _ => x.to_string(),
        })
    }

    fn lift(&self) -> Result<String> {
        let c = self.c;
        let mut body = String::new();
        for (_, t) in c.types.iter().enumerate().filter(|(i, _)| self.lifted[*i]) {
            if t.name == ERROR {
                continue;
            }
            let name = upper_camel(&t.name);
            let f = lower_camel(&t.name);
            let v = "v";
            body.push('\n');
            match &t.def {
                Def::Record(_) if t.name == PARAM => {
                    body.push_str(
                        "/** A `list<param>` as a Record (names are unique within one list). */\n",
                    );
                    body.push_str("export function params(list: W.Param[]): T.Params {\n  const out: T.Params = {};\n");
                    body.push_str(
                        "  for (const p of list) out[p.name] = p.value;\n  return out;\n}\n",
                    );
                }
                Def::Record(fields) => {
                    let _ = writeln!(body, "export const {f} = ({v}: W.{name}): T.{name} => ({{");
                    for x in fields {
                        let k = lower_camel(&x.name);
                        let _ = writeln!(
                            body,
                            "  {k}: {},",
                            self.lift_expr(&x.ty, &format!("{v}.{k}"), 1)?
                        );
                    }
                    body.push_str("});\n");
                }
                Def::Variant { cases, .. } => {
                    let _ = writeln!(
                        body,
                        "export function {f}({v}: W.{name}): T.{name} {{\n  switch ({v}.tag) {{"
                    );
                    for x in cases {
                        match &x.ty {
                            Some(ty) => {
                                let _ = writeln!(
                                    body,
                                    "    case '{}':\n      return {{ tag: '{}', val: {} }};",
                                    x.name,
                                    x.name,
                                    self.lift_expr(ty, &format!("{v}.val"), 1)?
                                );
                            }
                            None => {
                                let _ = writeln!(
                                    body,
                                    "    case '{}':\n      return {{ tag: '{}' }};",
                                    x.name, x.name
                                );
                            }
                        }
                    }
                    body.push_str("  }\n}\n");
                }
                Def::Enum(_) | Def::Flags(_) => {
                    // jco's enums (string unions) and flags (objects of booleans) are the public shapes.
                    body.pop();
                }
            }
        }
        let mut out = marker("//", &c.source);
        out.push_str(
            "\n// Turns the component's results (jco's shapes: options as `undefined`, params as [{name, value}]) into the\n\
             // public types: absent options as `null`, params as a Record. One function per record, field for field, so a\n\
             // result never carries a key the types do not declare.\n\n",
        );
        out.push_str("import type * as W from '../gen/interfaces/kassa-engine-types.js';\nimport type * as T from './types.js';\n");
        if body.contains("orNull(") {
            out.push_str("\nconst orNull = <V>(v: V | undefined): V | null => (v === undefined ? null : v);\n");
        }
        out.push_str(&body);
        Ok(out)
    }

    // ---- from-wire.ts -----------------------------------------------------------------------------------

    /// An expression reading the canonical JSON value `x` of type `ty` as its public type.
    fn wire_expr(&self, ty: &Ty, x: &str, depth: usize) -> Result<String> {
        let y = format!("x{depth}");
        Ok(match &ty.kind {
            Kind::Named(i) if matches!(self.named(*i).def, Def::Record(_)) => {
                format!("{}({x})", lower_camel(&self.named(*i).name))
            }
            Kind::Option(t, _) if self.wire_changes(t) => {
                format!("{x} === null ? null : {}", self.wire_expr(t, x, depth + 1)?)
            }
            // a JSON number, exact below 2^53 (a replay's line number)
            Kind::U64 | Kind::S64 => format!("BigInt({x})"),
            Kind::List(t) if self.is_named(t, PARAM) => format!("params({x})"),
            Kind::List(t) if self.wire_changes(t) => match &t.kind {
                Kind::Named(i) => format!("{x}.map({})", lower_camel(&self.named(*i).name)),
                _ => format!(
                    "{x}.map(({y}: Json) => {})",
                    self.wire_expr(t, &y, depth + 1)?
                ),
            },
            _ => x.to_string(),
        })
    }

    /// Whether reading `ty` from canonical JSON changes it (records have kebab-case keys there).
    fn wire_changes(&self, ty: &Ty) -> bool {
        match &ty.kind {
            Kind::Named(i) => matches!(self.named(*i).def, Def::Record(_)),
            Kind::U64 | Kind::S64 => true,
            Kind::Option(t, _) | Kind::List(t) => self.wire_changes(t),
            _ => false,
        }
    }

    fn wire_readers(&self) -> Result<String> {
        let c = self.c;
        let mut body = String::new();
        for (_, t) in c.types.iter().enumerate().filter(|(i, _)| self.wire[*i]) {
            let Def::Record(fields) = &t.def else {
                continue; // enums are their case names in JSON and in the public types
            };
            let name = upper_camel(&t.name);
            let f = lower_camel(&t.name);
            body.push('\n');
            if t.name == PARAM {
                body.push_str(
                    "/** A `list<param>` as a Record (names are unique within one list). */\n",
                );
                body.push_str("export function params(list: Json[]): T.Params {\n  const out: T.Params = {};\n");
                body.push_str("  for (const p of list) out[p.name] = p.value;\n  return out;\n}\n");
                continue;
            }
            let _ = writeln!(body, "export const {f} = (v: Json): T.{name} => ({{");
            for x in fields {
                let k = lower_camel(&x.name);
                let key = if x.name.contains('-') {
                    format!("v['{}']", x.name)
                } else {
                    format!("v.{}", x.name)
                };
                let _ = writeln!(body, "  {k}: {},", self.wire_expr(&x.ty, &key, 1)?);
            }
            body.push_str("});\n");
        }
        let mut out = marker("//", &c.source);
        out.push_str(
            "\n// Reads the canonical JSON the engine answers (docs/wire.md: kebab-case keys, absent options as null,\n\
             // params as [{name, value}]) as the public types: camelCase keys, params as a Record. One function per\n\
             // record, field for field, so a result never carries a key the types do not declare.\n\n",
        );
        out.push_str("import type * as T from './types.js';\n\n");
        out.push_str("/** A value of parsed JSON, read by its schema. */\n");
        out.push_str("type Json = any;\n");
        out.push_str(&body);
        Ok(out)
    }
}
