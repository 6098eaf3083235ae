//! Values of options, as the AWS CLI reads them: JSON when the text starts
//! with `{` or `[`, otherwise shorthand (`key=team,value=web`). Shorthand
//! scalars are typed by the member's botocore shape ([`crate::model`]):
//! `weight=2` is a number where the model says integer, `enable=true` a
//! boolean where it says boolean, and a string everywhere else; a single
//! value where the model has a list becomes a one-item list.

use crate::model::{MAX_DEPTH, Shape};
use serde_json::{Map, Number, Value};

/// Parses the words given to one option into the JSON its API member takes.
/// `Err` is the text after `Error parsing parameter '--opt': ` (or, for
/// `expected one argument…` and `invalid int value…`, after `argument
/// --opt: `).
pub fn value(shape: &Shape, words: &[String]) -> Result<Value, String> {
    match shape {
        Shape::Boolean => Ok(Value::Bool(true)),
        Shape::List { member, .. } => list(shape, member, words),
        Shape::Structure { .. } | Shape::Map { .. } => {
            let word = single(words)?;
            if word.trim_start().starts_with(['{', '[']) {
                let v = json(word)?;
                check(shape, &v, 0)?;
                return Ok(v);
            }
            typed(shape, Value::Object(nested(word)?))
        }
        Shape::Document => json(single(words)?),
        scalar => top_scalar(scalar, single(words)?),
    }
}

/// A top-level scalar option's word.
fn top_scalar(shape: &Shape, word: &str) -> Result<Value, String> {
    match shape {
        Shape::Integer { .. } => word
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("invalid int value: '{word}'")),
        Shape::Float => word
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("invalid float value: '{word}'")),
        _ => Ok(Value::String(word.to_owned())),
    }
}

