//! Values of options, as the AWS CLI reads them: JSON when the text starts
//! with `{` or `[`, otherwise shorthand (`key=team,value=web`).

use crate::model::Ty;
use serde_json::{Map, Value};

/// Parses the words given to one option into the JSON its API member takes.
/// `Err` is the text after `Error parsing parameter '--opt': `.
pub fn value(ty: Ty, words: &[String]) -> Result<Value, String> {
    match ty {
        Ty::String => Ok(Value::String(single(words)?.to_owned())),
        Ty::Integer => {
            let word = single(words)?;
            word.parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("invalid int value: '{word}'"))
        }
        Ty::Boolean => Ok(Value::Bool(true)),
        Ty::Json => {
            let word = single(words)?;
            if word.trim_start().starts_with(['{', '[']) {
                json(word)
            } else {
                nested(word).map(Value::Object)
            }
        }
        Ty::JsonList => {
            if let [only] = words
                && only.trim_start().starts_with('[')
            {
                return match json(only)? {
                    v @ Value::Array(_) => Ok(v),
                    _ => Err("expected a JSON list".into()),
                };
            }
            if words.is_empty() {
                return Err("expected one argument".into());
            }
            words
                .iter()
                .map(|w| nested(w).map(Value::Object))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Ty::StringList => {
            if let [only] = words
                && only.trim_start().starts_with('[')
            {
                let v = json(only)?;
                return match &v {
                    Value::Array(items) if items.iter().all(Value::is_string) => Ok(v),
                    _ => Err("expected a JSON list of strings".into()),
                };
            }
            // One word may also hold a comma-separated list: `a,b`.
            Ok(Value::Array(
                words
                    .iter()
                    .flat_map(|w| w.split(','))
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            ))
        }
        Ty::Struct(fields) => {
            let word = single(words)?;
            if word.trim_start().starts_with('{') {
                let v = json(word)?;
                return check_struct(v, fields);
            }
            structure(word, fields).map(Value::Object)
        }
        Ty::StructList(fields) => {
            if let [only] = words
                && only.trim_start().starts_with('[')
            {
                let v = json(only)?;
                let Value::Array(items) = v else {
                    return Err("expected a JSON list".into());
                };
                return items
                    .into_iter()
                    .map(|item| check_struct(item, fields))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array);
            }
            words
                .iter()
                .map(|w| structure(w, fields).map(Value::Object))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
    }
}

