//! Digests and signatures for Zhixing behind one small interface with two suites.
//!
//! Each court picks a [`Suite`]. Use `sm2-sm3` (国密) where national standards apply:
//! GB/T 38540 e-seals are built on SM2/SM3. Use `ed25519-sha256` where only internal
//! integrity is needed (audit chain, document hashes). The rest of Zhixing calls this crate
//! and never a crypto library directly, so the suite stays a configuration choice and
//! stored keys, digests and signatures always carry or imply their suite.
//!
//! Formats (stable, because they end up in databases and key files):
//! - digest: 32 bytes, lower-case hex from [`Suite::hash_hex`];
//! - public key: hex of SEC1 uncompressed (65 bytes, `04‖x‖y`) for SM2, and of the
//!   32-byte RFC 8032 encoding for Ed25519;
//! - secret key: `"<suite>:<64 hex>"` (see [`SigningKey::to_secret_hex`]);
//! - signature: 64 bytes, `r‖s` for SM2 and RFC 8032 `R‖S` for Ed25519.
#![forbid(unsafe_code)]

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use sm2::dsa::signature::{RandomizedSigner, Signer, Verifier};
use sm2::elliptic_curve::Generate;
use sm2::elliptic_curve::common::getrandom::SysRng;
use sm2::elliptic_curve::sec1::ToSec1Point;
use sm2::elliptic_curve::zeroize::Zeroizing;
use sm3::Sm3;

/// The SM2 distinguishing identifier (user ID) that goes into `Z_A`. This is the GM/T 0009
/// default. OpenSSL, GmSSL and CA tooling assume it unless another ID is agreed, so a
/// signature from here can be checked with their tools.
const SM2_DEFAULT_ID: &str = "1234567812345678";

/// Secret keys of both suites are 32 bytes: an SM2 scalar (big-endian) or an Ed25519 seed.
const SECRET_LEN: usize = 32;

/// Key-id length in hex characters (64 bits). That is enough to tell a court's keys apart.
/// Verification still uses the full key.
const KEY_ID_HEX_LEN: usize = 16;

/// Which algorithms a court uses. Serialized (serde + [`Suite::as_str`]/[`FromStr`]) as
/// `"sm2-sm3"` and `"ed25519-sha256"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Suite {
    /// SM2 signatures (GB/T 32918) with SM3 digests (GB/T 32905).
    #[serde(rename = "sm2-sm3")]
    Sm2Sm3,
    /// Ed25519 signatures (RFC 8032) with SHA-256 digests.
    #[serde(rename = "ed25519-sha256")]
    Ed25519Sha256,
}

impl Suite {
    /// The stable machine name used in configuration, databases and key files.
    pub fn as_str(self) -> &'static str {
        match self {
            Suite::Sm2Sm3 => "sm2-sm3",
            Suite::Ed25519Sha256 => "ed25519-sha256",
        }
    }

    /// A name for court staff to see in the UI.
    pub fn label_zh(self) -> &'static str {
        match self {
            Suite::Sm2Sm3 => "国密 SM2/SM3",
            Suite::Ed25519Sha256 => "Ed25519/SHA-256",
        }
    }

    /// 32-byte digest: SM3 or SHA-256.
    pub fn hash(self, data: &[u8]) -> [u8; 32] {
        match self {
            Suite::Sm2Sm3 => Sm3::digest(data).into(),
            Suite::Ed25519Sha256 => Sha256::digest(data).into(),
        }
    }

    /// [`Suite::hash`] as 64 lower-case hex characters.
    pub fn hash_hex(self, data: &[u8]) -> String {
        hex::encode(self.hash(data))
    }
}

impl fmt::Display for Suite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Suite {
    type Err = CryptoError;

    /// Accepts exactly the [`Suite::as_str`] names. No aliases, because every spelling
    /// that is accepted has to stay accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sm2-sm3" => Ok(Suite::Sm2Sm3),
            "ed25519-sha256" => Ok(Suite::Ed25519Sha256),
            other => Err(CryptoError::UnknownSuite(other.to_owned())),
        }
    }
}

/// Errors from parsing keys and checking signatures. The messages are in Simplified Chinese
/// because they reach court staff. They never contain secret key material.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The suite name is not one of [`Suite::as_str`].
    #[error("未知的密码套件“{0}”，应为 sm2-sm3 或 ed25519-sha256")]
    UnknownSuite(String),
    /// Key text is malformed, has the wrong length, or is not a valid key of its suite.
    #[error("密钥无效：{0}")]
    BadKey(String),
    /// A secret key file belongs to a different suite from the one asked for.
    #[error("密钥属于 {found} 套件，但要求的是 {expected} 套件")]
    SuiteMismatch {
        /// The suite the caller asked for.
        expected: Suite,
        /// The suite named in the key text.
        found: Suite,
    },
    /// The signature is malformed or does not match the message and key.
    #[error("签名无效")]
    BadSignature,
}

