//! Pagination: one token scheme ([`Tokens`]) and one page helper ([`page`]).
//!
//! Items are walked in key order; a page holds at most `limit` items whose
//! key comes after the token's key, and the token for the next page (the
//! prefix, then the hex of the last key returned) is given only when more
//! items remain. Keys, not offsets, so that a resource created or deleted
//! between two calls neither repeats nor skips the others. (A list that
//! never changes between calls may page by offset instead:
//! [`Tokens::encode_offset`], [`page_at`].)
//!
//! Each caller checks its own bounds and names its own errors
//! ([`Limits`]), as every AWS service does in its own way.

use super::hex;
use crate::error::{ApiError, ErrorCode};

/// A token scheme: a fixed prefix, then where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokens {
    prefix: &'static str,
}

/// The simulator's own tokens, `stv1-` + hex of the last key returned
/// (`stv1-7765622d31` after `web-1`): plainly not AWS's, so a token from
/// elsewhere is refused, not misread.
pub const STV1: Tokens = Tokens::new("stv1-");

impl Tokens {
    pub const fn new(prefix: &'static str) -> Self {
        Tokens { prefix }
    }

    /// The token of the page after `key`: the prefix and the hex of the
    /// key's bytes.
    pub fn encode(self, key: &str) -> String {
        format!("{}{}", self.prefix, hex::encode(key.as_bytes()))
    }

    /// The key [`Self::encode`] was given; `None` for anything it would not
    /// have made (another prefix, no key, bad hex, not UTF-8).
    pub fn decode(self, token: &str) -> Option<String> {
        let hex = token.strip_prefix(self.prefix)?;
        if hex.is_empty() {
            return None;
        }
        String::from_utf8(hex::decode(hex)?).ok()
    }

    /// The token of the page starting at item `offset`: the prefix and the
    /// offset in decimal.
    pub fn encode_offset(self, offset: usize) -> String {
        format!("{}{offset}", self.prefix)
    }

    /// The offset [`Self::encode_offset`] was given, as `usize::from_str`
    /// reads it.
    pub fn decode_offset(self, token: &str) -> Option<usize> {
        token.strip_prefix(self.prefix)?.parse().ok()
    }
}

/// Which way a page walks its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Items in ascending key order; a page takes the keys after the
    /// token's.
    Ascending,
    /// Items in descending key order; a page takes the keys before the
    /// token's.
    Descending,
}

/// One page of `items` (`(key, item)`, walked in the order given): those
/// whose key comes after `after` in `order`, at most `limit` (`None`:
/// all), and the key of the last one when more remain (for the next
/// token).
pub fn page<K: AsRef<str>, T>(
    items: impl IntoIterator<Item = (K, T)>,
    after: Option<&str>,
    limit: Option<usize>,
    order: Order,
) -> (Vec<T>, Option<K>) {
    let mut rest = items
        .into_iter()
        .filter(|(key, _)| match (after, order) {
            (None, _) => true,
            (Some(a), Order::Ascending) => key.as_ref() > a,
            (Some(a), Order::Descending) => key.as_ref() < a,
        })
        .peekable();
    let mut page = Vec::new();
    let mut last = None;
    for (key, item) in rest.by_ref() {
        page.push(item);
        if limit.is_some_and(|l| page.len() >= l) {
            last = Some(key);
            break;
        }
    }
    match (last, rest.peek()) {
        (Some(key), Some(_)) => (page, Some(key)),
        _ => (page, None),
    }
}

/// One page of `items` by position: at most `limit` (`None`: all) from
/// `offset` on, and the offset of the next page when more remain.
pub fn page_at<T>(
    items: impl IntoIterator<Item = T>,
    offset: usize,
    limit: Option<usize>,
) -> (Vec<T>, Option<usize>) {
    let mut rest = items.into_iter().skip(offset);
    let page: Vec<T> = rest.by_ref().take(limit.unwrap_or(usize::MAX)).collect();
    let next = rest.next().map(|_| offset + page.len());
    (page, next)
}

/// An operation's pagination rules: its member names, page size bounds and
/// errors.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub operation: &'static str,
    /// The member names as the API spells them (for messages).
    pub limit_member: &'static str,
    pub token_member: &'static str,
    pub min: i64,
    pub max: i64,
    /// Page size when no limit is given (`None`: everything).
    pub default: Option<i64>,
    pub limit_error: ErrorCode,
    pub token_error: ErrorCode,
}