/// The AWS CLI's shorthand with nesting (awscli's `shorthand.py` grammar):
/// `key=value` pairs separated by commas; a value is a scalar, a csv list
/// (`subnets=a,b` — more values until the next `key=`), an explicit list
/// (`[a,b]`, `[{k=v},{k=v}]`) or a hash (`{k=v,k2=v2}`); `'…'` and `"…"`
/// quote. The simulator has no type model for nested members, so a bare
/// whole number becomes a JSON number and `true`/`false` a boolean (quote a
/// value to keep it a string).
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
                let mut items = vec![self.scalar(&[',', ']', '}'])?];
                while self.peek() == Some(',') && !self.next_is_key() {
                    self.at += 1;
                    items.push(self.scalar(&[',', ']', '}'])?);
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
                _ => self.scalar(&[',', ']'])?,
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

    /// A quoted or bare value, up to one of `stops`.
    fn scalar(&mut self, stops: &[char]) -> Result<Value, String> {
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
            if stops.contains(&c) || c == '{' || c == '[' || c == '=' {
                break;
            }
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().map(|(_, c)| c).collect();
        let text = text.trim();
        Ok(if let Ok(n) = text.parse::<i64>() {
            Value::from(n)
        } else if text == "true" || text == "false" {
            Value::Bool(text == "true")
        } else {
            Value::String(text.to_owned())
        })
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

fn check_struct(v: Value, fields: &[&str]) -> Result<Value, String> {
    let Value::Object(map) = &v else {
        return Err("expected a JSON object".into());
    };
    if let Some(unknown) = map.keys().find(|k| !fields.contains(&k.as_str())) {
        return Err(format!(
            "Unknown key '{unknown}', must be one of: {}",
            fields.join(", ")
        ));
    }
    Ok(v)
}

/// `k=v,k2=v2` where a value may be quoted ("a,b" or 'a,b') to hold commas.
/// Members of `Ty::StructList`/`Ty::Struct` structures that botocore types
/// as integers (ECS `CapacityProviderStrategyItem.weight` and `.base`).
const INTEGER_MEMBERS: &[&str] = &["weight", "base"];

fn structure(text: &str, fields: &[&str]) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else {
            return Err(format!(
                "Expected: '=', received: 'EOF' for input:\n{text}\n{}^",
                " ".repeat(text.len())
            ));
        };
        let key = rest[..eq].trim();
        if key.contains(',') {
            let at = text.len() - rest.len() + key.find(',').unwrap_or(0);
            return Err(format!(
                "Expected: '=', received: ',' for input:\n{text}\n{}^",
                " ".repeat(at)
            ));
        }
        if !fields.contains(&key) {
            return Err(format!(
                "Unknown key '{key}', must be one of: {}",
                fields.join(", ")
            ));
        }
        let after = &rest[eq + 1..];
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let Some(end) = body.find(q) else {
                    return Err(format!(
                        "Expected: '{q}', received: 'EOF' for input:\n{text}"
                    ));
                };
                let tail = &body[end + 1..];
                (
                    body[..end].to_owned(),
                    tail.strip_prefix(',').unwrap_or(tail),
                )
            }
            _ => match after.find(',') {
                Some(comma) => (after[..comma].to_owned(), &after[comma + 1..]),
                None => (after.to_owned(), ""),
            },
        };
        // Integer members of flat structures (botocore types them; this
        // table has only names): `weight=3` is the number 3.
        let value = match value.parse::<i64>() {
            Ok(n) if INTEGER_MEMBERS.contains(&key) => Value::from(n),
            _ => Value::String(value),
        };
        map.insert(key.to_owned(), value);
        rest = remaining;
    }
    Ok(map)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|s| s.to_string()).collect()
    }
    const TAG: Ty = Ty::StructList(&["key", "value"]);

    #[test]
    fn strategy_weights_and_bases_are_numbers() {
        let ty = Ty::StructList(&["capacityProvider", "weight", "base"]);
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
        let short = value(TAG, &words(&["key=team,value=web", "key=env,value='a,b'"])).unwrap();
        let long = value(
            TAG,
            &words(&[r#"[{"key":"team","value":"web"},{"key":"env","value":"a,b"}]"#]),
        )
        .unwrap();
        assert_eq!(short, long);
        assert_eq!(
            short,
            json!([{"key":"team","value":"web"},{"key":"env","value":"a,b"}])
        );
    }

    #[test]
    fn lists_and_scalars() {
        assert_eq!(
            value(Ty::StringList, &words(&["a", "b,c"])).unwrap(),
            json!(["a", "b", "c"])
        );
        assert_eq!(
            value(Ty::StringList, &words(&[r#"["a"]"#])).unwrap(),
            json!(["a"])
        );
        assert_eq!(value(Ty::Integer, &words(&["42"])).unwrap(), json!(42));
        assert_eq!(value(Ty::String, &words(&["x"])).unwrap(), json!("x"));
        assert_eq!(
            value(
                Ty::Json,
                &words(&[r#"[{"name":"web","portMappings":[{"containerPort":80}]}]"#])
            )
            .unwrap(),
            json!([{"name":"web","portMappings":[{"containerPort":80}]}])
        );
    }

    #[test]
    fn nested_shorthand_reads_like_the_aws_cli() {
        // The AWS CLI documentation's own forms.
        let net = value(
            Ty::Json,
            &words(&["awsvpcConfiguration={subnets=[subnet-1,subnet-2],securityGroups=[sg-1],assignPublicIp=ENABLED}"]),
        )
        .unwrap();
        assert_eq!(
            net,
            json!({"awsvpcConfiguration": {"subnets": ["subnet-1", "subnet-2"], "securityGroups": ["sg-1"], "assignPublicIp": "ENABLED"}})
        );
        let deploy = value(
            Ty::Json,
            &words(&["maximumPercent=200,minimumHealthyPercent=50,deploymentCircuitBreaker={enable=true,rollback=false}"]),
        )
        .unwrap();
        assert_eq!(
            deploy,
            json!({"maximumPercent": 200, "minimumHealthyPercent": 50, "deploymentCircuitBreaker": {"enable": true, "rollback": false}})
        );
        // A csv list runs until the next key; quotes keep strings.
        assert_eq!(
            value(Ty::Json, &words(&["subnets=a,b,c,name='42',empty={}"])).unwrap(),
            json!({"subnets": ["a", "b", "c"], "name": "42", "empty": {}})
        );
        // Lists of structures: one structure per word, or JSON.
        let containers = value(
            Ty::JsonList,
            &words(&[
                "name=web,image=nginx,portMappings=[{containerPort=80}]",
                "name=log,image=busybox,essential=false",
            ]),
        )
        .unwrap();
        assert_eq!(
            containers,
            json!([{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80}]}, {"name": "log", "image": "busybox", "essential": false}])
        );
        assert_eq!(
            value(Ty::JsonList, &words(&[r#"[{"name":"web"}]"#])).unwrap(),
            json!([{"name": "web"}])
        );
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        for (ty, ws, expected) in [
            (TAG, vec!["key"], "Expected: '='"),
            (
                TAG,
                vec!["colour=red"],
                "Unknown key 'colour', must be one of: key, value",
            ),
            (TAG, vec!["[{\"key\": }]"], "Invalid JSON"),
            (TAG, vec![r#"[{"colour":"red"}]"#], "Unknown key 'colour'"),
            (TAG, vec!["key='open"], "Expected: '''"),
            (Ty::Integer, vec!["ten"], "invalid int value: 'ten'"),
            (Ty::String, vec![], "expected one argument"),
            (Ty::String, vec!["a", "b"], "expected one argument, got 2"),
            (Ty::StringList, vec!["[1]"], "list of strings"),
            (Ty::Json, vec!["{oops"], "Invalid JSON"),
            (Ty::Json, vec!["awsvpcConfiguration"], "Expected: '='"),
            (Ty::Json, vec!["a={b=1"], "Expected: '}'"),
            (Ty::Json, vec!["a=[1,2"], "Expected: ']'"),
            (Ty::Json, vec!["a='open"], "Expected: '''"),
            (Ty::Json, vec!["=1"], "Expected: 'key'"),
            (Ty::JsonList, vec![], "expected one argument"),
        ] {
            let err = value(ty, &words(&ws)).unwrap_err();
            assert!(err.contains(expected), "{ws:?}: {err}");
        }
    }
}
