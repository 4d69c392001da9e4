//! GFM "extended autolinks": where a bare URL starts and ends in plain
//! text, by GitHub's rules (a `www.` or `http(s)://` start after a line
//! start, space or `*_~(`; a domain with a dot; trailing punctuation and
//! an unbalanced `)` left out).

/// Byte range of the first autolink literal in `t`, if any.
pub(crate) fn find(t: &str) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &t[i..];
        let scheme = ["https://", "http://", "www."].iter().find(|p| {
            rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        });
        let boundary =
            i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'*' | b'_' | b'~' | b'(');
        if let Some(p) = scheme
            && boundary
            && let Some(end) = url_end(t, i, p.len())
        {
            return Some((i, end));
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Where the URL starting at `start` (scheme `skip` bytes long) ends, if
/// it has a valid domain.
fn url_end(t: &str, start: usize, skip: usize) -> Option<usize> {
    let from = start + skip;
    let domain_len = t[from..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(t.len() - from);
    let domain = t[from..from + domain_len].trim_end_matches('.');
    let parts: Vec<&str> = domain.split('.').collect();
    let www = t[start..from].eq_ignore_ascii_case("www.");
    let dotted = www || parts.len() >= 2;
    if domain.is_empty()
        || !dotted
        || parts.iter().any(|p| p.is_empty())
        || parts.iter().rev().take(2).any(|p| p.contains('_'))
    {
        return None;
    }
    let mut end = from
        + t[from..]
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(t.len() - from);
    loop {
        let url = &t[start..end];
        let last = url.chars().last()?;
        let unbalanced = last == ')' && url.matches(')').count() > url.matches('(').count();
        if unbalanced
            || matches!(
                last,
                '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"'
            )
        {
            end -= 1;
        } else if last == ';'
            && let Some(amp) = url.rfind('&')
            && url[amp + 1..url.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        {
            end = start + amp;
        } else {
            break;
        }
    }
    (end > from).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::find;

    fn url(t: &str) -> Option<&str> {
        find(t).map(|(s, e)| &t[s..e])
    }

    #[test]
    fn gfm_autolink_literals() {
        assert_eq!(
            url("see https://ex.org/a?b=1."),
            Some("https://ex.org/a?b=1")
        );
        assert_eq!(url("(www.ex.org/x_(y))"), Some("www.ex.org/x_(y)"));
        assert_eq!(
            url("www.commonmark.org/he<lp"),
            Some("www.commonmark.org/he")
        );
        assert_eq!(url("a https://ex.org/q&hl; b"), Some("https://ex.org/q"));
        assert_eq!(url("xhttps://ex.org"), None);
        assert_eq!(url("https://localhost"), None);
        assert_eq!(url("www.ex_x.org"), None);
        assert_eq!(url("no links here"), None);
        assert_eq!(url("é www.ex.org, ok"), Some("www.ex.org"));
        // Multi-byte characters where a scheme could start do not panic.
        assert_eq!(url("yright © x … https://ex.org"), Some("https://ex.org"));
        assert_eq!(url("ab©…"), None);
    }
}
