//! Domain events and their canonical encoding for the hash chain.
//!
//! The chain hashes only what may never change. Personal data (names of
//! natural persons, ID and phone numbers) is kept beside the event and enters
//! the chain as a salted digest, so that a lawful erasure of the personal data
//! leaves the chain verifiable.

use serde_json::Value;

/// Event kinds, as stored. Dotted: `<subject>.<verb in past tense>`.
pub mod kind {
    pub const COURT_CREATED: &str = "court.created";
    pub const TEAM_CREATED: &str = "team.created";
    pub const USER_CREATED: &str = "user.created";
    pub const USER_LOGGED_IN: &str = "user.logged_in";
    pub const CASE_FILED: &str = "case.filed";
    pub const CASE_UPDATED: &str = "case.updated";
    pub const CASE_STAGE_CHANGED: &str = "case.stage_changed";
    pub const CASE_CLOSED: &str = "case.closed";
    pub const PARTY_ADDED: &str = "party.added";
    pub const PERSONAL_DATA_READ: &str = "personal_data.read";
    pub const NOTIFICATION_REQUESTED: &str = "notification.requested";
    pub const KEY_CREATED: &str = "court_key.created";
    pub const KEY_ROTATED: &str = "court_key.rotated";

    /// Chinese label for the timeline.
    pub fn label_zh(kind: &str) -> &str {
        match kind {
            COURT_CREATED => "法院建立",
            TEAM_CREATED => "团队建立",
            USER_CREATED => "账号建立",
            USER_LOGGED_IN => "登录",
            CASE_FILED => "立案",
            CASE_UPDATED => "案件信息变更",
            CASE_STAGE_CHANGED => "流程节点变更",
            CASE_CLOSED => "结案",
            PARTY_ADDED => "添加当事人",
            PERSONAL_DATA_READ => "查看个人敏感信息",
            NOTIFICATION_REQUESTED => "通知当事人",
            KEY_CREATED => "签名密钥生成",
            KEY_ROTATED => "签名密钥轮换",
            other => other,
        }
    }
}

/// The fields of one event that the hash covers, in the order they are encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainFields<'a> {
    pub court_code: &'a str,
    pub height: i64,
    pub case_id: Option<i64>,
    pub actor: &'a str,
    /// Milliseconds since the Unix epoch, UTC.
    pub occurred_at_ms: i64,
    pub kind: &'a str,
    /// The canonical JSON text of the non-personal payload.
    pub payload: &'a str,
    /// Hex digest of salt ‖ canonical JSON of the personal part, or empty.
    pub personal_digest: &'a str,
    pub prev_hash: &'a str,
}

/// Version tag at the start of every encoding; bump it with any change below.
pub const ENCODING_TAG: &[u8] = b"ZHIXING-EVENT-V1";

/// The bytes the hash is computed over: the tag, then each field as a 4-byte
/// big-endian length followed by its UTF-8 bytes. Integers are written in
/// decimal, an absent case id as the empty string. Anyone can re-implement
/// this from ARCHITECTURE.md to check an exported bundle.
pub fn canonical_encoding(f: &ChainFields<'_>) -> Vec<u8> {
    let height = f.height.to_string();
    let case_id = f.case_id.map(|c| c.to_string()).unwrap_or_default();
    let at = f.occurred_at_ms.to_string();
    let parts: [&[u8]; 9] = [
        f.court_code.as_bytes(),
        height.as_bytes(),
        case_id.as_bytes(),
        f.actor.as_bytes(),
        at.as_bytes(),
        f.kind.as_bytes(),
        f.payload.as_bytes(),
        f.personal_digest.as_bytes(),
        f.prev_hash.as_bytes(),
    ];
    let mut out = Vec::with_capacity(ENCODING_TAG.len() + parts.iter().map(|p| p.len() + 4).sum::<usize>());
    out.extend_from_slice(ENCODING_TAG);
    for p in parts {
        out.extend_from_slice(&u32::try_from(p.len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// The bytes a checkpoint signature covers.
pub fn checkpoint_encoding(court_code: &str, height: i64, head_hash: &str, signed_at_ms: i64, suite: &str) -> Vec<u8> {
    format!("ZHIXING-CHECKPOINT-V1\n{court_code}\n{height}\n{head_hash}\n{signed_at_ms}\n{suite}").into_bytes()
}

/// The hash of the empty chain's predecessor: 64 zeros.
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// JSON with object keys sorted and no insignificant white space, so that
/// the same value always encodes to the same bytes whatever map type or
/// feature flags serde_json was built with.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(val) = map.get(k) {
                    write_canonical(val, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"z": [1, {"y": 2, "x": "中"}], "c": null}});
        assert_eq!(canonical_json(&v), r#"{"a":{"c":null,"z":[1,{"x":"中","y":2}]},"b":1}"#);
    }

    #[test]
    fn encoding_separates_fields_unambiguously() {
        let base = ChainFields {
            court_code: "苏0205",
            height: 1,
            case_id: Some(12),
            actor: "u1",
            occurred_at_ms: 5,
            kind: "case.filed",
            payload: "{}",
            personal_digest: "",
            prev_hash: GENESIS_PREV,
        };
        // Moving a character from one field to the next must change the bytes.
        let shifted = ChainFields { actor: "u", kind: "1case.filed", ..base.clone() };
        assert_ne!(canonical_encoding(&base), canonical_encoding(&shifted));
        let no_case = ChainFields { case_id: None, ..base.clone() };
        assert_ne!(canonical_encoding(&base), canonical_encoding(&no_case));
    }
}
