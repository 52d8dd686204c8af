//! Reading a document's shape from a [`Json`] tree: every shape problem collected with its JSON Pointer.
//!
//! The rulebook's shape types are declared with the macros of `rulebook/declare.rs` and the wire format's
//! readers are generated from the WIT (`wire/codec.rs`); both give [`FromJson`] readers built on the helpers
//! here. Unknown keys are `unknown-field`, repeated keys `duplicate-key` (at the second
//! one), absent required keys `missing-field` (at the object), wrong JSON types and unknown names `wrong-type`,
//! integers outside their type `out-of-range`. A reader returns `None` when its value cannot be built; it has pushed a problem then.
//! The helpers are deliberately not generic where they need not be, to keep the wasm small.

use super::parse::Json;
use super::ShapeError as E;
use crate::error::{Coded, Severity};
use crate::problems::Problems;
use std::collections::BTreeMap;

/// A value a shape reader can build.
pub trait FromJson: Sized {
    /// Read `v` found at `at`; on failure push the problems and return `None`.
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self>;

    /// The value of an absent key that has no default: `None` means the key is required.
    fn absent() -> Option<Self> {
        None
    }
}

/// Where a value is: a chain of keys and indices on the stack, written out as a JSON Pointer only when a
/// problem is reported (most values have none, so reading allocates no pointers).
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The JSON Pointer, keys escaped as RFC 6901 says (`~` as `~0`, `/` as `~1`).
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// A finding at `at`. Its error, message and pointer are built only if it is kept (the `problems` limit), so
/// a finding beyond it costs a count.
pub fn push(p: &mut Problems, at: &Path, e: impl FnOnce() -> E) {
    p.add(Severity::Error, || {
        e().to_problem(&at.pointer(), Severity::Error)
    });
}

/// `wrong-type` at `at`: `v` is not what was expected. `None`, for the caller to return.
#[inline]
pub fn wrong<T>(v: &Json, at: &Path, expected: &str, p: &mut Problems) -> Option<T> {
    wrong_type(v, at, expected, &[], p);
    None
}

/// The body of [`wrong`], not generic so that it exists once in the wasm: "expected {expected}" followed by
/// the `names`, if any.
fn wrong_type(v: &Json, at: &Path, expected: &str, names: &[&str], p: &mut Problems) {
    push(p, at, || {
        let expected = format!("{expected}{}", list(names));
        let detail = format!("invalid type: {}, expected {expected}", found(v));
        E::WrongType {
            detail,
            expected,
            found: kind(v),
        }
    });
}

/// What a value is, for messages.
fn found(v: &Json) -> String {
    match v {
        Json::Null => "null".to_string(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Num(n) => format!("number `{n}`"),
        Json::Str(s) => format!("string {s:?}"),
        Json::Arr(_) => "array".to_string(),
        Json::Obj(_) => "object".to_string(),
    }
}

/// The JSON type of a value, for the `found` param.
fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Num(_) => "number",
        Json::Str(_) => "string",
        Json::Arr(_) => "array",
        Json::Obj(_) => "object",
    }
}

/// The known key `key` stands for when it is one spelt in another case or style (`shippingMethod`,
/// `shipping_method`, `Shipping-Method` for `shipping-method`) or one or two letters off (`shiping-method`);
/// `None` when no known key, or more than one, is that close.
pub fn suggestion(key: &str, names: &'static [&'static str]) -> Option<&'static str> {
    let squash = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(key);
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for &name in names {
        let d = distance(&wanted, &squash(name));
        // One edit in four letters at most, so that short keys ("at", "id") suggest only their own spellings.
        if d > (wanted.len() / 4).min(2) {
            continue;
        }
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tie = true,
            _ => {
                best = Some((d, name));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, name)| name)
}

/// The Levenshtein distance between two short strings (keys), in one row of memory.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// "`a`, `b`, `c`" for messages.
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// The members of an object with a fixed set of keys, each found once; the readers take them in the
/// order of `names` (the struct's declaration order), so no key is looked up by name twice.
pub struct Fields<'a> {
    at: &'a Path<'a>,
    names: &'static [&'static str],
    slots: Slots<'a>,
    next: usize,
}

/// Each name's value, by the name's index: inline for the shapes there are (loading a rulebook reads an object
/// per price, thousands of them, and this allocated once for each), on the heap past `INLINE` names.
enum Slots<'a> {
    Inline([Option<&'a Json<'a>>; INLINE]),
    Heap(Vec<Option<&'a Json<'a>>>),
}

