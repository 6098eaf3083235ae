//! Amazon SNS standard topics (botocore `sns`, F20.1–F20.6): CreateTopic,
//! ListTopics, DeleteTopic, GetTopicAttributes, SetTopicAttributes,
//! Subscribe, ConfirmSubscription, ListSubscriptions(ByTopic), Unsubscribe,
//! Publish; and the **inbox**, where the account's email endpoints'
//! messages arrive (`sim inbox`, the View).
//!
//! - Subscriptions (F20.2): `email` and `email-json` wait in
//!   `PendingConfirmation` until ConfirmSubscription with the token from the
//!   confirmation email (which arrives at once, MODEL); `sqs` queues of this
//!   account are confirmed at once. Other protocols are refused as not
//!   modelled. Subscribe answers `pending confirmation` for a pending one
//!   (unless `ReturnSubscriptionArn`).
//! - Publish delivers at once (MODEL: no delivery latency) to the confirmed
//!   subscriptions: `email` gets the message and AWS's footer (F20.3),
//!   `email-json` and `sqs` the JSON envelope (F20.4; `sqs` the raw message
//!   with `RawMessageDelivery`). A queue receives only if its policy allows
//!   `sqs:SendMessage` to `sns.amazonaws.com` (F20.4); otherwise the
//!   delivery is lost (MODEL: no retries, nothing reported).
//! - A topic's policy starts as the owner-only default (F20.1), so an
//!   EventBridge target needs SetTopicAttributes `Policy` allowing
//!   `events.amazonaws.com` to `sns:Publish` (F20.6).
//! - FIFO topics, tags and data protection policies are refused.

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::sqs::MessageAttributeValue;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// F20.3: who sends SNS email.
pub const SENDER: &str = "no-reply@sns.amazonaws.com";
pub const CONFIRMATION_SUBJECT: &str = "AWS Notification - Subscription Confirmation";
pub const DEFAULT_SUBJECT: &str = "AWS Notification Message";
/// MODEL: the inbox keeps the latest messages only.
pub const INBOX_LIMIT: usize = 200;

