//! Per-project secrets, drawn from the OS random source at `new` time.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::generate::manifest::{Secret, SecretEncoding};

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Encodes random bytes as the manifest asks.
pub fn encode(bytes: &[u8], encoding: SecretEncoding) -> String {
    match encoding {
        SecretEncoding::Hex => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        SecretEncoding::Base64 => base64(bytes, STANDARD, true),
        SecretEncoding::Urlsafe => base64(bytes, URLSAFE, false),
    }
}

/// One fresh value for each secret of a template, by name.
pub fn generate(secrets: &[Secret]) -> Result<BTreeMap<String, String>, Error> {
    secrets
        .iter()
        .map(|s| {
            let mut bytes = vec![0u8; s.bytes];
            getrandom::fill(&mut bytes).map_err(|e| Error::Random(e.to_string()))?;
            Ok((
                s.name.clone(),
                format!("{}{}", s.prefix, encode(&bytes, s.encoding)),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_rfc_4648() {
        for (input, std, url) in [
            (&b""[..], "", ""),
            (b"f", "Zg==", "Zg"),
            (b"fo", "Zm8=", "Zm8"),
            (b"foo", "Zm9v", "Zm9v"),
            (b"foob", "Zm9vYg==", "Zm9vYg"),
            (&[0xfb, 0xff], "+/8=", "-_8"),
        ] {
            assert_eq!(encode(input, SecretEncoding::Base64), std);
            assert_eq!(encode(input, SecretEncoding::Urlsafe), url);
        }
        assert_eq!(encode(&[0, 255], SecretEncoding::Hex), "00ff");
    }

    #[test]
    fn two_generations_differ() {
        let spec = [Secret {
            name: "key".into(),
            bytes: 32,
            encoding: SecretEncoding::Hex,
            prefix: "base64:".into(),
        }];
        let a = generate(&spec).expect("random");
        let b = generate(&spec).expect("random");
        assert_ne!(a["key"], b["key"]);
        assert!(a["key"].starts_with("base64:") && a["key"].len() == 7 + 64);
    }
}
