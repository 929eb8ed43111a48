//! Making a bundle's JS glue and wasm smaller after wasm-bindgen, without changing
//! what they do.
//!
//! - Import names: wasm-bindgen names each import `__wbg_<method>_<16 hex>`, and the
//!   name is written twice (in the wasm's import section and as a key in the glue).
//!   The hashes do not compress, so each import is renamed to a short name in both.
//! - Snippet modules: the wasm imports a snippet's functions (those it calls
//!   directly) from the snippet's path, `./snippets/<crate>-<16 hex>/inline3.js`;
//!   each such module is renamed to a short name too, in the wasm's import section
//!   and as the key of the glue's imports object (its `import` line keeps the
//!   path, which esbuild bundles).
//! - Snippets imported twice: wasm-bindgen 0.2.130 may import one snippet module
//!   under two names and list both under the same key of the imports object
//!   (the same module, so harmless); the second is dropped, which also quiets
//!   esbuild's duplicate-key warning on every build.
//! - Entry points: wasm-bindgen's glue exports `initSync` besides its init (the
//!   default export), and warns about the init's older argument forms. The
//!   runtime and the loader start every bundle with the default export, given an
//!   object (the wasm compiles as it streams), so `initSync` and the warnings'
//!   texts are removed.
//! - Minifying: esbuild minifies the glue and bundles wasm-bindgen's `snippets/`
//!   into it, so the glue is one self-contained module (one request fewer).

use std::path::Path;
use std::process::Command;

use crate::process;
use crate::wasm_sections::{read_leb, rewrite_sections, write_leb};

/// The glue and wasm with every import from `module` (the glue's own module,
/// `./<name>_bg.js`) renamed to a short name, and every snippet module too, in both.
pub(crate) fn shorten_imports(wasm: &[u8], js: &str, module: &str) -> Result<(Vec<u8>, String), String> {
    let (wasm, renamed, snippets) = rename_imports(wasm, module)?;
    let mut js = js.to_owned();
    for (long, short) in &renamed {
        let (replaced, count) = replace_identifier(&js, long, short);
        if count != 1 {
            return Err(format!(
                "the glue names import `{long}` {count} times, expected once: is wasm-bindgen's output new?"
            ));
        }
        js = replaced;
    }
    let quoted = format!("\"{module}\"");
    if !js.contains(&quoted) {
        return Err(format!("the glue does not name its import module {quoted}"));
    }
    let mut js = without_sync_init(&without_repeated_imports(&js.replace(&quoted, &format!("\"{SHORT_MODULE}\""))));
    for (path, short) in &snippets {
        // The imports object's key (`"path": importN`), not the `import … from "path"` line.
        let key = format!("\"{path}\": ");
        if !js.contains(&key) {
            return Err(format!(
                "the glue's imports object has no entry for snippet {path}: is wasm-bindgen's output new?"
            ));
        }
        js = js.replace(&key, &format!("\"{short}\": "));
    }
    Ok((wasm, js))
}

/// `js` without a second `import * as importN from "path"` of a module it already
/// imports, and without that name's entry (`"path": importN,`) in the imports
/// object. Unless every such line is found once (glue written another way), `js`
/// is left as it is: a repeated import is harmless, a half-removed one is not.
fn without_repeated_imports(js: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for line in js.lines() {
        let Some((name, path)) = line.strip_prefix("import * as ").and_then(|rest| rest.split_once(" from ")) else {
            continue;
        };
        if seen.contains(&path) {
            dropped.push(format!("{}: {name},", path.trim_end_matches(';')));
            dropped.push(line.to_owned());
        } else {
            seen.push(path);
        }
    }
    // Each line to drop must be there exactly once, or nothing is dropped.
    let each_once = dropped.iter().all(|d| js.lines().filter(|line| line.trim() == d).count() == 1);
    if dropped.is_empty() || !each_once {
        return js.to_owned();
    }
    let kept: Vec<&str> = js.lines().filter(|line| !dropped.iter().any(|d| d == line.trim())).collect();
    let mut out = kept.join("\n");
    if js.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// wasm-bindgen's `initSync`, from its definition up to what follows it.
const SYNC_INIT: (&str, &str) = ("function initSync(module) {", "let __wbg_init_promise;");
/// The glue's exports, with and without `initSync`.
const EXPORTS: (&str, &str) = ("export { initSync, __wbg_init as default };", "export { __wbg_init as default };");
/// The init's reading of its argument, with the warning for older forms, and
/// the same without the warning.
const INIT_ARGUMENT: (&str, &str) = (
    "    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }",
    "    if (module_or_path !== undefined && Object.getPrototypeOf(module_or_path) === Object.prototype) {
        ({module_or_path} = module_or_path)
    }",
);

