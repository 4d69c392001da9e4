//! Footnote ids for one page: `fn-<name>` / `fnref-<name>`, unique on the
//! page. Each `{include}`d text is its own scope (`fn-i1-<name>` for the
//! first include), so a `[^1]` in an included file and one in the page
//! are two footnotes, each reference reaching its own note; two names that
//! slug alike (`[^a b]`, `[^a-b]`) get distinct ids.

use std::collections::HashMap;

use crate::slug::{IdDeduper, slugify};

/// The footnote ids given out on one page so far.
#[derive(Default)]
pub(crate) struct Footnotes {
    /// Prefix of the text being rendered: empty for the page's own text.
    scope: String,
    /// Includes expanded so far (numbers the scopes).
    includes: usize,
    ids: HashMap<(String, String), String>,
    dedup: IdDeduper,
    /// References made so far to each footnote id.
    refs: HashMap<String, usize>,
}

impl Footnotes {
    /// The id (without `fn-` / `fnref-`) of footnote `name` in the
    /// current scope; the same name gives the same id.
    pub(crate) fn id(&mut self, name: &str) -> String {
        let key = (self.scope.clone(), name.to_string());
        if let Some(id) = self.ids.get(&key) {
            return id.clone();
        }
        let id = self
            .dedup
            .unique(format!("{}{}", self.scope, slugify(name)));
        self.ids.insert(key, id.clone());
        id
    }

    /// The note's id and the id of this reference to it: `id` for the
    /// first reference, `id.2`, `id.3`… for the next ones (the note's back
    /// link goes to the first).
    pub(crate) fn reference(&mut self, name: &str) -> (String, String) {
        let id = self.id(name);
        let n = self.refs.entry(id.clone()).or_default();
        *n += 1;
        let ref_id = if *n == 1 {
            id.clone()
        } else {
            format!("{id}.{n}")
        };
        (id, ref_id)
    }

    /// Start an included text's scope; returns the scope to go back to.
    pub(crate) fn enter_include(&mut self) -> String {
        self.includes += 1;
        std::mem::replace(&mut self.scope, format!("i{}-", self.includes))
    }

    /// Back to the scope [`Footnotes::enter_include`] returned.
    pub(crate) fn leave_include(&mut self, scope: String) {
        self.scope = scope;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_per_page_and_scoped_per_include() {
        let mut f = Footnotes::default();
        assert_eq!(f.reference("1"), ("1".into(), "1".into()));
        assert_eq!(f.id("1"), "1", "a reference and its note agree");
        assert_eq!(f.reference("1"), ("1".into(), "1.2".into()));
        assert_eq!(f.id("a b"), "a-b");
        assert_eq!(f.id("a-b"), "a-b-1");
        let outer = f.enter_include();
        assert_eq!(f.id("1"), "i1-1");
        f.leave_include(outer);
        assert_eq!(f.id("1"), "1");
        let outer = f.enter_include();
        assert_eq!(f.id("1"), "i2-1");
        f.leave_include(outer);
    }
}
