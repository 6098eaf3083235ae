//! The `s3_bucket` and `dynamodb_item` goals (see the module docs of
//! `goals`).

use super::GoalCheck;
use crate::dynamodb::value::AttributeValue;
use crate::sim::Sim;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3BucketGoal {
    pub name: String,
    /// Its EventBridge notifications are on (or off).
    #[serde(default)]
    pub eventbridge: Option<bool>,
    /// It holds at least this many objects (under `prefix`, if given).
    #[serde(default)]
    pub objects_at_least: Option<u64>,
    #[serde(default)]
    pub prefix: Option<String>,
}

impl S3BucketGoal {
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        match self.eventbridge {
            Some(true) => parts.push("sends its events to EventBridge".to_owned()),
            Some(false) => parts.push("does not send its events to EventBridge".to_owned()),
            None => {}
        }
        if let Some(n) = self.objects_at_least {
            let under = self
                .prefix
                .as_ref()
                .map(|p| format!(" under {p}"))
                .unwrap_or_default();
            parts.push(format!("holds at least {n} object(s){under}"));
        }
        if parts.is_empty() {
            format!("S3 bucket {} exists.", self.name)
        } else {
            format!("S3 bucket {} {}.", self.name, parts.join(" and "))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamoDbItemGoal {
    pub table: String,
    /// An item whose string attribute `attribute` …
    pub attribute: String,
    /// … is this (or, with `prefix = true`, begins with it).
    pub value: String,
    #[serde(default)]
    pub prefix: bool,
}

impl DynamoDbItemGoal {
    pub(crate) fn describe(&self) -> String {
        format!(
            "DynamoDB table {} has an item whose {} {} \"{}\".",
            self.table,
            self.attribute,
            if self.prefix { "begins with" } else { "is" },
            self.value
        )
    }
}

impl Sim {
    pub(crate) fn check_s3_bucket(&self, g: &S3BucketGoal) -> GoalCheck {
        let Some(b) = self.state.s3.buckets.get(&g.name) else {
            return GoalCheck::unmet(format!("no bucket {}", g.name));
        };
        let prefix = g.prefix.as_deref().unwrap_or("");
        let objects = b.objects.keys().filter(|k| k.starts_with(prefix)).count() as u64;
        let now = format!(
            "EventBridge notifications {}, {objects} object(s){}",
            if b.eventbridge { "on" } else { "off" },
            if prefix.is_empty() {
                String::new()
            } else {
                format!(" under {prefix}")
            }
        );
        let mut wrong = Vec::new();
        if g.eventbridge.is_some_and(|on| on != b.eventbridge) {
            wrong.push("EventBridge notifications");
        }
        if g.objects_at_least.is_some_and(|n| objects < n) {
            wrong.push("too few objects");
        }
        if wrong.is_empty() {
            GoalCheck::met(now)
        } else {
            GoalCheck::unmet(format!("{now} ({})", wrong.join(", ")))
        }
    }

    pub(crate) fn check_dynamodb_item(&self, g: &DynamoDbItemGoal) -> GoalCheck {
        let Some(t) = self.state.dynamodb.tables.get(&g.table) else {
            return GoalCheck::unmet(format!("no table {}", g.table));
        };
        let found = t.items.values().find(|item| {
            matches!(item.get(&g.attribute), Some(AttributeValue::S(s))
                if if g.prefix { s.starts_with(&g.value) } else { *s == g.value })
        });
        match found {
            Some(_) => GoalCheck::met(format!("{} item(s); this one is there", t.items.len())),
            None => GoalCheck::unmet(format!(
                "{} item(s), none with that {}",
                t.items.len(),
                g.attribute
            )),
        }
    }
}
