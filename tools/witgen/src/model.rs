//! The shared model of the contract every emitter works from: named types in dependency order with their
//! Canonical ABI layouts, the exported functions with their core signatures and export names, and the facts
//! the WIT states once (which strings are decimals or timestamps, which input fields have defaults, docs).
//!
//! Sizes, alignments, offsets, export names and core signatures come from wit-parser (`SizeAlign`,
//! `wasm_signature`, `wasm_export_name`): the Canonical ABI's own arithmetic, the one wit-bindgen uses to
//! build the guest. The model only walks the WIT and writes the results down.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::Path;
use wit_parser::abi::{AbiVariant, WasmType};
use wit_parser::{
    FunctionKind, Handle, InterfaceId, LiftLowerAbi, ManglingAndAbi, Resolve, SizeAlign, Type,
    TypeDefKind, TypeId, TypeOwner, WasmExport, WasmExportKind, WorldItem, WorldKey,
};

/// The whole contract: one world's exports.
#[derive(Debug)]
pub struct Contract {
    /// "kassa:engine".
    pub package: String,
    /// "0.1.0", when the package has a version.
    pub version: Option<String>,
    /// The file the contract was read from, relative to the repository ("wit/kassa.wit"), for headers.
    pub source: String,
    /// Records, enums, variants and flags, each after every type it contains.
    pub types: Vec<NamedType>,
    pub resources: Vec<Resource>,
    /// Every exported function, in WIT order (interface by interface).
    pub funcs: Vec<Func>,
}

/// A record, enum, variant or flags type.
#[derive(Debug)]
pub struct NamedType {
    /// The WIT name, kebab-case ("cart-line").
    pub name: String,
    /// The interface that defines it ("types").
    pub iface: String,
    pub docs: Option<String>,
    pub def: Def,
    pub size: u32,
    pub align: u32,
    /// Reached from a parameter (lowered by hosts) / from a result (lifted by hosts).
    pub input: bool,
    pub output: bool,
}

#[derive(Debug)]
pub enum Def {
    Record(Vec<Field>),
    Enum(Vec<Case>),
    /// Cases with optional payloads; the payload sits at `payload` after the discriminant.
    Variant {
        cases: Vec<VariantCase>,
        payload: u32,
    },
    /// One bit per flag, in `size` bytes (1, 2, or 4 per 32 flags).
    Flags(Vec<Case>),
}

#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub docs: Option<String>,
    pub ty: Ty,
    pub offset: u32,
}

#[derive(Debug)]
pub struct Case {
    pub name: String,
    pub docs: Option<String>,
}

#[derive(Debug)]
pub struct VariantCase {
    pub name: String,
    pub docs: Option<String>,
    pub ty: Option<Ty>,
}

/// A type as it appears in a field, a parameter or a result, with its layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ty {
    pub kind: Kind,
    pub size: u32,
    pub align: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Bool,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    /// A string, and what the WIT says it holds (through the `decimal` and `timestamp` aliases).
    Str(Text),
    /// Index into `Contract::types`.
    Named(usize),
    List(Box<Ty>),
    /// The payload's offset after the discriminant.
    Option(Box<Ty>, u32),
    Result {
        ok: Option<Box<Ty>>,
        err: Option<Box<Ty>>,
        payload: u32,
    },
    /// Elements with their offsets.
    Tuple(Vec<(u32, Ty)>),
    /// Index into `Contract::resources`.
    Own(usize),
    Borrow(usize),
}

/// What a WIT string holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Plain,
    /// `decimal`: a canonical decimal string.
    Decimal,
    /// `timestamp`: RFC 3339 UTC.
    Timestamp,
}

/// The value an input field takes when a caller leaves it out: the contract's one default rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    None,
    Empty,
    False,
    Zero,
}

#[derive(Debug)]
pub struct Resource {
    pub name: String,
    pub iface: String,
    /// The WIT interface id ("kassa:engine/engine-api@0.1.0").
    pub iface_id: String,
    pub docs: Option<String>,
    /// The core export that runs the destructor ("...#[dtor]engine").
    pub dtor_export: String,
}

