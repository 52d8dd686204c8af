//! Go (`consumers/go`): the public types (`types.go`), the layouts and lift/lower functions (`abi.go`), and
//! the export table with one call function per export (`contract.go`). The runtime they use is the
//! hand-written `internal/cabi` (Reader, Writer, LiftList, ...) and `instance.go` (call, invoke, post-return).
//!
//! Mapping: string/decimal/timestamp → string, option<T> → *T, list<T> → []T, record → struct, enum → a string
//! type with one constant per case, flags → a struct of bools, variant → a struct with a Tag and one pointer
//! per payload case, tuple<A, B> → Tuple2[A, B], own/borrow<resource> → uint32 (the handle or rep). A result
//! whose error is the `error` record becomes (T, error) with an *Error. The output is gofmt-clean.

use crate::model::{Contract, Core, Def, FuncKind, Kind, NamedType, Ty};
use crate::names::{go, go_enum_prefix, go_private, spaced};
use crate::text::{comment, decapitalize, marker, Columns};
use crate::File;
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::fmt::Write;

const DIR: &str = "consumers/go";
const CABI: &str = "github.com/kassa-engine/kassa/consumers/go/internal/cabi";
const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

pub fn emit(c: &Contract) -> Result<Vec<File>> {
    let mut g = Go {
        c,
        helpers: BTreeMap::new(),
        tuples: Vec::new(),
        uses_fmt: false,
    };
    // contract.go and abi.go first: they collect the helpers of anonymous types (written into abi.go) and the
    // tuple arities (declared in types.go).
    let contract = g.contract()?;
    let abi = g.abi()?;
    let types = g.types()?;
    Ok(vec![
        File {
            path: format!("{DIR}/types.go").into(),
            contents: types,
        },
        File {
            path: format!("{DIR}/abi.go").into(),
            contents: abi,
        },
        File {
            path: format!("{DIR}/contract.go").into(),
            contents: contract,
        },
    ])
}

struct Go<'a> {
    c: &'a Contract,
    /// Helper functions for anonymous types (lifting a list<string>, lowering an option<u32>, ...), by name.
    helpers: BTreeMap<String, String>,
    /// Arities of the TupleN types used.
    tuples: Vec<usize>,
    uses_fmt: bool,
}

fn param_name(kebab: &str) -> String {
    let n = go_private(kebab);
    if KEYWORDS.contains(&n.as_str()) {
        n + "_"
    } else {
        n
    }
}

/// `// Name is <doc>` for a type.
fn type_doc(out: &mut String, name: &str, docs: &Option<String>) {
    match docs {
        Some(d) => comment(out, "", "// ", &format!("{name} is {}", decapitalize(d))),
        None => {
            let _ = writeln!(out, "// {name} is a type of the contract.");
        }
    }
}