// ----------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTopicInput {
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicArnResponse {
    pub topic_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TopicArnInput {
    pub topic_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NextTokenInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicEntry {
    pub topic_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopicsResponse {
    pub topics: Vec<TopicEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicAttributesResponse {
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetTopicAttributesInput {
    pub topic_arn: String,
    pub attribute_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnsEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SubscribeInput {
    pub topic_arn: String,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_subscription_arn: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionArnResponse {
    pub subscription_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConfirmSubscriptionInput {
    pub topic_arn: String,
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_on_unsubscribe: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListSubscriptionsByTopicInput {
    pub topic_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionEntry {
    pub subscription_arn: String,
    pub owner: String,
    pub protocol: String,
    pub endpoint: String,
    pub topic_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsResponse {
    pub subscriptions: Vec<SubscriptionEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UnsubscribeInput {
    pub subscription_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PublishInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_arn: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub message_attributes: BTreeMap<String, MessageAttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishResponse {
    pub message_id: String,
}

// ------------------------------------------------------------ state ---

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub arn: String,
    pub protocol: String,
    pub endpoint: String,
    pub confirmed: bool,
    pub raw: bool,
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub arn: String,
    pub display_name: String,
    pub policy: String,
    /// By subscription ARN.
    pub subscriptions: BTreeMap<String, Subscription>,
}

/// One email that reached an endpoint of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    pub time: SimTime,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnsState {
    pub topics: BTreeMap<String, Topic>,
    pub inbox: Vec<Email>,
}

fn not_found(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFoundException,
        format!("{what} does not exist"),
    )
}

fn invalid(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidParameter,
        format!("Invalid parameter: {what}"),
    )
}

impl Sim {
    pub(crate) fn sns_topic_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:sns:{}:{}:{name}",
            self.config.region, self.config.account_id
        )
    }

    /// The topic an ARN names, if it is one of this account's.
    pub(crate) fn sns_topic_by_arn(&self, arn: &str) -> Option<String> {
        let name = arn.strip_prefix(&self.sns_topic_arn(""))?;
        self.state
            .sns
            .topics
            .contains_key(name)
            .then(|| name.to_owned())
    }

    fn topic_name(&self, arn: &str) -> Result<String, ApiError> {
        self.sns_topic_by_arn(arn).ok_or_else(|| not_found("Topic"))
    }

    /// F20.1: the owner-only default policy.
    fn default_topic_policy(&self, arn: &str) -> String {
        let account = &self.config.account_id;
        json!({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [{
            "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic",
                "SNS:Publish"],
            "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": account}}}]})
        .to_string()
    }

    pub(crate) fn create_topic(
        &mut self,
        req: CreateTopicInput,
    ) -> Result<TopicArnResponse, ApiError> {
        let name = &req.name;
        let ok = (1..=256).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            if name.ends_with(".fifo") {
                return Err(ApiError::unsupported("CreateTopic", "FIFO topics"));
            }
            return Err(invalid("Topic Name"));
        }
        let arn = self.sns_topic_arn(name);
        let mut display_name = String::new();
        let mut policy = self.default_topic_policy(&arn);
        for (k, v) in &req.attributes {
            match k.as_str() {
                "DisplayName" => display_name = v.clone(),
                "Policy" => policy = check_policy(v)?,
                "FifoTopic" => return Err(ApiError::unsupported("CreateTopic", "FIFO topics")),
                _ => {
                    return Err(invalid(&format!(
                        "Attributes Reason: Unknown attribute {k}"
                    )));
                }
            }
        }
        // F20.1: idempotent by name.
        if !self.state.sns.topics.contains_key(name) {
            self.state.sns.topics.insert(
                name.clone(),
                Topic {
                    name: name.clone(),
                    arn: arn.clone(),
                    display_name,
                    policy,
                    subscriptions: BTreeMap::new(),
                },
            );
        }
        Ok(TopicArnResponse { topic_arn: arn })
    }

    pub(crate) fn list_topics(
        &mut self,
        req: NextTokenInput,
    ) -> Result<ListTopicsResponse, ApiError> {
        if req.next_token.is_some() {
            return Err(invalid("NextToken"));
        }
        Ok(ListTopicsResponse {
            topics: self
                .state
                .sns
                .topics
                .values()
                .map(|t| TopicEntry {
                    topic_arn: t.arn.clone(),
                })
                .collect(),
        })
    }

    pub(crate) fn delete_topic(&mut self, req: TopicArnInput) -> Result<SnsEmpty, ApiError> {
        // AWS: deleting a topic that does not exist succeeds.
        if let Some(name) = self.sns_topic_by_arn(&req.topic_arn) {
            self.state.sns.topics.remove(&name);
        }
        Ok(SnsEmpty {})
    }

    pub(crate) fn get_topic_attributes(
        &mut self,
        req: TopicArnInput,
    ) -> Result<TopicAttributesResponse, ApiError> {
        let name = self.topic_name(&req.topic_arn)?;
        let t = &self.state.sns.topics[&name];
        let confirmed = t.subscriptions.values().filter(|s| s.confirmed).count();
        let pending = t.subscriptions.len() - confirmed;
        let attributes = BTreeMap::from([
            ("DisplayName".to_owned(), t.display_name.clone()),
            ("Owner".to_owned(), self.config.account_id.clone()),
            ("Policy".to_owned(), t.policy.clone()),
            ("SubscriptionsConfirmed".to_owned(), confirmed.to_string()),
            ("SubscriptionsDeleted".to_owned(), "0".to_owned()),
            ("SubscriptionsPending".to_owned(), pending.to_string()),
            ("TopicArn".to_owned(), t.arn.clone()),
        ]);
        Ok(TopicAttributesResponse { attributes })
    }

    pub(crate) fn set_topic_attributes(
        &mut self,
        req: SetTopicAttributesInput,
    ) -> Result<SnsEmpty, ApiError> {
        let name = self.topic_name(&req.topic_arn)?;
        let value = req.attribute_value.unwrap_or_default();
        let default_policy = self.default_topic_policy(&req.topic_arn);
        let Some(t) = self.state.sns.topics.get_mut(&name) else {
            return Err(not_found("Topic"));
        };
        match req.attribute_name.as_str() {
            "DisplayName" => t.display_name = value,
            "Policy" if value.is_empty() => t.policy = default_policy,
            "Policy" => t.policy = check_policy(&value)?,
            _ => return Err(invalid("AttributeName")),
        }
        Ok(SnsEmpty {})
    }

    pub(crate) fn subscribe(
        &mut self,
        req: SubscribeInput,
    ) -> Result<SubscriptionArnResponse, ApiError> {
        let name = self.topic_name(&req.topic_arn)?;
        let protocol = req.protocol.as_str();
        let endpoint = req.endpoint.clone().unwrap_or_default();
        match protocol {
            "email" | "email-json" => {
                let ok = endpoint
                    .split_once('@')
                    .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'));
                if !ok {
                    return Err(invalid("Email address"));
                }
            }
            "sqs" => {
                if self.sqs_queue_by_arn(&endpoint).is_none() {
                    return Err(invalid("SQS endpoint ARN"));
                }
            }
            "http" | "https" | "sms" | "application" | "lambda" | "firehose" => {
                return Err(ApiError::unsupported(
                    "Subscribe",
                    &format!("{protocol} subscriptions"),
                ));
            }
            _ => {
                return Err(invalid(&format!(
                    "Amazon SNS does not support this protocol string: {protocol}"
                )));
            }
        }
        let mut raw = false;
        for (k, v) in &req.attributes {
            match (k.as_str(), v.as_str()) {
                ("RawMessageDelivery", "true") => raw = true,
                ("RawMessageDelivery", "false") => raw = false,
                ("RawMessageDelivery", _) => {
                    return Err(invalid(
                        "Attributes Reason: RawMessageDelivery: Invalid value",
                    ));
                }
                _ => return Err(ApiError::unsupported("Subscribe", k)),
            }
        }
        if raw && protocol != "sqs" {
            return Err(invalid(
                "Attributes Reason: Delivery protocol [email] does not support raw message delivery.",
            ));
        }
        let answer = |s: &Subscription| {
            if s.confirmed || req.return_subscription_arn == Some(true) {
                s.arn.clone()
            } else {
                "pending confirmation".to_owned()
            }
        };
        let topic = &self.state.sns.topics[&name];
        if let Some(s) = topic
            .subscriptions
            .values()
            .find(|s| s.protocol == protocol && s.endpoint == endpoint)
        {
            return Ok(SubscriptionArnResponse {
                subscription_arn: answer(s),
            });
        }
        let topic_arn = topic.arn.clone();
        let arn = format!("{topic_arn}:{}", self.new_uuid());
        let token = {
            let (a, b, c, d) = (
                self.new_hex_id(),
                self.new_hex_id(),
                self.new_hex_id(),
                self.new_hex_id(),
            );
            format!("2336412f37fb687f5d51e6e2425c464d{a}{b}{c}{d}")
        };
        let sub = Subscription {
            arn: arn.clone(),
            protocol: protocol.to_owned(),
            endpoint: endpoint.clone(),
            confirmed: protocol == "sqs",
            raw,
            token: token.clone(),
        };
        let out = answer(&sub);
        if !sub.confirmed {
            let topic_arn = self.sns_topic_arn(&name);
            let link = format!(
                "https://sns.{}.amazonaws.com/confirmation.html?TopicArn={topic_arn}&Token={token}&Endpoint={endpoint}",
                self.config.region
            );
            let body = format!(
                "You have chosen to subscribe to the topic:\n{topic_arn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\nConfirm subscription: {link}\n\nPlease do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out"
            );
            let from = self.sender(&name);
            self.deliver_email(from, endpoint, CONFIRMATION_SUBJECT.to_owned(), body);
        }
        if let Some(t) = self.state.sns.topics.get_mut(&name) {
            t.subscriptions.insert(arn, sub);
        }
        Ok(SubscriptionArnResponse {
            subscription_arn: out,
        })
    }

    /// F20.3: `"<DisplayName or AWS Notifications>" <no-reply@…>`.
    fn sender(&self, topic: &str) -> String {
        let display = self
            .state
            .sns
            .topics
            .get(topic)
            .map(|t| t.display_name.as_str())
            .filter(|d| !d.is_empty())
            .unwrap_or("AWS Notifications");
        format!("{display} <{SENDER}>")
    }

    fn deliver_email(&mut self, from: String, to: String, subject: String, body: String) {
        let inbox = &mut self.state.sns.inbox;
        inbox.push(Email {
            time: self.now,
            from,
            to,
            subject,
            body,
        });
        if inbox.len() > INBOX_LIMIT {
            inbox.remove(0);
        }
    }

    pub(crate) fn confirm_subscription(
        &mut self,
        req: ConfirmSubscriptionInput,
    ) -> Result<SubscriptionArnResponse, ApiError> {
        let name = self.topic_name(&req.topic_arn)?;
        let Some(t) = self.state.sns.topics.get_mut(&name) else {
            return Err(not_found("Topic"));
        };
        let Some(s) = t.subscriptions.values_mut().find(|s| s.token == req.token) else {
            return Err(invalid("Token"));
        };
        s.confirmed = true;
        Ok(SubscriptionArnResponse {
            subscription_arn: s.arn.clone(),
        })
    }

    fn subscription_entries(&self, topic: Option<&str>) -> Vec<SubscriptionEntry> {
        self.state
            .sns
            .topics
            .values()
            .filter(|t| topic.is_none_or(|n| n == t.name))
            .flat_map(|t| {
                t.subscriptions.values().map(|s| SubscriptionEntry {
                    subscription_arn: if s.confirmed {
                        s.arn.clone()
                    } else {
                        "PendingConfirmation".to_owned()
                    },
                    owner: self.config.account_id.clone(),
                    protocol: s.protocol.clone(),
                    endpoint: s.endpoint.clone(),
                    topic_arn: t.arn.clone(),
                })
            })
            .collect()
    }

    pub(crate) fn list_subscriptions(
        &mut self,
        req: NextTokenInput,
    ) -> Result<ListSubscriptionsResponse, ApiError> {
        if req.next_token.is_some() {
            return Err(invalid("NextToken"));
        }
        Ok(ListSubscriptionsResponse {
            subscriptions: self.subscription_entries(None),
        })
    }

    pub(crate) fn list_subscriptions_by_topic(
        &mut self,
        req: ListSubscriptionsByTopicInput,
    ) -> Result<ListSubscriptionsResponse, ApiError> {
        let name = self.topic_name(&req.topic_arn)?;
        if req.next_token.is_some() {
            return Err(invalid("NextToken"));
        }
        Ok(ListSubscriptionsResponse {
            subscriptions: self.subscription_entries(Some(&name)),
        })
    }

    pub(crate) fn unsubscribe(&mut self, req: UnsubscribeInput) -> Result<SnsEmpty, ApiError> {
        let arn = &req.subscription_arn;
        let Some((topic_arn, _)) = arn.rsplit_once(':') else {
            return Err(invalid("SubscriptionArn"));
        };
        if !arn.starts_with("arn:aws:sns:") {
            return Err(invalid("SubscriptionArn"));
        }
        let name = self
            .sns_topic_by_arn(topic_arn)
            .ok_or_else(|| not_found("Subscription"))?;
        let removed = self
            .state
            .sns
            .topics
            .get_mut(&name)
            .and_then(|t| t.subscriptions.remove(arn));
        if removed.is_none() {
            return Err(not_found("Subscription"));
        }
        Ok(SnsEmpty {})
    }

    pub(crate) fn publish(&mut self, req: PublishInput) -> Result<PublishResponse, ApiError> {
        let Some(arn) = req.topic_arn.as_deref().or(req.target_arn.as_deref()) else {
            return Err(invalid(
                "TopicArn or TargetArn Reason: no value for required parameter",
            ));
        };
        let name = self.topic_name(arn)?;
        if req.message.is_empty() {
            return Err(invalid("Empty message"));
        }
        if req.message.len() > 262_144 {
            return Err(invalid("Message too long"));
        }
        if let Some(s) = &req.subject
            && (s.is_empty() || s.chars().count() >= 100 || s.contains(['\n', '\r']))
        {
            return Err(invalid("Subject"));
        }
        Ok(PublishResponse {
            message_id: self.publish_to_topic(&name, &req.message, req.subject.as_deref()),
        })
    }

    /// Delivers a message to the topic's confirmed subscriptions (F20.3,
    /// F20.4); its MessageId.
    pub(crate) fn publish_to_topic(
        &mut self,
        topic: &str,
        message: &str,
        subject: Option<&str>,
    ) -> String {
        self.publish_to_topic_with_email(topic, message, None, subject)
    }

    /// [`Sim::publish_to_topic`], with the text `email` subscriptions get
    /// instead of `message` when given (CloudWatch's alarm emails, F16.11).
    pub(crate) fn publish_to_topic_with_email(
        &mut self,
        topic: &str,
        message: &str,
        email_text: Option<&str>,
        subject: Option<&str>,
    ) -> String {
        let id = self.new_uuid();
        let Some(t) = self.state.sns.topics.get(topic).cloned() else {
            return id;
        };
        let region = self.config.region.clone();
        let timestamp = self.iso8601(self.now, crate::base::time::Precision::Millis);
        for s in t.subscriptions.values().filter(|s| s.confirmed) {
            let mut envelope = serde_json::Map::new();
            envelope.insert("Type".into(), json!("Notification"));
            envelope.insert("MessageId".into(), json!(id));
            envelope.insert("TopicArn".into(), json!(t.arn));
            if let Some(subject) = subject {
                envelope.insert("Subject".into(), json!(subject));
            }
            envelope.insert("Message".into(), json!(message));
            envelope.insert("Timestamp".into(), json!(timestamp));
            envelope.insert("SignatureVersion".into(), json!("1"));
            envelope.insert("Signature".into(), json!("EXAMPLE"));
            envelope.insert(
                "SigningCertURL".into(),
                json!(format!(
                    "https://sns.{region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem"
                )),
            );
            envelope.insert(
                "UnsubscribeURL".into(),
                json!(format!(
                    "https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={}",
                    s.arn
                )),
            );
            let envelope = Value::Object(envelope).to_string();
            match s.protocol.as_str() {
                "email" => {
                    let text = email_text.unwrap_or(message);
                    let body = format!(
                        "{text}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\nhttps://sns.{region}.amazonaws.com/unsubscribe.html?SubscriptionArn={}&Endpoint={}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support",
                        s.arn, s.endpoint
                    );
                    let from = self.sender(topic);
                    self.deliver_email(
                        from,
                        s.endpoint.clone(),
                        subject.unwrap_or(DEFAULT_SUBJECT).to_owned(),
                        body,
                    );
                }
                "email-json" => {
                    let from = self.sender(topic);
                    self.deliver_email(
                        from,
                        s.endpoint.clone(),
                        subject.unwrap_or(DEFAULT_SUBJECT).to_owned(),
                        envelope,
                    );
                }
                "sqs" => {
                    let Some(queue) = self.sqs_queue_by_arn(&s.endpoint) else {
                        continue;
                    };
                    let policy = self.state.sqs.queues[&queue].settings.policy.clone();
                    if !crate::sqs::policy_allows_service(
                        policy.as_deref(),
                        "sns.amazonaws.com",
                        "sqs:SendMessage",
                    ) {
                        continue;
                    }
                    let body = if s.raw { message.to_owned() } else { envelope };
                    let _ = self.send_message(crate::sqs::SendMessageRequest {
                        queue_url: self.sqs_queue_url(&queue),
                        message_body: body,
                        ..Default::default()
                    });
                }
                _ => {}
            }
        }
        id
    }

    /// What `sim inbox` prints: every email, oldest first.
    pub fn inbox_report(&self) -> String {
        let inbox = &self.state.sns.inbox;
        if inbox.is_empty() {
            return "The inbox is empty: email subscriptions' messages arrive here.\n".to_owned();
        }
        let mut out = String::new();
        for (i, m) in inbox.iter().enumerate() {
            out.push_str(&format!(
                "#{} {}\nFrom: {}\nTo: {}\nSubject: {}\n\n{}\n\n",
                i + 1,
                self.iso8601(m.time, crate::base::time::Precision::Seconds),
                m.from,
                m.to,
                m.subject,
                m.body
            ));
        }
        out
    }

    /// The emails that arrived, oldest first.
    pub fn inbox(&self) -> &[Email] {
        &self.state.sns.inbox
    }
}

fn check_policy(text: &str) -> Result<String, ApiError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) => Ok(text.to_owned()),
        _ => Err(invalid("Policy Error: null")),
    }
}