#[derive(Debug)]
pub struct Func {
    /// The interface's short name ("money") and WIT id ("kassa:engine/money@0.1.0").
    pub iface: String,
    pub iface_id: String,
    /// The function's own name: "round-money", or "quote" for `[method]engine.quote`.
    pub name: String,
    pub kind: FuncKind,
    pub docs: Option<String>,
    pub params: Vec<(String, Ty)>,
    pub result: Option<Ty>,
    /// The core export name and its post-return function, if the guest has one.
    pub export: String,
    pub post_return: Option<String>,
    /// The core signature: i32/i64 parameters (one pointer when spilled) and results (one pointer with a
    /// return area).
    pub core_params: Vec<Core>,
    pub core_results: Vec<Core>,
    /// The parameters stored in memory as a record, when they flatten to more than 16 values.
    pub spill: Option<Spill>,
    /// The result comes back through a return area (more than one flat value).
    pub retptr: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FuncKind {
    Free,
    Static(usize),
    Method(usize),
    Constructor(usize),
}

/// Spilled parameters: a record of all parameters, allocated by the caller with `cabi_realloc`.
#[derive(Debug)]
pub struct Spill {
    pub size: u32,
    pub align: u32,
    pub offsets: Vec<u32>,
}

/// A core wasm value type. Floats never occur (the model refuses them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Core {
    I32,
    I64,
}

/// The world the model describes: everything the engine exports (the JavaScript package's world `kassa-js` is a
/// subset of it, see wit/kassa.wit).
pub const WORLD: &str = "kassa";

impl Contract {
    /// Reads the WIT package in `dir` and builds the model of its world's exports: its only world, or
    /// [`WORLD`] when it has several.
    pub fn load(dir: &Path, source: &str) -> Result<Contract> {
        Self::load_world(dir, source, None)
    }

    /// As [`Contract::load`], for the world called `world` when given.
    pub fn load_world(dir: &Path, source: &str, world: Option<&str>) -> Result<Contract> {
        let mut resolve = Resolve::default();
        let (pkg, _) = resolve
            .push_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?;
        // A package with one world (a test's sample) is that world; kassa.wit has two, and the model is `kassa`.
        let one = resolve.packages[pkg].worlds.len() == 1;
        let world = resolve.select_world(&[pkg], world.or(if one { None } else { Some(WORLD) }))?;
        let mut sizes = SizeAlign::default();
        sizes.fill(&resolve)?;
        let package = &resolve.packages[pkg];
        let mut b = Builder {
            resolve: &resolve,
            sizes: &sizes,
            types: Vec::new(),
            index: HashMap::new(),
            resources: Vec::new(),
            res_index: HashMap::new(),
        };
        // Every record, enum, variant and flags of the package in the parser's order (dependencies first,
        // then declaration order), whether or not a function reaches it; the functions then mark which ones
        // are inputs and outputs.
        for (id, def) in resolve.types.iter() {
            let ours = match def.owner {
                TypeOwner::Interface(i) => resolve.interfaces[i].package == Some(pkg),
                _ => false,
            };
            let named = matches!(
                def.kind,
                TypeDefKind::Record(_)
                    | TypeDefKind::Enum(_)
                    | TypeDefKind::Variant(_)
                    | TypeDefKind::Flags(_)
            );
            if ours && named {
                b.named(id, Dir::None)?;
            }
        }
        let mut funcs = Vec::new();
        let w = &resolve.worlds[world];
        if !w.imports.is_empty()
            && w.imports
                .values()
                .any(|i| !matches!(i, WorldItem::Interface { .. }))
        {
            bail!("the world imports functions: the component must import nothing");
        }
        for (key, item) in &w.exports {
            let iface = match item {
                WorldItem::Interface { id, .. } => *id,
                WorldItem::Function(f) => bail!(
                    "top-level function {} is not supported: export it from an interface",
                    f.name
                ),
                WorldItem::Type { .. } => continue,
            };
            for f in resolve.interfaces[iface].functions.values() {
                funcs.push(b.func(key, iface, f)?);
            }
        }
        let Builder {
            types, resources, ..
        } = b;
        Ok(Contract {
            package: format!("{}:{}", package.name.namespace, package.name.name),
            version: package.name.version.as_ref().map(|v| v.to_string()),
            source: source.to_string(),
            types,
            resources,
            funcs,
        })
    }

    pub fn ty(&self, i: usize) -> &NamedType {
        &self.types[i]
    }

