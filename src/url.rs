//! URLs the site writes: which schemes a link may use (http, https, mailto,
//! tel, or none: relative), reading a scheme the way a browser does (case,
//! tabs and newlines inside it, character references in raw HTML), and
//! percent-encoding file paths so that `a b#1?.md` or `javascript:x.md`
//! becomes a plain relative URL. A leaf module: it imports nothing from the
//! pipeline.

use std::borrow::Cow;

/// Schemes a link or image may use; anything else is stripped.
pub(crate) const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `url` as a browser reads it, lowercased: leading and
/// trailing controls and spaces dropped, tabs and newlines removed anywhere.
/// `None` for a relative URL (`a.html`, `#x`, `?q`, `//host/p`).
pub fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut s = String::new();
    for c in trimmed.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            ':' => return (!s.is_empty()).then(|| s.to_ascii_lowercase()),
            c if c.is_ascii_alphabetic() => s.push(c),
            c if !s.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                s.push(c);
            }
            _ => return None,
        }
    }
    None
}

/// A DOI without its resolver or scheme (`https://doi.org/10.1/x` and
/// `doi:10.1/x` → `10.1/x`).
pub(crate) fn bare_doi(doi: &str) -> &str {
    let d = doi.trim();
    [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| d.strip_prefix(p))
    .unwrap_or(d)
}

/// Whether a URL (as the browser will read it) is safe to write into an
/// `href` or `src`: relative, or one of [`SAFE_SCHEMES`].
pub(crate) fn is_safe(url: &str) -> bool {
    scheme(url).is_none_or(|s| SAFE_SCHEMES.contains(&s.as_str()))
}

/// [`is_safe`] for an attribute value as written in raw HTML, where
/// character references (`&#106;`, `&colon;`) are decoded first.
pub(crate) fn is_safe_html_attr(value: &str) -> bool {
    is_safe(&decode_char_refs(value))
}

/// Decode the character references a browser would in an attribute value:
/// numeric ones (`&#106;`, `&#x6A`) and the few named ones that can build a
/// scheme (`&colon;`, `&Tab;`, `&NewLine;`, letters are never named).
pub(crate) fn decode_char_refs(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (c, used) = char_ref(rest).unwrap_or(('&', 1));
        out.push(c);
        rest = &rest[used..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `s` stands for, and its length.
fn char_ref(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
        if len == 0 {
            return None;
        }
        let n = digits[..len].chars().fold(0u32, |n, c| {
            n.saturating_mul(radix)
                .saturating_add(c.to_digit(radix).unwrap_or(0))
        });
        let semi = usize::from(digits[len..].starts_with(';'));
        let c = char::from_u32(n).unwrap_or('\u{FFFD}');
        return Some((c, skip + len + semi));
    }
    for (name, c) in [("colon", ':'), ("Tab", '\t'), ("NewLine", '\n')] {
        if let Some(after) = body.strip_prefix(name) {
            let semi = usize::from(after.starts_with(';'));
            return Some((c, 1 + name.len() + semi));
        }
    }
    None
}

/// Whether a byte may stand for itself in a URL path we write.
fn path_byte_ok(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')'
        )
        || matches!(b, b'*' | b'+' | b',' | b';' | b'=' | b'@')
}

/// Percent-encode a site file path (`a b/c#1.html`) for use in a URL:
/// `%`, `#`, `?`, `:`, spaces, non-ASCII and the like become `%XX`, so
/// the path can never be read as a scheme, query or fragment.
pub fn encode_path(path: &str) -> Cow<'_, str> {
    if path.bytes().all(path_byte_ok) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    push_encoded_path(&mut out, path);
    Cow::Owned(out)
}

/// [`encode_path`], appended to `out`.
pub(crate) fn push_encoded_path(out: &mut String, path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = path;
    loop {
        // A run of bytes that stand for themselves is copied at once; it
        // ends at an ASCII byte to encode or at the first byte of a
        // non-ASCII character, both character boundaries.
        let run = (rest.bytes().position(|b| !path_byte_ok(b))).unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(run);
        out.push_str(plain);
        let Some(c) = tail.chars().next() else { return };
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        rest = &tail[c.len_utf8()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_does() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe(bad), "{bad:?}");
        }
        for good in [
            "https://example.org",
            "HTTP://x",
            "mailto:a@b.c",
            "tel:+123",
            "docs/a.html",
            "#frag",
            "?q=1",
            "//cdn.example.org/x",
            "../a:b.html",
            "./javascript:x.html",
            "",
        ] {
            assert!(is_safe(good), "{good:?}");
        }
        assert!(!is_safe_html_attr("&#106;avascript:alert(1)"));
        assert!(!is_safe_html_attr("&#x6A;avascript&colon;x"));
        assert!(!is_safe_html_attr("java&Tab;script:x"));
        assert!(!is_safe_html_attr("&#0000106&#0000097vascript:x"));
        assert!(is_safe_html_attr("a.html?x=1&amp;y=2"));
    }

    #[test]
    fn paths_are_encoded_and_guarded() {
        assert_eq!(encode_path("docs/a-b_c.html"), "docs/a-b_c.html");
        assert_eq!(
            encode_path("a b/c#1?%:é.html"),
            "a%20b/c%231%3F%25%3A%C3%A9.html"
        );
        assert_eq!(
            encode_path("javascript:alert(document.domain).html"),
            "javascript%3Aalert(document.domain).html"
        );
        // Runs between encoded characters, at either end and back to back.
        assert_eq!(encode_path("é"), "%C3%A9");
        assert_eq!(
            encode_path("#東京/ab 🙂"),
            "%23%E6%9D%B1%E4%BA%AC/ab%20%F0%9F%99%82"
        );
        let mut out = String::from("../");
        push_encoded_path(&mut out, "x/ü.html");
        assert_eq!(out, "../x/%C3%BC.html");
        // Encoded, a colon can never make the first segment a scheme.
        assert_eq!(scheme(&encode_path("a:b.html")), None);
    }
}
