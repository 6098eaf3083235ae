//! What the command line knows about each operation, in two parts:
//!
//! - **Facts, generated** from botocore's service models (the files
//!   `model/<service>.rs`, one per service, written by `cli/gen/generate.py`
//!   with the awscli version pinned in `cli/gen/requirements.txt`): the
//!   operations the engine implements, each with the AWS CLI's option names
//!   (after awscli's customisations: paging options instead of token
//!   members, ec2's `--protocol`/`--port`/…), the API member each option
//!   sets, its [`Shape`] (types, nested structures and lists, required
//!   members, enums, bounds), whether it is required, and the paginator.
//! - **Our own words, hand-written** (`model/words.rs`): a summary per
//!   operation, in the order `aws <service> help` lists them, and the options
//!   the simulator models, each with its help text. An option the AWS CLI has
//!   that the words do not list is refused with a plain "not simulated yet"
//!   message, never ignored.
//!
//! # Adding a service's command line
//!
//! 1. Implement its operations in the engine (`operations!` in
//!    `engine/src/command.rs`; a new service also needs its `Service`
//!    variant and a `mod` line below).
//! 2. Run the generator: `./dev gen` (it makes the venv with the pinned
//!    awscli and writes `cli/src/model/<service>.rs`).
//! 3. Add the words: a summary per operation and the options the engine
//!    takes, in `model/words.rs`. The unit tests below say what is missing.
//!
//! `./dev test` runs `generate.py --check`, which fails when the checked-in
//! files differ from what the pinned botocore and the engine's operations
//! give.

use stevedore_engine::Service;

#[rustfmt::skip]
mod applicationautoscaling;
#[rustfmt::skip]
mod autoscaling;
#[rustfmt::skip]
mod dynamodb;
#[rustfmt::skip]
mod ec2;
#[rustfmt::skip]
mod cloudwatch;
#[rustfmt::skip]
mod ecr;
#[rustfmt::skip]
mod ecs;
#[rustfmt::skip]
mod efs;
#[rustfmt::skip]
mod elb;
#[rustfmt::skip]
mod elbv2;
#[rustfmt::skip]
mod events;
#[rustfmt::skip]
mod iam;
#[rustfmt::skip]
mod logs;
#[rustfmt::skip]
mod s3;
#[rustfmt::skip]
mod scheduler;
#[rustfmt::skip]
mod sns;
#[rustfmt::skip]
mod sqs;
#[rustfmt::skip]
mod ssm;
mod words;

/// The generated tables, one per service.
const TABLES: &[&[Operation]] = &[
    ecs::OPERATIONS,
    ecr::OPERATIONS,
    ec2::OPERATIONS,
    autoscaling::OPERATIONS,
    elbv2::OPERATIONS,
    elb::OPERATIONS,
    cloudwatch::OPERATIONS,
    applicationautoscaling::OPERATIONS,
    iam::OPERATIONS,
    logs::OPERATIONS,
    ssm::OPERATIONS,
    events::OPERATIONS,
    scheduler::OPERATIONS,
    sqs::OPERATIONS,
    sns::OPERATIONS,
    s3::OPERATIONS,
    dynamodb::OPERATIONS,
    efs::OPERATIONS,
];

/// The type of an API member, as botocore models it. Shapes refer to each
/// other by reference, so a recursive shape is a cycle of statics; code that
/// walks shapes without input to drive it stops at [`MAX_DEPTH`].
#[derive(Debug, PartialEq)]
pub enum Shape {
    /// `values`: the enum, if the model has one (empty otherwise); `min` and
    /// `max` bound the length.
    String {
        values: &'static [&'static str],
        min: Option<i64>,
        max: Option<i64>,
    },
    /// botocore's `integer` and `long`; `min`/`max` bound the value.
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// `float` and `double`.
    Float,
    Boolean,
    Timestamp,
    Blob,
    /// `min`/`max` bound the number of items.
    List {
        member: &'static Shape,
        min: Option<i64>,
        max: Option<i64>,
    },
    Map {
        key: &'static Shape,
        value: &'static Shape,
    },
    Structure {
        members: &'static [Member],
    },
    /// Free-form JSON (botocore's document type).
    Document,
}

