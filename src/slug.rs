//! Identifiers derived from text: GitHub-compatible heading ids (so links
//! written for GitHub keep working) and ASCII slugs for generated anchors
//! (glossary terms). Pure functions at the bottom of the pipeline.

use std::collections::HashMap;

/// GitHub's heading id rule: lowercase, drop everything that is not a letter,
/// digit, space, `-` or `_`, then turn each space into `-`.
pub(crate) fn github_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Deduplicates heading ids within one page the way GitHub does: the second
/// `intro` becomes `intro-1`, the third `intro-2`.
#[derive(Default)]
pub(crate) struct IdDeduper {
    seen: HashMap<String, usize>,
}

impl IdDeduper {
    pub(crate) fn unique(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if !self.seen.contains_key(&base) {
            self.seen.insert(base.clone(), 0);
            return base;
        }
        let mut n = self.seen.get(&base).copied().unwrap_or(0);
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base, n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }

    /// Reserve an id that must not be reused (an explicit label).
    pub(crate) fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }
}

/// ASCII slug: transliterate, lowercase, collapse non-alphanumerics to `-`.
pub(crate) fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_ids_match_github() {
        assert_eq!(
            github_id("Lazy consensus (the default)"),
            "lazy-consensus-the-default"
        );
        assert_eq!(github_id("What's new?  Really"), "whats-new--really");
        assert_eq!(github_id("Código de conducta"), "código-de-conducta");
        assert_eq!(github_id("snake_case & co-op"), "snake_case--co-op");
    }

    #[test]
    fn dedup_is_deterministic() {
        let mut d = IdDeduper::default();
        assert_eq!(d.unique("intro".into()), "intro");
        assert_eq!(d.unique("intro".into()), "intro-1");
        assert_eq!(d.unique("intro-1".into()), "intro-1-1");
        assert_eq!(d.unique("intro".into()), "intro-2");
        assert_eq!(d.unique(String::new()), "section");
    }

    #[test]
    fn slugify_transliterates() {
        assert_eq!(slugify("Café Governance!"), "cafe-governance");
        assert_eq!(slugify("  --x--  "), "x");
    }
}
