//! Reading `&'static str` fields back (the plain-data [`crate::View`] and
//! [`crate::Event`] hold AWS's fixed words, such as `"RUNNING"`, as
//! `&'static str` so the simulation never allocates them).
//!
//! Deserializing such a field (the sandbox's page reads the view a Web
//! Worker sent it) keeps one leaked copy of each distinct string, so memory
//! is bounded by the number of distinct words, not by how often a view is
//! read. Only the reading side uses this; the simulation never does.

use serde::{Deserialize, Deserializer};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// A fixed word such as `"RUNNING"`. (An alias, so that serde's derive
/// does not take the field for one borrowed from the input.)
pub type Word = &'static str;

thread_local! {
    static WORDS: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

/// The one `'static` copy of `word`.
pub fn intern(word: &str) -> &'static str {
    WORDS.with(|words| {
        let mut words = words.borrow_mut();
        if let Some(kept) = words.get(word) {
            return *kept;
        }
        let kept: &'static str = Box::leak(word.to_owned().into_boxed_str());
        words.insert(kept);
        kept
    })
}

/// `#[serde(deserialize_with = "crate::base::intern::word")]`
pub fn word<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let text = String::deserialize(d)?;
    Ok(intern(&text))
}

/// `#[serde(default, deserialize_with = "crate::base::intern::optional_word")]`
pub fn optional_word<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.as_deref().map(intern))
}

#[cfg(test)]
mod tests {
    use super::intern;

    #[test]
    fn one_copy_per_word() {
        let a = intern("RUNNING");
        let b = intern(&(String::from("RUN") + "NING"));
        assert_eq!(a, "RUNNING");
        assert!(std::ptr::eq(a, b), "the same word is kept once");
        assert_ne!(intern("STOPPED"), a);
    }
}
