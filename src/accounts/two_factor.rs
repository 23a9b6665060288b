//! The second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator app,
//! with the parameters every app understands — SHA-1, six digits, 30-second steps, one step
//! of clock drift either way — and a 160-bit secret, as the RFC recommends.
//!
//! The secret is shown once while the holder sets the app up (as text and as an `otpauth://`
//! link), and kept in the account. A code is taken only once: the step it belongs to is kept,
//! and a code of that step or an earlier one is refused (RFC 6238, section 5.2).

use chrono::NaiveDateTime;
use rand::RngCore as _;
use totp_rs::{Builder, Secret, Totp};

/// A new secret, in base32 as apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

/// The generator for `secret` (base32), labelled with `issuer` and `account` for the app.
fn totp(secret: &str, issuer: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(issuer.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// The `otpauth://` link that sets up an app for `secret`.
pub fn setup_link(secret: &str, issuer: &str, account: &str) -> Option<String> {
    totp(secret, issuer, account)?.to_url().ok()
}

/// The step of `code` if it is a valid code of `secret` at `now` and later than
/// `last_step`, the step of the last code taken.
pub fn check(secret: &str, code: &str, now: NaiveDateTime, last_step: Option<i64>) -> Option<i64> {
    let totp = totp(secret, "dialogo", "")?;
    let seconds = u64::try_from(now.and_utc().timestamp()).ok()?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let step = i64::try_from(totp.check(&code, seconds)?).ok()?;
    last_step.is_none_or(|last| step > last).then_some(step)
}

/// The code of `secret` at `now`, as an app would show it (for tests and the command line's
/// scripts).
pub fn code_at(secret: &str, now: NaiveDateTime) -> Option<String> {
    let totp = totp(secret, "dialogo", "")?;
    let seconds = u64::try_from(now.and_utc().timestamp()).ok()?;
    Some(totp.generate(seconds).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn a_code_works_once_within_its_window() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let code = code_at(&secret, now).unwrap();
        let step = check(&secret, &code, now, None).expect("the current code works");
        assert_eq!(check(&secret, &code, now, Some(step)), None, "not twice");
        // One step of drift either way is forgiven, two are not.
        assert!(check(&secret, &code, now + TimeDelta::seconds(30), None).is_some());
        assert_eq!(
            check(&secret, &code, now + TimeDelta::seconds(90), None),
            None
        );
        assert_eq!(check(&secret, "000000x", now, None), None);
        assert_eq!(check("not base32!", &code, now, None), None);
    }

    #[test]
    fn the_setup_link_names_the_issuer_and_account() {
        let link = setup_link(&new_secret(), "Ministerio: Diálogo", "ana@example.org").unwrap();
        assert!(link.starts_with("otpauth://totp/"), "{link}");
        assert!(link.contains("issuer="), "{link}");
    }
}
