//! Client-side checks of the sign-in form. The server checks again; these only
//! spare students a round trip on a slow connection.

/// The shortest password the platform accepts.
pub(crate) const MIN_PASSWORD_LEN: usize = 8;

/// Whether `email` looks like an address: one `@`, something before it, and a
/// domain with a dot after it.
pub(crate) fn check_email(email: &str) -> Result<(), &'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Err("Enter your email address.");
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

/// Whether `password` is long enough.
pub(crate) fn check_password(password: &str) -> Result<(), &'static str> {
    if password.is_empty() {
        Err("Enter your password.")
    } else if password.chars().count() < MIN_PASSWORD_LEN {
        Err("Your password has at least 8 characters.")
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
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.ph",
            "ana@example",
            "ana@@x.ph",
            "a na@x.ph",
            "ana@x.ph.",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn passwords() {
        assert_eq!(check_password(""), Err("Enter your password."));
        assert!(check_password("short").is_err());
        assert!(check_password("long enough").is_ok());
    }
}