    /// Index of the named type called `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.types.iter().position(|t| t.name == name)
    }

    /// The core values `ty` flattens to (the Canonical ABI's `flatten_type`).
    pub fn flat(&self, ty: &Ty) -> Vec<Core> {
        match &ty.kind {
            Kind::Bool | Kind::U8 | Kind::U16 | Kind::U32 | Kind::S8 | Kind::S16 | Kind::S32 => {
                vec![Core::I32]
            }
            Kind::U64 | Kind::S64 => vec![Core::I64],
            Kind::Own(_) | Kind::Borrow(_) => vec![Core::I32],
            Kind::Str(_) | Kind::List(_) => vec![Core::I32, Core::I32],
            Kind::Option(t, _) => join_cases(vec![Core::I32], [Some(self.flat(t))]),
            Kind::Result { ok, err, .. } => join_cases(
                vec![Core::I32],
                [
                    ok.as_ref().map(|t| self.flat(t)),
                    err.as_ref().map(|t| self.flat(t)),
                ],
            ),
            Kind::Tuple(ts) => ts.iter().flat_map(|(_, t)| self.flat(t)).collect(),
            Kind::Named(i) => match &self.types[*i].def {
                Def::Record(fs) => fs.iter().flat_map(|f| self.flat(&f.ty)).collect(),
                Def::Enum(_) => vec![Core::I32],
                Def::Flags(_) => vec![Core::I32; (self.types[*i].size as usize).div_ceil(4)],
                Def::Variant { cases, .. } => join_cases(
                    vec![Core::I32],
                    cases.iter().map(|c| c.ty.as_ref().map(|t| self.flat(t))),
                ),
            },
        }
    }

    /// Whether `ty` holds strings or lists (so the guest has memory to free after returning it).
    pub fn has_pointers(&self, ty: &Ty) -> bool {
        has_pointers(&self.types, ty)
    }

    /// The value a missing input field takes, or None when the field is required.
    pub fn default_of(&self, ty: &Ty) -> Option<Default> {
        match &ty.kind {
            Kind::Option(..) => Some(Default::None),
            Kind::List(_) => Some(Default::Empty),
            Kind::Bool => Some(Default::False),
            Kind::U8
            | Kind::U16
            | Kind::U32
            | Kind::U64
            | Kind::S8
            | Kind::S16
            | Kind::S32
            | Kind::S64 => Some(Default::Zero),
            Kind::Named(i) if matches!(self.types[*i].def, Def::Flags(_)) => Some(Default::Empty),
            _ => None,
        }
    }
}

/// Whether `ty` holds strings or lists: wit-bindgen's rule for giving an export a post-return function.
fn has_pointers(types: &[NamedType], ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Str(_) | Kind::List(_) => true,
        Kind::Option(t, _) => has_pointers(types, t),
        Kind::Result { ok, err, .. } => [ok, err]
            .into_iter()
            .flatten()
            .any(|t| has_pointers(types, t)),
        Kind::Tuple(ts) => ts.iter().any(|(_, t)| has_pointers(types, t)),
        Kind::Named(i) => match &types[*i].def {
            Def::Record(fs) => fs.iter().any(|f| has_pointers(types, &f.ty)),
            Def::Variant { cases, .. } => cases
                .iter()
                .filter_map(|c| c.ty.as_ref())
                .any(|t| has_pointers(types, t)),
            Def::Enum(_) | Def::Flags(_) => false,
        },
        _ => false,
    }
}

/// The named types `ty` mentions directly or inside lists, options, results and tuples.
pub fn mentions(ty: &Ty, out: &mut Vec<usize>) {
    match &ty.kind {
        Kind::Named(i) => out.push(*i),
        Kind::List(t) | Kind::Option(t, _) => mentions(t, out),
        Kind::Result { ok, err, .. } => [ok, err]
            .into_iter()
            .flatten()
            .for_each(|t| mentions(t, out)),
        Kind::Tuple(ts) => ts.iter().for_each(|(_, t)| mentions(t, out)),
        _ => {}
    }
}

/// The Canonical ABI's `join` of variant cases: the discriminant, then per position the wider of the cases'
/// types (i32 with i64 is i64; floats do not occur).
fn join_cases(
    mut head: Vec<Core>,
    cases: impl IntoIterator<Item = Option<Vec<Core>>>,
) -> Vec<Core> {
    let mut joined: Vec<Core> = Vec::new();
    for flat in cases.into_iter().flatten() {
        for (i, c) in flat.into_iter().enumerate() {
            match joined.get_mut(i) {
                Some(j) => {
                    if c == Core::I64 {
                        *j = Core::I64;
                    }
                }
                None => joined.push(c),
            }
        }
    }
    head.extend(joined);
    head
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    None,
    In,
    Out,
}