/// `js` without `initSync` and without the init's warning (see the module's
/// docs). Unless each piece is found exactly once, as wasm-bindgen writes it,
/// `js` is left as it is (the bundle works either way).
fn without_sync_init(js: &str) -> String {
    let once = |text: &str| js.matches(text).count() == 1;
    if ![SYNC_INIT.0, SYNC_INIT.1, EXPORTS.0, INIT_ARGUMENT.0].into_iter().all(once) {
        return js.to_owned();
    }
    let (Some(start), Some(end)) = (js.find(SYNC_INIT.0), js.find(SYNC_INIT.1)) else { return js.to_owned() };
    if end < start {
        return js.to_owned();
    }
    let js = [&js[..start], &js[end..]].concat();
    js.replace(EXPORTS.0, EXPORTS.1).replace(INIT_ARGUMENT.0, INIT_ARGUMENT.1)
}

/// The short name of the glue's import module.
const SHORT_MODULE: &str = "a";

/// Minifies `glue` with esbuild, bundling the snippets it imports, into `out`.
pub(crate) fn minify(esbuild: &Path, glue: &Path, out: &Path) -> Result<Vec<u8>, String> {
    let mut command = Command::new(esbuild);
    command.arg(glue).args(["--bundle", "--format=esm", "--minify", "--log-level=warning"]);
    command.arg(format!("--outfile={}", out.display()));
    process::run(command, glue.parent().unwrap_or(Path::new(".")))?;
    std::fs::read(out).map_err(|e| format!("{}: {e}", out.display()))
}

/// Import names, or snippet modules: (long, short).
type Renaming = Vec<(String, String)>;

/// Where wasm-bindgen puts the snippets, relative to the glue.
const SNIPPETS: &str = "./snippets/";

/// Rewrites the import section, renaming the imports from `module` and the
/// snippet modules; returns both renamings (long name, short name).
fn rename_imports(wasm: &[u8], module: &str) -> Result<(Vec<u8>, Renaming, Renaming), String> {
    const IMPORT_SECTION: u8 = 2;
    let mut renamed = Vec::new();
    let mut snippets: Renaming = Vec::new();
    let wasm = rewrite_sections(wasm, IMPORT_SECTION, |body| {
        let mut rewritten = Vec::new();
        let mut pos = 0;
        let count = read_leb(body, &mut pos)?;
        write_leb(&mut rewritten, count);
        for _ in 0..count {
            let from = read_name(body, &mut pos)?;
            let field = read_name(body, &mut pos)?;
            let descriptor_start = pos;
            skip_import_descriptor(body, &mut pos)?;
            let (from, field) = if from == module {
                let short = short_name(renamed.len());
                renamed.push((field, short.clone()));
                (SHORT_MODULE.to_owned(), short)
            } else if from.starts_with(SNIPPETS) {
                // After the glue module's `a`: `b`, `c`, …
                let short = match snippets.iter().find(|(path, _)| *path == from) {
                    Some((_, short)) => short.clone(),
                    None => {
                        let short = short_name(snippets.len() + 1);
                        snippets.push((from, short.clone()));
                        short
                    }
                };
                (short, field)
            } else {
                (from, field)
            };
            write_name(&mut rewritten, &from);
            write_name(&mut rewritten, &field);
            rewritten.extend_from_slice(&body[descriptor_start..pos]);
        }
        Ok(rewritten)
    })?;
    Ok((wasm, renamed, snippets))
}

/// `a`, `b`, … `Z`, `aa`, `ab`, …: valid JS identifiers, never a keyword.
fn short_name(index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    let mut n = index;
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    let name = String::from_utf8(name).unwrap_or_default();
    // Two-letter names that are JS keywords.
    if matches!(name.as_str(), "do" | "if" | "in") {
        format!("{name}_")
    } else {
        name
    }
}

