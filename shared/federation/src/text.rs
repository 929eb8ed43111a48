//! Text put together from parts without `core::fmt`. In the container's `no_std`
//! runtime, `fmt`'s machinery (padding, integer formatting, `fmt::write`) costs
//! more wasm than every message it would format, so the error messages and the
//! few numbers the browser code prints are built with these two functions.

use alloc::string::String;

/// `parts`, one after another.
pub fn concat(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// `n` in decimal digits.
pub fn decimal(n: u64) -> String {
    let mut text = String::new();
    push_decimal(&mut text, n);
    text
}

/// Appends `n`'s digits, most significant first: slices of one constant (no
/// `char` encoding, no UTF-8 check, no panic path).
fn push_decimal(text: &mut String, n: u64) {
    const DIGITS: &str = "0123456789";
    if n >= 10 {
        push_decimal(text, n / 10);
    }
    let digit = (n % 10) as usize;
    text.push_str(DIGITS.get(digit..=digit).unwrap_or_default());
}

/// `Display` for errors that build their own message (`fn message(&self) ->
/// String`): printing one writes its message.
macro_rules! display_message {
    ($($error:ty),+) => {$(
        impl core::fmt::Display for $error {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.message())
            }
        }
    )+};
}
pub(crate) use display_message;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_joins_parts_in_order() {
        assert_eq!(concat(&["FED-", "001", ": x"]), "FED-001: x");
        assert_eq!(concat(&[]), "");
    }

    #[test]
    fn decimal_prints_every_digit() {
        for n in [0, 7, 10, 404, 1_000_000, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
