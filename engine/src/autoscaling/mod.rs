//! Amazon EC2 Auto Scaling: groups that launch and terminate instances
//! toward their desired capacity, balancing Availability Zones, with scaling
//! activities (ASUG; F9.7), and scheduled actions (`scheduled`).

pub mod group;
pub mod policy;
pub mod scheduled;

use crate::base::paginate::Limits;
use crate::error::ErrorCode;

/// Auto Scaling Describe* paging (NextToken / MaxRecords): 1–100, `default`
/// when omitted (50 groups, 100 activities), ValidationError for a bad
/// limit, InvalidNextToken for a bad token.
pub(crate) const fn paging(operation: &'static str, default: i64) -> Limits {
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn paging_bounds_and_errors() {
        let groups = paging("DescribeAutoScalingGroups", 50);
        assert_eq!(groups.request(None, None).unwrap().limit, Some(50));
        let e = groups.request(Some(101), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::ValidationError);
        let e = groups.request(None, Some("stv1-zz")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidNextToken);
    }
}