const INLINE: usize = 24;

impl<'a> Slots<'a> {
    fn new(n: usize) -> Slots<'a> {
        if n <= INLINE {
            Slots::Inline([None; INLINE])
        } else {
            Slots::Heap(vec![None; n])
        }
    }

    fn all(&mut self) -> &mut [Option<&'a Json<'a>>] {
        match self {
            Slots::Inline(a) => a,
            Slots::Heap(v) => v,
        }
    }
}

impl<'a> Fields<'a> {
    /// Check `v` is an object whose keys are among `names`, each once; unknown and repeated keys are
    /// reported (the object is still read). `None` only when `v` is not an object.
    pub fn new(
        v: &'a Json<'a>,
        at: &'a Path<'a>,
        names: &'static [&'static str],
        p: &mut Problems,
    ) -> Option<Fields<'a>> {
        let Json::Obj(members) = v else {
            return wrong(v, at, "an object", p);
        };
        let mut slots = Slots::new(names.len());
        // A map, not a set: the map type the wasm has anyway (the value is unused).
        let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, value) in members {
            let known = names.iter().position(|n| n == key);
            // A repeated key keeps its first value (the load fails anyway).
            let repeated = match known.and_then(|i| slots.all().get_mut(i)) {
                Some(Some(_)) => true,
                Some(slot) => {
                    *slot = Some(value);
                    false
                }
                None => unknown.insert(key, 0).is_some(),
            };
            let here = Path::Key(at, key);
            if repeated {
                push(p, &here, || E::DuplicateKey {
                    key: key.to_string(),
                });
            } else if known.is_none() {
                push(p, &here, || {
                    let suggestion = suggestion(key, names);
                    let detail = match suggestion {
                        _ if names.is_empty() => {
                            format!("unknown field `{key}`, there are no fields")
                        }
                        Some(known) => format!("unknown field `{key}`, did you mean `{known}`?"),
                        None => format!("unknown field `{key}`, expected one of {}", list(names)),
                    };
                    E::UnknownField {
                        key: String::from(key.as_ref()),
                        detail,
                        suggestion,
                    }
                });
            }
        }
        let next = 0;
        Some(Fields {
            at,
            names,
            slots,
            next,
        })
    }

    /// The next key's value (if present) and name.
    fn take(&mut self) -> (Option<&'a Json<'a>>, &'static str) {
        let i = self.next;
        self.next += 1;
        let name = self.names.get(i).copied().unwrap_or_default();
        (self.slots.all().get(i).copied().flatten(), name)
    }

    /// The next key, which has no default: absent is `missing-field` at the object, unless the type has an
    /// absent value (an `Option` is `None`).
    #[inline(never)]
    pub fn req<T: FromJson>(&mut self, p: &mut Problems) -> Option<T> {
        match self.take() {
            (Some(v), name) => T::read(v, &Path::Key(self.at, name), p),
            (None, name) => T::absent().or_else(|| {
                missing(self.at, name, p);
                None
            }),
        }
    }

    /// The next key, with a default for when it is absent (`null` is not absent unless the type is an
    /// `Option`).
    #[inline(never)]
    pub fn or<T: FromJson>(&mut self, p: &mut Problems, default: fn() -> T) -> Option<T> {
        match self.take() {
            (Some(v), name) => T::read(v, &Path::Key(self.at, name), p),
            (None, _) => Some(default()),
        }
    }
}

fn missing(at: &Path, name: &'static str, p: &mut Problems) {
    push(p, at, || E::MissingField {
        key: name,
        detail: format!("missing field `{name}`"),
    });
}

/// The index of the name `v` is among `names`, or `wrong-type`.
pub fn name(v: &Json, at: &Path, names: &[&str], p: &mut Problems) -> Option<usize> {
    let Json::Str(s) = v else {
        wrong_type(v, at, "one of ", names, p);
        return None;
    };
    let i = names.iter().position(|n| n == s);
    if i.is_none() {
        push(p, at, || {
            let expected = format!("one of {}", list(names));
            E::WrongType {
                detail: format!("unknown variant `{s}`, expected {expected}"),
                expected,
                found: "string",
            }
        });
    }
    i
}