/// A private signing key together with its suite.
///
/// It has no `Clone` and its `Debug` shows only the suite and key id. The underlying
/// library types wipe the secret from memory when the key is dropped.
pub struct SigningKey(Secret);

enum Secret {
    Sm2(sm2::dsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

impl SigningKey {
    /// A fresh key from the operating system's random source.
    ///
    /// # Panics
    /// Only if the OS random source fails. That does not happen on a running Linux,
    /// and there is no sensible key to return without it.
    pub fn generate(suite: Suite) -> SigningKey {
        match suite {
            // Rejection sampling: the 32-byte strings that are ≥ n or zero (about 1 in 2^32)
            // are not SM2 scalars. We draw again instead of reducing mod n, so there is no bias.
            Suite::Sm2Sm3 => loop {
                let bytes = Zeroizing::new(<[u8; SECRET_LEN]>::generate());
                if let Ok(key) = sm2::dsa::SigningKey::from_slice(SM2_DEFAULT_ID, &*bytes) {
                    break SigningKey(Secret::Sm2(key));
                }
            },
            Suite::Ed25519Sha256 => {
                let seed = Zeroizing::new(<[u8; SECRET_LEN]>::generate());
                SigningKey(Secret::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed)))
            }
        }
    }

    /// The suite this key signs with.
    pub fn suite(&self) -> Suite {
        match self.0 {
            Secret::Sm2(_) => Suite::Sm2Sm3,
            Secret::Ed25519(_) => Suite::Ed25519Sha256,
        }
    }

    /// The secret as `"<suite>:<64 hex>"`, e.g. `"sm2-sm3:3945…c5b8"`, for a key file.
    ///
    /// Both suites have 32-byte secrets, and almost any 32 bytes are a valid key of either
    /// suite. Bare hex could therefore be loaded under the wrong suite without any error, and
    /// the court would then sign with a key nobody expects. The prefix lets
    /// [`SigningKey::from_secret_hex`] refuse that. For raw hex from another tool, put the
    /// prefix in front.
    pub fn to_secret_hex(&self) -> String {
        let secret: Zeroizing<[u8; SECRET_LEN]> = Zeroizing::new(match &self.0 {
            Secret::Sm2(key) => key.to_bytes().into(),
            Secret::Ed25519(key) => key.to_bytes(),
        });
        format!("{}:{}", self.suite().as_str(), hex::encode(*secret))
    }

    /// Loads a key written by [`SigningKey::to_secret_hex`]. Whitespace around it (the
    /// trailing newline of a key file) is ignored, and the hex may be upper or lower case.
    ///
    /// The suite is named by the caller and also stored in the text. If they differ the
    /// result is [`CryptoError::SuiteMismatch`], never a silently different key.
    pub fn from_secret_hex(suite: Suite, hex: &str) -> Result<SigningKey, CryptoError> {
        let (prefix, digits) = hex.trim().split_once(':').ok_or_else(|| {
            CryptoError::BadKey(format!("私钥缺少套件前缀，应形如“{}:<64 位十六进制>”", suite.as_str()))
        })?;
        let found: Suite = prefix.parse()?;
        if found != suite {
            return Err(CryptoError::SuiteMismatch { expected: suite, found });
        }
        let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
        // Error messages describe the problem but never echo the input: it is a secret.
        hex::decode_to_slice(digits, &mut *secret)
            .map_err(|_| CryptoError::BadKey(format!("私钥应为 {} 位十六进制字符", SECRET_LEN * 2)))?;
        let inner = match suite {
            Suite::Sm2Sm3 => Secret::Sm2(
                sm2::dsa::SigningKey::from_slice(SM2_DEFAULT_ID, &*secret)
                    .map_err(|_| CryptoError::BadKey("SM2 私钥须在 1 到 n−1 之间（n 为曲线阶）".to_owned()))?,
            ),
            Suite::Ed25519Sha256 => Secret::Ed25519(ed25519_dalek::SigningKey::from_bytes(&secret)),
        };
        Ok(SigningKey(inner))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        let bytes = match &self.0 {
            Secret::Sm2(key) => key.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            Secret::Ed25519(key) => key.verifying_key().to_bytes().to_vec(),
        };
        PublicKey { suite: self.suite(), bytes }
    }

    /// SM2: SM2DSA with the default distinguishing ID "1234567812345678" (GM/T 0009),
    /// signature as 64-byte r||s.
    /// Ed25519: standard 64-byte signature.
    ///
    /// Both are deterministic: the same key and message give the same signature. SM2 takes
    /// its nonce from RFC 6979, and Ed25519 is deterministic by design. No randomness is
    /// needed at signing time.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.0 {
            Secret::Sm2(key) => sm2_sign(key, message).to_bytes().to_vec(),
            Secret::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
        }
    }
}