/// A checked request: how many items, after which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: Option<usize>,
    pub after: Option<String>,
}

impl Limits {
    /// The JSON-protocol convention: `maxResults` 1 to `max`, `max` when
    /// omitted, a `nextToken`, and `InvalidParameterException` for either
    /// out of bounds.
    pub const fn max_results(operation: &'static str, max: i64) -> Limits {
        Limits {
            operation,
            limit_member: "maxResults",
            token_member: "nextToken",
            min: 1,
            max,
            default: Some(max),
            limit_error: ErrorCode::InvalidParameterException,
            token_error: ErrorCode::InvalidParameterException,
        }
    }

    /// The page size `limit` asks for, checked against the bounds.
    pub fn limit(&self, limit: Option<i64>) -> Result<Option<usize>, ApiError> {
        match limit {
            None => Ok(self.default.map(|d| d as usize)),
            Some(n) if (self.min..=self.max).contains(&n) => Ok(Some(n as usize)),
            Some(n) => Err(ApiError::new(
                self.limit_error,
                format!(
                    "{} must be between {} and {}; {n} was given.",
                    self.limit_member, self.min, self.max
                ),
            )),
        }
    }

    /// The key an [`STV1`] `token` continues after.
    pub fn after(&self, token: Option<&str>) -> Result<Option<String>, ApiError> {
        token
            .map(|t| STV1.decode(t).ok_or_else(|| self.bad_token()))
            .transpose()
    }

    /// The error for a token this simulator did not make.
    pub fn bad_token(&self) -> ApiError {
        ApiError::new(
            self.token_error,
            format!(
                "The {} is not valid: pass back exactly the token a previous {} returned.",
                self.token_member, self.operation
            ),
        )
    }

    /// Checks `limit`, then `token`.
    pub fn request(
        &self,
        limit: Option<i64>,
        token: Option<&str>,
    ) -> Result<PageRequest, ApiError> {
        let limit = self.limit(limit)?;
        let after = self.after(token)?;
        Ok(PageRequest { limit, after })
    }
}

impl PageRequest {
    /// One page of `items` (sorted here by key, ascending) and its
    /// [`STV1`] token.
    pub fn page<T>(
        &self,
        items: impl IntoIterator<Item = (String, T)>,
    ) -> (Vec<T>, Option<String>) {
        let items: Vec<(String, T)> = items.into_iter().collect();
        let order = key_order(
            &items
                .iter()
                .map(|(key, _)| key.as_str())
                .collect::<Vec<_>>(),
        );
        let mut slots: Vec<Option<(String, T)>> = items.into_iter().map(Some).collect();
        self.page_in_order(order.into_iter().filter_map(|i| slots[i].take()))
    }

    /// One page of `items` walked in the order given (ascending keys) and
    /// its [`STV1`] token: [`page`].
    pub fn page_in_order<K: AsRef<str>, T>(
        &self,
        items: impl IntoIterator<Item = (K, T)>,
    ) -> (Vec<T>, Option<String>) {
        let (page, last) = page(items, self.after.as_deref(), self.limit, Order::Ascending);
        (page, last.map(|key| STV1.encode(key.as_ref())))
    }
}