/// How deep code that walks shapes on its own (labels, completion) goes.
pub const MAX_DEPTH: usize = 8;

#[derive(Debug, PartialEq)]
pub struct Member {
    pub name: &'static str,
    pub shape: &'static Shape,
    pub required: bool,
}

impl Shape {
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Shape::List { .. } | Shape::Map { .. } | Shape::Structure { .. } | Shape::Document
        )
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Shape::Boolean)
    }

    /// The members of a structure (none for other shapes).
    pub fn members(&self) -> &'static [Member] {
        match self {
            Shape::Structure { members } => members,
            _ => &[],
        }
    }

    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members().iter().find(|m| m.name == name)
    }

    /// The enum values a word given to an option of this shape may take: a
    /// string's own, or those of a list's strings.
    pub fn enum_values(&self) -> &'static [&'static str] {
        match self {
            Shape::String { values, .. } => values,
            Shape::List {
                member: Shape::String { values, .. },
                ..
            } => values,
            _ => &[],
        }
    }

    /// A structure whose members are all scalars or lists of scalars: its
    /// shorthand is one flat `k=v,k2=v2` (`Name=vpc-id,Values=vpc-1,vpc-2`).
    pub fn is_flat_structure(&self) -> bool {
        matches!(self, Shape::Structure { .. })
            && self.members().iter().all(|m| match m.shape {
                Shape::List { member, .. } => member.is_scalar(),
                other => other.is_scalar(),
            })
    }
}

#[derive(Debug)]
pub struct Param {
    /// `--cluster-name`
    pub option: &'static str,
    /// `clusterName` (for an awscli customisation, the name
    /// [`crate::customize`] reads, e.g. `Port`)
    pub member: &'static str,
    pub shape: &'static Shape,
    pub required: bool,
}

/// How the AWS CLI pages an operation: it hides the API's token and limit
/// members behind `--starting-token`, `--page-size` and `--max-items`.
/// Where botocore lists several result keys, the first.
#[derive(Debug, Clone, Copy)]
pub struct Paginator {
    pub input_token: &'static str,
    pub output_token: &'static str,
    pub limit_key: &'static str,
    pub result_key: &'static str,
}

#[derive(Debug)]
pub struct Operation {
    pub service: Service,
    /// `create-cluster`
    pub cli_name: &'static str,
    /// `CreateCluster`
    pub api_name: &'static str,
    pub params: &'static [Param],
    pub paginator: Option<Paginator>,
}

/// Our words for one operation (`model/words.rs`).
#[derive(Debug)]
struct Words {
    service: Service,
    api: &'static str,
    summary: &'static str,
    /// One modelled option a line: `--option  help text`.
    options: &'static str,
}

impl Words {
    fn options(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.options.lines().filter_map(|line| {
            let line = line.trim();
            let (option, help) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            (!option.is_empty()).then(|| (option, help.trim()))
        })
    }
}

impl Operation {
    fn words(&self) -> Option<&'static Words> {
        words::WORDS
            .iter()
            .find(|w| w.service == self.service && w.api == self.api_name)
    }

    pub fn summary(&self) -> &'static str {
        self.words().map_or("", |w| w.summary)
    }

    /// Our help text for an option the simulator models; `None` for one it
    /// does not model (it is refused).
    pub fn help(&self, param: &Param) -> Option<&'static str> {
        self.words()?
            .options()
            .find(|(option, _)| *option == param.option)
            .map(|(_, help)| help)
    }

    /// Whether the simulator models the option (else it is refused with a
    /// plain message).
    pub fn is_modelled(&self, param: &Param) -> bool {
        self.help(param).is_some()
    }

    pub fn param(&self, option: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.option == option)
    }
}

/// Every operation, in the engine's order.
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// A service's operations, in the order `aws <service> help` lists them.
pub fn operations_of(service: Service) -> impl Iterator<Item = &'static Operation> {
    words::WORDS
        .iter()
        .filter(move |w| w.service == service)
        .filter_map(move |w| operations().find(|op| op.service == service && op.api_name == w.api))
}

