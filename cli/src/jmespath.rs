//! JMESPath, the language of `--query`: the part learners use, in pure Rust.
//!
//! Supported: identifiers (bare and `"quoted"`), sub-expressions `a.b`,
//! indexes `[0]` / `[-1]`, slices `[start:stop:step]`, list projections
//! `[*]`, object projections `*`, flatten `[]`, filters `[?expr]` with
//! `== != < <= > >= && || !`, multiselect lists `[a, b]` and hashes
//! `{x: a, y: b}`, pipes `|`, literals `` `json` `` and `'raw strings'`,
//! `@`, expression references `&field`, and the functions `length`,
//! `sort_by`, `max_by`, `min_by`, `contains`, `starts_with`, `ends_with`,
//! `join`, `keys`, `values`, `sort`, `max`, `min`, `sum`, `avg`, `reverse`,
//! `not_null`, `to_string`, `to_number`, `type`, `abs`, `floor`, `ceil`.
//!
//! The parser is a Pratt parser with the binding powers of the JMESPath
//! specification; evaluation follows the specification's rules (projections
//! drop `null`s, comparisons of non-numbers with `<` give `null`, …).
//! Objects keep their key order, so results print as the AWS CLI prints them.

mod eval;
mod functions;
mod lexer;
mod parser;

pub(crate) use eval::truthy;
pub use parser::compile;

use eval::eval;
use parser::Node;
use serde_json::Value;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression(Node);

impl Expression {
    /// Evaluates the expression on `data`; `Err` is a type error in a
    /// function call, as JMESPath reports it.
    pub fn search(&self, data: &Value) -> Result<Value, String> {
        eval(&self.0, data)
    }
}