impl<'a> Go<'a> {
    fn named(&self, i: usize) -> &'a NamedType {
        self.c.ty(i)
    }

    fn tname(&self, i: usize) -> String {
        go(&self.named(i).name)
    }

    fn is_enum(&self, ty: &Ty) -> bool {
        matches!(ty.kind, Kind::Named(i) if matches!(self.named(i).def, Def::Enum(_)))
    }

    /// The Go type of a value of `ty`.
    fn gotype(&mut self, ty: &Ty) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => "bool".into(),
            Kind::U8 => "uint8".into(),
            Kind::U16 => "uint16".into(),
            Kind::U32 => "uint32".into(),
            Kind::U64 => "uint64".into(),
            Kind::S8 => "int8".into(),
            Kind::S16 => "int16".into(),
            Kind::S32 => "int32".into(),
            Kind::S64 => "int64".into(),
            Kind::Str(_) => "string".into(),
            Kind::Named(i) => self.tname(*i),
            Kind::List(t) => format!("[]{}", self.gotype(t)?),
            Kind::Option(t, _) => format!("*{}", self.gotype(t)?),
            Kind::Tuple(ts) => {
                if !self.tuples.contains(&ts.len()) {
                    self.tuples.push(ts.len());
                }
                let parts = ts
                    .iter()
                    .map(|(_, t)| self.gotype(t))
                    .collect::<Result<Vec<_>>>()?;
                format!("Tuple{}[{}]", ts.len(), parts.join(", "))
            }
            Kind::Own(_) | Kind::Borrow(_) => "uint32".into(),
            Kind::Result { .. } => {
                bail!("Go: a result is only supported as a function's return type")
            }
        })
    }

    /// A name for an anonymous type, for its helper functions ("ListString", "OptionU32").
    fn mangle(&self, ty: &Ty) -> String {
        match &ty.kind {
            Kind::Bool => "Bool".into(),
            Kind::U8 => "U8".into(),
            Kind::U16 => "U16".into(),
            Kind::U32 => "U32".into(),
            Kind::U64 => "U64".into(),
            Kind::S8 => "S8".into(),
            Kind::S16 => "S16".into(),
            Kind::S32 => "S32".into(),
            Kind::S64 => "S64".into(),
            Kind::Str(_) => "String".into(),
            Kind::Named(i) => self.tname(*i),
            Kind::List(t) => format!("List{}", self.mangle(t)),
            Kind::Option(t, _) => format!("Option{}", self.mangle(t)),
            Kind::Tuple(ts) => format!(
                "Tuple{}",
                ts.iter().map(|(_, t)| self.mangle(t)).collect::<String>()
            ),
            Kind::Own(_) | Kind::Borrow(_) => "Handle".into(),
            Kind::Result { .. } => "Result".into(),
        }
    }

    /// The cabi.Layout expression of `ty`.
    fn layout(&self, ty: &Ty) -> String {
        match &ty.kind {
            Kind::Named(i) => format!("l{}", self.tname(*i)),
            Kind::Str(_) => "cabi.String".into(),
            Kind::List(_) => "cabi.List".into(),
            Kind::U32 => "cabi.U32".into(),
            Kind::Bool | Kind::U8 => "cabi.U8".into(),
            _ => format!("cabi.Layout{{Size: {}, Align: {}}}", ty.size, ty.align),
        }
    }

    // ---- lifting ----------------------------------------------------------------------------------------

    /// A func(*cabi.Reader, uint32) T that lifts `ty`.
    fn lift_fn(&mut self, ty: &Ty) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Str(_) => "(*cabi.Reader).String".into(),
            Kind::Bool => "(*cabi.Reader).Bool".into(),
            Kind::U8 => "(*cabi.Reader).U8".into(),
            Kind::U16 => "(*cabi.Reader).U16".into(),
            Kind::U32 | Kind::Own(_) | Kind::Borrow(_) => "(*cabi.Reader).U32".into(),
            Kind::U64 => "(*cabi.Reader).U64".into(),
            Kind::Named(i) => format!("lift{}", self.tname(*i)),
            _ => {
                let name = format!("lift{}", self.mangle(ty));
                if !self.helpers.contains_key(&name) {
                    self.helpers.insert(name.clone(), String::new());
                    let t = self.gotype(ty)?;
                    let body = self.lift_expr(ty, "p")?;
                    self.helpers.insert(
                        name.clone(),
                        format!(
                            "func {name}(r *cabi.Reader, p uint32) {t} {{\n\treturn {body}\n}}\n"
                        ),
                    );
                }
                name
            }
        })
    }

    /// An expression lifting `ty` at address `p` (a Go expression).
    fn lift_expr(&mut self, ty: &Ty, p: &str) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Bool => format!("r.Bool({})", one(p)),
            Kind::U8 => format!("r.U8({})", one(p)),
            Kind::U16 => format!("r.U16({})", one(p)),
            Kind::U32 | Kind::Own(_) | Kind::Borrow(_) => format!("r.U32({})", one(p)),
            Kind::U64 => format!("r.U64({})", one(p)),
            Kind::S8 => format!("int8(r.U8({}))", one(p)),
            Kind::S16 => format!("int16(r.U16({}))", one(p)),
            Kind::S32 => format!("int32(r.U32({}))", one(p)),
            Kind::S64 => format!("int64(r.U64({}))", one(p)),
            Kind::Str(_) => format!("r.String({})", one(p)),
            Kind::Named(i) => format!("lift{}(r, {p})", self.tname(*i)),
            Kind::Option(t, payload) => match t.kind {
                Kind::Str(_) => format!("r.OptString({})", one(p)),
                Kind::U32 => format!("r.OptU32({})", one(p)),
                _ => format!("cabi.LiftOption(r, {p}, {payload}, {})", self.lift_fn(t)?),
            },
            Kind::List(t) => format!(
                "cabi.LiftList(r, {p}, {}, {})",
                self.layout(t),
                self.lift_fn(t)?
            ),
            Kind::Tuple(ts) => {
                let t = self.gotype(ty)?;
                let mut parts = Vec::new();
                for (i, (o, et)) in ts.iter().enumerate() {
                    parts.push(format!("F{i}: {}", self.lift_expr(et, &at(p, *o))?));
                }
                format!("{t}{{{}}}", parts.join(", "))
            }
            Kind::Result { .. } => bail!("Go: nested results are not supported"),
        })
    }

    fn lifter(&mut self, t: &NamedType) -> Result<String> {
        let name = go(&t.name);
        let mut out = String::new();
        let _ = writeln!(out, "func lift{name}(r *cabi.Reader, p uint32) {name} {{");
        match &t.def {
            Def::Record(fields) => {
                let mut cols = Columns::default();
                for f in fields {
                    cols.row(vec![
                        format!("{}:", go(&f.name)),
                        format!("{},", self.lift_expr(&f.ty, &at("p", f.offset))?),
                    ]);
                }
                let _ = writeln!(out, "\treturn {name}{{");
                cols.write(&mut out, "\t\t");
                out.push_str("\t}\n");
            }
            Def::Enum(cases) => {
                let _ = writeln!(
                    out,
                    "\treturn {}Cases[r.Case(p, {})]",
                    go_private(&t.name),
                    cases.len()
                );
            }
            Def::Flags(flags) => {
                let words = (t.size as usize).div_ceil(4).max(1);
                let read = |w: usize| match t.size {
                    1 => "uint32(r.U8(p))".to_string(),
                    2 => "uint32(r.U16(p))".to_string(),
                    _ => format!("r.U32({})", one(&at("p", (w * 4) as u32))),
                };
                for w in 0..words {
                    let _ = writeln!(out, "\tb{w} := {}", read(w));
                }
                let mut cols = Columns::default();
                for (i, f) in flags.iter().enumerate() {
                    cols.row(vec![
                        format!("{}:", go(&f.name)),
                        format!("b{}&(1<<{}) != 0,", i / 32, i % 32),
                    ]);
                }
                let _ = writeln!(out, "\treturn {name}{{");
                cols.write(&mut out, "\t\t");
                out.push_str("\t}\n");
            }
            Def::Variant { cases, payload } => {
                let prefix = go_enum_prefix(&t.name);
                let _ = writeln!(out, "\tswitch r.Case(p, {}) {{", cases.len());
                for (i, case) in cases.iter().enumerate() {
                    let _ = writeln!(out, "\tcase {i}:");
                    let cname = go(&case.name);
                    match &case.ty {
                        Some(ty) => {
                            let _ = writeln!(
                                out,
                                "\t\tx := {}",
                                self.lift_expr(ty, &at("p", *payload))?
                            );
                            let _ = writeln!(
                                out,
                                "\t\treturn {name}{{Tag: {prefix}{cname}, {cname}: &x}}"
                            );
                        }
                        None => {
                            let _ = writeln!(out, "\t\treturn {name}{{Tag: {prefix}{cname}}}");
                        }
                    }
                }
                out.push_str("\t}\n");
                let _ = writeln!(
                    out,
                    "\treturn {name}{{}} // unreachable: r has recorded the bad case"
                );
            }
        }
        out.push_str("}\n");
        Ok(out)
    }

    // ---- lowering ---------------------------------------------------------------------------------------

    /// A func(*cabi.Writer, []byte, *T) that lowers `ty` into an image.
    fn lower_fn(&mut self, ty: &Ty) -> Result<String> {
        Ok(match &ty.kind {
            Kind::Named(i) => format!("lower{}", self.tname(*i)),
            _ => {
                let name = format!("lower{}", self.mangle(ty));
                if !self.helpers.contains_key(&name) {
                    self.helpers.insert(name.clone(), String::new());
                    let t = self.gotype(ty)?;
                    let body = self.lower_stmts(ty, "img", 0, "(*v)")?;
                    let mut f = format!("func {name}(w *cabi.Writer, img []byte, v *{t}) {{\n");
                    for line in body.lines() {
                        let _ = writeln!(f, "\t{line}");
                    }
                    f.push_str("}\n");
                    self.helpers.insert(name.clone(), f);
                }
                name
            }
        })
    }

    /// Statements storing the value at place `v` (an addressable Go expression, or `(*p)` behind a pointer)
    /// of type `ty` at `img[off:]`.
    fn lower_stmts(&mut self, ty: &Ty, img: &str, off: u32, v: &str) -> Result<String> {
        let sub = if off == 0 {
            img.to_string()
        } else {
            format!("{img}[{off}:]")
        };
        let x = val(v);
        Ok(match &ty.kind {
            Kind::Bool => format!("cabi.PutBool({img}, {off}, {x})\n"),
            Kind::U8 | Kind::S8 => format!("{img}[{off}] = byte({x})\n"),
            Kind::U16 | Kind::S16 => format!("cabi.PutU16({img}, {off}, uint16({x}))\n"),
            Kind::U32 | Kind::Own(_) | Kind::Borrow(_) => {
                format!("cabi.PutU32({img}, {off}, {x})\n")
            }
            Kind::S32 => format!("cabi.PutU32({img}, {off}, uint32({x}))\n"),
            Kind::U64 | Kind::S64 => format!("cabi.PutU64({img}, {off}, uint64({x}))\n"),
            Kind::Str(_) => format!("w.String({img}, {off}, {x})\n"),
            Kind::Named(i) => format!("lower{}(w, {sub}, {})\n", self.tname(*i), addr(v)),
            Kind::Option(t, payload) => match t.kind {
                Kind::Str(_) => format!("w.OptString({img}, {off}, {x})\n"),
                Kind::U32 => format!("cabi.PutOptU32({img}, {off}, {x})\n"),
                _ => format!(
                    "cabi.LowerOption(w, {img}, {off}, {payload}, {x}, {})\n",
                    self.lower_fn(t)?
                ),
            },
            Kind::List(t) => {
                let (l, f) = (self.layout(t), self.lower_fn(t)?);
                format!("cabi.LowerList(w, {img}, {off}, {x}, {l}, {f})\n")
            }
            Kind::Tuple(ts) => {
                let mut s = String::new();
                for (i, (o, t)) in ts.iter().enumerate() {
                    s.push_str(&self.lower_stmts(t, img, off + o, &field(v, &format!("F{i}")))?);
                }
                s
            }
            Kind::Result { .. } => bail!("Go: results cannot be lowered"),
        })
    }

    fn lowerer(&mut self, t: &NamedType) -> Result<String> {
        let name = go(&t.name);
        let mut body = String::new();
        match &t.def {
            Def::Record(fields) => {
                for f in fields {
                    body.push_str(&self.lower_stmts(
                        &f.ty,
                        "img",
                        f.offset,
                        &field("(*v)", &go(&f.name)),
                    )?);
                }
            }
            Def::Enum(cases) => {
                self.uses_fmt = true;
                let _ = writeln!(body, "if i, ok := {}Index(*v); ok {{", go_private(&t.name));
                let _ = writeln!(body, "\t{}", put_disc(cases.len(), "img", "i"));
                body.push_str("} else {\n");
                let _ = writeln!(
                    body,
                    "\tw.Invalid(fmt.Sprintf(\"unknown {} %q\", *v))",
                    spaced(&t.name)
                );
                body.push_str("}\n");
            }
            Def::Flags(flags) => {
                let words = (t.size as usize).div_ceil(4).max(1);
                for w in 0..words {
                    let _ = writeln!(body, "var b{w} uint32");
                }
                for (i, f) in flags.iter().enumerate() {
                    let _ = writeln!(
                        body,
                        "if v.{} {{\n\tb{} |= 1 << {}\n}}",
                        go(&f.name),
                        i / 32,
                        i % 32
                    );
                }
                for w in 0..words {
                    let o = w * 4;
                    let _ = match t.size {
                        1 => writeln!(body, "img[0] = byte(b0)"),
                        2 => writeln!(body, "cabi.PutU16(img, 0, uint16(b0))"),
                        _ => writeln!(body, "cabi.PutU32(img, {o}, b{w})"),
                    };
                }
            }
            Def::Variant { cases, payload } => {
                self.uses_fmt = true;
                let prefix = go_enum_prefix(&t.name);
                body.push_str("switch v.Tag {\n");
                for (i, case) in cases.iter().enumerate() {
                    let cname = go(&case.name);
                    let _ = writeln!(body, "case {prefix}{cname}:");
                    let _ = writeln!(body, "\t{}", put_disc(cases.len(), "img", &i.to_string()));
                    if let Some(ty) = &case.ty {
                        let _ = writeln!(body, "\tif v.{cname} == nil {{");
                        let _ = writeln!(
                            body,
                            "\t\tw.Invalid(\"{} {}: no value\")",
                            spaced(&t.name),
                            case.name
                        );
                        body.push_str("\t} else {\n");
                        for line in self
                            .lower_stmts(ty, "img", *payload, &format!("(*v.{cname})"))?
                            .lines()
                        {
                            let _ = writeln!(body, "\t\t{line}");
                        }
                        body.push_str("\t}\n");
                    }
                }
                body.push_str("default:\n");
                let _ = writeln!(
                    body,
                    "\tw.Invalid(fmt.Sprintf(\"unknown {} %q\", v.Tag))",
                    spaced(&t.name)
                );
                body.push_str("}\n");
            }
        }
        let mut out = format!("func lower{name}(w *cabi.Writer, img []byte, v *{name}) {{\n");
        for line in body.lines() {
            let _ = writeln!(out, "\t{line}");
        }
        out.push_str("}\n");
        Ok(out)
    }

    // ---- files ------------------------------------------------------------------------------------------

    fn types(&mut self) -> Result<String> {
        let c = self.c;
        let mut out = marker("//", &c.source);
        out.push_str("\npackage kassa\n\n");
        out.push_str(
            "// The Go form of every record, enum, variant and flags of the WIT, field for field. The json tags are the\n\
             // WIT names: json.Unmarshal reads Kassa's canonical JSON (docs/wire.md; DecodeCart reads a cart strictly)\n\
             // and the MarshalJSON methods of json.go write it.\n",
        );
        for t in &c.types {
            let name = go(&t.name);
            out.push('\n');
            type_doc(&mut out, &name, &t.docs);
            match &t.def {
                Def::Enum(cases) => {
                    let _ = writeln!(out, "type {name} string\n");
                    let prefix = go_enum_prefix(&t.name);
                    let mut cols = Columns::default();
                    for case in cases {
                        if let Some(d) = &case.docs {
                            let mut s = String::new();
                            comment(&mut s, "\t", "// ", d);
                            cols.raw(s.trim_end().to_string());
                        }
                        cols.row(vec![
                            format!("{prefix}{}", go(&case.name)),
                            name.clone(),
                            format!("= {:?}", case.name),
                        ]);
                    }
                    out.push_str("const (\n");
                    cols.write(&mut out, "\t");
                    out.push_str(")\n");
                }
                Def::Record(fields) => {
                    let _ = writeln!(out, "type {name} struct {{");
                    let mut cols = Columns::default();
                    for f in fields {
                        if let Some(d) = &f.docs {
                            let mut s = String::new();
                            comment(&mut s, "\t", "// ", d);
                            cols.raw(s.trim_end().to_string());
                        }
                        let ty = self.gotype(&f.ty)?;
                        cols.row(vec![go(&f.name), ty, format!("`json:\"{}\"`", f.name)]);
                    }
                    cols.write(&mut out, "\t");
                    out.push_str("}\n");
                }
                Def::Flags(flags) => {
                    let _ = writeln!(out, "type {name} struct {{");
                    let mut cols = Columns::default();
                    for f in flags {
                        if let Some(d) = &f.docs {
                            let mut s = String::new();
                            comment(&mut s, "\t", "// ", d);
                            cols.raw(s.trim_end().to_string());
                        }
                        cols.row(vec![
                            go(&f.name),
                            "bool".into(),
                            format!("`json:\"{}\"`", f.name),
                        ]);
                    }
                    cols.write(&mut out, "\t");
                    out.push_str("}\n");
                }
                Def::Variant { cases, .. } => {
                    let prefix = go_enum_prefix(&t.name);
                    let tag = format!("{name}Tag");
                    let _ = writeln!(out, "type {name} struct {{");
                    let mut cols = Columns::default();
                    cols.row(vec!["Tag".into(), tag.clone(), "`json:\"tag\"`".into()]);
                    for case in cases {
                        if let Some(ty) = &case.ty {
                            if let Some(d) = &case.docs {
                                let mut s = String::new();
                                comment(&mut s, "\t", "// ", d);
                                cols.raw(s.trim_end().to_string());
                            }
                            let t = self.gotype(ty)?;
                            cols.row(vec![
                                go(&case.name),
                                format!("*{t}"),
                                format!("`json:\"{},omitempty\"`", case.name),
                            ]);
                        }
                    }
                    cols.write(&mut out, "\t");
                    out.push_str("}\n\n");
                    let _ = writeln!(out, "// {tag} names the case of a {name}.");
                    let _ = writeln!(out, "type {tag} string\n");
                    let mut cols = Columns::default();
                    for case in cases {
                        cols.row(vec![
                            format!("{prefix}{}", go(&case.name)),
                            tag.clone(),
                            format!("= {:?}", case.name),
                        ]);
                    }
                    out.push_str("const (\n");
                    cols.write(&mut out, "\t");
                    out.push_str(")\n");
                }
            }
        }
        let mut tuples = self.tuples.clone();
        tuples.sort();
        for n in tuples {
            let params: Vec<String> = (0..n).map(|i| format!("T{i}")).collect();
            let _ = writeln!(out, "\n// Tuple{n} is a WIT tuple of {n} values.");
            let _ = writeln!(out, "type Tuple{n}[{} any] struct {{", params.join(", "));
            let mut cols = Columns::default();
            for i in 0..n {
                cols.row(vec![
                    format!("F{i}"),
                    format!("T{i}"),
                    format!("`json:\"{i}\"`"),
                ]);
            }
            cols.write(&mut out, "\t");
            out.push_str("}\n");
        }
        Ok(out)
    }

    fn abi(&mut self) -> Result<String> {
        let c = self.c;
        let mut body = String::new();
        body.push_str(
            "\n// The layouts of the named types (size and alignment in linear memory).\n",
        );
        for t in &c.types {
            let _ = writeln!(
                body,
                "var l{} = cabi.Layout{{Size: {}, Align: {}}}",
                go(&t.name),
                t.size,
                t.align
            );
        }
        let spilled: Vec<_> = c.funcs.iter().filter(|f| f.spill.is_some()).collect();
        if !spilled.is_empty() {
            body.push_str("\n// The layouts of spilled arguments: more than 16 flat values go to memory as one record.\n");
            for f in spilled {
                let sp = f.spill.as_ref().unwrap();
                let _ = writeln!(
                    body,
                    "var lArgs{} = cabi.Layout{{Size: {}, Align: {}}}",
                    self.func_name(f),
                    sp.size,
                    sp.align
                );
            }
        }
        for t in &c.types {
            if let Def::Enum(cases) = &t.def {
                let name = go(&t.name);
                let prefix = go_enum_prefix(&t.name);
                let p = go_private(&t.name);
                if t.output {
                    let _ = writeln!(body, "\n// {p}Cases are the cases of {name} in WIT order: the index is what crosses the boundary.");
                    let list: Vec<String> = cases
                        .iter()
                        .map(|x| format!("{prefix}{}", go(&x.name)))
                        .collect();
                    let _ = writeln!(body, "var {p}Cases = [...]{name}{{{}}}", list.join(", "));
                }
                if t.input {
                    let _ = writeln!(
                        body,
                        "\n// {p}Index is the case index of v, or false when v is not a {name}."
                    );
                    let _ = writeln!(
                        body,
                        "func {p}Index(v {name}) (uint32, bool) {{\n\tswitch v {{"
                    );
                    for (i, x) in cases.iter().enumerate() {
                        let _ = writeln!(
                            body,
                            "\tcase {prefix}{}:\n\t\treturn {i}, true",
                            go(&x.name)
                        );
                    }
                    body.push_str("\t}\n\treturn 0, false\n}\n");
                }
            }
        }
        body.push_str("\n// ---- lifting (results) ----------------------------------------------------------------------------------\n");
        for t in c.types.iter().filter(|t| t.output) {
            body.push('\n');
            body.push_str(&self.lifter(t)?);
        }
        body.push_str("\n// ---- lowering (arguments) -------------------------------------------------------------------------------\n");
        body.push_str("// Each lower function fills img, a zeroed host-side image of one value (zero = none/false/empty).\n");
        for t in c.types.iter().filter(|t| t.input) {
            body.push('\n');
            body.push_str(&self.lowerer(t)?);
        }
        if !self.helpers.is_empty() {
            body.push_str("\n// ---- anonymous types ------------------------------------------------------------------------------------\n");
            for h in self.helpers.values() {
                body.push('\n');
                body.push_str(h);
            }
        }
        let mut out = marker("//", &c.source);
        out.push_str("\npackage kassa\n\n");
        out.push_str(
            "// The Canonical ABI side of the contract: layouts, and functions that lift results out of guest memory and\n\
             // lower arguments into it. Offsets are constants computed by kassa-witgen with wit-parser's SizeAlign;\n\
             // abi_test.go checks some of them against hand computation. The runtime is internal/cabi.\n\n",
        );
        out.push_str("import (\n");
        if self.uses_fmt {
            out.push_str("\t\"fmt\"\n\n");
        }
        let _ = writeln!(out, "\t\"{CABI}\"\n)");
        out.push_str(&body);
        Ok(out)
    }
}

