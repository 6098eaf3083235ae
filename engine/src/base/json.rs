//! Reading a value from a JSON value with less code than
//! `serde_json::from_value`, for the places that read many types once each
//! (every operation's input in `Command::from_json`, every goal kind, the
//! journal's entries).
//!
//! `serde_json::from_value::<T>` hands a structure to the derived reader
//! both as a map (`visit_map`) and as an array of its members in order
//! (`visit_seq`), so each input shape compiled two readers, of which the
//! array one is never used: AWS's JSON and the journal always carry
//! structures as objects. [`from_value`] reads the outermost structure
//! through the map reader only: an object as `serde_json` reads it, and an
//! array (members in declaration order, as `serde_json` takes it) turned
//! into the object it stands for first. Everything else (what is inside the
//! structure, and values that are not structures) is read by
//! `serde_json::Value` itself, unchanged. This took about 1/9 of the
//! worker's wasm (see `app/src/lib.rs`, "What takes the bytes").
//!
//! The one difference: an array too short for a structure (a member
//! without a default missing) fails with "missing field `name`" where
//! `serde_json` says "invalid length 0, expected struct … with 2 elements"
//! (both refuse it).

use serde::de::{self, DeserializeOwned, Unexpected, Visitor};
use serde_json::{Error, Map, Value};

/// `serde_json::from_value`, reading the outermost structure through its
/// map reader only (see the module docs).
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(Outer(value))
}

/// The outermost value: structures as maps, the rest as `serde_json` reads
/// a `Value`.
struct Outer(Value);

/// The members of a structure given as an array, as the object they stand
/// for (`serde_json` takes them in declaration order).
fn positional(
    array: Vec<Value>,
    fields: &'static [&'static str],
) -> Result<Map<String, Value>, Error> {
    if array.len() > fields.len() {
        return Err(de::Error::invalid_length(
            array.len(),
            &"fewer elements in array",
        ));
    }
    Ok(fields
        .iter()
        .zip(array)
        .map(|(field, value)| ((*field).to_owned(), value))
        .collect())
}

/// What `serde_json` names a value in its "invalid type" messages.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Unexpected::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Unexpected::Signed(i)
            } else {
                Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

macro_rules! forward {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, Error> {
                self.0.$method($($($arg,)*)? visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Outer {
    type Error = Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let map = match self.0 {
            Value::Object(map) => map,
            Value::Array(array) => positional(array, fields)?,
            other => return Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        };
        de::Deserializer::deserialize_any(map, visitor)
    }

    forward! {
        deserialize_any, deserialize_bool, deserialize_i8, deserialize_i16, deserialize_i32,
        deserialize_i64, deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32,
        deserialize_u64, deserialize_u128, deserialize_f32, deserialize_f64, deserialize_char,
        deserialize_str, deserialize_string, deserialize_bytes, deserialize_byte_buf,
        deserialize_option, deserialize_unit, deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str), deserialize_seq,
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize), deserialize_map,
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier, deserialize_ignored_any,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Shape {
        cluster_name: String,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        tags: Vec<Tag>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Tag {
        key: String,
        value: String,
    }

    /// Every input reads as `serde_json::from_value` reads it: the same
    /// value, or an error with the same text.
    #[test]
    fn reads_as_serde_json_reads() {
        let inputs = [
            json!({"clusterName": "a"}),
            json!({"clusterName": "a", "count": 3, "tags": [{"key": "k", "value": "v"}]}),
            json!({"clusterName": "a", "tags": [["k", "v"]]}),
            json!({"clusterName": "a", "count": null}),
            json!({"clusterName": "a", "colour": "red"}),
            json!({"clusterName": 7}),
            json!({"clusterName": "a", "count": -1}),
            json!({"clusterName": "a", "count": 1.5}),
            json!({"clusterName": "a", "clusterName": "b"}),
            json!({"count": 1}),
            json!({"clusterName": "a", "tags": [{"key": "k"}]}),
            json!({"clusterName": "a", "tags": {"key": "k"}}),
            json!(["a", 2, [{"key": "k", "value": "v"}]]),
            json!(["a"]),
            json!(["a", 2, [], "extra"]),
            json!([]),
            json!(null),
            json!("a"),
            json!(7),
            json!(-7),
            json!(0.5),
            json!(true),
        ];
        for input in inputs {
            let ours = from_value::<Shape>(input.clone()).map_err(|e| e.to_string());
            let theirs = serde_json::from_value::<Shape>(input.clone()).map_err(|e| e.to_string());
            if input.as_array().is_some_and(|a| a.is_empty()) {
                // Too short for a member without a default: both refuse,
                // in other words (see the module docs).
                assert!(
                    ours.is_err() && theirs.is_err(),
                    "{input}: {ours:?} / {theirs:?}"
                );
            } else {
                assert_eq!(ours, theirs, "{input}");
            }
        }
        // Values that are not structures read exactly as before.
        for input in [
            json!([1, 2]),
            json!({"a": 1}),
            json!("x"),
            json!(null),
            json!(3),
        ] {
            assert_eq!(
                from_value::<Value>(input.clone()).unwrap(),
                serde_json::from_value::<Value>(input.clone()).unwrap()
            );
            assert_eq!(
                from_value::<Option<Vec<u8>>>(input.clone()).map_err(|e| e.to_string()),
                serde_json::from_value::<Option<Vec<u8>>>(input).map_err(|e| e.to_string())
            );
        }
    }
}
