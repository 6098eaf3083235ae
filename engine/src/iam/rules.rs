//! IAM's input rules (names, paths, tags, policy ARNs), its NoSuchEntity
//! errors and the `Marker` pagination of its List actions.

use super::*;
use crate::base::paginate::{Order, Tokens, page};
use crate::error::{ApiError, ErrorCode};

pub(super) fn validation(member: &str, value: &str, constraint: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ValidationError,
        format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
        ),
    )
}

/// IAM names for roles and instance profiles: `[\w+=,.@-]+`.
pub(super) fn check_name(member: &str, name: &str, max: usize) -> Result<(), ApiError> {
    if name.is_empty() || name.chars().count() > max {
        return Err(validation(
            member,
            name,
            &format!(
                "Member must have length less than or equal to {max} and greater than or equal to 1"
            ),
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
    {
        return Err(validation(
            member,
            name,
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ));
    }
    Ok(())
}

pub(super) fn check_path(path: &str) -> Result<(), ApiError> {
    let ok = path.len() <= 512
        && path.starts_with('/')
        && path.ends_with('/')
        && path.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if ok {
        Ok(())
    } else {
        Err(validation(
            "path",
            path,
            "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
        ))
    }
}

pub(super) fn check_tags(tags: &[IamTag]) -> Result<(), ApiError> {
    if tags.len() > 50 {
        return Err(ApiError::new(
            ErrorCode::IamLimitExceeded,
            "Cannot exceed quota for TagsPerRole: 50.",
        ));
    }
    for (i, t) in tags.iter().enumerate() {
        if t.key.is_empty() || t.key.chars().count() > 128 || t.value.chars().count() > 256 {
            return Err(validation(
                "tags.member.key",
                &t.key,
                "Member must have length less than or equal to 128 and greater than or equal to 1 (values up to 256)",
            ));
        }
        if tags[..i].iter().any(|o| o.key.eq_ignore_ascii_case(&t.key)) {
            return Err(ApiError::new(
                ErrorCode::InvalidInputException,
                format!(
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive. ('{}')",
                    t.key
                ),
            ));
        }
    }
    Ok(())
}

pub(super) fn no_such_role(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntityException,
        format!("The role with name {name} cannot be found."),
    )
}

pub(super) fn no_such_profile(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntityException,
        format!("Instance Profile {name} cannot be found."),
    )
}

pub(super) fn no_such_inline(role: &str, policy: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntityException,
        format!("The role policy with name {policy} cannot be found. (role {role})"),
    )
}

pub(super) fn check_policy_arn(arn: &str) -> Result<(), ApiError> {
    let ok = arn
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split_once(":policy/"))
        .is_some_and(|(account, name)| {
            (account == "aws"
                || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())))
                && !name.is_empty()
        });
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidInputException,
            format!("ARN {arn} is not valid."),
        ))
    }
}

pub(super) fn page_size(max_items: Option<i64>) -> Result<usize, ApiError> {
    match max_items {
        None => Ok(100),
        Some(n) if (1..=1000).contains(&n) => Ok(n as usize),
        Some(n) => Err(validation(
            "maxItems",
            &n.to_string(),
            "Member must have value greater than or equal to 1 and less than or equal to 1000",
        )),
    }
}

pub(super) struct Page<'a, T> {
    pub(super) items: Vec<&'a T>,
    pub(super) marker: Option<String>,
}

/// IAM's `Marker`: the hex of the last key shown, with no prefix.
const MARKERS: Tokens = Tokens::new("");

pub(super) fn paginate<'a, T>(
    sorted: &[&'a T],
    key: impl Fn(&T) -> String,
    marker: Option<&str>,
    max: usize,
) -> Result<Page<'a, T>, ApiError> {
    let after = marker
        .map(|m| {
            MARKERS
                .decode(m)
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidInputException, "Invalid Marker."))
        })
        .transpose()?;
    let (items, last) = page(
        sorted.iter().map(|item| (key(item), *item)),
        after.as_deref(),
        Some(max),
        Order::Ascending,
    );
    Ok(Page {
        items,
        marker: last.map(|k| MARKERS.encode(&k)),
    })
}