/// A list option: one JSON list, or one item per word (a word may also hold
/// a comma-separated list of scalars: `a,b`), each a scalar, a JSON object
/// or a shorthand structure.
fn list(shape: &Shape, member: &Shape, words: &[String]) -> Result<Value, String> {
    if let [only] = words
        && only.trim_start().starts_with('[')
    {
        let v = json(only)?;
        check(shape, &v, 0)?;
        return Ok(v);
    }
    if words.is_empty() {
        return Err("expected one argument".into());
    }
    if member.is_scalar() {
        return words
            .iter()
            .flat_map(|w| w.split(','))
            .filter(|s| !s.is_empty())
            .map(|s| top_scalar(member, s))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    // awscli's "old list case" (argprocess `_uses_old_list_case`): a list
    // of structures with one scalar member takes plain values, as in
    // `--instances i-1 i-2`.
    if let Shape::Structure { members: [only] } = member
        && only.shape.is_scalar()
        && words
            .iter()
            .all(|w| !w.contains('=') && !w.trim_start().starts_with('{'))
    {
        return words
            .iter()
            .flat_map(|w| w.split(','))
            .filter(|s| !s.is_empty())
            .map(|s| {
                let mut m = Map::new();
                m.insert(only.name.to_owned(), top_scalar(only.shape, s)?);
                Ok(Value::Object(m))
            })
            .collect::<Result<Vec<_>, String>>()
            .map(Value::Array);
    }
    words
        .iter()
        .map(|w| {
            if w.trim_start().starts_with('{') {
                let v = json(w)?;
                check(member, &v, 0)?;
                Ok(v)
            } else {
                typed(member, Value::Object(nested(w)?))
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// Types parsed shorthand by the shape, as awscli's `BackCompatVisitor`:
/// integers and floats become numbers, `true`/`false` booleans where the
/// model says boolean, a single value a one-item list where it says list;
/// keys a structure does not have are refused.
fn typed(shape: &Shape, value: Value) -> Result<Value, String> {
    Ok(match (shape, value) {
        (Shape::Structure { members }, Value::Object(map)) => {
            let mut out = Map::new();
            for (key, v) in map {
                let Some(member) = members.iter().find(|m| m.name == key) else {
                    return Err(unknown_key(&key, shape));
                };
                out.insert(key, typed(member.shape, v)?);
            }
            Value::Object(out)
        }
        (Shape::Map { value: of, .. }, Value::Object(map)) => Value::Object(
            map.into_iter()
                .map(|(k, v)| typed(of, v).map(|v| (k, v)))
                .collect::<Result<_, _>>()?,
        ),
        (Shape::List { member, .. }, Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|v| typed(member, v))
                .collect::<Result<_, _>>()?,
        ),
        (Shape::List { member, .. }, v) => Value::Array(vec![typed(member, v)?]),
        (Shape::Integer { .. }, Value::String(s)) => match s.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => return Err(format!("Expected an integer, received: '{s}'")),
        },
        (Shape::Float, Value::String(s)) => {
            match s.parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Value::Number(n),
                None => return Err(format!("Expected a number, received: '{s}'")),
            }
        }
        (Shape::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
        (Shape::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
        (_, v) => v,
    })
}

/// JSON is passed on as written (the AWS CLI does not convert it); only its
/// nesting and keys are checked against the model, and a list of strings
/// must hold strings.
fn check(shape: &Shape, value: &Value, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH || value.is_null() {
        return Ok(());
    }
    match (shape, value) {
        (Shape::Structure { members }, Value::Object(map)) => {
            for (key, v) in map {
                let Some(member) = members.iter().find(|m| m.name == key) else {
                    return Err(unknown_key(key, shape));
                };
                check(member.shape, v, depth + 1)?;
            }
            Ok(())
        }
        (Shape::Map { value: of, .. }, Value::Object(map)) => {
            map.values().try_for_each(|v| check(of, v, depth + 1))
        }
        (Shape::List { member, .. }, Value::Array(items)) => {
            if depth == 0
                && matches!(member, Shape::String { .. })
                && !items.iter().all(Value::is_string)
            {
                return Err("expected a JSON list of strings".into());
            }
            items.iter().try_for_each(|v| check(member, v, depth + 1))
        }
        (Shape::Structure { .. } | Shape::Map { .. }, _) => Err("expected a JSON object".into()),
        (Shape::List { .. }, _) => Err("expected a JSON list".into()),
        _ => Ok(()),
    }
}

fn unknown_key(key: &str, shape: &Shape) -> String {
    format!(
        "Unknown key '{key}', must be one of: {}",
        shape
            .members()
            .iter()
            .map(|m| m.name)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The AWS CLI's shorthand with nesting (awscli's `shorthand.py` grammar):
/// `key=value` pairs separated by commas; a value is a scalar, a csv list
/// (`subnets=a,b` — more values until the next `key=`), an explicit list
/// (`[a,b]`, `[{k=v},{k=v}]`) or a hash (`{k=v,k2=v2}`); `'…'` and `"…"`
/// quote. Every scalar comes out a string: [`value`] types it by the
/// member's botocore shape, as the AWS CLI's `BackCompatVisitor` does.
pub fn nested(text: &str) -> Result<Map<String, Value>, String> {
    let mut parser = Shorthand {
        text,
        chars: text.char_indices().collect(),
        at: 0,
    };
    let map = parser.pairs(None)?;
    if parser.at < parser.chars.len() {
        return Err(parser.error("end of input"));
    }
    Ok(map)
}

struct Shorthand<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    at: usize,
}

impl Shorthand<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|(_, c)| *c)
    }

    fn error(&self, expected: &str) -> String {
        let received = self.peek().map_or("EOF".to_owned(), |c| c.to_string());
        let column = self.chars.get(self.at).map_or(self.text.len(), |(i, _)| *i);
        format!(
            "Expected: '{expected}', received: '{received}' for input:\n{}\n{}^",
            self.text,
            " ".repeat(self.text[..column].chars().count())
        )
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// `key=value(,key=value)*`, up to `close` (a hash's `}`) or the end.
    fn pairs(&mut self, close: Option<char>) -> Result<Map<String, Value>, String> {
        let mut map = Map::new();
        loop {
            let key = self.key()?;
            if !self.eat('=') {
                return Err(self.error("="));
            }
            let value = self.value(close)?;
            map.insert(key, value);
            if !self.eat(',') {
                return Ok(map);
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        let start = self.at;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || "-_.#/:".contains(c) {
                self.at += 1;
            } else {
                break;
            }
        }
        if self.at == start {
            return Err(self.error("key"));
        }
        Ok(self.chars[start..self.at].iter().map(|(_, c)| c).collect())
    }

    /// A value after `key=`: a hash, an explicit list, or a csv list of
    /// scalars that ends before the next `key=`.
    fn value(&mut self, close: Option<char>) -> Result<Value, String> {
        match self.peek() {
            Some('{') => self.hash(),
            Some('[') => self.list(),
            _ => {
                let mut items = vec![self.scalar(true)?];
                while self.peek() == Some(',') && !self.next_is_key() {
                    self.at += 1;
                    items.push(self.scalar(false)?);
                }
                if let (Some(c), Some(close)) = (self.peek(), close)
                    && c != ','
                    && c != close
                {
                    return Err(self.error(&close.to_string()));
                }
                Ok(if items.len() == 1 {
                    items.remove(0)
                } else {
                    Value::Array(items)
                })
            }
        }
    }

    /// After a `,`: does a `key=` follow (so the csv list ends)?
    fn next_is_key(&self) -> bool {
        let mut i = self.at + 1;
        while let Some((_, c)) = self.chars.get(i) {
            if c.is_alphanumeric() || "-_.#/:".contains(*c) {
                i += 1;
            } else {
                return *c == '=' && i > self.at + 1;
            }
        }
        false
    }

    fn hash(&mut self) -> Result<Value, String> {
        self.at += 1; // {
        if self.eat('}') {
            return Ok(Value::Object(Map::new()));
        }
        let map = self.pairs(Some('}'))?;
        if !self.eat('}') {
            return Err(self.error("}"));
        }
        Ok(Value::Object(map))
    }

    fn list(&mut self) -> Result<Value, String> {
        self.at += 1; // [
        let mut items = Vec::new();
        if self.eat(']') {
            return Ok(Value::Array(items));
        }
        loop {
            let item = match self.peek() {
                Some('{') => self.hash()?,
                Some('[') => self.list()?,
                _ => self.scalar(true)?,
            };
            items.push(item);
            if self.eat(']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(',') {
                return Err(self.error("]"));
            }
        }
    }

    /// A quoted or bare value. A bare one ends at `,`, `]` or `}`; a first
    /// value (after `key=`, or in `[…]`) may hold `=`, `[` and `{` after its
    /// first character (`value=a=b`), a later one in a csv list may not
    /// (awscli's `_FIRST_VALUE` and `_SECOND_VALUE`).
    fn scalar(&mut self, first: bool) -> Result<Value, String> {
        if let Some(q @ ('\'' | '"')) = self.peek() {
            self.at += 1;
            let start = self.at;
            while let Some(c) = self.peek() {
                if c == q {
                    let text: String = self.chars[start..self.at].iter().map(|(_, c)| c).collect();
                    self.at += 1;
                    return Ok(Value::String(text));
                }
                self.at += 1;
            }
            return Err(self.error(&q.to_string()));
        }
        let start = self.at;
        while let Some(c) = self.peek() {
            let inner = first && self.at > start;
            if matches!(c, ',' | ']' | '}') || (!inner && matches!(c, '{' | '[' | '=')) {
                break;
            }
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().map(|(_, c)| c).collect();
        Ok(Value::String(text.trim().to_owned()))
    }
}

fn single(words: &[String]) -> Result<&str, String> {
    match words {
        [only] => Ok(only),
        [] => Err("expected one argument".into()),
        _ => Err(format!("expected one argument, got {}", words.len())),
    }
}

fn json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("Invalid JSON: {e}\nJSON received: {text}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::find;
    use serde_json::json;
    use stevedore_engine::Service;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|s| s.to_string()).collect()
    }

    /// The generated shape of a real option.
    fn shape(service: Service, op: &str, option: &str) -> &'static Shape {
        find(service, op).unwrap().param(option).unwrap().shape
    }

    fn tags() -> &'static Shape {
        shape(Service::Ecs, "create-cluster", "--tags")
    }

    #[test]
    fn strategy_weights_and_bases_are_numbers() {
        let ty = shape(
            Service::Ecs,
            "create-cluster",
            "--default-capacity-provider-strategy",
        );
        let v = value(
            ty,
            &words(&[
                "capacityProvider=FARGATE,weight=1,base=2",
                "capacityProvider=FARGATE_SPOT,weight=3",
            ]),
        )
        .unwrap();
        assert_eq!(
            v,
            json!([
                {"capacityProvider": "FARGATE", "weight": 1, "base": 2},
                {"capacityProvider": "FARGATE_SPOT", "weight": 3}
            ])
        );
    }

    #[test]
    fn shorthand_and_json_give_the_same_value() {
        let short = value(
            tags(),
            &words(&["key=team,value=web", "key=env,value='a,b'"]),
        )
        .unwrap();
        let long = value(
            tags(),
            &words(&[r#"[{"key":"team","value":"web"},{"key":"env","value":"a,b"}]"#]),
        )
        .unwrap();
        assert_eq!(short, long);
        assert_eq!(
            short,
            json!([{"key":"team","value":"web"},{"key":"env","value":"a,b"}])
        );
        // One JSON object per word works too.
        assert_eq!(
            value(tags(), &words(&[r#"{"key":"team","value":"web"}"#])).unwrap(),
            json!([{"key":"team","value":"web"}])
        );
    }

    /// Members are typed as the model says, not guessed from the text: a
    /// number stays a string where the model has a string, `true` too.
    #[test]
    fn members_are_typed_by_the_model() {
        assert_eq!(
            value(tags(), &words(&["key=port,value=80", "key=on,value=true"])).unwrap(),
            json!([{"key": "port", "value": "80"}, {"key": "on", "value": "true"}])
        );
        let filters = shape(Service::Ec2, "describe-subnets", "--filters");
        assert_eq!(
            value(
                filters,
                &words(&["Name=vpc-id,Values=vpc-1,vpc-2", "Name=tag:Name,Values=web"])
            )
            .unwrap(),
            json!([
                {"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]},
                {"Name": "tag:Name", "Values": ["web"]}
            ])
        );
        let asg_tags = shape(Service::AutoScaling, "create-auto-scaling-group", "--tags");
        assert_eq!(
            value(
                asg_tags,
                &words(&["Key=Name,Value=1,PropagateAtLaunch=true,ResourceId=g"])
            )
            .unwrap(),
            json!([{"Key": "Name", "Value": "1", "PropagateAtLaunch": true, "ResourceId": "g"}])
        );
        // A map's values take the map's value shape.
        let log_tags = shape(Service::Logs, "create-log-group", "--tags");
        assert_eq!(
            value(log_tags, &words(&["team=web,size=3"])).unwrap(),
            json!({"team": "web", "size": "3"})
        );
        // `=` inside a value, as the AWS CLI allows it.
        assert_eq!(
            value(tags(), &words(&["key=url,value=a=b"])).unwrap(),
            json!([{"key": "url", "value": "a=b"}])
        );
    }

    #[test]
    fn lists_and_scalars() {
        let strings = shape(Service::Ecs, "describe-clusters", "--clusters");
        assert_eq!(
            value(strings, &words(&["a", "b,c"])).unwrap(),
            json!(["a", "b", "c"])
        );
        assert_eq!(value(strings, &words(&[r#"["a"]"#])).unwrap(), json!(["a"]));
        let count = shape(Service::Ecs, "run-task", "--count");
        assert_eq!(value(count, &words(&["42"])).unwrap(), json!(42));
        let name = shape(Service::Ecs, "create-cluster", "--cluster-name");
        assert_eq!(value(name, &words(&["x"])).unwrap(), json!("x"));
        let containers = shape(
            Service::Ecs,
            "register-task-definition",
            "--container-definitions",
        );
        assert_eq!(
            value(
                containers,
                &words(&[r#"[{"name":"web","portMappings":[{"containerPort":80}]}]"#])
            )
            .unwrap(),
            json!([{"name":"web","portMappings":[{"containerPort":80}]}])
        );
    }

    #[test]
    fn one_member_structures_take_plain_values() {
        // awscli's "old list case": `--instances i-1 i-2` (the ELB guide's
        // own example) and the shorthand form give the same list.
        let instances = shape(
            Service::Elb,
            "register-instances-with-load-balancer",
            "--instances",
        );
        let want = json!([{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]);
        assert_eq!(value(instances, &words(&["i-1", "i-2"])).unwrap(), want);
        assert_eq!(
            value(instances, &words(&["InstanceId=i-1", "InstanceId=i-2"])).unwrap(),
            want
        );
        // Several members: a plain value is still an error.
        let tags = shape(Service::Elb, "create-load-balancer", "--tags");
        assert!(value(tags, &words(&["x"])).is_err());
    }

    #[test]
    fn nested_shorthand_reads_like_the_aws_cli() {
        // The AWS CLI documentation's own forms.
        let network = shape(Service::Ecs, "run-task", "--network-configuration");
        let net = value(
            network,
            &words(&["awsvpcConfiguration={subnets=[subnet-1,subnet-2],securityGroups=[sg-1],assignPublicIp=ENABLED}"]),
        )
        .unwrap();
        assert_eq!(
            net,
            json!({"awsvpcConfiguration": {"subnets": ["subnet-1", "subnet-2"], "securityGroups": ["sg-1"], "assignPublicIp": "ENABLED"}})
        );
        // One subnet without brackets is still a list: the model says so.
        assert_eq!(
            value(network, &words(&["awsvpcConfiguration={subnets=subnet-1}"])).unwrap(),
            json!({"awsvpcConfiguration": {"subnets": ["subnet-1"]}})
        );
        let deployment = shape(Service::Ecs, "create-service", "--deployment-configuration");
        let deploy = value(
            deployment,
            &words(&["maximumPercent=200,minimumHealthyPercent=50,deploymentCircuitBreaker={enable=true,rollback=false}"]),
        )
        .unwrap();
        assert_eq!(
            deploy,
            json!({"maximumPercent": 200, "minimumHealthyPercent": 50, "deploymentCircuitBreaker": {"enable": true, "rollback": false}})
        );
        // Quotes keep commas.
        assert_eq!(
            value(
                network,
                &words(&["awsvpcConfiguration={subnets=[a,b,c],securityGroups='sg-1,x'}"])
            )
            .unwrap(),
            json!({"awsvpcConfiguration": {"subnets": ["a", "b", "c"], "securityGroups": ["sg-1,x"]}})
        );
        // Lists of structures: one structure per word, or JSON.
        let containers = shape(
            Service::Ecs,
            "register-task-definition",
            "--container-definitions",
        );
        assert_eq!(
            value(
                containers,
                &words(&[
                    "name=web,image=nginx,portMappings=[{containerPort=80}]",
                    "name=log,image=busybox,essential=false,memory=128",
                ]),
            )
            .unwrap(),
            json!([{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80}]}, {"name": "log", "image": "busybox", "essential": false, "memory": 128}])
        );
        assert_eq!(
            value(containers, &words(&[r#"[{"name":"web"}]"#])).unwrap(),
            json!([{"name": "web"}])
        );
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        let network = shape(Service::Ecs, "run-task", "--network-configuration");
        let strings = shape(Service::Ecs, "describe-clusters", "--clusters");
        let count = shape(Service::Ecs, "run-task", "--count");
        let name = shape(Service::Ecs, "create-cluster", "--cluster-name");
        let strategy = shape(
            Service::Ecs,
            "create-cluster",
            "--default-capacity-provider-strategy",
        );
        let containers = shape(
            Service::Ecs,
            "register-task-definition",
            "--container-definitions",
        );
        for (ty, ws, expected) in [
            (tags(), vec!["key"], "Expected: '='"),
            (
                tags(),
                vec!["colour=red"],
                "Unknown key 'colour', must be one of: key, value",
            ),
            (tags(), vec!["[{\"key\": }]"], "Invalid JSON"),
            (
                tags(),
                vec![r#"[{"colour":"red"}]"#],
                "Unknown key 'colour'",
            ),
            (tags(), vec!["key='open"], "Expected: '''"),
            (count, vec!["ten"], "invalid int value: 'ten'"),
            (
                strategy,
                vec!["capacityProvider=FARGATE,weight=heavy"],
                "Expected an integer, received: 'heavy'",
            ),
            (name, vec![], "expected one argument"),
            (name, vec!["a", "b"], "expected one argument, got 2"),
            (strings, vec!["[1]"], "list of strings"),
            (network, vec!["{oops"], "Invalid JSON"),
            (network, vec!["awsvpcConfiguration"], "Expected: '='"),
            (network, vec!["a={b=1"], "Expected: '}'"),
            (network, vec!["a=[1,2"], "Expected: ']'"),
            (network, vec!["a='open"], "Expected: '''"),
            (network, vec!["=1"], "Expected: 'key'"),
            (
                network,
                vec!["awsvpcConfiguration={subnet=a}"],
                "Unknown key 'subnet', must be one of: subnets, securityGroups, assignPublicIp",
            ),
            (
                network,
                vec![r#"{"awsvpcConfiguration":{"subnet":["a"]}}"#],
                "Unknown key 'subnet'",
            ),
            (network, vec!["[1]"], "expected a JSON object"),
            (containers, vec![], "expected one argument"),
        ] {
            let err = value(ty, &words(&ws)).unwrap_err();
            assert!(err.contains(expected), "{ws:?}: {err}");
        }
    }
}