impl<'a> Go<'a> {
    /// The Go name of a function's call method and fn constant ("EngineQuote", "RoundMoney").
    fn func_name(&self, f: &crate::model::Func) -> String {
        match f.kind {
            FuncKind::Free => go(&f.name),
            FuncKind::Static(r) | FuncKind::Method(r) | FuncKind::Constructor(r) => {
                format!("{}{}", go(&self.c.resources[r].name), go(&f.name))
            }
        }
    }

    fn dtor_const(&self, r: usize) -> String {
        if self.c.resources.len() == 1 {
            "fnDtor".into()
        } else {
            format!("fnDtor{}", go(&self.c.resources[r].name))
        }
    }

    /// The Go type of a call parameter: records, flags and variants by pointer, the rest by value.
    fn param_type(&mut self, ty: &Ty) -> Result<String> {
        let t = self.gotype(ty)?;
        Ok(match &ty.kind {
            Kind::Named(_) if !self.is_enum(ty) => format!("*{t}"),
            _ => t,
        })
    }

    /// Statements and uint64 expressions that lower `ty` at place `v` to flat core values.
    fn flat_lower(&mut self, ty: &Ty, v: &str, n: &mut usize) -> Result<(String, Vec<String>)> {
        *n += 1;
        let k = *n;
        let x = val(v);
        let mut st = String::new();
        let exprs = match &ty.kind {
            Kind::Bool => vec![format!("cabi.FlatBool({x})")],
            Kind::U8
            | Kind::U16
            | Kind::U32
            | Kind::U64
            | Kind::S64
            | Kind::Own(_)
            | Kind::Borrow(_) => {
                vec![format!("uint64({x})")]
            }
            Kind::S8 | Kind::S16 | Kind::S32 => vec![format!("uint64(uint32(int32({x})))")],
            Kind::Str(_) => {
                let _ = writeln!(st, "p{k}, n{k} := w.Str({x})");
                vec![format!("uint64(p{k})"), format!("uint64(n{k})")]
            }
            // Bytes are copied in one write, and never checked: a JSON text that is not UTF-8 reaches the
            // engine, which reports it.
            Kind::List(t) if t.kind == Kind::U8 => {
                let _ = writeln!(st, "p{k}, n{k} := w.Bytes({x})");
                vec![format!("uint64(p{k})"), format!("uint64(n{k})")]
            }
            Kind::List(t) => {
                let (l, f) = (self.layout(t), self.lower_fn(t)?);
                let _ = writeln!(st, "p{k}, n{k} := cabi.StoreList(w, {x}, {l}, {f})");
                vec![format!("uint64(p{k})"), format!("uint64(n{k})")]
            }
            Kind::Tuple(ts) => {
                let mut all = Vec::new();
                for (i, (_, t)) in ts.iter().enumerate() {
                    let (s2, e2) = self.flat_lower(t, &field(v, &format!("F{i}")), n)?;
                    st.push_str(&s2);
                    all.extend(e2);
                }
                all
            }
            Kind::Option(t, _) => {
                let width = self.c.flat(t).len();
                let vars: Vec<String> = (0..width).map(|i| format!("o{k}_{i}")).collect();
                let _ = writeln!(st, "var d{k} uint64");
                if !vars.is_empty() {
                    let _ = writeln!(st, "var {} uint64", vars.join(", "));
                }
                let _ = writeln!(st, "if {x} != nil {{\n\td{k} = 1");
                let (s2, e2) = self.flat_lower(t, &format!("(*{x})"), n)?;
                for line in s2.lines() {
                    let _ = writeln!(st, "\t{line}");
                }
                for (var, e) in vars.iter().zip(e2) {
                    let _ = writeln!(st, "\t{var} = {e}");
                }
                st.push_str("}\n");
                std::iter::once(format!("d{k}")).chain(vars).collect()
            }
            Kind::Named(i) => {
                let t = self.named(*i);
                match &t.def {
                    Def::Record(fields) => {
                        let mut all = Vec::new();
                        for f in fields {
                            let (s2, e2) = self.flat_lower(&f.ty, &field(v, &go(&f.name)), n)?;
                            st.push_str(&s2);
                            all.extend(e2);
                        }
                        all
                    }
                    Def::Enum(_) => {
                        self.uses_fmt = true;
                        let _ = writeln!(st, "x{k}, ok{k} := {}Index({x})", go_private(&t.name));
                        let _ = writeln!(
                            st,
                            "if !ok{k} {{\n\tw.Invalid(fmt.Sprintf(\"unknown {} %q\", {x}))\n}}",
                            spaced(&t.name)
                        );
                        vec![format!("uint64(x{k})")]
                    }
                    Def::Flags(flags) => {
                        let words = (t.size as usize).div_ceil(4).max(1);
                        for w in 0..words {
                            let _ = writeln!(st, "var b{k}_{w} uint64");
                        }
                        for (j, f) in flags.iter().enumerate() {
                            let _ = writeln!(
                                st,
                                "if {} {{\n\tb{k}_{} |= 1 << {}\n}}",
                                field(v, &go(&f.name)),
                                j / 32,
                                j % 32
                            );
                        }
                        (0..words).map(|w| format!("b{k}_{w}")).collect()
                    }
                    Def::Variant { cases, .. } => {
                        self.uses_fmt = true;
                        let width = self.c.flat(ty).len() - 1;
                        let vars: Vec<String> = (0..width).map(|j| format!("j{k}_{j}")).collect();
                        let _ = writeln!(st, "var d{k} uint64");
                        if !vars.is_empty() {
                            let _ = writeln!(st, "var {} uint64", vars.join(", "));
                        }
                        let name = t.name.clone();
                        let prefix = go_enum_prefix(&name);
                        let _ = writeln!(st, "switch {} {{", field(v, "Tag"));
                        for (ci, case) in cases.iter().enumerate() {
                            let cname = go(&case.name);
                            let _ = writeln!(st, "case {prefix}{cname}:\n\td{k} = {ci}");
                            if let Some(ct) = &case.ty {
                                let payload = field(v, &cname);
                                let _ = writeln!(st, "\tif {payload} == nil {{\n\t\tw.Invalid(\"{} {}: no value\")\n\t}} else {{", spaced(&name), case.name);
                                let (s2, e2) = self.flat_lower(ct, &format!("(*{payload})"), n)?;
                                for line in s2.lines() {
                                    let _ = writeln!(st, "\t\t{line}");
                                }
                                for (var, e) in vars.iter().zip(e2) {
                                    let _ = writeln!(st, "\t\t{var} = {e}");
                                }
                                st.push_str("\t}\n");
                            }
                        }
                        let _ = writeln!(
                            st,
                            "default:\n\tw.Invalid(fmt.Sprintf(\"unknown {} %q\", {}))\n}}",
                            spaced(&name),
                            field(v, "Tag")
                        );
                        std::iter::once(format!("d{k}")).chain(vars).collect()
                    }
                }
            }
            Kind::Result { .. } => bail!("Go: results cannot be parameters"),
        };
        Ok((st, exprs))
    }

