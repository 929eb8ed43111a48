//! Checks of account input, the same in the browser (the auth remote, which spares
//! students a round trip on a slow connection) and on the server (which decides).

/// The shortest password the platform accepts.
pub const MIN_PASSWORD_LEN: usize = 8;

/// Whether `email` looks like an address: one `@`, something before it, and a
/// domain with a dot after it.
pub fn check_email(email: &str) -> Result<(), &'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Err("Enter your email address.");
    }
    if email.len() > MAX_EMAIL_LEN {
        return Err("That email address is too long.");
    }
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err("Enter an email address like name@example.com."),
    }
}

/// The longest email address (RFC 5321's limit on a forward path).
pub const MAX_EMAIL_LEN: usize = 254;

/// The longest password the platform accepts (argon2 input is bounded).
pub const MAX_PASSWORD_LEN: usize = 128;

/// The longest display name.
pub const MAX_NAME_LEN: usize = 80;

/// Whether `name` is a usable display name.
pub fn check_name(name: &str) -> Result<(), &'static str> {
    let name = name.trim();
    if name.is_empty() {
        Err("Enter your name.")
    } else if name.chars().count() > MAX_NAME_LEN {
        Err("Your name is at most 80 characters.")
    } else {
        Ok(())
    }
}

/// Whether `password` is long enough.
pub fn check_password(password: &str) -> Result<(), &'static str> {
    if password.is_empty() {
        Err("Enter your password.")
    } else if password.chars().count() < MIN_PASSWORD_LEN {
        Err("Your password has at least 8 characters.")
    } else if password.chars().count() > MAX_PASSWORD_LEN {
        Err("Your password is at most 128 characters.")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(check_email("ana@example.ph").is_ok());
        assert!(check_email("  ana@example.ph ").is_ok());
        for bad in ["", "ana", "ana@", "@example.ph", "ana@example", "ana@@x.ph", "a na@x.ph", "ana@x.ph."] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.ph", "a".repeat(MAX_EMAIL_LEN));
        assert_eq!(check_email(&long), Err("That email address is too long."));
    }

    #[test]
    fn names() {
        assert!(check_name("Ana").is_ok());
        assert!(check_name("   ").is_err());
        assert!(check_name(&"a".repeat(81)).is_err());
    }

    #[test]
    fn passwords() {
        assert_eq!(check_password(""), Err("Enter your password."));
        assert!(check_password("short").is_err());
        assert!(check_password("long enough").is_ok());
        assert!(check_password(&"x".repeat(129)).is_err());
    }
}