/// The only member of an object, with the index of its key among `names`, or `wrong-type` at the object.
pub fn one_key<'a>(
    v: &'a Json<'a>,
    at: &Path,
    names: &[&str],
    p: &mut Problems,
) -> Option<(usize, &'a str, &'a Json<'a>)> {
    let Json::Obj(members) = v else {
        wrong_type(v, at, "an object with exactly one key of ", names, p);
        return None;
    };
    let [(key, inner)] = members.as_slice() else {
        push(p, at, || {
            let expected = format!("an object with exactly one key of {}", list(names));
            E::WrongType {
                detail: format!("{} keys, expected {expected}", members.len()),
                expected,
                found: "object",
            }
        });
        return None;
    };
    let Some(i) = names.iter().position(|n| n == key) else {
        push(p, at, || {
            let expected = format!("one of {}", list(names));
            E::WrongType {
                detail: format!("unknown variant `{key}`, expected {expected}"),
                expected,
                found: "object",
            }
        });
        return None;
    };
    Some((i, key, inner))
}

/// An integer literal within `min..=max`: a fraction or exponent is `wrong-type`, a value outside the range
/// `out-of-range` (a number all the same).
fn integer(
    v: &Json,
    at: &Path,
    p: &mut Problems,
    (min, max): (i64, i64),
    expected: &'static str,
) -> Option<i64> {
    let Json::Num(n) = v else {
        return wrong(v, at, "an integer", p);
    };
    if n.contains(['.', 'e', 'E']) {
        return wrong(v, at, "an integer", p);
    }
    match n.parse::<i64>() {
        Ok(i) if (min..=max).contains(&i) => Some(i),
        _ => {
            push(p, at, || E::OutOfRange {
                value: n.to_string(),
                expected,
            });
            None
        }
    }
}

impl FromJson for u32 {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        let range = (0, i64::from(u32::MAX));
        let i = integer(v, at, p, range, "an integer from 0 to 4294967295")?;
        u32::try_from(i).ok()
    }
}

impl FromJson for i32 {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        let range = (i64::from(i32::MIN), i64::from(i32::MAX));
        let expected = "an integer from -2147483648 to 2147483647";
        let i = integer(v, at, p, range, expected)?;
        i32::try_from(i).ok()
    }
}

impl FromJson for bool {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Bool(b) => Some(*b),
            _ => wrong(v, at, "a boolean", p),
        }
    }
}