    /// One call function: check enum arguments, lower, call, lift.
    fn call(&mut self, f: &crate::model::Func) -> Result<String> {
        let name = self.func_name(f);
        let fnc = format!("fn{name}");
        let mut params = vec!["ctx context.Context".to_string()];
        let mut pre = String::new();
        let mut low = String::new();
        let mut args: Vec<String> = Vec::new();
        // Enum arguments are checked before anything is allocated in the guest, so a bad one leaves the
        // instance clean.
        let mut enum_idx: Vec<Option<String>> = Vec::new();
        for (pname, ty) in &f.params {
            let p = param_name(pname);
            params.push(format!("{p} {}", self.param_type(ty)?));
            if self.is_enum(ty) {
                let Kind::Named(i) = ty.kind else {
                    unreachable!()
                };
                let t = self.named(i);
                self.uses_fmt = true;
                let idx = format!("{p}Idx");
                let _ = writeln!(
                    pre,
                    "{idx}, ok := {}Index({p})\nif !ok {{",
                    go_private(&t.name)
                );
                let _ = writeln!(
                    pre,
                    "\treturn out, fmt.Errorf(\"%w: unknown {} %q\", ErrInvalidArgument, {p})\n}}",
                    spaced(&t.name)
                );
                enum_idx.push(Some(idx));
            } else {
                enum_idx.push(None);
            }
        }
        let mut n = 0;
        if let Some(spill) = &f.spill {
            let _ = writeln!(low, "img := make([]byte, {})", spill.size);
            for (((pname, ty), off), idx) in f.params.iter().zip(&spill.offsets).zip(&enum_idx) {
                match idx {
                    Some(idx) => {
                        let Kind::Named(i) = ty.kind else {
                            unreachable!()
                        };
                        let cases = match &self.named(i).def {
                            Def::Enum(c) => c.len(),
                            _ => unreachable!(),
                        };
                        let _ = writeln!(low, "{}", put_disc_at(cases, "img", *off, idx));
                    }
                    None => {
                        let p = param_name(pname);
                        let place = if matches!(ty.kind, Kind::Named(_)) {
                            format!("(*{p})")
                        } else {
                            p
                        };
                        low.push_str(&self.lower_stmts(ty, "img", *off, &place)?);
                    }
                }
            }
            let _ = writeln!(low, "args := w.Store({}, img)", spill.align);
            args.push("uint64(args)".into());
        } else {
            for ((pname, ty), idx) in f.params.iter().zip(&enum_idx) {
                match idx {
                    Some(idx) => args.push(format!("uint64({idx})")),
                    None => {
                        let p = param_name(pname);
                        let place = if matches!(ty.kind, Kind::Named(_)) {
                            format!("(*{p})")
                        } else {
                            p
                        };
                        let (st, ex) = self.flat_lower(ty, &place, &mut n)?;
                        low.push_str(&st);
                        args.extend(ex);
                    }
                }
            }
        }
        let uses_w = low.contains("w.") || low.contains("(w,");
        let mut body = pre;
        if uses_w {
            body.push_str("w := in.writer(ctx)\n");
            body.push_str(&low);
            let _ = writeln!(
                body,
                "if err = in.lowered({fnc}); err != nil {{\n\treturn out, err\n}}"
            );
        } else {
            body.push_str(&low);
        }
        let arglist = if args.is_empty() {
            String::new()
        } else {
            format!(", {}", args.join(", "))
        };
        let ret = match &f.result {
            None => {
                let _ = writeln!(
                    body,
                    "_, err = in.call(ctx, {fnc}{arglist})\nreturn out, err"
                );
                "struct{}".to_string()
            }
            Some(ty) => match &ty.kind {
                Kind::Result { ok, err, payload } if f.retptr => {
                    let is_error = matches!(err.as_deref(), Some(Ty { kind: Kind::Named(i), .. }) if self.named(*i).name == "error");
                    if !is_error {
                        bail!(
                            "Go: {}: a result's error must be the `error` record",
                            f.name
                        );
                    }
                    let (t, lift) = match ok {
                        Some(t) => (self.gotype(t)?, self.lift_fn(t)?),
                        None => {
                            self.helpers.insert(
                                "liftNothing".into(),
                                "func liftNothing(*cabi.Reader, uint32) struct{} { return struct{}{} }\n".into(),
                            );
                            ("struct{}".to_string(), "liftNothing".to_string())
                        }
                    };
                    let _ = writeln!(
                        body,
                        "return invokeResult(ctx, in, {fnc}, {payload}, {lift}{arglist})"
                    );
                    t
                }
                _ if f.retptr => {
                    let (t, lift) = (self.gotype(ty)?, self.lift_fn(ty)?);
                    let _ = writeln!(body, "return invoke(ctx, in, {fnc}, {lift}{arglist})");
                    t
                }
                _ => {
                    // One flat value, no return area.
                    let t = self.gotype(ty)?;
                    let _ = writeln!(body, "ret, err := in.call(ctx, {fnc}{arglist})\nif err != nil {{\n\treturn out, err\n}}");
                    let conv = match &ty.kind {
                        Kind::Bool => "ret != 0".to_string(),
                        Kind::U8
                        | Kind::U16
                        | Kind::U32
                        | Kind::U64
                        | Kind::S64
                        | Kind::Own(_)
                        | Kind::Borrow(_) => {
                            format!("{t}(ret)")
                        }
                        Kind::S8 | Kind::S16 | Kind::S32 => format!("{t}(int32(ret))"),
                        Kind::Named(i) if matches!(self.named(*i).def, Def::Enum(_)) => {
                            self.uses_fmt = true;
                            let cases = match &self.named(*i).def {
                                Def::Enum(c) => c.len(),
                                _ => unreachable!(),
                            };
                            let _ = writeln!(
                                body,
                                "if ret >= {cases} {{\n\treturn out, in.fail(ctx, exports[{fnc}].name, fmt.Errorf(\"case %d out of range\", ret))\n}}"
                            );
                            format!("{}Cases[ret]", go_private(&self.named(*i).name))
                        }
                        _ => bail!("Go: {}: this result type is not supported", f.name),
                    };
                    let _ = writeln!(body, "return {conv}, nil");
                    t
                }
            },
        };
        let mut out = String::new();
        let what = match f.kind {
            FuncKind::Free => format!("{}#{}", f.iface, f.name),
            FuncKind::Static(r) | FuncKind::Method(r) => {
                format!("{}#{}.{}", f.iface, self.c.resources[r].name, f.name)
            }
            FuncKind::Constructor(r) => {
                format!("{}#{} constructor", f.iface, self.c.resources[r].name)
            }
        };
        let _ = writeln!(out, "// call{name} calls {what} on this instance.");
        if let Some(d) = &f.docs {
            out.push_str("//\n");
            comment(&mut out, "", "// ", d);
        }
        let _ = writeln!(
            out,
            "func (in *instance) call{name}({}) (out {ret}, err error) {{",
            params.join(", ")
        );
        for line in body.lines() {
            let _ = writeln!(out, "\t{line}");
        }
        out.push_str("}\n");
        Ok(out)
    }

