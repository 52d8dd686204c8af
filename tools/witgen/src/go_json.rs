//! Go: `consumers/go/json.go`, the canonical JSON of every record and enum (docs/wire.md) as `AppendJSON` and
//! `MarshalJSON` methods, and `consumers/go/codes.go`, the error codes of core's code table as constants.
//!
//! encoding/json with the struct tags alone is not canonical: it writes nil slices as `null` and escapes
//! `<`, `>`, `&`, U+2028 and U+2029. The methods write what the engine writes: keys in WIT order, absent
//! options `null`, every list `[]`-or-more, strings escaped only where JSON requires it (`"`, `\`, U+0000 to
//! U+001F, as ECMAScript's JSON.stringify does) and otherwise copied byte for byte, so that a string that is
//! not UTF-8 reaches the engine as it is (which reports it as `invalid-unicode` at its pointer).
//! Types with no canonical JSON form yet (variants, flags, tuples, integers other than u32) get no methods.

use crate::model::{Contract, Def, Kind, NamedType, Ty};
use crate::names::go;
use crate::text::{comment, marker};
use crate::File;
use std::fmt::Write;

pub fn emit(c: &Contract) -> Vec<File> {
    vec![
        File {
            path: "consumers/go/json.go".into(),
            contents: json_go(c),
        },
        File {
            path: "consumers/go/codes.go".into(),
            contents: codes_go(),
        },
    ]
}

fn supported(c: &Contract, ty: &Ty) -> bool {
    match &ty.kind {
        Kind::Bool | Kind::U32 | Kind::Str(_) => true,
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

const HELPERS: &str = r#"
// appendString appends s as a JSON string: `"`, `\` and U+0000..U+001F escaped (as \b \f \n \r \t, the others
// as \u00XX in lower-case hex), every other byte as it is.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendOptString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, *s)
}

func appendStrings(b []byte, xs []string) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, x)
	}
	return append(b, ']')
}

func appendUint32(b []byte, v uint32) []byte { return strconv.AppendUint(b, uint64(v), 10) }

func appendOptUint32(b []byte, v *uint32) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return appendUint32(b, *v)
}
"#;

/// Statements appending `x` (of type `ty`) to `b`, indented by `tabs`.
fn append(c: &Contract, out: &mut String, ty: &Ty, x: &str, tabs: usize, depth: usize) {
    let t = "\t".repeat(tabs);
    let line = |out: &mut String, s: &str| {
        let _ = writeln!(out, "{t}{s}");
    };
    match &ty.kind {
        Kind::Str(_) => line(out, &format!("b = appendString(b, {x})")),
        Kind::Bool => line(out, &format!("b = strconv.AppendBool(b, {x})")),
        Kind::U32 => line(out, &format!("b = appendUint32(b, {x})")),
        Kind::Named(i) if matches!(c.ty(*i).def, Def::Enum(_)) => {
            line(out, &format!("b = appendString(b, string({x}))"))
        }
        Kind::Named(_) => line(out, &format!("b = {x}.AppendJSON(b)")),
        Kind::Option(inner, _) => match &inner.kind {
            Kind::Str(_) => line(out, &format!("b = appendOptString(b, {x})")),
            Kind::U32 => line(out, &format!("b = appendOptUint32(b, {x})")),
            _ => {
                line(out, &format!("if {x} == nil {{"));
                line(out, "\tb = append(b, \"null\"...)");
                line(out, "} else {");
                append(c, out, inner, &format!("(*{x})"), tabs + 1, depth);
                line(out, "}");
            }
        },
        Kind::List(inner) => match &inner.kind {
            Kind::Str(_) => line(out, &format!("b = appendStrings(b, {x})")),
            _ => {
                let i = ["i", "j", "k", "l"][depth.min(3)];
                line(out, "b = append(b, '[')");
                // gofmt writes `range *p`, without the parentheses indexing needs.
                let bare = x.strip_prefix('(').and_then(|s| s.strip_suffix(')'));
                line(out, &format!("for {i} := range {} {{", bare.unwrap_or(x)));
                line(out, &format!("\tif {i} > 0 {{"));
                line(out, "\t\tb = append(b, ',')");
                line(out, "\t}");
                append(c, out, inner, &format!("{x}[{i}]"), tabs + 1, depth + 1);
                line(out, "}");
                line(out, "b = append(b, ']')");
            }
        },
        _ => unreachable!("unsupported types get no methods"),
    }
}

fn json_go(c: &Contract) -> String {
    let mut out = marker("//", &c.source);
    out.push_str("\npackage kassa\n\nimport \"strconv\"\n\n");
    out.push_str(
        "// The canonical JSON of the contract's records and enums (docs/wire.md), the bytes the engine writes: keys\n\
         // in WIT order, absent options null, nil lists [], strings escaped only where JSON requires it. json.Marshal\n\
         // uses MarshalJSON; for the exact bytes use AppendJSON, or a json.Encoder with SetEscapeHTML(false) (by\n\
         // default encoding/json escapes <, > and & in what a MarshalJSON returns).\n",
    );
    for t in c.types.iter().filter(|t| type_supported(c, t)) {
        let name = go(&t.name);
        let _ = write!(
            out,
            "\n// MarshalJSON writes v as Kassa's canonical JSON.\n\
             func (v {name}) MarshalJSON() ([]byte, error) {{ return v.AppendJSON(nil), nil }}\n\n\
             // AppendJSON appends the canonical JSON of v to b.\n\
             func (v {name}) AppendJSON(b []byte) []byte {{\n"
        );
        match &t.def {
            Def::Enum(_) => out.push_str("\treturn appendString(b, string(v))\n"),
            Def::Record(fields) => {
                for (i, f) in fields.iter().enumerate() {
                    let open = if i == 0 { "{" } else { "," };
                    let _ = writeln!(out, "\tb = append(b, `{open}\"{}\":`...)", f.name);
                    append(c, &mut out, &f.ty, &format!("v.{}", go(&f.name)), 1, 0);
                }
                if fields.is_empty() {
                    out.push_str("\tb = append(b, '{')\n");
                }
                out.push_str("\treturn append(b, '}')\n");
            }
            Def::Variant { .. } | Def::Flags(_) => unreachable!("unsupported"),
        }
        out.push_str("}\n");
    }
    out.push_str(HELPERS);
    out
}

/// Every code of core's table (docs/errors.md) and the hosts' own `host-error`, as (code, meaning).
pub fn codes() -> Vec<(&'static str, String)> {
    let mut all: Vec<(&'static str, String)> = kassa_core::codes::all()
        .into_iter()
        .map(|d| (d.code, d.meaning.to_string()))
        .collect();
    all.push((
        "host-error",
        "A failure outside the engine, raised by a host (a trap, a resource limit of the host, a wrong \
         argument type caught before the call); its message is host-specific."
            .to_string(),
    ));
    all
}

fn codes_go() -> String {
    let mut out = marker(
        "//",
        "core's code table (kassa_core::codes, docs/errors.md)",
    );
    out.push_str(
        "\npackage kassa\n\n\
         // The codes of every failure and finding (docs/errors.md): an *Error's Code, and a Problem's. Codes are a\n\
         // public contract: never renamed or reused, only added.\n\
         const (\n",
    );
    for (i, (code, meaning)) in codes().iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let name = format!("Code{}", go(code));
        comment(&mut out, "\t", "// ", &format!("{name}: {meaning}"));
        let _ = writeln!(out, "\t{name} = {code:?}");
    }
    out.push_str(")\n");
    out
}