/// SM2DSA that cannot fail. sm2 0.14 gives up, instead of drawing a new nonce, in the cases
/// the standard says to retry (r = 0 or r + k = n). Each has a probability of about 2^-256.
/// They would repeat for the same key and message, because the nonce is deterministic. In
/// that case we mix OS randomness into the nonce (RFC 6979 §3.6) and retry. That gives a
/// different, equally valid signature.
fn sm2_sign(key: &sm2::dsa::SigningKey, message: &[u8]) -> sm2::dsa::Signature {
    if let Ok(signature) = key.try_sign(message) {
        return signature;
    }
    loop {
        if let Ok(signature) = key.try_sign_with_rng(&mut SysRng, message) {
            return signature;
        }
    }
}

impl fmt::Debug for SigningKey {
    /// Shows which key this is, never the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("suite", &self.suite())
            .field("key_id", &self.public_key().key_id())
            .finish_non_exhaustive()
    }
}

/// A public verification key: its suite and canonical encoding (SM2: uncompressed SEC1,
/// 65 bytes; Ed25519: 32 bytes). Values are always valid keys: they are only built by
/// [`SigningKey::public_key`] or a checked [`PublicKey::from_hex`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    suite: Suite,
    bytes: Vec<u8>,
}

impl PublicKey {
    /// The suite this key verifies.
    pub fn suite(&self) -> Suite {
        self.suite
    }

    /// Lower-case hex of the canonical encoding.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.bytes)
    }

    /// Parses and validates a key (the point must be on the curve).
    ///
    /// Only the canonical encoding is accepted: for SM2, the uncompressed 65-byte form
    /// starting with `04`. [`PublicKey::key_id`] hashes the encoding, so one key must have
    /// only one encoding to have one id.
    pub fn from_hex(suite: Suite, hex: &str) -> Result<PublicKey, CryptoError> {
        let bytes = hex::decode(hex.trim()).map_err(|_| CryptoError::BadKey("公钥不是有效的十六进制".to_owned()))?;
        match suite {
            Suite::Sm2Sm3 => {
                if bytes.len() != 65 || bytes.first() != Some(&0x04) {
                    return Err(CryptoError::BadKey(
                        "SM2 公钥应为 65 字节的非压缩格式（以 04 开头，130 位十六进制）".to_owned(),
                    ));
                }
                sm2_verifying_key(&bytes)?;
            }
            Suite::Ed25519Sha256 => {
                ed25519_verifying_key(&bytes)?;
            }
        }
        Ok(PublicKey { suite, bytes })
    }

    /// Checks a signature made by [`SigningKey::sign`] with the matching key.
    ///
    /// Ed25519 uses `verify_strict`, which rejects weak keys and non-canonical signatures.
    /// A message then has only one valid signature per key, which audit records rely on.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
        match self.suite {
            Suite::Sm2Sm3 => {
                let key = sm2_verifying_key(&self.bytes)?;
                let signature = sm2::dsa::Signature::from_slice(signature).map_err(|_| CryptoError::BadSignature)?;
                key.verify(message, &signature).map_err(|_| CryptoError::BadSignature)
            }
            Suite::Ed25519Sha256 => {
                let key = ed25519_verifying_key(&self.bytes)?;
                let signature =
                    ed25519_dalek::Signature::from_slice(signature).map_err(|_| CryptoError::BadSignature)?;
                key.verify_strict(message, &signature).map_err(|_| CryptoError::BadSignature)
            }
        }
    }

    /// Short stable id of the key: first 16 hex chars of suite.hash(encoded key).
    pub fn key_id(&self) -> String {
        let mut id = self.suite.hash_hex(&self.bytes);
        id.truncate(KEY_ID_HEX_LEN);
        id
    }
}

fn sm2_verifying_key(bytes: &[u8]) -> Result<sm2::dsa::VerifyingKey, CryptoError> {
    sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DEFAULT_ID, bytes)
        .map_err(|_| CryptoError::BadKey("不是 SM2 曲线上的有效点".to_owned()))
}

fn ed25519_verifying_key(bytes: &[u8]) -> Result<ed25519_dalek::VerifyingKey, CryptoError> {
    let bytes: &[u8; 32] =
        bytes.try_into().map_err(|_| CryptoError::BadKey("Ed25519 公钥应为 32 字节（64 位十六进制）".to_owned()))?;
    ed25519_dalek::VerifyingKey::from_bytes(bytes)
        .map_err(|_| CryptoError::BadKey("不是有效的 Ed25519 公钥".to_owned()))
}

#[cfg(test)]
mod tests;
