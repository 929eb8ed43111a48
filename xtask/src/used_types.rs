//! Which contract types a remote uses, read from its optimised wasm: a type is
//! used when its wire name (`exam-completed`, `session`) is among the module's
//! data, where the typed bus and shared-state calls keep it (`mf:<name>`,
//! `mf:state:<key>` are built from it at run time). Code that is not linked in
//! leaves no string behind, so an unused type is not listed, and a remote is not
//! refused for a change to a type it never touches. A name that also appears in
//! other text only makes the check stricter, never looser.

use federation::TypeFingerprints;

use crate::wasm_sections::data_bytes;

/// The fingerprints in `all` of the types whose wire names are in `wasm`'s data.
pub(crate) fn used_types(wasm: &[u8], all: &TypeFingerprints) -> Result<TypeFingerprints, String> {
    let data = data_bytes(wasm)?;
    let used = all
        .0
        .iter()
        .filter(|(name, _)| {
            let wire = name.split_once(':').map_or(name.as_str(), |(_, wire)| wire);
            data.windows(wire.len()).any(|w| w == wire.as_bytes())
        })
        .cloned()
        .collect();
    Ok(TypeFingerprints(used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_sections::write_leb;

    fn module_with_data(data: &[u8]) -> Vec<u8> {
        let mut body = vec![1, 0x01]; // one passive segment
        write_leb(&mut body, data.len() as u64);
        body.extend_from_slice(data);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(11);
        write_leb(&mut wasm, body.len() as u64);
        wasm.extend(body);
        // A custom section naming another type must not count.
        wasm.extend([0, 12, 4, b'n', b'a', b'm', b'e']);
        wasm.extend(b"theme!!");
        wasm
    }

    #[test]
    fn lists_the_types_named_in_the_data() {
        let all = TypeFingerprints(vec![
            ("event:exam-completed".into(), "1".into()),
            ("state:session".into(), "2".into()),
            ("state:theme".into(), "3".into()),
        ]);
        let wasm = module_with_data(b"\0\0mf:exam-completed\0session-widget");
        let used = used_types(&wasm, &all).unwrap();
        assert_eq!(
            used.0,
            [("event:exam-completed".to_string(), "1".to_string()), ("state:session".into(), "2".into())]
        );
    }
}
