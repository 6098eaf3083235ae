//! DynamoDB's typed values (F22.2, botocore `AttributeValue`): parsed from
//! the request JSON with DynamoDB's own validation texts, numbers kept as
//! decimal strings and compared as numbers, key values ordered as DynamoDB
//! orders sort keys (numbers by value, strings and binaries by their
//! bytes), and an item's size as DynamoDB counts it.

use crate::error::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// An item: attribute name → value.
pub type Item = BTreeMap<String, AttributeValue>;

/// One typed value, serialized as DynamoDB's one-key object
/// (`{"S":"x"}`, `{"N":"42"}`, …). Numbers are kept as DynamoDB returns
/// them (plain decimal text, no exponent, no leading or trailing zeros);
/// binaries as base64; sets sorted (MODEL: DynamoDB's set order is its
/// own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttributeValue {
    S(String),
    N(String),
    B(String),
    #[serde(rename = "SS")]
    Ss(Vec<String>),
    #[serde(rename = "NS")]
    Ns(Vec<String>),
    #[serde(rename = "BS")]
    Bs(Vec<String>),
    M(BTreeMap<String, AttributeValue>),
    L(Vec<AttributeValue>),
    #[serde(rename = "NULL")]
    Null(bool),
    #[serde(rename = "BOOL")]
    Bool(bool),
}

impl AttributeValue {
    /// The type's name as DynamoDB spells it (`S`, `NS`, `BOOL`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::Ss(_) => "SS",
            AttributeValue::Ns(_) => "NS",
            AttributeValue::Bs(_) => "BS",
            AttributeValue::M(_) => "M",
            AttributeValue::L(_) => "L",
            AttributeValue::Null(_) => "NULL",
            AttributeValue::Bool(_) => "BOOL",
        }
    }

    /// The scalar key part of an `S`, `N` or `B` value.
    pub fn key_part(&self) -> Option<KeyPart> {
        match self {
            AttributeValue::S(s) => Some(KeyPart::S(s.clone())),
            AttributeValue::N(n) => Decimal::parse(n).map(KeyPart::N),
            AttributeValue::B(b) => crate::base::base64::decode(b).map(KeyPart::B),
            _ => None,
        }
    }

    /// DynamoDB's equality: numbers by value, sets whatever their order.
    pub fn same(&self, other: &AttributeValue) -> bool {
        use AttributeValue::*;
        match (self, other) {
            (N(a), N(b)) => Decimal::parse(a) == Decimal::parse(b),
            (M(a), M(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v.same(w)))
            }
            (L(a), L(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y)),
            (Ns(a), Ns(b)) => {
                let set = |v: &[String]| {
                    let mut d: Vec<Decimal> = v.iter().filter_map(|n| Decimal::parse(n)).collect();
                    d.sort();
                    d
                };
                set(a) == set(b)
            }
            _ => self == other,
        }
    }

    /// The order of `<`, `<=`, `>`, `>=` and BETWEEN: only between two
    /// `S`, two `N` or two `B` values.
    pub fn compare(&self, other: &AttributeValue) -> Option<Ordering> {
        match (self.key_part()?, other.key_part()?) {
            (KeyPart::S(a), KeyPart::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (KeyPart::N(a), KeyPart::N(b)) => Some(a.cmp(&b)),
            (KeyPart::B(a), KeyPart::B(b)) => Some(a.cmp(&b)),
            _ => None,
        }
    }
}

/// A key attribute's value, ordered as DynamoDB orders sort keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyPart {
    N(Decimal),
    S(String),
    B(Vec<u8>),
}

/// A DynamoDB number: up to 38 significant digits, magnitude 1E-130 to
/// below 1E+126. `digits` are the significant digits (no leading or
/// trailing zeros; empty for zero); the value is `digits × 10^scale`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    scale: i32,
}

/// DynamoDB's number limits.
pub const MAX_SIGNIFICANT_DIGITS: usize = 38;
const MAX_ADJUSTED_EXPONENT: i32 = 125;
const MIN_ADJUSTED_EXPONENT: i32 = -130;

impl Decimal {
    pub fn zero() -> Decimal {
        Decimal {
            negative: false,
            digits: Vec::new(),
            scale: 0,
        }
    }

