//! Amazon Resource Names: `arn:aws:<service>:<region>:<account>:<resource>`
//! built and read for one account and region, and the last segment of a
//! path (the id in `task/demo/abc`).

/// The part of an ARN or path after its last `/` (`task/demo/abc` → `abc`),
/// or all of it: what `rsplit('/').next()` gives, by a byte search.
pub trait LastSegment {
    fn last_segment(&self) -> &str;
}

impl LastSegment for str {
    fn last_segment(&self) -> &str {
        match self.bytes().rposition(|b| b == b'/') {
            Some(i) => self.get(i + 1..).unwrap_or_default(),
            None => self,
        }
    }
}

/// Whether an identifier is an ARN rather than a name or an id.
pub fn is_arn(identifier: &str) -> bool {
    identifier.starts_with("arn:")
}

/// `identifier` as it is when it is an ARN, else the ARN `of_name` makes
/// of it (a name): how a resource that was not found is named in a
/// failure or an error.
pub fn arn_or(identifier: &str, of_name: impl FnOnce(&str) -> String) -> String {
    if is_arn(identifier) {
        identifier.to_owned()
    } else {
        of_name(identifier)
    }
}

/// Builds and parses ARNs of one account and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arns {
    pub account_id: String,
    pub region: String,
    /// `arn:aws:ecs:<region>:<account>:`, made once: most ARNs built are
    /// ECS's (tasks, containers, services, container instances), and
    /// copying the head in one piece saves six of an ARN's ten or so
    /// copies.
    ecs_head: String,
}

impl Arns {
    pub fn new(account_id: &str, region: &str) -> Self {
        Arns {
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            ecs_head: ["arn:aws:ecs:", region, ":", account_id, ":"].concat(),
        }
    }

    /// `arn:aws:<service>:<region>:<account>:<resource>`
    pub fn arn(&self, service: &str, resource: &str) -> String {
        self.arn_of(service, &[resource])
    }

    /// `arn:aws:<service>::<account>:<resource>`: the ARN of a global
    /// service's resource (no region).
    pub fn global(&self, service: &str, resource: &str) -> String {
        ["arn:aws:", service, "::", &self.account_id, ":", resource].concat()
    }

    /// [`Self::arn`] with the resource given in parts
    /// (`["task/", cluster, "/", id]`), joined in one allocation of the
    /// exact length (`format!` grows the string several times, and ARNs
    /// are built for every task).
    pub fn arn_of(&self, service: &str, resource: &[&str]) -> String {
        if service == "ecs" {
            let len = self.ecs_head.len() + resource.iter().map(|p| p.len()).sum::<usize>();
            let mut arn = String::with_capacity(len);
            arn.push_str(&self.ecs_head);
            for part in resource {
                arn.push_str(part);
            }
            return arn;
        }
        let head = [
            "arn:aws:",
            service,
            ":",
            &self.region,
            ":",
            &self.account_id,
            ":",
        ];
        let len = head.iter().chain(resource).map(|p| p.len()).sum();
        let mut arn = String::with_capacity(len);
        for part in head.iter().chain(resource) {
            arn.push_str(part);
        }
        arn
    }

    /// The resource part (`cluster/name`) of an ARN of this account and region
    /// for `service`, or `None` if `text` is not such an ARN.
    pub fn resource<'a>(&self, service: &str, text: &'a str) -> Option<&'a str> {
        let rest = text.strip_prefix("arn:aws:")?;
        let rest = rest.strip_prefix(service)?.strip_prefix(':')?;
        let rest = rest.strip_prefix(self.region.as_str())?.strip_prefix(':')?;
        rest.strip_prefix(self.account_id.as_str())?
            .strip_prefix(':')
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_parses_arns() {
        let arns = Arns::new("123456789012", "us-east-1");
        let arn = arns.arn("svc", "thing/demo");
        assert_eq!(arn, "arn:aws:svc:us-east-1:123456789012:thing/demo");
        assert_eq!(arns.arn_of("svc", &["thing/", "demo"]), arn);
        assert_eq!(arns.resource("svc", &arn), Some("thing/demo"));
        assert_eq!(
            arns.resource("svc", "arn:aws:svc:eu-west-1:123456789012:thing/demo"),
            None
        );
        assert_eq!(arns.resource("other", &arn), None);
        assert_eq!(arns.resource("svc", "demo"), None);
        assert_eq!(
            arns.global("glob", "role/r"),
            "arn:aws:glob::123456789012:role/r"
        );
    }

    #[test]
    fn names_or_arns() {
        let of_name = |n: &str| format!("arn:aws:svc:r:1:thing/{n}");
        assert_eq!(arn_or("demo", of_name), "arn:aws:svc:r:1:thing/demo");
        assert_eq!(arn_or("arn:x", of_name), "arn:x");
        assert!(is_arn("arn:aws:svc:r:1:thing/demo") && !is_arn("demo"));
    }

    #[test]
    fn last_segments() {
        assert_eq!("task/demo/abc".last_segment(), "abc");
        assert_eq!("abc".last_segment(), "abc");
        assert_eq!("abc/".last_segment(), "");
        assert_eq!("".last_segment(), "");
        for s in ["a/b/c", "/", "x", "é/ü", "a//"] {
            assert_eq!(s.last_segment(), s.rsplit('/').next().unwrap());
        }
    }
}
