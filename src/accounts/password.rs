//! Passwords of staff accounts: which are good enough, and how they are kept.
//!
//! A password is kept only as an Argon2id hash in the PHC string format (salt and parameters
//! inside), with the crate's default parameters, which follow OWASP's recommendation. A
//! password is refused when it is shorter than [`MIN_LENGTH`] characters or easy to guess:
//! zxcvbn's estimate, which knows the common-password lists, English words, names, keyboard
//! patterns and repeats, and is given the account's own address and name, puts it below
//! 10^10 guesses.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use std::sync::LazyLock;
use zxcvbn::Score;

/// The fewest characters a password may have.
pub const MIN_LENGTH: usize = 12;

/// The most a password may have: hashing a megabyte on every attempt would be an easy way to
/// keep the server busy.
pub const MAX_LENGTH: usize = 256;

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    /// On a list of common passwords, a word or name, a pattern, or the account's own address
    /// or name.
    EasyToGuess,
    /// The two fields of a form differ.
    Mismatch,
}

impl Weakness {
    /// The reason in English, for the command line.
    pub fn reason(self) -> String {
        match self {
            Self::TooShort => format!("a password needs at least {MIN_LENGTH} characters"),
            Self::TooLong => format!("a password may have at most {MAX_LENGTH} characters"),
            Self::EasyToGuess => "the password is too easy to guess (a common password, a word, \
                                  a pattern or the account's own address or name)"
                .to_owned(),
            Self::Mismatch => "the two passwords differ".to_owned(),
        }
    }
}

/// Whether `password` may be the password of the account with `email` and `name`.
pub fn check_strength(password: &str, email: &str, name: &str) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(Weakness::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(Weakness::TooLong);
    }
    let local_part = email.split('@').next().unwrap_or(email);
    let mut inputs = vec![email, local_part];
    inputs.extend(name.split_whitespace());
    if zxcvbn::zxcvbn(password, &inputs).score() < Score::Three {
        return Err(Weakness::EasyToGuess);
    }
    Ok(())
}

/// The PHC string of `password`'s Argon2id hash, with a new random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
    Ok(hash.to_string())
}

/// A hash of no one's password, verified against when an address has no account (or no
/// password), so that the answer takes as long as for an account and tells nothing.
static DECOY: LazyLock<String> =
    LazyLock::new(|| hash("no account has this password").unwrap_or_default());

/// Whether `password` matches the stored hash `stored`; with none, the work of a check is
/// done anyway and the answer is no.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let decoy = DECOY.as_str();
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(decoy)) else {
        return false;
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    matches && stored.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_personal_passwords_are_refused_with_their_reason() {
        let cases = [
            ("short1!", Err(Weakness::TooShort)),
            ("password1234", Err(Weakness::EasyToGuess)),
            ("qwertyuiopasdf", Err(Weakness::EasyToGuess)),
            ("aaaaaaaaaaaaaaaa", Err(Weakness::EasyToGuess)),
            ("ana.lopez@example.org", Err(Weakness::EasyToGuess)),
            ("AnaLopezAnaLopez", Err(Weakness::EasyToGuess)),
            ("correct horse battery staple", Ok(())),
            ("Tlaxcala-mesa-verde-2027", Ok(())),
        ];
        for (password, expected) in cases {
            assert_eq!(
                check_strength(password, "ana.lopez@example.org", "Ana Lopez"),
                expected,
                "{password}"
            );
        }
        let long = "x".repeat(MAX_LENGTH + 1);
        assert_eq!(
            check_strength(&long, "a@b.org", "A"),
            Err(Weakness::TooLong)
        );
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery staple").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery staple", Some(&stored)));
        assert!(!verify("correct horse battery stapler", Some(&stored)));
        assert!(!verify("no account has this password", None));
        assert_ne!(stored, hash("correct horse battery staple").unwrap());
    }
}
