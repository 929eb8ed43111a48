//! Dropping the closure shims wasm-bindgen leaves behind in the function table.
//!
//! wasm-bindgen describes every closure type a linked crate can hand to JS with
//! a pointer to its invoke shim (`wasm_bindgen::convert::closures::_::invoke`),
//! so the linker puts each shim in the function table. The CLI reads those
//! descriptions, exports the shims the glue uses (the glue calls them by their
//! export, never through the table) and deletes the descriptions, but leaves
//! the table entries: every shim stays, with whatever only it calls, and
//! wasm-opt cannot drop a table entry (any `call_indirect` might reach it).
//! Measured on 2026-12-07: 44-45 such entries per bundle, of which the glue
//! calls two or three, all through exports.
//!
//! Each such entry is pointed at a function the table keeps anyway, so wasm-opt
//! then removes the shims that nothing else references. When the function
//! table is exported (the glue could then call through it), when the module has
//! no function names, or when its element section is not in the plain form
//! the Rust toolchain writes, the module is left as it is.

use crate::wasm_sections::{read_leb, rewrite_sections, sections, write_leb};

/// The demangled name every invoke shim starts with (wasm-bindgen keeps the
/// names section, demangled).
const INVOKE_SHIM: &str = "wasm_bindgen::convert::closures::_::invoke::";

const IMPORT_SECTION: u8 = 2;
const TABLE_SECTION: u8 = 4;
const EXPORT_SECTION: u8 = 7;
const ELEMENT_SECTION: u8 = 9;
const FUNCREF: u8 = 0x70;
const TABLE_KIND: u8 = 1;

/// `module` with every table entry of an invoke shim pointed at a function the
/// table keeps anyway, and how many entries changed (0: the module as it was).
pub(crate) fn drop_table_only_shims(module: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let names = function_names(module)?;
    if names.is_empty() || function_table_exported(module)? {
        return Ok((module.to_vec(), 0));
    }
    let shims: Vec<u64> =
        names.iter().filter(|(_, name)| name.starts_with(INVOKE_SHIM)).map(|(index, _)| *index).collect();
    let is_shim = |function: u64| shims.contains(&function);
    let mut changed = 0;
    let mut plain = true;
    let rewritten = rewrite_sections(module, ELEMENT_SECTION, |body| match repoint_shims(body, &is_shim)? {
        Some((body, count)) => {
            changed = count;
            Ok(body)
        }
        None => {
            plain = false;
            Ok(body.to_vec())
        }
    })?;
    if !plain || changed == 0 {
        return Ok((module.to_vec(), 0));
    }
    Ok((rewritten, changed))
}

/// The element section `body` with each shim entry pointed at the segment's
/// first entry that is not a shim, and how many changed; None when a segment is
/// not a plain active one (flag 0: an offset, then function indices).
fn repoint_shims(body: &[u8], is_shim: &dyn Fn(u64) -> bool) -> Result<Option<(Vec<u8>, usize)>, String> {
    let mut at = 0;
    let segments = read_leb(body, &mut at)?;
    let mut out = Vec::new();
    write_leb(&mut out, segments);
    let mut changed = 0;
    for _ in 0..segments {
        if read_leb(body, &mut at)? != 0 {
            return Ok(None);
        }
        out.push(0);
        // The offset: a constant expression ending in `end` (0x0b).
        let offset_start = at;
        let end = body[at..].iter().position(|b| *b == 0x0b).ok_or("an element offset without end")?;
        at += end + 1;
        out.extend_from_slice(&body[offset_start..at]);
        let count = read_leb(body, &mut at)?;
        let functions = (0..count).map(|_| read_leb(body, &mut at)).collect::<Result<Vec<_>, _>>()?;
        let Some(&keeper) = functions.iter().find(|f| !is_shim(**f)) else {
            return Ok(None);
        };
        write_leb(&mut out, count);
        for function in functions {
            let kept = if is_shim(function) {
                changed += 1;
                keeper
            } else {
                function
            };
            write_leb(&mut out, kept);
        }
    }
    if at != body.len() {
        return Err("the element section has bytes after its segments".into());
    }
    Ok(Some((out, changed)))
}