/// The positions of `keys` in ascending key order, equal keys in the order
/// given (a stable sort). One sort for every item type that pages: sorting
/// the `(key, item)` pairs themselves compiled one sort per type (about
/// 4 K of wasm each).
fn key_order(keys: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(keys[b]));
    order
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<(String, usize)> {
        (0..n).map(|i| (format!("k{i:02}"), i)).collect()
    }

    #[test]
    fn page_sorts_by_key_keeping_equal_keys_in_the_order_given() {
        let rules = Limits::max_results("ListThings", 100);
        let req = rules.request(None, None).unwrap();
        let items = vec![
            ("b".to_owned(), 1),
            ("a".to_owned(), 2),
            ("b".to_owned(), 3),
            ("a".to_owned(), 4),
            ("c".to_owned(), 5),
        ];
        let mut expected = items.clone();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let (page, next) = req.page(items);
        assert_eq!(
            page,
            expected.into_iter().map(|(_, i)| i).collect::<Vec<_>>()
        );
        assert_eq!(page, [2, 4, 1, 3, 5]);
        assert_eq!(next, None);
    }

    #[test]
    fn pages_walk_every_item_once_in_key_order() {
        let rules = Limits::max_results("ListThings", 100);
        let mut token: Option<String> = None;
        let mut seen = Vec::new();
        loop {
            let req = rules.request(Some(3), token.as_deref()).unwrap();
            let mut shuffled = items(10);
            shuffled.reverse();
            let (page, next) = req.page(shuffled);
            assert!(page.len() <= 3);
            seen.extend(page);
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        // An exact fit gives no token.
        let (page, next) = rules.request(Some(5), None).unwrap().page(items(5));
        assert_eq!((page.len(), next), (5, None));
    }

    #[test]
    fn descending_pages_take_the_keys_before_the_token() {
        let mut keyed = items(5);
        keyed.reverse();
        let (first, last) = page(keyed.clone(), None, Some(2), Order::Descending);
        assert_eq!((first, last.as_deref()), (vec![4, 3], Some("k03")));
        let (rest, last) = page(keyed, Some("k03"), Some(5), Order::Descending);
        assert_eq!((rest, last), (vec![2, 1, 0], None));
    }

    #[test]
    fn pages_without_a_limit_hold_everything() {
        let (all, last) = page(items(7), Some("k02"), None, Order::Ascending);
        assert_eq!((all, last), (vec![3, 4, 5, 6], None));
    }

    #[test]
    fn offset_pages() {
        let (first, next) = page_at(0..5, 0, Some(2));
        assert_eq!((first, next), (vec![0, 1], Some(2)));
        let (last, next) = page_at(0..5, 4, Some(2));
        assert_eq!((last, next), (vec![4], None));
        let (exact, next) = page_at(0..4, 2, Some(2));
        assert_eq!((exact, next), (vec![2, 3], None));
        let (past, next) = page_at(0..4, 9, Some(2));
        assert_eq!((past, next), (vec![], None));
        let (all, next) = page_at(0..4, 1, None);
        assert_eq!((all, next), (vec![1, 2, 3], None));
    }

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        for key in ["web-1", "team/web", "é"] {
            assert_eq!(STV1.decode(&STV1.encode(key)).as_deref(), Some(key));
        }
        assert_eq!(STV1.encode("web-1"), "stv1-7765622d31");
        for bad in [
            "", "stv1-", "stv1-zz", "stv1-616", "abc", "stv1-ff", "616263",
        ] {
            assert_eq!(STV1.decode(bad), None, "{bad}");
        }
        // Without a prefix (IAM's markers): the bare hex.
        let bare = Tokens::new("");
        assert_eq!(bare.encode("abc"), "616263");
        assert_eq!(bare.decode("616263").as_deref(), Some("abc"));
        assert_eq!(bare.decode(""), None);
        // Offsets.
        let settings = Tokens::new("stv1-settings-");
        assert_eq!(settings.encode_offset(10), "stv1-settings-10");
        assert_eq!(settings.decode_offset("stv1-settings-10"), Some(10));
        for bad in ["stv1-settings-", "stv1-settings-x", "stv1-10", "10"] {
            assert_eq!(settings.decode_offset(bad), None, "{bad}");
        }
    }

    #[test]
    fn bounds_and_tokens_are_checked_with_the_caller_s_errors() {
        let rules = Limits::max_results("ListThings", 100);
        let e = rules.request(Some(0), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameterException);
        assert_eq!(
            e.message,
            "maxResults must be between 1 and 100; 0 was given."
        );
        assert!(rules.request(Some(101), None).is_err());
        assert_eq!(rules.request(None, None).unwrap().limit, Some(100));
        let e = rules.request(None, Some("garbage")).unwrap_err();
        assert_eq!(
            e.message,
            "The nextToken is not valid: pass back exactly the token a previous ListThings returned."
        );
        let other = Limits {
            limit_member: "MaxRecords",
            token_member: "NextToken",
            default: None,
            limit_error: ErrorCode::ValidationError,
            token_error: ErrorCode::InvalidNextToken,
            ..rules
        };
        assert_eq!(other.request(None, None).unwrap().limit, None);
        let e = other.request(Some(101), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::ValidationError);
        let e = other.request(None, Some("stv1-zz")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidNextToken);
        // The limit is checked before the token.
        let e = other.request(Some(0), Some("stv1-zz")).unwrap_err();
        assert_eq!(e.code, ErrorCode::ValidationError);
    }
}
