//! ECS resource tags (`key`/`value`, lowercase as ECS spells them).

use crate::error::ApiError;
use serde::{Deserialize, Serialize};

pub const MAX_TAGS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "+-=._:/@".contains(c)
}

/// Checks tags as ECS does (at most 50, keys 1–128 and values up to 256
/// characters, no duplicates, the `aws:` prefix reserved).
pub fn validate(tags: &[Tag]) -> Result<(), ApiError> {
    if tags.len() > MAX_TAGS {
        return Err(ApiError::invalid_parameter(format!(
            "A resource can have at most {MAX_TAGS} tags; {} were given.",
            tags.len()
        )));
    }
    for (i, tag) in tags.iter().enumerate() {
        let key_len = tag.key.chars().count();
        if key_len == 0 || key_len > 128 {
            return Err(ApiError::invalid_parameter(format!(
                "Tag key '{}' must be 1 to 128 characters long.",
                tag.key
            )));
        }
        if tag.value.chars().count() > 256 {
            return Err(ApiError::invalid_parameter(format!(
                "The value of tag '{}' must be at most 256 characters long.",
                tag.key
            )));
        }
        if let Some(bad) = tag
            .key
            .chars()
            .chain(tag.value.chars())
            .find(|c| !allowed(*c))
        {
            return Err(ApiError::invalid_parameter(format!(
                "Tag '{}' contains the character '{bad}'. Tags may use letters, numbers, spaces and + - = . _ : / @.",
                tag.key
            )));
        }
        if tag.key.to_ascii_lowercase().starts_with("aws:") {
            return Err(ApiError::invalid_parameter(format!(
                "Tag key '{}' is not allowed: keys beginning with 'aws:' are reserved for AWS use.",
                tag.key
            )));
        }
        if tags[..i].iter().any(|t| t.key == tag.key) {
            return Err(ApiError::invalid_parameter(format!(
                "Tag key '{}' is given more than once.",
                tag.key
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn tag(k: &str, v: &str) -> Tag {
        Tag {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn accepts_ordinary_tags() {
        assert!(validate(&[tag("team", "web"), tag("cost-centre", "")]).is_ok());
    }

    #[test]
    fn rejects_bad_tags_with_a_reason() {
        let cases = [
            (vec![tag("", "x")], "1 to 128"),
            (vec![tag(&"k".repeat(129), "x")], "1 to 128"),
            (vec![tag("k", &"v".repeat(257))], "256"),
            (vec![tag("aws:owner", "me")], "reserved"),
            (vec![tag("AWS:owner", "me")], "reserved"),
            (vec![tag("a", "1"), tag("a", "2")], "more than once"),
            (vec![tag("semi;colon", "x")], "';'"),
            (
                (0..51).map(|i| tag(&format!("k{i}"), "")).collect(),
                "at most 50",
            ),
        ];
        for (tags, expected) in cases {
            let err = validate(&tags).unwrap_err();
            assert!(
                err.message.contains(expected),
                "{err} should mention {expected}"
            );
        }
    }
}
