//! One way to paginate a List/Describe operation: items in key order (the
//! state's `BTreeMap` order or a sort), a page of at most `limit` items after
//! the token's key, and a token (`stv1-` + hex of the last key returned,
//! [`crate::ecr::encode_token`]) when more remain. Each service checks its
//! own bounds and names its own errors ([`Limits`]), as AWS does:
//!
//! | service | members | bounds (default) | bad limit | bad token |
//! |---|---|---|---|---|
//! | ECS List* | nextToken / maxResults | 1–100 (100) | InvalidParameterException | InvalidParameterException |
//! | EC2 Describe* | NextToken / MaxResults | 5–1000, launch templates 1–200 (all); not with ids | InvalidParameterValue / InvalidParameterCombination | InvalidPaginationToken |
//! | Auto Scaling Describe* | NextToken / MaxRecords | 1–100 (50 groups, 100 activities) | ValidationError | InvalidNextToken |
//! | SSM GetParametersByPath | NextToken / MaxResults | 1–10 (10) | ValidationException | InvalidNextToken |
//!
//! (botocore paginators-1.json lists these operations as paginated; the
//! bounds are the API references' `MaxResults`/`MaxRecords` ranges.)

use crate::ecr::{decode_token, encode_token};
use crate::error::{ApiError, ErrorCode};

/// A service's pagination rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
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

/// ECS List* operations: maxResults 1–100, default 100.
pub(crate) const fn ecs(operation: &'static str) -> Limits {
    Limits {
        operation,
        limit_member: "maxResults",
        token_member: "nextToken",
        min: 1,
        max: 100,
        default: Some(100),
        limit_error: ErrorCode::InvalidParameterException,
        token_error: ErrorCode::InvalidParameterException,
    }
}

/// EC2 Describe* operations: MaxResults 5–1000 (DescribeSecurityGroups,
/// DescribeSubnets, DescribeVpcs, DescribeInstances,
/// DescribeNetworkInterfaces: "This value can be between 5 and 1000. If
/// this parameter is not specified, then all items are returned"),
/// everything when omitted.
pub(crate) const fn ec2(operation: &'static str) -> Limits {
    ec2_range(operation, 5, 1000)
}

/// EC2 with its own bounds (DescribeLaunchTemplates: 1–200).
pub(crate) const fn ec2_range(operation: &'static str, min: i64, max: i64) -> Limits {
    Limits {
        operation,
        limit_member: "MaxResults",
        token_member: "NextToken",
        min,
        max,
        default: None,
        limit_error: ErrorCode::InvalidParameterValue,
        token_error: ErrorCode::InvalidPaginationToken,
    }
}

/// Auto Scaling Describe* operations: MaxRecords 1–100.
pub(crate) const fn autoscaling(operation: &'static str, default: i64) -> Limits {
    Limits {
        operation,
        limit_member: "MaxRecords",
        token_member: "NextToken",
        min: 1,
        max: 100,
        default: Some(default),
        limit_error: ErrorCode::ValidationError,
        token_error: ErrorCode::InvalidNextToken,
    }
}

/// SSM GetParametersByPath: MaxResults 1–10, default 10.
pub(crate) const fn ssm(operation: &'static str) -> Limits {
    Limits {
        operation,
        limit_member: "MaxResults",
        token_member: "NextToken",
        min: 1,
        max: 10,
        default: Some(10),
        limit_error: ErrorCode::ValidationException,
        token_error: ErrorCode::InvalidNextToken,
    }
}

/// A checked request: how many items, after which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRequest {
    pub limit: Option<usize>,
    pub after: Option<String>,
}