    fn contract(&mut self) -> Result<String> {
        let c = self.c;
        let mut out = marker("//", &c.source);
        out.push_str("\npackage kassa\n\n");
        out.push_str(
            "// The exports of the core module (what `wasm-tools component new` would wire to the WIT): their names, core\n\
             // signatures and post-return functions, and one function per export that lowers the arguments, calls it on\n\
             // one instance and lifts the result. instance.go has the calling convention (call, invoke, post-return).\n\n",
        );
        let mut calls = String::new();
        for f in &c.funcs {
            calls.push('\n');
            calls.push_str(&self.call(f)?);
        }
        out.push_str("import (\n\t\"context\"\n");
        if self.uses_fmt {
            out.push_str("\t\"fmt\"\n");
        }
        let _ = writeln!(out, "\n\t\"{CABI}\"\n)\n");
        let version = c.version.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "// ContractVersion is the version of the {} WIT package this module binds.",
            c.package
        );
        let _ = writeln!(out, "const ContractVersion = {version:?}\n");
        let mut cols = Columns::default();
        let mut ifaces: Vec<&str> = c.resources.iter().map(|r| r.iface_id.as_str()).collect();
        ifaces.dedup();
        if ifaces.len() == 1 {
            cols.row(vec![
                "resourceModule".into(),
                format!("= \"[export]{}\"", ifaces[0]),
            ]);
        }
        cols.row(vec!["realloc".into(), "= \"cabi_realloc\"".into()]);
        out.push_str("// The module that provides the resource intrinsics the core module imports, and the allocator.\nconst (\n");
        cols.write(&mut out, "\t");
        out.push_str(")\n\n// fn identifies one exported core function.\ntype fn int\n\nconst (\n");
        let mut names: Vec<String> = c
            .funcs
            .iter()
            .map(|f| format!("fn{}", self.func_name(f)))
            .collect();
        names.extend((0..c.resources.len()).map(|r| self.dtor_const(r)));
        for (i, n) in names.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "\t{n} fn = iota");
            } else {
                let _ = writeln!(out, "\t{n}");
            }
        }
        out.push_str("\tnumFns\n)\n\n");
        out.push_str(
            "// export describes one core function: its name, its core signature, one letter per value, `i` an i32 and `I`\n\
             // an i64 (strings and lists are two i32s, enums, bools and u32 one, u64 an i64; parameters beyond 16 flat\n\
             // values are spilled to one pointer; a result wider than one flat value comes back as one pointer to a\n\
             // return area), and whether it has a cabi_post_ function.\n",
        );
        out.push_str("type export struct {\n\tname    string\n\tparams  string\n\tresults string\n\tpost    bool\n}\n\n");
        out.push_str("var exports = [numFns]export{\n");
        for f in &c.funcs {
            let shape = match (&f.spill, f.retptr) {
                (Some(_), true) => "spilled arguments, return area",
                (Some(_), false) => "spilled arguments",
                (None, true) => "return area",
                (None, false) => "flat",
            };
            let _ = writeln!(out, "\t// {} ({shape})", f.export);
            let _ = writeln!(
                out,
                "\t{{{:?}, {:?}, {:?}, {}}},",
                f.export,
                letters(&f.core_params),
                letters(&f.core_results),
                f.post_return.is_some()
            );
        }
        for r in &c.resources {
            let _ = writeln!(
                out,
                "\t// the destructor of {}\n\t{{{:?}, \"i\", \"\", false}},",
                r.name, r.dtor_export
            );
        }
        out.push_str("}\n");
        out.push_str(&calls);
        Ok(out)
    }
}