/// Replaces whole-identifier occurrences of `long` in `js`; returns the count.
fn replace_identifier(js: &str, long: &str, short: &str) -> (String, usize) {
    let is_identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(js.len());
    let mut count = 0;
    let mut rest = js;
    while let Some(found) = rest.find(long) {
        let before = if found > 0 { rest[..found].chars().last() } else { out.chars().last() };
        let after = rest[found + long.len()..].chars().next();
        out.push_str(&rest[..found]);
        if before.is_some_and(is_identifier) || after.is_some_and(is_identifier) {
            out.push_str(long);
        } else {
            out.push_str(short);
            count += 1;
        }
        rest = &rest[found + long.len()..];
    }
    out.push_str(rest);
    (out, count)
}

fn skip_import_descriptor(body: &[u8], pos: &mut usize) -> Result<(), String> {
    let kind = *body.get(*pos).ok_or("truncated import")?;
    *pos += 1;
    match kind {
        // function: type index
        0 => drop(read_leb(body, pos)?),
        // table: element type, limits
        1 => {
            *pos += 1;
            skip_limits(body, pos)?;
        }
        // memory: limits
        2 => skip_limits(body, pos)?,
        // global: value type, mutability
        3 => *pos += 2,
        // tag: attribute, type index
        4 => {
            *pos += 1;
            read_leb(body, pos)?;
        }
        other => return Err(format!("unknown import kind {other}")),
    }
    Ok(())
}

fn skip_limits(body: &[u8], pos: &mut usize) -> Result<(), String> {
    let flags = *body.get(*pos).ok_or("truncated limits")?;
    *pos += 1;
    read_leb(body, pos)?;
    if flags & 1 != 0 {
        read_leb(body, pos)?;
    }
    Ok(())
}