impl Limits {
    /// Checks `limit` and `token` against the rules.
    pub(crate) fn request(
        &self,
        limit: Option<i64>,
        token: Option<&str>,
    ) -> Result<PageRequest, ApiError> {
        let limit = match limit {
            None => self.default.map(|d| d as usize),
            Some(n) if (self.min..=self.max).contains(&n) => Some(n as usize),
            Some(n) => {
                return Err(ApiError::new(
                    self.limit_error,
                    format!(
                        "{} must be between {} and {}; {n} was given.",
                        self.limit_member, self.min, self.max
                    ),
                ));
            }
        };
        let after = match token {
            None => None,
            Some(t) => Some(decode_token(t).ok_or_else(|| {
                ApiError::new(
                    self.token_error,
                    format!(
                        "The {} is not valid: pass back exactly the token a previous {} returned.",
                        self.token_member, self.operation
                    ),
                )
            })?),
        };
        Ok(PageRequest { limit, after })
    }
}

impl PageRequest {
    /// One page of `items` (sorted here by key): those after the
    /// token's key, at most `limit`, and the token for the next page.
    pub(crate) fn page<T>(
        &self,
        items: impl IntoIterator<Item = (String, T)>,
    ) -> (Vec<T>, Option<String>) {
        let mut items: Vec<(String, T)> = items.into_iter().collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rest = items
            .into_iter()
            .filter(|(key, _)| self.after.as_ref().is_none_or(|a| key > a))
            .peekable();
        let mut page = Vec::new();
        let mut last = None;
        for (key, item) in rest.by_ref() {
            page.push(item);
            if self.limit.is_some_and(|l| page.len() >= l) {
                last = Some(key);
                break;
            }
        }
        let token = match (last, rest.peek()) {
            (Some(key), Some(_)) => Some(encode_token(&key)),
            _ => None,
        };
        (page, token)
    }
}

/// EC2: `MaxResults` cannot be combined with a list of ids.
pub(crate) fn ec2_no_ids_with_max(
    ids: &[String],
    ids_member: &str,
    max: Option<i64>,
) -> Result<(), ApiError> {
    if !ids.is_empty() && max.is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidParameterCombination,
            format!("The parameter {ids_member} cannot be used with the parameter MaxResults"),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::ecr::{decode_token, encode_token};

    fn items(n: usize) -> Vec<(String, usize)> {
        (0..n).map(|i| (format!("k{i:02}"), i)).collect()
    }

    #[test]
    fn pages_walk_every_item_once_in_key_order() {
        let rules = ecs("ListTasks");
        let mut token: Option<String> = None;
        let mut seen = Vec::new();
        loop {
            let req = rules.request(Some(3), token.as_deref()).unwrap();
            let (page, next) = req.page(items(10));
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
    fn tokens_round_trip_and_reject_garbage() {
        assert_eq!(
            decode_token(&encode_token("web-1")),
            Some("web-1".to_owned())
        );
        for bad in ["", "stv1-", "stv1-zz", "stv1-616", "abc"] {
            assert_eq!(decode_token(bad), None, "{bad}");
        }
    }

    #[test]
    fn bounds_and_tokens_are_checked_with_each_service_s_errors() {
        let e = ecs("ListTasks").request(Some(0), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameterException);
        assert!(ecs("ListTasks").request(Some(101), None).is_err());
        let e = ec2("DescribeVpcs").request(Some(4), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
        assert!(ec2("DescribeVpcs").request(Some(1000), None).is_ok());
        let e = ec2("DescribeVpcs")
            .request(None, Some("garbage"))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidPaginationToken);
        let e = autoscaling("DescribeAutoScalingGroups", 50)
            .request(Some(101), None)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::ValidationError);
        let e = autoscaling("DescribeAutoScalingGroups", 50)
            .request(None, Some("stv1-zz"))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidNextToken);
        // EC2 without MaxResults: everything.
        let (page, next) = ec2("DescribeVpcs")
            .request(None, None)
            .unwrap()
            .page(items(7));
        assert_eq!((page.len(), next), (7, None));
        assert!(ec2_no_ids_with_max(&["vpc-1".into()], "VpcIds", Some(5)).is_err());
        assert!(ec2_no_ids_with_max(&[], "VpcIds", Some(5)).is_ok());
    }
}