/// Stores case index `i` at `img[off]` for a type with `n` cases.
fn put_disc_at(n: usize, img: &str, off: u32, i: &str) -> String {
    if n <= 256 {
        format!("{img}[{off}] = byte({i})")
    } else if n <= 65536 {
        format!("cabi.PutU16({img}, {off}, uint16({i}))")
    } else {
        format!("cabi.PutU32({img}, {off}, {i})")
    }
}

/// Stores case index `i` (a Go expression) as the discriminant of a type with `n` cases.
fn put_disc(n: usize, img: &str, i: &str) -> String {
    if n <= 256 {
        format!("{img}[0] = byte({i})")
    } else if n <= 65536 {
        format!("cabi.PutU16({img}, 0, uint16({i}))")
    } else {
        format!("cabi.PutU32({img}, 0, uint32({i}))")
    }
}

/// A place as a value: `(*p)` → `*p`.
fn val(place: &str) -> String {
    match place.strip_prefix("(*").and_then(|s| s.strip_suffix(')')) {
        Some(inner) => format!("*{inner}"),
        None => place.to_string(),
    }
}

/// A pointer to a place: `(*p)` → `p`, `x.F` → `&x.F`.
fn addr(place: &str) -> String {
    match place.strip_prefix("(*").and_then(|s| s.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => format!("&{place}"),
    }
}

/// A field of a place: `(*p)`.F → `p.F` (Go dereferences pointers in selectors).
fn field(place: &str, f: &str) -> String {
    match place.strip_prefix("(*").and_then(|s| s.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', '*']) => format!("{inner}.{f}"),
        _ => format!("{place}.{f}"),
    }
}

/// An address as the only argument of a call: gofmt spaces a binary expression there ("p + 8") but not
/// among several arguments ("p+8").
fn one(p: &str) -> String {
    p.replace('+', " + ")
}

/// `p+off` (or `p` at 0).
fn at(p: &str, off: u32) -> String {
    if off == 0 {
        p.to_string()
    } else {
        format!("{p}+{off}")
    }
}

/// A core signature as letters: `i` an i32, `I` an i64 (the Go and Python runtimes check the module against it).
pub(crate) fn letters(values: &[Core]) -> String {
    values
        .iter()
        .map(|v| match v {
            Core::I32 => 'i',
            Core::I64 => 'I',
        })
        .collect()
}