fn read_name(bytes: &[u8], pos: &mut usize) -> Result<String, String> {
    let len = read_leb(bytes, pos)? as usize;
    let name = bytes.get(*pos..*pos + len).ok_or("truncated name")?;
    *pos += len;
    String::from_utf8(name.to_vec()).map_err(|_| "an import name is not UTF-8".into())
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_sections::section;

    fn module_with_imports(imports: &[(&str, &str)]) -> Vec<u8> {
        let mut body = Vec::new();
        write_leb(&mut body, imports.len() as u64);
        for (module, field) in imports {
            write_name(&mut body, module);
            write_name(&mut body, field);
            body.extend_from_slice(&[0, 0]); // a function of type 0
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(section(1, &[1, 0x60, 0, 0])); // type 0: [] -> []
        wasm.extend(section(2, &body));
        wasm
    }

    #[test]
    fn renames_the_glue_imports_in_the_wasm_and_the_glue() {
        let wasm = module_with_imports(&[("./x_bg.js", "__wbg_call_0123456789abcdef"), ("env", "keep")]);
        let js = "const imports = { \"./x_bg.js\": { __wbg_call_0123456789abcdef: function(a) {} } };";
        let (wasm, js) = shorten_imports(&wasm, js, "./x_bg.js").unwrap();
        assert_eq!(js, "const imports = { \"a\": { a: function(a) {} } };");
        assert_eq!(wasm, module_with_imports(&[("a", "a"), ("env", "keep")]));
    }

    #[test]
    fn renames_snippet_modules_in_the_wasm_and_the_imports_object() {
        let wasm = module_with_imports(&[
            ("./snippets/f-0123/inline0.js", "show"),
            ("./x_bg.js", "__wbg_call_0123456789abcdef"),
            ("./snippets/f-0123/src/bus/protocol.js", "dispatch"),
            ("./snippets/f-0123/inline0.js", "hide"),
        ]);
        let js = "import * as import1 from \"./snippets/f-0123/inline0.js\"\nimport * as import2 from \"./snippets/f-0123/src/bus/protocol.js\"\nconst imports = {\n  \"./x_bg.js\": { __wbg_call_0123456789abcdef: function(a) {} },\n  \"./snippets/f-0123/inline0.js\": import1,\n  \"./snippets/f-0123/src/bus/protocol.js\": import2,\n};";
        let (wasm, js) = shorten_imports(&wasm, js, "./x_bg.js").unwrap();
        assert_eq!(
            js,
            "import * as import1 from \"./snippets/f-0123/inline0.js\"\nimport * as import2 from \"./snippets/f-0123/src/bus/protocol.js\"\nconst imports = {\n  \"a\": { a: function(a) {} },\n  \"b\": import1,\n  \"c\": import2,\n};"
        );
        assert_eq!(wasm, module_with_imports(&[("b", "show"), ("a", "a"), ("c", "dispatch"), ("b", "hide")]));
        // A snippet the imports object does not list: an error, not a glue that cannot start.
        let wasm = module_with_imports(&[("./snippets/f-0123/inline0.js", "show")]);
        let error = shorten_imports(&wasm, "\"./x_bg.js\": {}", "./x_bg.js").unwrap_err();
        assert!(error.contains("inline0.js"), "{error}");
    }

    #[test]
    fn refuses_glue_that_does_not_name_an_import_exactly_once() {
        let wasm = module_with_imports(&[("./x_bg.js", "__wbg_f_1")]);
        let error = shorten_imports(&wasm, "\"./x_bg.js\": {}", "./x_bg.js").unwrap_err();
        assert!(error.contains("__wbg_f_1"), "{error}");
        let error = shorten_imports(&wasm, "\"./x_bg.js\": { __wbg_f_1, __wbg_f_1 }", "./x_bg.js").unwrap_err();
        assert!(error.contains("2 times"), "{error}");
    }

    #[test]
    fn a_module_imported_twice_is_imported_once() {
        let js = "import * as import1 from \"./snippets/f/handoff.js\"\nimport * as import2 from \"./snippets/f/handoff.js\"\nconst i = {\n        \"a\": import0,\n        \"./snippets/f/handoff.js\": import1,\n        \"./snippets/f/handoff.js\": import2,\n};\n";
        assert_eq!(
            without_repeated_imports(js),
            "import * as import1 from \"./snippets/f/handoff.js\"\nconst i = {\n        \"a\": import0,\n        \"./snippets/f/handoff.js\": import1,\n};\n"
        );
        let once = "import * as import1 from \"./x.js\"\nconst i = { \"./x.js\": import1 };";
        assert_eq!(without_repeated_imports(once), once);
        // Its entry written another way: nothing is removed, not the import alone.
        let other = "import * as import1 from \"./x.js\"\nimport * as import2 from \"./x.js\"\nconst i = { \"./x.js\": import1, \"./x.js\": import2 };";
        assert_eq!(without_repeated_imports(other), other);
    }

    #[test]
    fn drops_the_sync_init_and_the_init_warning() {
        let glue = format!(
            "function a() {{}}\n{}\n    return x;\n}}\n\n{}\nasync function __wbg_init_once(module_or_path) {{\n{}\n}}\n{}\n",
            SYNC_INIT.0, SYNC_INIT.1, INIT_ARGUMENT.0, EXPORTS.0
        );
        let expected = format!(
            "function a() {{}}\n{}\nasync function __wbg_init_once(module_or_path) {{\n{}\n}}\n{}\n",
            SYNC_INIT.1, INIT_ARGUMENT.1, EXPORTS.1
        );
        assert_eq!(without_sync_init(&glue), expected);
        // Written another way (a piece missing or repeated): left as it is.
        let other = glue.replace(EXPORTS.0, "export { initSync, __wbg_init as default, mount };");
        assert_eq!(without_sync_init(&other), other);
        let twice = format!("{glue}{}", SYNC_INIT.0);
        assert_eq!(without_sync_init(&twice), twice);
    }

    #[test]
    fn replaces_whole_identifiers_only() {
        let (out, count) = replace_identifier("__wbg_f_1 x__wbg_f_1 __wbg_f_12 (__wbg_f_1)", "__wbg_f_1", "b");
        assert_eq!(out, "b x__wbg_f_1 __wbg_f_12 (b)");
        assert_eq!(count, 2);
    }

    #[test]
    fn short_names_are_unique_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert!(names.iter().all(|n| n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())));
        assert!(!names.iter().any(|n| n == "do" || n == "if" || n == "in"));
    }
}
