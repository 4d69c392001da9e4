//! Scholarly identifiers people carry in `people.yml`: ORCID iDs (format
//! and ISO 7064 MOD 11-2 check character, with the position of the first
//! wrong character) and ROR ids of affiliations (format only), plus the
//! CRediT contributor roles. Pure functions; `person` reports what they find.

/// The 14 CRediT (Contributor Roles Taxonomy) roles, as kebab-case keys.
pub const CREDIT_ROLES: &[&str] = &[
    "conceptualization",
    "data-curation",
    "formal-analysis",
    "funding-acquisition",
    "investigation",
    "methodology",
    "project-administration",
    "resources",
    "software",
    "supervision",
    "validation",
    "visualization",
    "writing-original-draft",
    "writing-review-editing",
];

/// What is wrong with an ORCID iD: a message and the 0-based character
/// offset in the written value where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError {
    pub message: String,
    pub at: usize,
}

/// The bare ORCID iD (`0000-0002-1825-0097`) of `value`, which may also be
/// written as `https://orcid.org/…`; or what is wrong with it.
pub fn orcid(value: &str) -> Result<String, IdError> {
    let (skip, id) = ["https://orcid.org/", "http://orcid.org/", "orcid.org/"]
        .iter()
        .find_map(|p| value.strip_prefix(p).map(|r| (p.len(), r)))
        .unwrap_or((0, value));
    let bad = |message: String, i: usize| IdError {
        message,
        at: skip + i,
    };
    let mut digits = Vec::with_capacity(16);
    for (i, c) in id.char_indices() {
        let is_dash = matches!(i, 4 | 9 | 14);
        match c {
            '-' if is_dash => {}
            _ if is_dash => return Err(bad(format!("expected `-` at character {}", i + 1), i)),
            '0'..='9' => digits.push(c as u32 - '0' as u32),
            'X' if i == 18 => digits.push(10),
            _ => {
                return Err(bad(format!("unexpected `{c}` at character {}", i + 1), i));
            }
        }
    }
    if digits.len() != 16 || id.len() != 19 {
        return Err(bad(
            "an ORCID iD has 16 characters in four groups of four (`0000-0002-1825-0097`)".into(),
            id.len().min(19),
        ));
    }
    let expected = check_char(&digits[..15]);
    if digits[15] != expected {
        let want = if expected == 10 {
            'X'
        } else {
            char::from_digit(expected, 10).unwrap_or('?')
        };
        return Err(bad(
            format!("the check character (character 19) should be `{want}`; a digit is mistyped"),
            18,
        ));
    }
    Ok(id.to_string())
}

/// ISO 7064 MOD 11-2 check value (10 is written `X`) of 15 digits.
fn check_char(digits: &[u32]) -> u32 {
    let total = digits.iter().fold(0, |t, &d| (t + d) * 2);
    (12 - total % 11) % 11
}

/// The bare ROR id (`02mhbdp94`) of `value`, which may also be written as
/// `https://ror.org/…`; `None` unless it has a ROR id's shape: `0`, six
/// characters of Crockford base 32 and two check digits.
pub fn ror(value: &str) -> Option<String> {
    let id = value
        .strip_prefix("https://ror.org/")
        .or_else(|| value.strip_prefix("ror.org/"))
        .unwrap_or(value);
    let b = id.as_bytes();
    let crockford = |c: &u8| c.is_ascii_digit() || (c.is_ascii_lowercase() && !b"ilou".contains(c));
    (b.len() == 9
        && b[0] == b'0'
        && b[1..7].iter().all(crockford)
        && b[7..].iter().all(u8::is_ascii_digit))
    .then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_orcids() {
        for id in [
            "0000-0002-1825-0097",
            "0000-0001-5109-3700",
            "0000-0002-1694-233X",
        ] {
            assert_eq!(orcid(id).as_deref(), Ok(id));
        }
        assert_eq!(
            orcid("https://orcid.org/0000-0002-1694-233X").as_deref(),
            Ok("0000-0002-1694-233X")
        );
    }

    #[test]
    fn invalid_orcids_say_where() {
        // One digit changed: the check character no longer matches.
        let e = orcid("0000-0002-1825-0098").unwrap_err();
        assert_eq!(e.at, 18);
        assert!(e.message.contains("should be `7`"), "{}", e.message);
        // Two digits swapped.
        assert_eq!(orcid("0000-0002-1852-0097").unwrap_err().at, 18);
        // `X` where the check is a digit, lower-case `x`, a missing dash.
        assert!(orcid("0000-0002-1825-009X").is_err());
        assert_eq!(orcid("0000-0002-1694-233x").unwrap_err().at, 18);
        assert_eq!(orcid("0000-00021825-0097").unwrap_err().at, 9);
        assert_eq!(
            orcid("https://orcid.org/0000-0002-1825-009")
                .unwrap_err()
                .at,
            36
        );
        assert_eq!(orcid("0000-000a-1825-0097").unwrap_err().at, 8);
        assert!(orcid("").is_err());
        assert!(orcid("0000-0002-1825-00970").is_err());
    }

    #[test]
    fn ror_ids() {
        assert_eq!(
            ror("https://ror.org/02mhbdp94").as_deref(),
            Some("02mhbdp94")
        );
        assert_eq!(ror("05dxps055").as_deref(), Some("05dxps055"));
        assert_eq!(ror("12mhbdp94"), None);
        assert_eq!(ror("02mhbdpi4"), None);
        assert_eq!(ror("02mhbdp9"), None);
    }
}