/// Whether an export names a funcref table (the glue could call through it).
fn function_table_exported(module: &[u8]) -> Result<bool, String> {
    let mut funcref_tables = Vec::new();
    let mut tables = 0u64;
    for section in sections(module)? {
        let body = section.body;
        let mut at = 0;
        match section.id {
            IMPORT_SECTION => {
                for _ in 0..read_leb(body, &mut at)? {
                    for _ in 0..2 {
                        let len = read_leb(body, &mut at)? as usize;
                        at += len;
                    }
                    let kind = *body.get(at).ok_or("truncated import")?;
                    at += 1;
                    match kind {
                        0 => drop(read_leb(body, &mut at)?),
                        TABLE_KIND => {
                            if body.get(at) == Some(&FUNCREF) {
                                funcref_tables.push(tables);
                            }
                            tables += 1;
                            at += 1;
                            skip_limits(body, &mut at)?;
                        }
                        2 => skip_limits(body, &mut at)?,
                        3 => at += 2,
                        // A kind this reader does not know: assume the worst.
                        _ => return Ok(true),
                    }
                }
            }
            TABLE_SECTION => {
                for _ in 0..read_leb(body, &mut at)? {
                    if body.get(at) == Some(&FUNCREF) {
                        funcref_tables.push(tables);
                    }
                    tables += 1;
                    at += 1;
                    skip_limits(body, &mut at)?;
                }
            }
            EXPORT_SECTION => {
                for _ in 0..read_leb(body, &mut at)? {
                    let len = read_leb(body, &mut at)? as usize;
                    at += len;
                    let kind = *body.get(at).ok_or("truncated export")?;
                    at += 1;
                    let index = read_leb(body, &mut at)?;
                    if kind == TABLE_KIND && funcref_tables.contains(&index) {
                        return Ok(true);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(false)
}

/// Skips a table's or memory's limits (flags, minimum, and a maximum if flagged).
fn skip_limits(body: &[u8], at: &mut usize) -> Result<(), String> {
    let flags = read_leb(body, at)?;
    read_leb(body, at)?;
    if flags & 1 == 1 {
        read_leb(body, at)?;
    }
    Ok(())
}

/// The function names of the `name` custom section (index, name); empty without one.
fn function_names(module: &[u8]) -> Result<Vec<(u64, String)>, String> {
    let mut names = Vec::new();
    for section in sections(module)?.into_iter().filter(|s| s.id == 0) {
        let body = section.body;
        let mut at = 0;
        let len = read_leb(body, &mut at)? as usize;
        if body.get(at..at + len) != Some(&b"name"[..]) {
            continue;
        }
        at += len;
        while at < body.len() {
            let kind = body[at];
            at += 1;
            let size = read_leb(body, &mut at)? as usize;
            let end = at + size;
            if kind == 1 {
                for _ in 0..read_leb(body, &mut at)? {
                    let index = read_leb(body, &mut at)?;
                    let len = read_leb(body, &mut at)? as usize;
                    let name = body.get(at..at + len).ok_or("truncated function name")?;
                    names.push((index, String::from_utf8_lossy(name).into_owned()));
                    at += len;
                }
            }
            at = end;
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_sections::{module_of, section};

    /// Three functions `() -> ()`, a funcref table holding all three from index
    /// 1, function 1 named as an invoke shim, and `exports` as the export section's body.
    fn module(exports: &[u8]) -> Vec<u8> {
        let mut names = vec![4];
        names.extend_from_slice(b"name");
        let mut functions = vec![3];
        for (index, name) in [(0u8, "start"), (1, "wasm_bindgen::convert::closures::_::invoke::h0123"), (2, "other")] {
            functions.extend([index, name.len() as u8]);
            functions.extend_from_slice(name.as_bytes());
        }
        names.push(1);
        names.push(functions.len() as u8);
        names.extend(functions);
        module_of([
            section(1, &[1, 0x60, 0, 0]),
            section(3, &[3, 0, 0, 0]),
            section(4, &[1, FUNCREF, 0, 4]),
            section(7, exports),
            section(9, &[1, 0, 0x41, 1, 0x0b, 3, 0, 1, 2]),
            section(10, &[3, 2, 0, 0x0b, 2, 0, 0x0b, 2, 0, 0x0b]),
            section(0, &names),
        ])
    }

    fn element_section(module: &[u8]) -> Vec<u8> {
        sections(module).unwrap().iter().find(|s| s.id == ELEMENT_SECTION).unwrap().body.to_vec()
    }

    #[test]
    fn points_shim_entries_at_a_kept_function() {
        let (out, changed) = drop_table_only_shims(&module(&[0])).unwrap();
        assert_eq!(changed, 1);
        // Entry 1 (the shim) now holds function 0, the first entry kept.
        assert_eq!(element_section(&out), vec![1, 0, 0x41, 1, 0x0b, 3, 0, 0, 2]);
        // Everything else as it was.
        assert_eq!(out.len(), module(&[0]).len());
    }

    #[test]
    fn leaves_a_module_whose_function_table_is_exported() {
        // Export "t" of table 0.
        let exported = module(&[1, 1, b't', TABLE_KIND, 0]);
        let (out, changed) = drop_table_only_shims(&exported).unwrap();
        assert_eq!(changed, 0);
        assert_eq!(out, exported);
    }

    #[test]
    fn leaves_a_module_without_names() {
        let named = module(&[0]);
        let unnamed: Vec<Vec<u8>> =
            sections(&named).unwrap().iter().filter(|s| s.id != 0).map(|s| s.whole.to_vec()).collect();
        let unnamed = module_of(unnamed);
        let (out, changed) = drop_table_only_shims(&unnamed).unwrap();
        assert_eq!((out, changed), (unnamed, 0));
    }
}
