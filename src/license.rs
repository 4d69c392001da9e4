//! Licences as SPDX license expressions (`CC-BY-4.0`, `MIT OR Apache-2.0`),
//! checked against the SPDX license list (the `spdx` crate, identifiers
//! only). A bottom utility: `handbook.yml` and doc front matter both parse
//! their `license:` here, and an unknown id comes back with the character
//! range to point at and a near-miss suggestion.

use serde::Serialize;

/// A checked licence expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct License {
    /// The expression as written (`CC-BY-4.0`, `MIT OR Apache-2.0`).
    pub spdx: String,
    /// The license ids it names, in order of appearance.
    pub ids: Vec<String>,
    /// The licence's full name when the expression is one id.
    pub name: Option<String>,
    /// The SPDX page of the licence when the expression is one id.
    pub url: Option<String>,
    /// Whether the ids are alternatives (one id, or only `OR`): then
    /// CITATION.cff can list them.
    #[serde(skip)]
    pub or_only: bool,
}

/// Why a `license:` value is not an SPDX expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LicenseError {
    pub message: String,
    /// Byte range in the value.
    pub start: usize,
    pub len: usize,
    /// A known id close to the bad one.
    pub suggestion: Option<&'static str>,
}

/// Check `value` as an SPDX license expression.
pub(crate) fn parse(value: &str) -> Result<License, LicenseError> {
    let expr = spdx::Expression::parse(value).map_err(|e| {
        let start = e.span.start.min(value.len());
        let end = e.span.end.clamp(start, value.len());
        let bad = value.get(start..end).unwrap_or(value);
        let suggestion = suggest(bad);
        let message = match e.reason {
            spdx::error::Reason::UnknownLicense | spdx::error::Reason::UnknownTerm => {
                format!("`{bad}` is not an SPDX license id")
            }
            spdx::error::Reason::DeprecatedLicenseId => {
                format!("`{bad}` is a deprecated SPDX license id")
            }
            ref r => format!("`{value}` is not an SPDX license expression ({r:?} at `{bad}`)"),
        };
        LicenseError {
            message,
            start,
            len: end - start,
            suggestion,
        }
    })?;
    let ids: Vec<String> = expr
        .requirements()
        .map(|r| r.req.license.to_string())
        .collect();
    let or_only = expr.iter().all(|n| {
        matches!(
            n,
            spdx::expression::ExprNode::Op(spdx::expression::Operator::Or)
                | spdx::expression::ExprNode::Req(_)
        )
    });
    let single = (ids.len() == 1)
        .then(|| spdx::license_id(&ids[0]))
        .flatten();
    Ok(License {
        spdx: value.trim().to_string(),
        name: single.map(|l| l.full_name.to_string()),
        url: single.map(|l| format!("https://spdx.org/licenses/{}.html", l.name)),
        ids,
        or_only,
    })
}

/// The known, current id nearest to `bad` (same spelling in another case
/// first, then the closest by edit distance).
fn suggest(bad: &str) -> Option<&'static str> {
    let current = || {
        spdx::identifiers::LICENSES
            .iter()
            .filter(|l| l.flags & spdx::flags::IS_DEPRECATED == 0)
            .map(|l| l.name)
    };
    current()
        .find(|n| n.eq_ignore_ascii_case(bad))
        .or_else(|| spdx::imprecise_license_id(bad).map(|(l, _)| l.name))
        .or_else(|| crate::diag::did_you_mean(bad, current()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_expressions() {
        let l = parse("CC-BY-4.0").unwrap();
        assert_eq!(l.ids, ["CC-BY-4.0"]);
        assert_eq!(
            l.name.as_deref(),
            Some("Creative Commons Attribution 4.0 International")
        );
        assert!(l.or_only);
        let l = parse("MIT OR Apache-2.0").unwrap();
        assert_eq!(l.ids, ["MIT", "Apache-2.0"]);
        assert!(l.or_only && l.name.is_none());
        assert!(!parse("MIT AND CC-BY-4.0").unwrap().or_only);
    }

    #[test]
    fn unknown_ids_point_at_the_id_and_suggest() {
        let e = parse("CC-BY-4").unwrap_err();
        assert_eq!((e.start, e.len), (0, 7));
        assert_eq!(e.suggestion, Some("CC-BY-4.0"));
        let e = parse("MIT OR apache2").unwrap_err();
        assert_eq!(e.start, 7);
        assert!(e.suggestion.is_some());
        assert_eq!(
            parse("cc-by-sa-4.0").unwrap_err().suggestion,
            Some("CC-BY-SA-4.0")
        );
        assert!(parse("").is_err());
    }
}
