//! Bearer secrets: the mediator token and one invitation token per seat.
//!
//! A token is 256 bits from the operating system's RNG, shown to its holder once (hex-encoded) and
//! stored only as its SHA-256 hash. Lookups compare hashes in constant time, so neither the database
//! nor response timings reveal a usable token.

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Length of a token's hex text: 32 random bytes.
pub const TOKEN_HEX_LEN: usize = 64;

/// A freshly minted token: the secret text for its holder and the hash the store keeps.
#[derive(Debug, Clone)]
pub struct MintedToken {
    /// Hex text handed to the holder exactly once.
    pub secret: String,
    /// SHA-256 of the secret text.
    pub hash: [u8; 32],
}

/// Mints a token from the OS random number generator.
pub fn mint() -> MintedToken {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let hash = hash(&secret);
    MintedToken { secret, hash }
}

/// SHA-256 of a token's text.
pub fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether `presented` (a token's hash) equals `stored`, in time independent of where they differ.
pub fn hashes_match(presented: &[u8; 32], stored: &[u8]) -> bool {
    stored.len() == 32 && bool::from(presented.ct_eq(stored))
}

/// Random identifier text (128 bits, hex) for talks: unguessable, so ids reveal nothing.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_tokens_are_distinct_and_match_only_their_hash() {
        let a = mint();
        let b = mint();
        assert_eq!(a.secret.len(), TOKEN_HEX_LEN);
        assert_ne!(a.secret, b.secret);
        assert!(hashes_match(&hash(&a.secret), &a.hash));
        assert!(!hashes_match(&hash(&a.secret), &b.hash));
        assert!(!hashes_match(&hash(&a.secret), &a.hash[..31]));
    }
}