struct Builder<'a> {
    resolve: &'a Resolve,
    sizes: &'a SizeAlign,
    types: Vec<NamedType>,
    index: HashMap<TypeId, usize>,
    resources: Vec<Resource>,
    res_index: HashMap<TypeId, usize>,
}

impl Builder<'_> {
    fn iface_name(&self, id: InterfaceId) -> String {
        self.resolve.interfaces[id].name.clone().unwrap_or_default()
    }

    fn func(
        &mut self,
        key: &WorldKey,
        iface: InterfaceId,
        f: &wit_parser::Function,
    ) -> Result<Func> {
        let resolve = self.resolve;
        let iface_id = resolve.name_world_key(key);
        let (kind, name) = match &f.kind {
            FunctionKind::Freestanding => (FuncKind::Free, f.name.clone()),
            FunctionKind::Static(r) => (
                FuncKind::Static(self.resource_of(*r)?),
                f.item_name().to_string(),
            ),
            FunctionKind::Method(r) => (
                FuncKind::Method(self.resource_of(*r)?),
                f.item_name().to_string(),
            ),
            FunctionKind::Constructor(r) => (
                FuncKind::Constructor(self.resource_of(*r)?),
                "constructor".into(),
            ),
            other => bail!(
                "{}: {other:?} functions (async, getters, setters) are not supported",
                f.name
            ),
        };
        let mut params = Vec::new();
        for p in &f.params {
            params.push((
                p.name.clone(),
                self.ty(&p.ty, Dir::In)
                    .with_context(|| format!("{}: parameter {}", f.name, p.name))?,
            ));
        }
        let result = match &f.result {
            Some(t) => Some(
                self.ty(t, Dir::Out)
                    .with_context(|| format!("{}: result", f.name))?,
            ),
            None => None,
        };
        let sig = resolve.wasm_signature(AbiVariant::GuestExport, f);
        let core = |ts: &[WasmType]| -> Result<Vec<Core>> {
            ts.iter()
                .map(|t| match t {
                    WasmType::I32 | WasmType::Pointer | WasmType::Length => Ok(Core::I32),
                    WasmType::I64 | WasmType::PointerOrI64 => Ok(Core::I64),
                    WasmType::F32 | WasmType::F64 => {
                        bail!("{}: floats are not allowed in the contract", f.name)
                    }
                })
                .collect()
        };
        let spill = if sig.indirect_params {
            let info = self.sizes.record(f.params.iter().map(|p| &p.ty));
            let offsets = self.sizes.field_offsets(f.params.iter().map(|p| &p.ty));
            Some(Spill {
                size: info.size.size_wasm32() as u32,
                align: info.align.align_wasm32() as u32,
                offsets: offsets
                    .iter()
                    .map(|(o, _)| o.size_wasm32() as u32)
                    .collect(),
            })
        } else {
            None
        };
        let mangling = ManglingAndAbi::Legacy(LiftLowerAbi::Sync);
        let export = resolve.wasm_export_name(
            mangling,
            WasmExport::Func {
                interface: Some(key),
                func: f,
                kind: WasmExportKind::Normal,
            },
        );
        let needs_post = result
            .as_ref()
            .is_some_and(|t| has_pointers(&self.types, t));
        let post_return = needs_post.then(|| {
            resolve.wasm_export_name(
                mangling,
                WasmExport::Func {
                    interface: Some(key),
                    func: f,
                    kind: WasmExportKind::PostReturn,
                },
            )
        });
        Ok(Func {
            iface: self.iface_name(iface),
            iface_id,
            name,
            kind,
            docs: f.docs.contents.clone(),
            params,
            result,
            export,
            post_return,
            core_params: core(&sig.params)?,
            core_results: core(&sig.results)?,
            spill,
            retptr: sig.retptr,
        })
    }

    fn resource(&mut self, id: TypeId, iface_id: &str) -> Result<usize> {
        let (_, id) = self.follow(id);
        if let Some(i) = self.res_index.get(&id) {
            return Ok(*i);
        }
        let def = &self.resolve.types[id];
        let TypeOwner::Interface(iface) = def.owner else {
            bail!("resource outside an interface")
        };
        let name = def.name.clone().context("unnamed resource")?;
        let key = WorldKey::Interface(iface);
        let dtor_export = self.resolve.wasm_export_name(
            ManglingAndAbi::Legacy(LiftLowerAbi::Sync),
            WasmExport::ResourceDtor {
                interface: &key,
                resource: id,
            },
        );
        self.resources.push(Resource {
            name,
            iface: self.iface_name(iface),
            iface_id: iface_id.to_string(),
            docs: def.docs.contents.clone(),
            dtor_export,
        });
        self.res_index.insert(id, self.resources.len() - 1);
        Ok(self.resources.len() - 1)
    }

    /// Follows `type a = b` and `use` aliases to the defining type; the text kind is the first alias named
    /// `decimal` or `timestamp` on the way.
    fn follow(&self, mut id: TypeId) -> (Text, TypeId) {
        let mut text = Text::Plain;
        loop {
            let def = &self.resolve.types[id];
            if text == Text::Plain {
                text = match def.name.as_deref() {
                    Some("decimal") => Text::Decimal,
                    Some("timestamp") => Text::Timestamp,
                    _ => Text::Plain,
                };
            }
            match &def.kind {
                TypeDefKind::Type(Type::Id(next)) => id = *next,
                _ => return (text, id),
            }
        }
    }

    fn layout(&self, t: &Type) -> (u32, u32) {
        (
            self.sizes.size(t).size_wasm32() as u32,
            self.sizes.align(t).align_wasm32() as u32,
        )
    }

    fn ty(&mut self, t: &Type, dir: Dir) -> Result<Ty> {
        let (size, align) = self.layout(t);
        let kind = match t {
            Type::Bool => Kind::Bool,
            Type::U8 => Kind::U8,
            Type::U16 => Kind::U16,
            Type::U32 => Kind::U32,
            Type::U64 => Kind::U64,
            Type::S8 => Kind::S8,
            Type::S16 => Kind::S16,
            Type::S32 => Kind::S32,
            Type::S64 => Kind::S64,
            Type::String => Kind::Str(Text::Plain),
            Type::F32 | Type::F64 => bail!(
                "floats are not allowed in the contract: money and quantities are decimal strings"
            ),
            Type::Char => bail!("char is not supported: use a string"),
            Type::ErrorContext => bail!("error-context is not supported"),
            Type::Id(id) => {
                let (text, id) = self.follow(*id);
                let r = self.resolve;
                match &r.types[id].kind {
                    TypeDefKind::Type(Type::String) => Kind::Str(text),
                    TypeDefKind::Type(other) => return self.ty(other, dir),
                    TypeDefKind::Record(_)
                    | TypeDefKind::Enum(_)
                    | TypeDefKind::Variant(_)
                    | TypeDefKind::Flags(_) => Kind::Named(self.named(id, dir)?),
                    TypeDefKind::List(e) => Kind::List(Box::new(self.ty(e, dir)?)),
                    TypeDefKind::Option(e) => {
                        let payload = self
                            .sizes
                            .payload_offset(wit_parser::Int::U8, [Some(e)])
                            .size_wasm32() as u32;
                        Kind::Option(Box::new(self.ty(e, dir)?), payload)
                    }
                    TypeDefKind::Result(res) => {
                        let payload = self
                            .sizes
                            .payload_offset(
                                wit_parser::Int::U8,
                                [res.ok.as_ref(), res.err.as_ref()],
                            )
                            .size_wasm32() as u32;
                        let ok = match &res.ok {
                            Some(t) => Some(Box::new(self.ty(t, dir)?)),
                            None => None,
                        };
                        let err = match &res.err {
                            Some(t) => Some(Box::new(self.ty(t, dir)?)),
                            None => None,
                        };
                        Kind::Result { ok, err, payload }
                    }
                    TypeDefKind::Tuple(tu) => {
                        let offsets = self.sizes.field_offsets(tu.types.iter());
                        let mut out = Vec::new();
                        for (o, t) in offsets {
                            out.push((o.size_wasm32() as u32, self.ty(t, dir)?));
                        }
                        Kind::Tuple(out)
                    }
                    TypeDefKind::Handle(Handle::Own(res)) => Kind::Own(self.resource_of(*res)?),
                    TypeDefKind::Handle(Handle::Borrow(res)) => {
                        Kind::Borrow(self.resource_of(*res)?)
                    }
                    other => bail!("{} types are not supported", other.as_str()),
                }
            }
        };
        Ok(Ty { kind, size, align })
    }

    fn resource_of(&mut self, id: TypeId) -> Result<usize> {
        let (_, id) = self.follow(id);
        let TypeOwner::Interface(iface) = self.resolve.types[id].owner else {
            bail!("resource outside an interface")
        };
        let key = WorldKey::Interface(iface);
        let iface_id = self.resolve.name_world_key(&key);
        self.resource(id, &iface_id)
    }

    /// The index of a record/enum/variant/flags type, built (with everything it contains) on first sight.
    fn named(&mut self, id: TypeId, dir: Dir) -> Result<usize> {
        if let Some(&i) = self.index.get(&id) {
            self.mark(i, dir);
            return Ok(i);
        }
        let r = self.resolve;
        let def = &r.types[id];
        let name = def
            .name
            .clone()
            .context("anonymous record/enum/variant/flags")?;
        let iface = match def.owner {
            TypeOwner::Interface(i) => self.iface_name(i),
            _ => bail!("{name}: types must be defined in an interface"),
        };
        let t = Type::Id(id);
        let (size, align) = self.layout(&t);
        let built = match &def.kind {
            TypeDefKind::Record(rec) => {
                let offsets = self.sizes.field_offsets(rec.fields.iter().map(|f| &f.ty));
                let mut fields = Vec::new();
                for (f, (o, _)) in rec.fields.iter().zip(offsets) {
                    fields.push(Field {
                        name: f.name.clone(),
                        docs: f.docs.contents.clone(),
                        ty: self
                            .ty(&f.ty, dir)
                            .with_context(|| format!("{name}.{}", f.name))?,
                        offset: o.size_wasm32() as u32,
                    });
                }
                Def::Record(fields)
            }
            TypeDefKind::Enum(e) => Def::Enum(
                e.cases
                    .iter()
                    .map(|c| Case {
                        name: c.name.clone(),
                        docs: c.docs.contents.clone(),
                    })
                    .collect(),
            ),
            TypeDefKind::Flags(f) => Def::Flags(
                f.flags
                    .iter()
                    .map(|c| Case {
                        name: c.name.clone(),
                        docs: c.docs.contents.clone(),
                    })
                    .collect(),
            ),
            TypeDefKind::Variant(v) => {
                let payload = self
                    .sizes
                    .payload_offset(v.tag(), v.cases.iter().map(|c| c.ty.as_ref()))
                    .size_wasm32() as u32;
                let mut cases = Vec::new();
                for c in &v.cases {
                    let ty = match &c.ty {
                        Some(t) => Some(
                            self.ty(t, dir)
                                .with_context(|| format!("{name}.{}", c.name))?,
                        ),
                        None => None,
                    };
                    cases.push(VariantCase {
                        name: c.name.clone(),
                        docs: c.docs.contents.clone(),
                        ty,
                    });
                }
                Def::Variant { cases, payload }
            }
            _ => unreachable!("named() is only called for records, enums, variants and flags"),
        };
        // Pushed after its parts: the list is in dependency order.
        self.types.push(NamedType {
            name,
            iface,
            docs: def.docs.contents.clone(),
            def: built,
            size,
            align,
            input: false,
            output: false,
        });
        let i = self.types.len() - 1;
        self.index.insert(id, i);
        self.mark(i, dir);
        Ok(i)
    }

    /// Marks type `i` and everything it contains as reached in direction `dir`.
    fn mark(&mut self, i: usize, dir: Dir) {
        let t = &mut self.types[i];
        let already = match dir {
            Dir::None => return,
            Dir::In => std::mem::replace(&mut t.input, true),
            Dir::Out => std::mem::replace(&mut t.output, true),
        };
        if already {
            return;
        }
        let mut inner = Vec::new();
        match &self.types[i].def {
            Def::Record(fs) => fs.iter().for_each(|f| mentions(&f.ty, &mut inner)),
            Def::Variant { cases, .. } => cases
                .iter()
                .filter_map(|c| c.ty.as_ref())
                .for_each(|t| mentions(t, &mut inner)),
            Def::Enum(_) | Def::Flags(_) => {}
        }
        for j in inner {
            self.mark(j, dir);
        }
    }
}
