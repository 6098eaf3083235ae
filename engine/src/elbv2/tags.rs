//! AddTags, RemoveTags, DescribeTags for load balancers, target groups,
//! listeners and rules.

use super::*;
use crate::sim::Sim;

impl Sim {
    /// The resource an ARN names must exist: the error names its kind.
    fn elb_resource_exists(&self, arn: &str) -> Result<(), ApiError> {
        let elb = &self.state.elb;
        let found = elb
            .load_balancers
            .get(arn)
            .is_some_and(|lb| lb.lb_type != LbType::Classic)
            || elb.target_groups.get(arn).is_some_and(|tg| !tg.classic)
            || elb.listeners.get(arn).is_some_and(|l| l.instance.is_none())
            || elb.rules.contains_key(arn)
            || elb.listeners.values().any(|l| l.default_rule_arn == arn);
        if found {
            return Ok(());
        }
        Err(if arn.contains(":targetgroup/") {
            tg_not_found()
        } else if arn.contains(":listener-rule/") {
            rule_not_found()
        } else if arn.contains(":listener/") {
            listener_not_found()
        } else if arn.contains(":loadbalancer/") {
            lb_not_found()
        } else {
            validation(format!(
                "'{arn}' is not a valid load balancer, target group, listener or rule ARN"
            ))
        })
    }

    pub(crate) fn elb_add_tags(&mut self, req: AddTagsRequest) -> Result<ElbEmpty, ApiError> {
        check_tags(&req.tags)?;
        for arn in &req.resource_arns {
            self.elb_resource_exists(arn)?;
            let mut merged = self.state.elb.tags.get(arn).cloned().unwrap_or_default();
            for t in &req.tags {
                merged.retain(|m| m.key != t.key);
                merged.push(t.clone());
            }
            check_tags(&merged)?;
        }
        for arn in &req.resource_arns {
            let entry = self.state.elb.tags.entry(arn.clone()).or_default();
            for t in &req.tags {
                entry.retain(|m| m.key != t.key);
                entry.push(t.clone());
            }
            entry.sort_by(|a, b| a.key.cmp(&b.key));
        }
        Ok(ElbEmpty {})
    }

    pub(crate) fn elb_remove_tags(&mut self, req: RemoveTagsRequest) -> Result<ElbEmpty, ApiError> {
        for arn in &req.resource_arns {
            self.elb_resource_exists(arn)?;
        }
        for arn in &req.resource_arns {
            if let Some(tags) = self.state.elb.tags.get_mut(arn) {
                tags.retain(|t| !req.tag_keys.contains(&t.key));
                if tags.is_empty() {
                    self.state.elb.tags.remove(arn);
                }
            }
        }
        Ok(ElbEmpty {})
    }

    pub(crate) fn elb_describe_tags(
        &self,
        req: DescribeTagsRequest,
    ) -> Result<DescribeTagsResponse, ApiError> {
        if req.resource_arns.len() > 20 {
            return Err(validation("At most 20 resource ARNs can be given"));
        }
        let mut out = Vec::new();
        for arn in &req.resource_arns {
            self.elb_resource_exists(arn)?;
            out.push(TagDescription {
                resource_arn: arn.clone(),
                tags: self.state.elb.tags.get(arn).cloned().unwrap_or_default(),
            });
        }
        Ok(DescribeTagsResponse {
            tag_descriptions: out,
        })
    }

    /// Sets a new resource's tags (already checked).
    pub(crate) fn elb_set_tags(&mut self, arn: &str, tags: Option<Vec<Tag>>) {
        if let Some(mut tags) = tags.filter(|t| !t.is_empty()) {
            tags.sort_by(|a, b| a.key.cmp(&b.key));
            self.state.elb.tags.insert(arn.to_owned(), tags);
        }
    }
}
