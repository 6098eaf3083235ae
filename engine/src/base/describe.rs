//! "Describe these identifiers, collect failures": the shape of the
//! Describe and Batch-get calls that take a list of names, ids or ARNs.
//! Each identifier is looked up in the order given (a repeated one is
//! looked up again); what is found is shown, what is not becomes a failure
//! entry (`{arn, reason: "MISSING"}` and the like) or, for a call that
//! refuses the whole request instead, an error
//! ([`Described::or_first_failure`]). Lookups only read, so looking up the
//! rest after a refusal changes nothing.

use std::ops::RangeInclusive;

/// The reason AWS gives for an identifier that names nothing.
pub const MISSING: &str = "MISSING";

/// What a call found: the resources' shapes and the failures, each in the
/// order of the identifiers that gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described<T, F> {
    pub found: Vec<T>,
    pub failures: Vec<F>,
}

/// `Err(too_many_or_few(count))` unless `count` identifiers is within
/// `bounds` (AWS checks the list's length before looking anything up).
pub fn check_count<E>(
    count: usize,
    bounds: RangeInclusive<usize>,
    too_many_or_few: impl FnOnce(usize) -> E,
) -> Result<(), E> {
    if bounds.contains(&count) {
        Ok(())
    } else {
        Err(too_many_or_few(count))
    }
}

/// Looks up each of `identifiers` with `find`: `Ok(shape)` is shown,
/// `Err(why)` becomes `failure(identifier, why)`.
pub fn describe<S, T, W, F>(
    identifiers: &[S],
    mut find: impl FnMut(&S) -> Result<T, W>,
    mut failure: impl FnMut(&S, W) -> F,
) -> Described<T, F> {
    let mut out = Described {
        found: Vec::new(),
        failures: Vec::new(),
    };
    for identifier in identifiers {
        match find(identifier) {
            Ok(shape) => out.found.push(shape),
            Err(why) => out.failures.push(failure(identifier, why)),
        }
    }
    out
}

impl<T, F> Described<T, F> {
    /// What was found, or the first failure: for a call that refuses the
    /// whole request when one identifier names nothing (the failure is
    /// then its error).
    pub fn or_first_failure(self) -> Result<Vec<T>, F> {
        match self.failures.into_iter().next() {
            Some(failure) => Err(failure),
            None => Ok(self.found),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn store() -> BTreeMap<&'static str, u32> {
        BTreeMap::from([("a", 1), ("b", 2)])
    }

    #[test]
    fn collects_failures_in_request_order() {
        let store = store();
        let ids = ["b", "x", "a", "b", "y"];
        let out = describe(
            &ids,
            |id| store.get(id).copied().ok_or(MISSING),
            |id, reason| format!("{id}:{reason}"),
        );
        assert_eq!(out.found, [2, 1, 2]);
        assert_eq!(out.failures, ["x:MISSING", "y:MISSING"]);
        assert_eq!(out.clone().or_first_failure(), Err("x:MISSING".to_owned()));
    }

    #[test]
    fn the_reason_comes_from_the_lookup() {
        let out = describe(
            &[1, 2, 3, 4],
            |n| if n % 2 == 0 { Ok(n * 10) } else { Err(n % 3) },
            |n, why| (*n, why),
        );
        assert_eq!(out.found, [20, 40]);
        assert_eq!(out.failures, [(1, 1), (3, 0)]);
    }

    #[test]
    fn all_found_is_no_refusal() {
        let store = store();
        let out = describe(&["a", "b"], |id| store.get(id).ok_or(()), |id, ()| *id);
        assert_eq!(out.or_first_failure(), Ok(vec![&1, &2]));
        let none: Described<u32, ()> = describe(&[] as &[&str], |_| Err(()), |_, ()| ());
        assert_eq!(none.or_first_failure(), Ok(vec![]));
    }

    #[test]
    fn counts_are_checked_against_bounds() {
        assert_eq!(check_count(1, 1..=10, |n| n), Ok(()));
        assert_eq!(check_count(10, 1..=10, |n| n), Ok(()));
        assert_eq!(check_count(0, 1..=10, |n| n), Err(0));
        assert_eq!(check_count(11, 1..=10, |n| n), Err(11));
    }
}
