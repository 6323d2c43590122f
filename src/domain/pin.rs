//! Staff PINs: six digits, stored only as an argon2id hash.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::i18n::{self, Lang, Localized};

pub const PIN_LEN: usize = 6;
/// Wrong PINs in a row that lock a staff number.
pub const MAX_FAILED_ATTEMPTS: i64 = 5;
/// How long a locked staff number stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is exactly six digits")]
    NotSixDigits,
    #[error("the two PINs differ")]
    Mismatch,
}

impl Localized for PinError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            PinError::NotSixDigits => i18n::PIN_NOT_SIX_DIGITS.get(lang).to_string(),
            PinError::Mismatch => i18n::PIN_MISMATCH.get(lang).to_string(),
        }
    }
}

pub fn validate(pin: &str) -> Result<(), PinError> {
    if pin.len() == PIN_LEN && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(PinError::NotSixDigits)
    }
}

/// Hashes with a salt built from `salt_seed` bytes; callers pass OS randomness for real
/// staff and a fixed seed for the reproducible demo dataset.
pub fn hash_with_salt(pin: &str, salt_seed: &[u8; 16]) -> String {
    let salt = SaltString::encode_b64(salt_seed).expect("16 bytes is a valid salt length");
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any PIN")
        .to_string()
}

/// Hashes with a fresh salt from the operating system's generator (argon2's own salt
/// generation); there is no weaker fallback.
pub fn hash(pin: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any PIN")
        .to_string()
}

pub fn verify(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_six_digits_are_pins() {
        assert!(validate("123456").is_ok());
        for bad in ["12345", "1234567", "12345a", "", "１２３４５６"] {
            assert_eq!(validate(bad), Err(PinError::NotSixDigits), "{bad}");
        }
    }

    #[test]
    fn hash_verifies_only_the_right_pin() {
        let h = hash("246810");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("246810", &h));
        assert!(!verify("246811", &h));
        assert!(!verify("246810", "not a hash"));
    }

    #[test]
    fn every_hash_has_its_own_salt() {
        assert_ne!(hash("246810"), hash("246810"));
    }

    #[test]
    fn seeded_hash_is_reproducible() {
        assert_eq!(
            hash_with_salt("123456", &[7; 16]),
            hash_with_salt("123456", &[7; 16])
        );
    }
}
