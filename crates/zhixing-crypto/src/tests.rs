use super::*;

const SUITES: [Suite; 2] = [Suite::Sm2Sm3, Suite::Ed25519Sha256];

#[test]
fn sm3_known_answer_gbt_32905() {
    assert_eq!(Suite::Sm2Sm3.hash_hex(b"abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

#[test]
fn sha256_known_answer_fips_180() {
    assert_eq!(
        Suite::Ed25519Sha256.hash_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

/// Cross-implementation check: key and signature made by OpenSSL 3.0 with
/// `openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678`.
/// It shows the default ID and the r‖s layout match what other SM2 tools expect.
#[test]
fn sm2_verifies_openssl_signature_with_default_id() {
    let key = SigningKey::from_secret_hex(
        Suite::Sm2Sm3,
        "sm2-sm3:229fe06c8ada01ff465d2e6e082284f86cc0381ba2d736dd6ad47f20844ec76e",
    )
    .unwrap();
    let public = key.public_key();
    assert_eq!(
        public.to_hex(),
        "040b2c37aa216c77d55776fadbb3b1d00f529225f6f6bc92ddaa56fbb07c0883b4\
         9f61081479fe60f9945cd0708088d29bf279f238711164aa032c1ebd760a15f4"
    );
    let signature = hex::decode(
        "45e07fe24131a8b1b0f51b1daf366749f71aa6edbd106db57fae0f5d54d2d629\
         910c7c4d79a7d9d8eddebfd8c8e0f89a9eec2c6747d0285a6a8530088afff6e6",
    )
    .unwrap();
    let message = "执行通知书".as_bytes();
    assert_eq!(public.verify(message, &signature), Ok(()));
    // And our own (deterministic, so different k) signature verifies as well.
    assert_eq!(public.verify(message, &key.sign(message)), Ok(()));
}

/// RFC 8032 §7.1, TEST 1 (empty message).
#[test]
fn ed25519_known_answer_rfc8032() {
    let key = SigningKey::from_secret_hex(
        Suite::Ed25519Sha256,
        "ed25519-sha256:9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    )
    .unwrap();
    assert_eq!(key.public_key().to_hex(), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assert_eq!(
        hex::encode(key.sign(b"")),
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    );
}

#[test]
fn sign_verify_round_trip_and_tampering() {
    let message = "（2026）京0105执1234号 执行裁定书".as_bytes();
    for suite in SUITES {
        let key = SigningKey::generate(suite);
        assert_eq!(key.suite(), suite);
        let public = key.public_key();
        assert_eq!(public.suite(), suite);
        let signature = key.sign(message);
        assert_eq!(signature.len(), 64, "{suite}");
        assert_eq!(public.verify(message, &signature), Ok(()), "{suite}");

        let mut changed_message = message.to_vec();
        changed_message[3] ^= 0x01;
        assert_eq!(public.verify(&changed_message, &signature), Err(CryptoError::BadSignature), "{suite}");

        for index in [0, 31, 32, 63] {
            let mut changed_signature = signature.clone();
            changed_signature[index] ^= 0x01;
            assert_eq!(
                public.verify(message, &changed_signature),
                Err(CryptoError::BadSignature),
                "{suite} byte {index}"
            );
        }
        assert_eq!(public.verify(message, &signature[..63]), Err(CryptoError::BadSignature));
        assert_eq!(public.verify(message, &[]), Err(CryptoError::BadSignature));

        // Another key of the same suite does not verify it either.
        let other = SigningKey::generate(suite).public_key();
        assert_ne!(other, public);
        assert_eq!(other.verify(message, &signature), Err(CryptoError::BadSignature));
    }
}

#[test]
fn key_restored_from_hex_signs_verifiably() {
    for suite in SUITES {
        let key = SigningKey::generate(suite);
        let text = key.to_secret_hex();
        assert!(text.starts_with(&format!("{}:", suite.as_str())));
        // A key file usually ends in a newline.
        let restored = SigningKey::from_secret_hex(suite, &format!("{text}\n")).unwrap();
        assert_eq!(restored.public_key(), key.public_key());
        assert_eq!(restored.to_secret_hex(), text);

        let public = PublicKey::from_hex(suite, &key.public_key().to_hex()).unwrap();
        assert_eq!(public, key.public_key());
        assert_eq!(public.verify(b"restored", &restored.sign(b"restored")), Ok(()));
        assert_eq!(
            public.to_hex().len(),
            match suite {
                Suite::Sm2Sm3 => 130,
                Suite::Ed25519Sha256 => 64,
            }
        );
    }
}

#[test]
fn signatures_are_deterministic() {
    for suite in SUITES {
        let key = SigningKey::generate(suite);
        assert_eq!(key.sign(b"same"), key.sign(b"same"), "{suite}");
    }
}

#[test]
fn wrong_suite_key_text_is_rejected() {
    let sm2 = SigningKey::generate(Suite::Sm2Sm3);
    let ed = SigningKey::generate(Suite::Ed25519Sha256);

    assert_eq!(
        SigningKey::from_secret_hex(Suite::Ed25519Sha256, &sm2.to_secret_hex()).unwrap_err(),
        CryptoError::SuiteMismatch { expected: Suite::Ed25519Sha256, found: Suite::Sm2Sm3 }
    );
    assert_eq!(
        SigningKey::from_secret_hex(Suite::Sm2Sm3, &ed.to_secret_hex()).unwrap_err(),
        CryptoError::SuiteMismatch { expected: Suite::Sm2Sm3, found: Suite::Ed25519Sha256 }
    );
    assert!(matches!(
        PublicKey::from_hex(Suite::Ed25519Sha256, &sm2.public_key().to_hex()),
        Err(CryptoError::BadKey(_))
    ));
    assert!(matches!(PublicKey::from_hex(Suite::Sm2Sm3, &ed.public_key().to_hex()), Err(CryptoError::BadKey(_))));
}

#[test]
fn malformed_keys_are_rejected() {
    let bare = "11".repeat(32);
    for suite in SUITES {
        // Bare hex is ambiguous between the suites, so a prefix is required.
        assert!(matches!(SigningKey::from_secret_hex(suite, &bare), Err(CryptoError::BadKey(_))));
        let prefixed = |digits: &str| format!("{}:{digits}", suite.as_str());
        for digits in ["", "11", &"11".repeat(33), &"zz".repeat(32)] {
            assert!(matches!(SigningKey::from_secret_hex(suite, &prefixed(digits)), Err(CryptoError::BadKey(_))));
        }
        assert!(matches!(PublicKey::from_hex(suite, "not hex"), Err(CryptoError::BadKey(_))));
    }
    assert_eq!(
        SigningKey::from_secret_hex(Suite::Sm2Sm3, &format!("sm4:{bare}")).unwrap_err(),
        CryptoError::UnknownSuite("sm4".to_owned())
    );
    // Zero and n (the curve order) are not SM2 secret keys.
    for digits in ["0".repeat(64).as_str(), "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123"] {
        assert!(matches!(
            SigningKey::from_secret_hex(Suite::Sm2Sm3, &format!("sm2-sm3:{digits}")),
            Err(CryptoError::BadKey(_))
        ));
    }
    // An SM2 point that is not on the curve, and the compressed form of a valid key.
    let public = SigningKey::generate(Suite::Sm2Sm3).public_key().to_hex();
    let off_curve = format!("{}{}", &public[..128], "00");
    assert!(PublicKey::from_hex(Suite::Sm2Sm3, &off_curve).is_err());
    assert!(PublicKey::from_hex(Suite::Sm2Sm3, &public[..66]).is_err());
}

#[test]
fn debug_does_not_reveal_the_secret() {
    for suite in SUITES {
        let key = SigningKey::generate(suite);
        let debug = format!("{key:?}");
        let secret = key.to_secret_hex();
        let digits = secret.split_once(':').unwrap().1;
        assert!(!debug.contains(digits), "{debug}");
        assert!(!debug.to_lowercase().contains(&digits[..16]), "{debug}");
        assert!(debug.contains(&key.public_key().key_id()), "{debug}");
    }
}

#[test]
fn key_id_is_prefix_of_suite_hash() {
    for suite in SUITES {
        let public = SigningKey::generate(suite).public_key();
        let id = public.key_id();
        assert_eq!(id.len(), 16);
        let encoded = hex::decode(public.to_hex()).unwrap();
        assert!(suite.hash_hex(&encoded).starts_with(&id));
    }
}

#[test]
fn suite_names_round_trip() {
    for suite in SUITES {
        assert_eq!(suite.as_str().parse::<Suite>(), Ok(suite));
        assert_eq!(suite.to_string(), suite.as_str());
        let json = format!("\"{}\"", suite.as_str());
        assert_eq!(serde_json::to_string(&suite).unwrap(), json);
        assert_eq!(serde_json::from_str::<Suite>(&json).unwrap(), suite);
    }
    assert_eq!(Suite::Sm2Sm3.label_zh(), "国密 SM2/SM3");
    assert_eq!(Suite::Ed25519Sha256.label_zh(), "Ed25519/SHA-256");
    assert_eq!("SM2-SM3".parse::<Suite>(), Err(CryptoError::UnknownSuite("SM2-SM3".to_owned())));
    assert_eq!(CryptoError::BadSignature.to_string(), "签名无效");
}