impl FromJson for String {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Str(s) => Some(s.to_string()),
            _ => wrong(v, at, "a string", p),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Null => Some(None),
            _ => T::read(v, at, p).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        T::read(v, at, p).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        let Json::Arr(items) = v else {
            return wrong(v, at, "an array", p);
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match T::read(item, &Path::Index(at, i), p) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// A free-form object (attributes): any keys, each once.
impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        let Json::Obj(members) = v else {
            return wrong(v, at, "an object", p);
        };
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (key, value) in members {
            let at = Path::Key(at, key);
            if out.contains_key(key.as_ref()) {
                push(p, &at, || E::DuplicateKey {
                    key: key.to_string(),
                });
                ok = false;
            } else if let Some(x) = T::read(value, &at, p) {
                out.insert(key.to_string(), x);
            } else {
                ok = false;
            }
        }
        ok.then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn read<T: FromJson>(text: &str) -> (Option<T>, Vec<(String, String)>) {
        let mut p = Problems::new();
        let v = T::read(&parse(text).unwrap(), &Path::Root, &mut p);
        let found = p
            .kept()
            .iter()
            .map(|x| (x.code.clone(), x.path.clone()))
            .collect();
        (v, found)
    }

    fn problems<T: FromJson>(text: &str) -> Vec<(String, String)> {
        read::<T>(text).1
    }

    fn pair(code: &str, path: &str) -> (String, String) {
        (code.to_string(), path.to_string())
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let a = Path::Key(&Path::Root, "a");
        let i = Path::Index(&a, 7);
        assert_eq!(Path::Key(&i, "b/c~d").pointer(), "/a/7/b~1c~0d");
        assert_eq!(Path::Key(&Path::Root, "é").pointer(), "/é");
        assert_eq!(Path::Root.pointer(), "");
    }

    #[test]
    fn integers_out_of_their_type_are_out_of_range_not_wrong_type() {
        assert_eq!(read::<u32>("4294967295").0, Some(u32::MAX));
        assert_eq!(read::<u32>("-0").0, Some(0));
        assert_eq!(problems::<u32>("-1"), [pair("out-of-range", "")]);
        assert_eq!(problems::<u32>("4294967296"), [pair("out-of-range", "")]);
        assert_eq!(
            problems::<u32>("99999999999999999999999"),
            [pair("out-of-range", "")]
        );
        assert_eq!(read::<i32>("-2147483648").0, Some(i32::MIN));
        assert_eq!(problems::<i32>("2147483648"), [pair("out-of-range", "")]);
        for not_integer in ["1.5", "1e2", "1.0", "\"1\"", "null", "true"] {
            assert_eq!(
                problems::<u32>(not_integer),
                [pair("wrong-type", "")],
                "{not_integer}"
            );
        }
    }

    #[test]
    fn arrays_and_maps_collect_every_problem() {
        assert_eq!(
            problems::<Vec<String>>(r#"["a", 1, "b", null]"#),
            [pair("wrong-type", "/1"), pair("wrong-type", "/3")]
        );
        assert_eq!(
            problems::<BTreeMap<String, String>>(r#"{"a/b": 1, "c": "x", "c": "y"}"#),
            [pair("wrong-type", "/a~1b"), pair("duplicate-key", "/c")]
        );
        assert_eq!(read::<Option<String>>("null").0, Some(None));
        assert_eq!(problems::<Vec<String>>("{}"), [pair("wrong-type", "")]);
    }

    #[test]
    fn objects_with_more_keys_than_the_inline_slots_read_alike() {
        // 30 names: the slots go to the heap past INLINE (24); keys on both sides of that line.
        const NAMES: &[&str] = &[
            "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11", "k12", "k13",
            "k14", "k15", "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23", "k24", "k25",
            "k26", "k27", "k28", "k29",
        ];
        let v = parse(r#"{"k29": "last", "k3": "third", "k29": "again", "k30": "x"}"#).unwrap();
        let mut p = Problems::new();
        let mut f = Fields::new(&v, &Path::Root, NAMES, &mut p).unwrap();
        let mut values: Vec<Option<String>> = Vec::new();
        for _ in NAMES {
            values.push(f.req::<Option<String>>(&mut p).flatten());
        }
        assert_eq!(values[3].as_deref(), Some("third"));
        assert_eq!(
            values[29].as_deref(),
            Some("last"),
            "a repeated key keeps its first value"
        );
        assert_eq!(values.iter().filter(|v| v.is_some()).count(), 2);
        let found: Vec<(String, String)> = p
            .kept()
            .iter()
            .map(|x| (x.code.clone(), x.path.clone()))
            .collect();
        assert_eq!(
            found,
            [pair("duplicate-key", "/k29"), pair("unknown-field", "/k30")]
        );
    }

    #[test]
    fn unknown_keys_suggest_the_known_key_they_stand_for() {
        const KEYS: &[&str] = &["shipping-method", "customer-group", "at", "lines", "line"];
        assert_eq!(suggestion("shippingMethod", KEYS), Some("shipping-method"));
        assert_eq!(suggestion("shipping_method", KEYS), Some("shipping-method"));
        assert_eq!(suggestion("Customer-Group", KEYS), Some("customer-group"));
        assert_eq!(suggestion("shiping-method", KEYS), Some("shipping-method"));
        assert_eq!(suggestion("custmer-grup", KEYS), Some("customer-group"));
        // Too far, too short to judge, or equally close to two keys.
        assert_eq!(suggestion("shipping", KEYS), None);
        assert_eq!(suggestion("on", KEYS), None);
        assert_eq!(suggestion("AT", KEYS), Some("at"));
        assert_eq!(suggestion("linez", KEYS), None);
        let mut p = Problems::new();
        let _ = Fields::new(
            &parse(r#"{"upTo": 1}"#).unwrap(),
            &Path::Root,
            &["up-to"],
            &mut p,
        );
        let e = &p.kept()[0];
        assert_eq!(
            e.message,
            "unknown field: unknown field `upTo`, did you mean `up-to`?"
        );
        let params: Vec<(&str, &str)> = e
            .params
            .iter()
            .map(|x| (x.name.as_str(), x.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("detail", "unknown field `upTo`, did you mean `up-to`?"),
                ("key", "upTo"),
                ("suggestion", "up-to")
            ]
        );
    }

    #[test]
    fn wrong_types_say_what_was_expected_and_found() {
        let mut p = Problems::new();
        let _ = <String as FromJson>::read(&parse("2").unwrap(), &Path::Root, &mut p);
        let params: Vec<(&str, &str)> = p.kept()[0]
            .params
            .iter()
            .map(|x| (x.name.as_str(), x.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("detail", "invalid type: number `2`, expected a string"),
                ("expected", "a string"),
                ("found", "number")
            ]
        );
    }
}