    /// Parses decimal text (`-12.50`, `1e3`); `None` if it is no number.
    /// Limits are checked by [`parse_number`].
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.trim();
        let (negative, t) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (mantissa, exponent) = match t.find(['e', 'E']) {
            // Far past DynamoDB's range either way: clamped, so the limits
            // refuse it as overflow or underflow without overflowing here.
            Some(i) => (
                &t[..i],
                t[i + 1..].parse::<i64>().ok()?.clamp(-100_000, 100_000) as i32,
            ),
            None => (t, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let mut scale = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
        while digits.first() == Some(&0) {
            digits.remove(0);
        }
        while digits.last() == Some(&0) {
            digits.pop();
            scale += 1;
        }
        if digits.is_empty() {
            return Some(Decimal::zero());
        }
        Some(Decimal {
            negative,
            digits,
            scale,
        })
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// The power of ten of the first significant digit.
    fn adjusted(&self) -> i32 {
        self.digits.len() as i32 - 1 + self.scale
    }

    /// Plain decimal text, as DynamoDB returns numbers.
    pub fn to_text(&self) -> String {
        if self.is_zero() {
            return "0".to_owned();
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let body = if self.scale >= 0 {
            format!("{digits}{}", "0".repeat(self.scale as usize))
        } else {
            let point = self.scale.unsigned_abs() as usize;
            if digits.len() > point {
                let (a, b) = digits.split_at(digits.len() - point);
                format!("{a}.{b}")
            } else {
                format!("0.{}{digits}", "0".repeat(point - digits.len()))
            }
        };
        if self.negative {
            format!("-{body}")
        } else {
            body
        }
    }

    /// The sum, exact (UpdateItem's `+`, `-` and ADD).
    pub fn add(&self, other: &Decimal) -> Decimal {
        let scale = self.scale.min(other.scale);
        let widen = |d: &Decimal| -> Vec<u8> {
            let mut v = d.digits.clone();
            v.extend(std::iter::repeat_n(0, (d.scale - scale) as usize));
            v
        };
        let (a, b) = (widen(self), widen(other));
        let (digits, negative) = if self.negative == other.negative {
            (add_magnitudes(&a, &b), self.negative)
        } else {
            match cmp_magnitudes(&a, &b) {
                Ordering::Equal => return Decimal::zero(),
                Ordering::Greater => (sub_magnitudes(&a, &b), self.negative),
                Ordering::Less => (sub_magnitudes(&b, &a), other.negative),
            }
        };
        let text = format!(
            "{}{}e{scale}",
            if negative { "-" } else { "" },
            digits
                .iter()
                .map(|d| char::from(b'0' + d))
                .collect::<String>()
        );
        Decimal::parse(&text).unwrap_or_else(Decimal::zero)
    }

    pub fn negate(&self) -> Decimal {
        let mut d = self.clone();
        if !d.is_zero() {
            d.negative = !d.negative;
        }
        d
    }
}

fn strip(v: &[u8]) -> &[u8] {
    let first = v.iter().position(|d| *d != 0).unwrap_or(v.len());
    &v[first..]
}

fn cmp_magnitudes(a: &[u8], b: &[u8]) -> Ordering {
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn add_magnitudes(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut carry = 0;
    let (mut i, mut j) = (a.len(), b.len());
    while i > 0 || j > 0 || carry > 0 {
        let x = if i > 0 { a[i - 1] } else { 0 };
        let y = if j > 0 { b[j - 1] } else { 0 };
        let s = x + y + carry;
        out.push(s % 10);
        carry = s / 10;
        i = i.saturating_sub(1);
        j = j.saturating_sub(1);
    }
    out.reverse();
    out
}

/// `a - b` for `a >= b`.
fn sub_magnitudes(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut borrow = 0i8;
    let mut j = b.len();
    for i in (0..a.len()).rev() {
        let y = if j > 0 { b[j - 1] as i8 } else { 0 };
        j = j.saturating_sub(1);
        let mut d = a[i] as i8 - y - borrow;
        borrow = 0;
        if d < 0 {
            d += 10;
            borrow = 1;
        }
        out.push(d as u8);
    }
    out.reverse();
    out
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |d: &Decimal| {
            if d.is_zero() {
                0
            } else if d.negative {
                -1
            } else {
                1
            }
        };
        let (sa, sb) = (sign(self), sign(other));
        if sa != sb || sa == 0 {
            return sa.cmp(&sb);
        }
        let magnitude = self
            .adjusted()
            .cmp(&other.adjusted())
            .then_with(|| self.digits.cmp(&other.digits));
        if sa < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationException, message)
}

fn invalid(message: &str) -> ApiError {
    validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// A number as DynamoDB accepts it: its canonical text, or DynamoDB's
/// refusal.
pub fn parse_number(text: &str) -> Result<Decimal, ApiError> {
    let Some(d) = Decimal::parse(text) else {
        return Err(validation(
            "A value provided cannot be converted into a number",
        ));
    };
    if d.digits.len() > MAX_SIGNIFICANT_DIGITS {
        return Err(validation(
            "Attempting to store more than 38 significant digits in a Number",
        ));
    }
    if !d.is_zero() && d.adjusted() > MAX_ADJUSTED_EXPONENT {
        return Err(validation(
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ));
    }
    if !d.is_zero() && d.adjusted() < MIN_ADJUSTED_EXPONENT {
        return Err(validation(
            "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ));
    }
    Ok(d)
}

fn set_name(kind: &str) -> &'static str {
    match kind {
        "SS" => "string",
        "NS" => "number",
        _ => "binary",
    }
}

/// Parses one value from the request JSON, as DynamoDB validates it.
pub fn parse_value(v: &Value) -> Result<AttributeValue, ApiError> {
    let Some(map) = v.as_object() else {
        return Err(ApiError::new(
            ErrorCode::SerializationException,
            "An AttributeValue must be an object with one type key, such as {\"S\": \"text\"}.",
        ));
    };
    if map.is_empty() {
        return Err(validation(
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        ));
    }
    if map.len() > 1 {
        return Err(validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        ));
    }
    let Some((kind, inner)) = map.iter().next() else {
        return Err(validation("Supplied AttributeValue is empty"));
    };
    let wrong = || {
        ApiError::new(
            ErrorCode::SerializationException,
            format!("The {kind} member of an AttributeValue has the wrong JSON type."),
        )
    };
    let strings = |inner: &Value| -> Result<Vec<String>, ApiError> {
        inner
            .as_array()
            .ok_or_else(wrong)?
            .iter()
            .map(|s| s.as_str().map(str::to_owned).ok_or_else(wrong))
            .collect()
    };
    let binary = |s: &str| -> Result<String, ApiError> {
        crate::base::base64::decode(s)
            .map(|b| crate::base::base64::encode(&b))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::SerializationException,
                    "Base64 encoded length is expected a multiple of 4 bytes but found a value that is not base64.",
                )
            })
    };
    Ok(match kind.as_str() {
        "S" => AttributeValue::S(inner.as_str().ok_or_else(wrong)?.to_owned()),
        "N" => AttributeValue::N(parse_number(inner.as_str().ok_or_else(wrong)?)?.to_text()),
        "B" => AttributeValue::B(binary(inner.as_str().ok_or_else(wrong)?)?),
        "BOOL" => AttributeValue::Bool(inner.as_bool().ok_or_else(wrong)?),
        "NULL" => {
            if inner.as_bool() != Some(true) {
                return Err(invalid(
                    "Null attribute value types must have the value of true",
                ));
            }
            AttributeValue::Null(true)
        }
        "M" => AttributeValue::M(
            inner
                .as_object()
                .ok_or_else(wrong)?
                .iter()
                .map(|(k, v)| Ok((k.clone(), parse_value(v)?)))
                .collect::<Result<_, ApiError>>()?,
        ),
        "L" => AttributeValue::L(
            inner
                .as_array()
                .ok_or_else(wrong)?
                .iter()
                .map(parse_value)
                .collect::<Result<_, _>>()?,
        ),
        "SS" | "NS" | "BS" => {
            let items = strings(inner)?;
            if items.is_empty() {
                return Err(invalid(&format!(
                    "An {} set  may not be empty",
                    set_name(kind)
                )));
            }
            let mut canonical: Vec<(KeyPart, String)> = Vec::new();
            for s in &items {
                let (part, text) = match kind.as_str() {
                    "SS" => (KeyPart::S(s.clone()), s.clone()),
                    "NS" => {
                        let d = parse_number(s)?;
                        let text = d.to_text();
                        (KeyPart::N(d), text)
                    }
                    _ => {
                        let text = binary(s)?;
                        let bytes = crate::base::base64::decode(&text).unwrap_or_default();
                        (KeyPart::B(bytes), text)
                    }
                };
                canonical.push((part, text));
            }
            canonical.sort();
            if canonical.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err(invalid(&format!(
                    "Input collection [{}] contains duplicates.",
                    items.join(", ")
                )));
            }
            let texts = canonical.into_iter().map(|(_, t)| t).collect();
            match kind.as_str() {
                "SS" => AttributeValue::Ss(texts),
                "NS" => AttributeValue::Ns(texts),
                _ => AttributeValue::Bs(texts),
            }
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::SerializationException,
                format!(
                    "Unknown AttributeValue type {other}: one of S, N, B, SS, NS, BS, M, L, NULL, BOOL."
                ),
            ));
        }
    })
}

