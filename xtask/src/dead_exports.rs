//! Dropping exported classes no remote uses. Leptos depends on `server_fn`, which
//! depends on `wasm-streams`, whose `#[wasm_bindgen]` classes (the adapters
//! between Rust streams and JS `ReadableStream`/`WritableStream`) are exports of
//! every Leptos bundle: wasm-bindgen keeps every export and writes a JS class for
//! each, and wasm-opt cannot remove an export. No remote streams a server
//! function, so nothing ever makes one: the build removes the classes from the
//! glue and their functions from the wasm's exports, before wasm-opt, which then
//! drops the code only they reached (about 1.7 KB brotli per remote).

#[cfg(test)]
use crate::wasm_sections::{module_of, sections};
use crate::wasm_sections::{read_leb, rewrite_sections, write_leb};

/// The classes removed, as wasm-bindgen names them in the glue.
const UNUSED_CLASSES: [&str; 3] = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];

/// `wasm` and `glue` without the [`UNUSED_CLASSES`] they define, and the names of
/// the classes removed. A class the wasm hands to JS (the glue wraps one: its
/// `__wrap`) is in use and kept.
pub(crate) fn drop_unused_classes(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String, Vec<&'static str>), String> {
    let mut glue = glue.to_owned();
    let mut removed = Vec::new();
    for class in UNUSED_CLASSES {
        if !glue.contains(&format!("export class {class} {{")) || glue.contains(&format!("{class}.__wrap")) {
            continue;
        }
        glue = without_class(&glue, class)?;
        removed.push(class);
    }
    if removed.is_empty() {
        return Ok((wasm.to_vec(), glue, removed));
    }
    let prefixes: Vec<String> = removed
        .iter()
        .flat_map(|class| {
            let lower = class.to_ascii_lowercase();
            [format!("{lower}_"), format!("__wbg_{lower}_free")]
        })
        .collect();
    for prefix in &prefixes {
        if glue.contains(&format!("wasm.{prefix}")) {
            return Err(format!(
                "the glue still calls `{prefix}…` after its class was removed: is wasm-bindgen's output new?"
            ));
        }
    }
    Ok((without_exports(wasm, &prefixes)?, glue, removed))
}

/// `glue` without `class`: its `export class` block, its `Symbol.dispose` line and
/// its `…Finalization` registry.
fn without_class(glue: &str, class: &str) -> Result<String, String> {
    let unexpected = || format!("the glue's class `{class}` is not as expected: is wasm-bindgen's output new?");
    let start = glue.find(&format!("export class {class} {{")).ok_or_else(unexpected)?;
    let end = start + glue[start..].find("\n}\n").ok_or_else(unexpected)? + 3;
    let mut out = [&glue[..start], &glue[end..]].concat();
    let dispose = format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n");
    out = out.replacen(&dispose, "", 1);
    let registry = format!("const {class}Finalization = ");
    let lower = class.to_ascii_lowercase();
    let registry_end = format!("new FinalizationRegistry(ptr => wasm.__wbg_{lower}_free(ptr, 1));\n");
    let at = out.find(&registry).ok_or_else(unexpected)?;
    let end = at + out[at..].find(&registry_end).ok_or_else(unexpected)? + registry_end.len();
    if out[at..end].matches(';').count() != 1 {
        return Err(unexpected());
    }
    out.replace_range(at..end, "");
    if out.contains(class) {
        return Err(unexpected());
    }
    Ok(out)
}

/// `wasm` without the exports whose names start with one of `prefixes`.
fn without_exports(wasm: &[u8], prefixes: &[String]) -> Result<Vec<u8>, String> {
    const EXPORT_SECTION: u8 = 7;
    rewrite_sections(wasm, EXPORT_SECTION, |body| {
        let mut at = 0;
        let count = read_leb(body, &mut at)?;
        let mut kept = Vec::new();
        let mut kept_count = 0u64;
        for _ in 0..count {
            let start = at;
            let length = read_leb(body, &mut at)? as usize;
            let name = body.get(at..at + length).ok_or("truncated export name")?;
            let name = std::str::from_utf8(name).map_err(|_| "an export name is not UTF-8")?;
            at += length + 1; // the name, then the kind
            read_leb(body, &mut at)?; // the index
            if !prefixes.iter().any(|prefix| name.starts_with(prefix.as_str())) {
                kept.extend_from_slice(&body[start..at]);
                kept_count += 1;
            }
        }
        let mut rewritten = Vec::new();
        write_leb(&mut rewritten, kept_count);
        rewritten.extend(kept);
        Ok(rewritten)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one export section: `names`, each a function export.
    fn module_exporting(names: &[&str]) -> Vec<u8> {
        let mut body = Vec::new();
        write_leb(&mut body, names.len() as u64);
        for (index, name) in names.iter().enumerate() {
            write_leb(&mut body, name.len() as u64);
            body.extend_from_slice(name.as_bytes());
            body.push(0);
            write_leb(&mut body, index as u64);
        }
        let mut section = vec![7];
        write_leb(&mut section, body.len() as u64);
        section.extend(body);
        module_of([section])
    }

    fn exports(wasm: &[u8]) -> Vec<String> {
        let section = sections(wasm).unwrap().into_iter().find(|s| s.id == 7).unwrap();
        let (body, mut at) = (section.body, 0);
        let count = read_leb(body, &mut at).unwrap();
        (0..count)
            .map(|_| {
                let length = read_leb(body, &mut at).unwrap() as usize;
                let name = String::from_utf8(body[at..at + length].to_vec()).unwrap();
                at += length + 1;
                read_leb(body, &mut at).unwrap();
                name
            })
            .collect()
    }

    const GLUE: &str = "export class IntoUnderlyingSink {\n    free() {\n        wasm.__wbg_intounderlyingsink_free(ptr, 0);\n    }\n    close() {\n        wasm.intounderlyingsink_close(this.__wbg_ptr);\n    }\n}\nif (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;\n\nexport function mount(m) { return wasm.mount(m); }\nconst IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));\nconst MountHandleFinalization = 1;\n";

    #[test]
    fn an_unused_stream_class_leaves_the_glue_and_its_functions_the_exports() {
        let wasm = module_exporting(&["memory", "__wbg_intounderlyingsink_free", "intounderlyingsink_close", "mount"]);
        let (wasm, glue, removed) = drop_unused_classes(&wasm, GLUE).unwrap();
        assert_eq!(removed, ["IntoUnderlyingSink"]);
        assert_eq!(exports(&wasm), ["memory", "mount"]);
        assert!(!glue.contains("IntoUnderlying") && !glue.contains("intounderlying"), "{glue}");
        assert!(glue.contains("export function mount") && glue.contains("MountHandleFinalization"), "{glue}");
    }

    #[test]
    fn a_class_the_wasm_hands_to_js_is_kept() {
        let used = format!("{GLUE}const s = IntoUnderlyingSink.__wrap(ptr);\n");
        let wasm = module_exporting(&["intounderlyingsink_close"]);
        let (kept, glue, removed) = drop_unused_classes(&wasm, &used).unwrap();
        assert!(removed.is_empty());
        assert_eq!((kept, glue), (wasm, used));
    }
}
