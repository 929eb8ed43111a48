//! Reading and removing wasm custom sections: `expose!` records a remote's exposed
//! modules in one, which the build reads for the manifest and then drops.

const MAGIC: &[u8] = b"\0asm\x01\0\0\0";

/// One section of a module: its id, its whole bytes (header included) and its body.
pub(crate) struct Section<'a> {
    pub(crate) id: u8,
    pub(crate) whole: &'a [u8],
    pub(crate) body: &'a [u8],
}

/// The module's sections, in order.
pub(crate) fn sections(module: &[u8]) -> Result<Vec<Section<'_>>, String> {
    if !module.starts_with(MAGIC) {
        return Err("not a wasm module".into());
    }
    let mut sections = Vec::new();
    let mut at = MAGIC.len();
    while at < module.len() {
        let start = at;
        let id = module[at];
        at += 1;
        let size = read_leb(module, &mut at)? as usize;
        let body = module.get(at..at + size).ok_or("truncated wasm section")?;
        at += size;
        sections.push(Section { id, whole: &module[start..at], body });
    }
    Ok(sections)
}

/// A module made of `MAGIC` and then `parts` (whole sections).
pub(crate) fn module_of(parts: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    parts.into_iter().for_each(|part| out.extend(part));
    out
}

/// `module` with the body of every section `id` replaced by what `rewrite` makes
/// of it (the other sections as they are).
pub(crate) fn rewrite_sections(
    module: &[u8],
    id: u8,
    mut rewrite: impl FnMut(&[u8]) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let mut parts = Vec::new();
    for section in sections(module)? {
        if section.id != id {
            parts.push(section.whole.to_vec());
            continue;
        }
        let body = rewrite(section.body)?;
        let mut part = vec![id];
        write_leb(&mut part, body.len() as u64);
        part.extend(body);
        parts.push(part);
    }
    Ok(module_of(parts))
}

/// The content of custom section `name`, and the module without it.
pub(crate) fn take_custom_section(module: &[u8], name: &str) -> Result<(Option<Vec<u8>>, Vec<u8>), String> {
    let mut kept = Vec::new();
    let mut found: Option<Vec<u8>> = None;
    for section in sections(module)? {
        if section.id == 0 {
            let mut name_at = 0;
            let name_len = read_leb(section.body, &mut name_at)? as usize;
            let section_name = section.body.get(name_at..name_at + name_len).ok_or("truncated section name")?;
            if section_name == name.as_bytes() {
                // The linker concatenates sections of the same name.
                found.get_or_insert_with(Vec::new).extend_from_slice(&section.body[name_at + name_len..]);
                continue;
            }
        }
        kept.push(section.whole.to_vec());
    }
    Ok((found, module_of(kept)))
}

/// The bytes of the module's data section (id 11): its constants, strings
/// included, with the segment headers (which only add a few bytes).
pub(crate) fn data_bytes(module: &[u8]) -> Result<Vec<u8>, String> {
    const DATA_SECTION: u8 = 11;
    Ok(sections(module)?.iter().filter(|s| s.id == DATA_SECTION).flat_map(|s| s.body.iter().copied()).collect())
}

/// Reads an unsigned LEB128 number.
pub(crate) fn read_leb(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("truncated LEB128")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("LEB128 too long".into())
}

/// A whole section: `id`, the body's length, the body (for building modules in tests).
#[cfg(test)]
pub(crate) fn section(id: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![id];
    write_leb(&mut out, body.len() as u64);
    out.extend_from_slice(body);
    out
}

pub(crate) fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(name: &str, content: &[u8]) -> Vec<u8> {
        let mut body = vec![name.len() as u8];
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(content);
        let mut section = vec![0, body.len() as u8];
        section.extend(body);
        section
    }

    #[test]
    fn finds_and_removes_the_section() {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.extend(custom("other", b"x"));
        module.extend(custom("mf_exposes", b"AuthApp\n"));
        module.extend(custom("mf_exposes", b"LoginForm\n"));
        let (found, kept) = take_custom_section(&module, "mf_exposes").unwrap();
        assert_eq!(found.as_deref(), Some(&b"AuthApp\nLoginForm\n"[..]));
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend(custom("other", b"x"));
        assert_eq!(kept, expected);
    }

    #[test]
    fn refuses_what_is_not_wasm() {
        assert!(take_custom_section(b"<html>", "mf_exposes").is_err());
    }
}
