//! Declaring the rulebook's shape: `shape!` (a struct read from an object), `names!` (an enum written as a
//! name) and `variants!` (an enum written as a one-key object). Each type is declared once, and the
//! declaration gives the type, its keys or names (the identifiers in kebab case), its reader on `read.rs`'s
//! helpers, and, in test builds, the serde/schemars shape docs/rulebook.schema.json is generated from.

/// A rulebook object type, declared once: the struct, its keys and its reader.
///
/// ```text
/// shape! {
///     /// What the type is (the doc goes to the struct and to docs/rulebook.schema.json).
///     #[derive(Debug, Clone)]
///     pub struct Item {
///         sku: String,                      // required
///         name: Option<String>,             // may be absent (or null): None
///         active: bool = true,              // absent: true (also `= 1`)
///         quantity: QuantityRule = default, // absent: QuantityRule::default()
///     }
/// }
/// ```
///
/// A struct whose keys may all be absent also gets a `Default`: the value of `{}`.
/// Each field's key is its name in kebab case (`tax_category` is `"tax-category"`), listed in declaration order
/// in `KEYS`. The reader collects every problem of the object before deciding (unknown and repeated keys,
/// missing required keys, each field's own problems); the one tuple pattern keeps a single failure path (no
/// drop code per field). In test builds the struct also derives the serde/schemars shape that
/// docs/rulebook.schema.json is generated from, with the same keys and defaults.
macro_rules! shape {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {}
    ) => {
        #[cfg_attr(
            test,
            derive(::serde::Serialize, ::schemars::JsonSchema),
            serde(deny_unknown_fields)
        )]
        #[derive(Default)]
        $(#[$meta])*
        pub struct $name {}

        /// `{}`: no keys at all.
        impl $crate::json::read::FromJson for $name {
            fn read(
                v: &$crate::json::Json,
                at: &$crate::json::read::Path,
                p: &mut $crate::problems::Problems,
            ) -> Option<Self> {
                $crate::json::read::Fields::new(v, at, &[], p).map(|_| $name {})
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::rulebook::declare::shape!(@field [$(#[$meta])*] $name [] [defaults] $($body)*);
    };
    // One field at a time into `{ [attributes] name [type] [serde attribute] how-to-read }`; the state after
    // the list says whether every key may be absent (then the struct has a Default: the value of `{}`).
    (@field $metas:tt $name:ident [$($done:tt)*] $all:tt
        $(#[$fm:meta])* $field:ident : Option<$ty:ty>, $($rest:tt)*) => {
        $crate::rulebook::declare::shape!(@field $metas $name [$($done)*
            { [$(#[$fm])*] $field [Option<$ty>] [#[cfg_attr(test, serde(default))]] opt }
        ] $all $($rest)*);
    };
    (@field $metas:tt $name:ident [$($done:tt)*] $all:tt
        $(#[$fm:meta])* $field:ident : $ty:ty = default, $($rest:tt)*) => {
        $crate::rulebook::declare::shape!(@field $metas $name [$($done)*
            { [$(#[$fm])*] $field [$ty] [#[cfg_attr(test, serde(default))]] (or Default::default) }
        ] $all $($rest)*);
    };
    (@field $metas:tt $name:ident [$($done:tt)*] $all:tt
        $(#[$fm:meta])* $field:ident : $ty:ty = true, $($rest:tt)*) => {
        $crate::rulebook::declare::shape!(@field $metas $name [$($done)*
            { [$(#[$fm])*] $field [$ty]
              [#[cfg_attr(test, serde(default = "crate::rulebook::declare::yes"))]]
              (or $crate::rulebook::declare::yes) }
        ] $all $($rest)*);
    };
    (@field $metas:tt $name:ident [$($done:tt)*] $all:tt
        $(#[$fm:meta])* $field:ident : $ty:ty = 1, $($rest:tt)*) => {
        $crate::rulebook::declare::shape!(@field $metas $name [$($done)*
            { [$(#[$fm])*] $field [$ty]
              [#[cfg_attr(test, serde(default = "crate::rulebook::declare::one"))]]
              (or $crate::rulebook::declare::one) }
        ] $all $($rest)*);
    };
    (@field $metas:tt $name:ident [$($done:tt)*] $all:tt
        $(#[$fm:meta])* $field:ident : $ty:ty, $($rest:tt)*) => {
        $crate::rulebook::declare::shape!(@field $metas $name [$($done)*
            { [$(#[$fm])*] $field [$ty] [] req }
        ] [required] $($rest)*);
    };
    (@field $metas:tt $name:ident $fields:tt [defaults]) => {
        $crate::rulebook::declare::shape!(@struct $metas $name $fields);
        $crate::rulebook::declare::shape!(@default $name $fields);
    };
    (@field $metas:tt $name:ident $fields:tt [required]) => {
        $crate::rulebook::declare::shape!(@struct $metas $name $fields);
    };
    (@default $name:ident [$({ $fm:tt $field:ident $ty:tt $serde:tt $how:tt })+]) => {
        /// Every key absent: the value of `{}`.
        impl Default for $name {
            fn default() -> Self {
                $name {
                    $($field: $crate::rulebook::declare::shape!(@absent $how),)+
                }
            }
        }
    };
    (@absent opt) => {
        None
    };
    (@absent (or $default:path)) => {
        $default()
    };
    (@struct [$($meta:tt)*] $name:ident [$({
        [$($fm:tt)*] $field:ident [$($ty:tt)*] [$($serde:tt)*] $how:tt
    })+]) => {
        #[cfg_attr(
            test,
            derive(::serde::Serialize, ::schemars::JsonSchema),
            serde(rename_all = "kebab-case", deny_unknown_fields)
        )]
        $($meta)*
        pub struct $name {
            $($($fm)* $($serde)* pub $field: $($ty)*,)+
        }

        impl $name {
            /// The object's keys, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$($crate::names::kebab!(snake $field)),+];
        }

        impl $crate::json::read::FromJson for $name {
            fn read(
                v: &$crate::json::Json,
                at: &$crate::json::read::Path,
                p: &mut $crate::problems::Problems,
            ) -> Option<Self> {
                let mut f = $crate::json::read::Fields::new(v, at, Self::KEYS, p)?;
                $(let $field = $crate::rulebook::declare::shape!(@read f p $how);)+
                let ($(Some($field),)+) = ($($field,)+) else {
                    return None;
                };
                Some($name { $($field),+ })
            }
        }
    };
    (@read $f:ident $p:ident opt) => {
        $f.req($p)
    };
    (@read $f:ident $p:ident req) => {
        $f.req($p)
    };
    (@read $f:ident $p:ident (or $default:path)) => {
        $f.or($p, $default)
    };
}

/// An enum written as one of a fixed set of names, declared once: each name is the variant's in kebab case
/// (`BestDeal` is `"best-deal"`). `names!(impl Type { Variant, .. })` gives only the reader, for an enum
/// declared elsewhere (the wire types).
macro_rules! names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vm:meta])* $variant:ident),+ $(,)? }
    ) => {
        #[cfg_attr(
            test,
            derive(::serde::Serialize, ::schemars::JsonSchema),
            serde(rename_all = "kebab-case")
        )]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vm])* $variant,)+
        }

        $crate::rulebook::declare::names!(impl $name { $($variant),+ });
    };
    (impl $name:ident { $($variant:ident),+ $(,)? }) => {
        impl $crate::json::read::FromJson for $name {
            fn read(
                v: &$crate::json::Json,
                at: &$crate::json::read::Path,
                p: &mut $crate::problems::Problems,
            ) -> Option<Self> {
                const NAMES: &[&str] = &[$($crate::names::kebab!(camel $variant)),+];
                let i = $crate::json::read::name(v, at, NAMES, p)?;
                [$($name::$variant),+].get(i).copied()
            }
        }
    };
}

/// An enum written as an object with exactly one key naming the variant (the variant's name in kebab case),
/// declared once; each variant holds one value, read from the key's value.
macro_rules! variants {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vm:meta])* $variant:ident($ty:ty)),+ $(,)? }
    ) => {
        #[cfg_attr(
            test,
            derive(::serde::Serialize, ::schemars::JsonSchema),
            serde(rename_all = "kebab-case", deny_unknown_fields)
        )]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vm])* $variant($ty),)+
        }

        impl $crate::json::read::FromJson for $name {
            #[allow(unused_assignments)]
            fn read(
                v: &$crate::json::Json,
                at: &$crate::json::read::Path,
                p: &mut $crate::problems::Problems,
            ) -> Option<Self> {
                const NAMES: &[&str] = &[$($crate::names::kebab!(camel $variant)),+];
                let (i, key, inner) = $crate::json::read::one_key(v, at, NAMES, p)?;
                let at = $crate::json::read::Path::Key(at, key);
                let mut k = 0;
                $(
                    if i == k {
                        return $crate::json::read::FromJson::read(inner, &at, p)
                            .map($name::$variant);
                    }
                    k += 1;
                )+
                None
            }
        }
    };
}

pub(crate) use {names, shape, variants};

/// The default of a `= true` field.
pub(crate) fn yes() -> bool {
    true
}

/// The default of a `= 1` field.
pub(crate) fn one() -> u32 {
    1
}
