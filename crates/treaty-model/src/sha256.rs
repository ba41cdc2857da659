use std::fmt;
use std::str::FromStr;

use sha2::Digest as _;

use crate::ModelError;

/// A SHA-256 digest, written as 64 lowercase hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// The digest of `bytes`.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        Sha256::of_parts(&[bytes])
    }

    /// The digest of the concatenation of `parts`, without copying them together.
    #[must_use]
    pub fn of_parts(parts: &[&[u8]]) -> Self {
        let mut hasher = Hasher::default();
        for part in parts {
            hasher.update(part);
        }
        hasher.finish()
    }

    /// The all-zero digest that stands before the first line of a stream.
    pub const ZERO: Sha256 = Sha256([0; 32]);

    /// Lowercase hexadecimal text.
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

/// A SHA-256 digest of bytes given piece by piece (a file as it is written, say).
#[derive(Clone, Default)]
pub struct Hasher(sha2::Sha256);

impl Hasher {
    /// Adds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The digest of every piece given.
    #[must_use]
    pub fn finish(self) -> Sha256 {
        let mut out = [0u8; 32];
        out.copy_from_slice(&self.0.finalize());
        Sha256(out)
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Hasher")
    }
}

/// Lowercase hexadecimal text of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut buf = vec![0u8; bytes.len() * 2];
    hex_into(bytes, &mut buf).to_owned()
}

/// Lowercase hexadecimal text of `bytes` in `buf` (twice as long), without allocating.
pub(crate) fn hex_into<'a>(bytes: &[u8], buf: &'a mut [u8]) -> &'a str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        buf[2 * i] = DIGITS[usize::from(b >> 4)];
        buf[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
    }
    std::str::from_utf8(&buf[..bytes.len() * 2]).expect("hex digits are ASCII")
}

/// Parses exactly `N` bytes of lowercase hexadecimal.
pub(crate) fn parse_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let bytes = s.as_bytes();
    if bytes.len() != N * 2 {
        return None;
    }
    // 0xff marks a byte that is not a lowercase hexadecimal digit.
    const NIBBLE: [u8; 256] = {
        let mut t = [0xffu8; 256];
        let mut c = 0;
        while c < 10 {
            t[b'0' as usize + c] = c as u8;
            c += 1;
        }
        let mut c = 0;
        while c < 6 {
            t[b'a' as usize + c] = 10 + c as u8;
            c += 1;
        }
        t
    };
    let mut out = [0u8; N];
    let mut bad = 0u8;
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let (hi, lo) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
        bad |= (hi | lo) & 0xf0;
        out[i] = hi << 4 | (lo & 0x0f);
    }
    (bad == 0).then_some(out)
}

impl FromStr for Sha256 {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_hex::<32>(s).map(Sha256).ok_or_else(|| ModelError::InvalidSha256(s.to_owned()))
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 64];
        f.write_str(hex_into(&self.0, &mut buf))
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({})", self.to_hex())
    }
}

crate::text_serde!(Sha256);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_of_empty_input_is_the_known_value() {
        assert_eq!(Sha256::of(b"").to_hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn parsing_rejects_uppercase_and_wrong_length() {
        let hex = Sha256::of(b"x").to_hex();
        assert_eq!(hex.parse::<Sha256>().unwrap().to_hex(), hex);
        assert!(hex.to_uppercase().parse::<Sha256>().is_err());
        assert!(hex[..62].parse::<Sha256>().is_err());
    }
}