/// Compiles and evaluates in one go.
pub fn search(expression: &str, data: &Value) -> Result<Value, String> {
    compile(expression)?.search(data)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(expr: &str, data: Value) -> Value {
        search(expr, &data).unwrap_or_else(|e| panic!("{expr}: {e}"))
    }

    // Examples from the JMESPath specification and tutorial
    // (jmespath.org/specification.html, jmespath.org/tutorial.html).
    #[test]
    fn basic_expressions() {
        assert_eq!(s("a", json!({"a": "foo", "b": "bar"})), json!("foo"));
        assert_eq!(s("d", json!({"a": "foo"})), Value::Null);
        assert_eq!(
            s("a.b.c.d", json!({"a": {"b": {"c": {"d": "value"}}}})),
            json!("value")
        );
        assert_eq!(s("[1]", json!(["a", "b", "c"])), json!("b"));
        assert_eq!(s("[-1]", json!(["a", "b", "c"])), json!("c"));
        assert_eq!(s("[5]", json!(["a"])), Value::Null);
        assert_eq!(
            s(
                "a.b.c[0].d[1][0]",
                json!({"a": {"b": {"c": [{"d": [0, [1, 2]]}, {"d": [3, 4]}]}}})
            ),
            json!(1)
        );
        assert_eq!(s("\"with space\"", json!({"with space": 1})), json!(1));
    }

    #[test]
    fn slices() {
        let data = json!([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(s("[0:5]", data.clone()), json!([0, 1, 2, 3, 4]));
        assert_eq!(s("[5:10]", data.clone()), json!([5, 6, 7, 8, 9]));
        assert_eq!(s("[:5]", data.clone()), json!([0, 1, 2, 3, 4]));
        assert_eq!(s("[::2]", data.clone()), json!([0, 2, 4, 6, 8]));
        assert_eq!(
            s("[::-1]", data.clone()),
            json!([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
        );
        assert_eq!(s("[-2:]", data.clone()), json!([8, 9]));
        assert_eq!(s("[8:2:-3]", data), json!([8, 5]));
        assert!(compile("[::0]").is_err());
    }

    #[test]
    fn projections() {
        let people = json!({"people": [
            {"first": "James", "last": "d"},
            {"first": "Jacob", "last": "e"},
            {"first": "Jayden", "last": "f"},
            {"missing": "different"}
        ], "foo": {"bar": "baz"}});
        assert_eq!(
            s("people[*].first", people.clone()),
            json!(["James", "Jacob", "Jayden"])
        );
        assert_eq!(
            s("people[:2].first", people.clone()),
            json!(["James", "Jacob"])
        );
        let ops = json!({"ops": {
            "functionA": {"numArgs": 2},
            "functionB": {"numArgs": 3},
            "functionC": {"variadic": true}
        }});
        assert_eq!(s("ops.*.numArgs", ops), json!([2, 3]));
        let reservations = json!({"reservations": [
            {"instances": [{"state": "running"}, {"state": "stopped"}]},
            {"instances": [{"state": "terminated"}, {"state": "running"}]}
        ]});
        assert_eq!(
            s("reservations[*].instances[*].state", reservations.clone()),
            json!([["running", "stopped"], ["terminated", "running"]])
        );
        assert_eq!(
            s("reservations[].instances[].state", reservations),
            json!(["running", "stopped", "terminated", "running"])
        );
        assert_eq!(
            s("[]", json!([[0, 1], 2, [3], 4, [5, [6, 7]]])),
            json!([0, 1, 2, 3, 4, 5, [6, 7]])
        );
        // A projection stops at a pipe.
        assert_eq!(s("people[*].first | [0]", people), json!("James"));
    }

    #[test]
    fn filters() {
        let machines = json!({"machines": [
            {"name": "a", "state": "running", "cpu": 2},
            {"name": "b", "state": "stopped", "cpu": 4},
            {"name": "c", "state": "running", "cpu": 8}
        ]});
        assert_eq!(
            s("machines[?state=='running'].name", machines.clone()),
            json!(["a", "c"])
        );
        assert_eq!(
            s("machines[?state!='running'].name", machines.clone()),
            json!(["b"])
        );
        assert_eq!(
            s("machines[?cpu > `2`].name", machines.clone()),
            json!(["b", "c"])
        );
        assert_eq!(
            s("machines[?cpu <= `4`].name", machines.clone()),
            json!(["a", "b"])
        );
        assert_eq!(
            s(
                "machines[?state=='running' && cpu > `4`].name",
                machines.clone()
            ),
            json!(["c"])
        );
        assert_eq!(
            s("machines[?name=='a' || name=='b'].cpu", machines.clone()),
            json!([2, 4])
        );
        assert_eq!(
            s("machines[?!(state=='running')].name", machines.clone()),
            json!(["b"])
        );
        assert_eq!(s("machines[?state < 'x']", machines), json!([]));
    }

    #[test]
    fn multiselect_and_pipes() {
        let people = json!({"people": [
            {"name": "a", "state": {"name": "up"}},
            {"name": "b", "state": {"name": "down"}}
        ]});
        assert_eq!(
            s("people[].[name, state.name]", people.clone()),
            json!([["a", "up"], ["b", "down"]])
        );
        let hashed = s("people[].{Name: name, State: state.name}", people.clone());
        assert_eq!(
            hashed,
            json!([{"Name": "a", "State": "up"}, {"Name": "b", "State": "down"}])
        );
        // Key order is the expression's order, as the AWS CLI prints it.
        let keys: Vec<_> = hashed[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["Name", "State"]);
        assert_eq!(s("people[*].name | [1]", people), json!("b"));
        assert_eq!(s("foo.[a, b]", json!({"foo": null})), Value::Null);
    }

    #[test]
    fn functions() {
        let data = json!({"people": [
            {"name": "b", "age": 30, "tags": ["x"]},
            {"name": "a", "age": 50, "tags": []},
            {"name": "c", "age": 40, "tags": ["x", "y"]}
        ], "arns": ["arn:aws:ecs:x:cluster/a", "arn:aws:ecs:x:cluster/b"]});
        assert_eq!(s("length(people)", data.clone()), json!(3));
        assert_eq!(s("length('abc')", data.clone()), json!(3));
        assert_eq!(
            s("sort_by(people, &age)[].name", data.clone()),
            json!(["b", "c", "a"])
        );
        assert_eq!(s("max_by(people, &age).name", data.clone()), json!("a"));
        assert_eq!(s("min_by(people, &age).name", data.clone()), json!("b"));
        assert_eq!(
            s("people[?contains(tags, 'y')].name", data.clone()),
            json!(["c"])
        );
        assert_eq!(s("contains('foobar', 'oba')", data.clone()), json!(true));
        assert_eq!(
            s(
                "arns[?starts_with(@, 'arn:aws:ecs')] | length(@)",
                data.clone()
            ),
            json!(2)
        );
        assert_eq!(
            s("join(', ', people[].name)", data.clone()),
            json!("b, a, c")
        );
        assert_eq!(
            s("keys(people[0])", data.clone()),
            json!(["name", "age", "tags"])
        );
        assert_eq!(s("values({a: `1`, b: `2`})", data.clone()), json!([1, 2]));
        assert_eq!(
            s("sort(people[].name)", data.clone()),
            json!(["a", "b", "c"])
        );
        assert_eq!(s("max(people[].age)", data.clone()), json!(50));
        assert_eq!(s("sum(people[].age)", data.clone()), json!(120));
        assert_eq!(s("avg(people[].age)", data.clone()), json!(40));
        assert_eq!(
            s("people[?length(tags) > `0`].name", data.clone()),
            json!(["b", "c"])
        );
        assert_eq!(
            s("not_null(missing, people[0].name)", data.clone()),
            json!("b")
        );
        assert!(
            search("length(`1`)", &data)
                .unwrap_err()
                .contains("invalid type")
        );
        assert!(search("sort_by(people, age)", &data).is_err());
        assert!(search("nope(@)", &data).is_err());
        assert!(search("length(@, @)", &data).is_err());
    }

    #[test]
    fn literals_and_truthiness() {
        assert_eq!(s("`\"x\"`", json!({})), json!("x"));
        // Legacy unquoted literal, accepted by jmespath.py.
        assert_eq!(s("`x`", json!({})), json!("x"));
        assert_eq!(s("'it\\'s'", json!({})), json!("it's"));
        assert_eq!(s("a || b", json!({"a": [], "b": "y"})), json!("y"));
        assert_eq!(s("a && b", json!({"a": "", "b": "y"})), json!(""));
        assert_eq!(s("!a", json!({"a": {}})), json!(true));
        assert_eq!(s("a == `1.0`", json!({"a": 1})), json!(true));
    }

    #[test]
    fn bad_expressions_are_errors_not_panics() {
        for bad in [
            "",
            "[",
            "]",
            "a.",
            "a[",
            "a[?",
            "a[?b",
            "{",
            "{a",
            "{a:",
            "{a: b",
            "a.[",
            "foo(",
            "'open",
            "`\"`",
            "\"open",
            "a..b",
            "[1:2:3:4]",
            "a[*",
            "a[x]",
            "&",
            "a |",
            "||",
            "(a",
            "a)",
            "#",
            "-",
            "[-]",
            "a.1",
            "*.[",
            "a[?b==]",
        ] {
            assert!(compile(bad).is_err(), "{bad:?} should not compile");
        }
        let deep = "(".repeat(500) + "a" + &")".repeat(500);
        assert!(compile(&deep).is_err());
        assert!(compile(&"a.".repeat(3000)).is_err());
        assert!(search("&a", &json!({})).is_err());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod fuzz {
    use super::*;
    use serde_json::json;
    use stevedore_engine::rng::Pcg32;

    /// Random mutations of valid expressions: an answer or an error, never
    /// a panic.
    #[test]
    fn mutated_expressions_never_panic() {
        let seeds = [
            "clusters[?status=='ACTIVE' && length(tags) > `0`].{n: clusterName, t: tags[0].key}",
            "sort_by(items, &size)[-2:].name | join(', ', @)",
            "a.b[*].c[][0:10:2] || `[]`",
            "max_by(people, &age).name",
            "keys(@) | [?starts_with(@, 'a')]",
        ];
        let data = json!({"clusters": [{"status": "ACTIVE", "clusterName": "x", "tags": [{"key": "k"}]}],
            "items": [{"size": 1, "name": "a"}, {"size": 2, "name": "b"}], "a": {"b": [{"c": [[1, 2], 3]}]},
            "people": [{"age": 3, "name": "p"}]});
        let alphabet: Vec<char> = "[]{}()'`\"@&|!=<>.,:*?-09az ".chars().collect();
        let mut rng = Pcg32::from_seed(11);
        for i in 0..5_000 {
            let mut text: Vec<char> = seeds[i % seeds.len()].chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(text.len() as u32 + 1) as usize;
                if rng.below(2) == 0 && at < text.len() {
                    text.remove(at);
                } else {
                    text.insert(
                        at.min(text.len()),
                        alphabet[rng.below(alphabet.len() as u32) as usize],
                    );
                }
            }
            let text: String = text.into_iter().collect();
            let _ = search(&text, &data);
        }
    }
}