pub fn find(service: Service, cli_name: &str) -> Option<&'static Operation> {
    operations().find(|op| op.service == service && op.cli_name == cli_name)
}

/// botocore's `xform_name` with `-`: `VPCZoneIdentifier` →
/// `vpc-zone-identifier`, `clusterName` → `cluster-name`,
/// `TargetGroupARNs` → `target-group-arns`.
pub(crate) fn xform_name(name: &str) -> String {
    let name = name.replace("ARNs", "Arns");
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn xform_name_follows_botocore() {
        for (member, option) in [
            ("VPCZoneIdentifier", "vpc-zone-identifier"),
            ("clusterName", "cluster-name"),
            ("TargetGroupARNs", "target-group-arns"),
            ("DescribeVpcs", "describe-vpcs"),
            ("CidrBlock", "cidr-block"),
        ] {
            assert_eq!(xform_name(member), option);
        }
    }

    /// Every engine operation has a generated command line and every
    /// generated one an engine operation (else: run `./dev gen`), with
    /// names spelled as the AWS CLI spells them.
    #[test]
    fn generated_tables_match_the_engine() {
        for (service, api) in stevedore_engine::OPERATIONS {
            let found: Vec<_> = operations()
                .filter(|op| op.service == *service && op.api_name == *api)
                .collect();
            assert_eq!(
                found.len(),
                1,
                "engine operation {api} has no generated command line (run ./dev gen)"
            );
        }
        for op in operations() {
            assert!(
                stevedore_engine::OPERATIONS.contains(&(op.service, op.api_name)),
                "{} is not in the engine (run ./dev gen)",
                op.api_name
            );
            assert_eq!(op.cli_name, xform_name(op.api_name));
            for param in op.params {
                // awscli renames `sns subscribe`'s Endpoint
                // (awscli/customizations/argrename.py).
                if (op.api_name, param.member) == ("Subscribe", "Endpoint") {
                    assert_eq!(param.option, "--notification-endpoint");
                    continue;
                }
                assert_eq!(
                    param.option,
                    format!("--{}", xform_name(param.member)),
                    "{}",
                    op.api_name
                );
            }
        }
    }

    /// Our words cover every operation once, and name only options the
    /// AWS CLI has.
    #[test]
    fn words_cover_every_operation_and_name_real_options() {
        for op in operations() {
            let n = words::WORDS
                .iter()
                .filter(|w| w.service == op.service && w.api == op.api_name)
                .count();
            assert_eq!(n, 1, "{}: {n} entries in model/words.rs", op.api_name);
            assert!(!op.summary().is_empty(), "{}", op.api_name);
        }
        for w in words::WORDS {
            let Some(op) = operations().find(|op| op.service == w.service && op.api_name == w.api)
            else {
                panic!("model/words.rs: {} is not an operation", w.api);
            };
            for (option, help) in w.options() {
                assert!(
                    op.param(option).is_some(),
                    "model/words.rs: {} has no option {option}",
                    w.api
                );
                assert!(!help.is_empty(), "{} {option}: no help", w.api);
            }
        }
    }

    /// Every option our words model is a member the engine's input takes
    /// (customisation options, which are no members, aside). The engine
    /// also takes some members the command line refuses (`--dry-run`, …).
    #[test]
    fn modelled_options_are_the_members_the_engine_takes() {
        use serde_json::{Map, Value};
        use stevedore_engine::Command;
        let mut wrong = Vec::new();
        for op in operations() {
            for param in op.params {
                let mut input = Map::new();
                input.insert(param.member.to_owned(), Value::Null);
                let unknown = Command::from_json(op.service, op.api_name, Value::Object(input))
                    .err()
                    .is_some_and(|e| e.message.contains("unknown field"));
                let customised = crate::customize::is_customisation(op, param);
                if customised {
                    continue;
                }
                if op.is_modelled(param) && unknown {
                    wrong.push(format!(
                        "{} {}: the engine does not take the member {}",
                        op.api_name, param.option, param.member
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "model/words.rs: {}", wrong.join("\n"));
    }
}
