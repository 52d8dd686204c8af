//! The generator on tests/sample/sample.wit, a contract with what kassa.wit does not use yet (variants, flags,
//! tuples, u64/s16, a flat result, spilled parameters): layouts against hand computation, then the generated
//! Go and Python glue compiled and round-tripped (lowered into a fake memory and lifted back) by Go's and
//! Python's own toolchains, when they are installed.

use kassa_witgen::model::{Contract, Core, Def, Kind};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> Contract {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sample");
    Contract::load(&dir, "tests/sample/sample.wit").expect("sample.wit loads")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn layout(c: &Contract, name: &str) -> (u32, u32) {
    let t = c.ty(c.find(name).unwrap());
    (t.size, t.align)
}

#[test]
fn layouts_worked_out_by_hand() {
    let c = sample();
    // flags: 9 flags need 16 bits.
    assert_eq!(layout(&c, "perms"), (2, 2));
    // shape: u8 discriminant; the widest payload is pair = tuple<u8, string> (u8 at 0, string at 4: 12 bytes,
    // align 4), so the payload sits at 4 and the variant is 4 + 12 = 16 bytes.
    assert_eq!(layout(&c, "shape"), (16, 4));
    let shape = c.ty(c.find("shape").unwrap());
    let Def::Variant { payload, .. } = &shape.def else {
        panic!("shape is a variant")
    };
    assert_eq!(*payload, 4);
    // item: id 0..8, price 8..16, shape 16..32, perms 32..34, point tuple<u8, u32, string> (16, align 4) at 36,
    // tags 52..60, at option<string> (12) 60..72, big u64 at 72 (align 8), small s16 at 80, color u8 at 82,
    // shapes list at 84..92; align 8 → 96.
    let item = c.ty(c.find("item").unwrap());
    let Def::Record(fields) = &item.def else {
        panic!("item is a record")
    };
    let offsets: Vec<u32> = fields.iter().map(|f| f.offset).collect();
    assert_eq!(offsets, [0, 8, 16, 32, 36, 52, 60, 72, 80, 82, 84]);
    assert_eq!((item.size, item.align), (96, 8));
    assert!(item.input && item.output);
}

#[test]
fn core_signatures_and_spilling() {
    let c = sample();
    let f = |name: &str| c.funcs.iter().find(|f| f.name == name).unwrap();
    // echo(item): 2 + 2 + shape 4 (discriminant + the join of circle i32, label i32 i32, pair i32 i32 i32)
    // + perms 1 + point 4 + tags 2 + at 3 + big 1 (i64) + small 1 + color 1 + shapes 2 = 23 > 16: spilled.
    let echo = f("echo");
    assert_eq!(c.flat(&echo.params[0].1).len(), 23);
    assert!(echo.spill.is_some() && echo.retptr && echo.post_return.is_some());
    assert_eq!(echo.core_params, [Core::I32]);
    // shapes(s, p, c): 4 + 1 + 1 = 6 flat values; the list comes back through a return area.
    let shapes = f("shapes");
    assert_eq!(shapes.core_params.len(), 6);
    assert!(shapes.spill.is_none() && shapes.retptr);
    // count(list<item>) -> u32: one flat result, no return area, nothing to free.
    let count = f("count");
    assert_eq!((count.core_params.len(), count.core_results.len()), (2, 1));
    assert!(!count.retptr && count.post_return.is_none());
    // many: 9 strings are 18 flat values: spilled into 9 × 8 = 72 bytes.
    let many = f("many");
    assert_eq!(many.spill.as_ref().map(|s| s.size), Some(72));
    assert_eq!(many.export, "test:sample/api@1.2.3#many");
    assert_eq!(
        many.post_return.as_deref(),
        Some("cabi_post_test:sample/api@1.2.3#many")
    );
    // The decimal alias is seen through `use`.
    assert!(matches!(
        many.params[8].1.kind,
        Kind::Str(kassa_witgen::model::Text::Decimal)
    ));
}

#[test]
fn floats_and_chars_are_refused() {
    let dir = std::env::temp_dir().join(format!("witgen-float-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("f.wit"),
        "package t:f;\ninterface i { record r { price: f64 } f: func(r: r); }\nworld w { export i; }\n",
    )
    .unwrap();
    let err = Contract::load(&dir, "f.wit").unwrap_err();
    assert!(
        format!("{err:#}").contains("floats are not allowed"),
        "{err:#}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The generated files of the sample, by path relative to the repository.
fn files() -> Vec<kassa_witgen::File> {
    kassa_witgen::emit(&sample()).expect("the sample generates")
}

fn write(dir: &Path, files: &[kassa_witgen::File], prefix: &str) {
    for f in files {
        if let Ok(rest) = f.path.strip_prefix(prefix) {
            std::fs::write(dir.join(rest), &f.contents).unwrap();
        }
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
        || Command::new(tool).arg("version").output().is_ok()
}

#[test]
fn rust_output_for_variants_flags_and_tuples() {
    let files = files();
    let api = &files
        .iter()
        .find(|f| f.path.ends_with("api.rs"))
        .unwrap()
        .contents;
    assert!(api.contains("pub enum Shape {\n    None,\n    Circle(u32),\n    Label(String),\n    Pair((u8, DecimalText)),\n}"), "{api}");
    assert!(api.contains("pub point: (u8, u32, String),"));
    assert!(api.contains("pub struct Perms {"));
    let convert = &files
        .iter()
        .find(|f| f.path.ends_with("convert.rs"))
        .unwrap()
        .contents;
    assert!(
        convert.contains("read: v.contains(w::Perms::READ),"),
        "{convert}"
    );
    assert!(convert.contains("out |= w::Perms::F;"));
    // The tuple's decimal is a DecimalText in core and a String in wit-bindgen's types: converted, the u8 moved.
    assert!(
        convert.contains(
            "w::Shape::Pair(x) => c::Shape::Pair({\n                let (x1_0, x1_1) = x;\n                (x1_0, x1_1.into())\n            }),"
        ),
        "{convert}"
    );
}

#[test]
fn go_round_trip() {
    if !have("go") {
        eprintln!("go is not installed: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("witgen-go-{}", std::process::id()));
    let cabi = dir.join("internal/cabi");
    std::fs::create_dir_all(&cabi).unwrap();
    // The module path of consumers/go, so that the generated code may import its internal cabi package.
    std::fs::write(
        dir.join("go.mod"),
        "module github.com/kassa-engine/kassa/consumers/go\n\ngo 1.24\n",
    )
    .unwrap();
    for name in ["layout.go", "lift.go", "lower.go"] {
        std::fs::copy(
            repo().join("consumers/go/internal/cabi").join(name),
            cabi.join(name),
        )
        .unwrap();
    }
    write(&dir, &files(), "consumers/go");
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sample");
    for name in ["stub.go", "roundtrip_test.go"] {
        std::fs::copy(here.join(name), dir.join(name)).unwrap();
    }
    let out = Command::new("go")
        .args(["vet", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "go vet: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("gofmt")
        .args(["-l", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.stdout.is_empty(),
        "not gofmt-clean: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = Command::new("go")
        .args(["test", "-count=1", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "go test: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn python_round_trip() {
    if !have("python3") {
        eprintln!("python3 is not installed: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("witgen-py-{}", std::process::id()));
    let pkg = dir.join("samplepkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for name in ["_abi.py", "_convert.py"] {
        std::fs::copy(
            repo().join("consumers/python/src/kassa").join(name),
            pkg.join(name),
        )
        .unwrap();
    }
    std::fs::write(pkg.join("__init__.py"), "").unwrap();
    std::fs::write(
        pkg.join("_errors.py"),
        "def error_from_wire(*fields):\n    return ('error', fields)\n",
    )
    .unwrap();
    write(&pkg, &files(), "consumers/python/src/kassa");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sample/roundtrip.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