/// Parses an item (or a key) given as a JSON object of values.
pub fn parse_item(v: &BTreeMap<String, Value>) -> Result<Item, ApiError> {
    v.iter()
        .map(|(k, v)| Ok((k.clone(), parse_value(v)?)))
        .collect()
}

/// DynamoDB's item size: attribute names plus values (strings and binaries
/// their bytes, numbers about one byte per two significant digits plus
/// one, 1 for BOOL and NULL, 3 plus the elements for M and L).
pub fn item_size(item: &Item) -> u64 {
    item.iter()
        .map(|(k, v)| k.len() as u64 + value_size(v))
        .sum()
}

fn number_size(n: &str) -> u64 {
    let digits = Decimal::parse(n).map_or(1, |d| d.digits.len().max(1)) as u64;
    digits.div_ceil(2) + 1
}

fn value_size(v: &AttributeValue) -> u64 {
    match v {
        AttributeValue::S(s) => s.len() as u64,
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => crate::base::base64::decode(b).map_or(0, |b| b.len() as u64),
        AttributeValue::Ss(v) => v.iter().map(|s| s.len() as u64).sum(),
        AttributeValue::Ns(v) => v.iter().map(|n| number_size(n)).sum(),
        AttributeValue::Bs(v) => v
            .iter()
            .map(|b| crate::base::base64::decode(b).map_or(0, |b| b.len() as u64))
            .sum(),
        AttributeValue::M(m) => {
            3 + m
                .iter()
                .map(|(k, v)| 1 + k.len() as u64 + value_size(v))
                .sum::<u64>()
        }
        AttributeValue::L(l) => 3 + l.iter().map(|v| 1 + value_size(v)).sum::<u64>(),
        AttributeValue::Null(_) | AttributeValue::Bool(_) => 1,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(s: &str) -> Decimal {
        parse_number(s).unwrap()
    }

    #[test]
    fn numbers_are_canonical_and_ordered_by_value() {
        assert_eq!(n("01.50").to_text(), "1.5");
        assert_eq!(n("1e3").to_text(), "1000");
        assert_eq!(n("-0.00120").to_text(), "-0.0012");
        assert_eq!(n("-0").to_text(), "0");
        assert!(n("9") < n("10"));
        assert!(n("-10") < n("-9"));
        assert!(n("-1") < n("0") && n("0") < n("0.001"));
        assert_eq!(n("2.50"), n("2.5"));
        assert_eq!(n("1.5").add(&n("2.75")).to_text(), "4.25");
        assert_eq!(n("1").add(&n("-3")).to_text(), "-2");
        assert_eq!(n("10").add(&n("-10")).to_text(), "0");
        assert_eq!(n("999").add(&n("1")).to_text(), "1000");
        assert!(parse_number("abc").is_err());
        assert!(parse_number("1e200").is_err());
        assert!(parse_number(&"1".repeat(39)).is_err());
        for huge in [
            "11e2147483647",
            "10e9999999999",
            "1e-99999999999",
            "-5e2147483647",
        ] {
            assert!(
                parse_number(huge).unwrap_err().message.contains("Number"),
                "{huge}"
            );
        }
    }

    #[test]
    fn values_are_validated_as_dynamodb_does() {
        let e = parse_value(&json!({})).unwrap_err();
        assert!(e.message.starts_with("Supplied AttributeValue is empty"));
        let e = parse_value(&json!({"S": "a", "N": "1"})).unwrap_err();
        assert!(e.message.contains("more than one datatypes"));
        let e = parse_value(&json!({"SS": []})).unwrap_err();
        assert_eq!(
            e.message,
            "One or more parameter values were invalid: An string set  may not be empty"
        );
        let e = parse_value(&json!({"NS": ["1", "1.0"]})).unwrap_err();
        assert!(e.message.contains("contains duplicates"), "{e}");
        let e = parse_value(&json!({"NULL": false})).unwrap_err();
        assert!(e.message.contains("Null attribute value"));
        assert_eq!(
            parse_value(&json!({"NS": ["10", "9"]})).unwrap(),
            AttributeValue::Ns(vec!["9".into(), "10".into()])
        );
        assert_eq!(
            serde_json::to_value(parse_value(&json!({"M": {"a": {"BOOL": true}}})).unwrap())
                .unwrap(),
            json!({"M": {"a": {"BOOL": true}}})
        );
    }
}
