//! Task placement on EC2 container instances (F5.1–F5.6): (1) instances
//! with enough CPU, memory, ports and ENIs; (2) placement constraints
//! (`distinctInstance`, `memberOf` with the cluster query language); (3)
//! strategies in order (`binpack` cpu|memory, `spread` instanceId|host|
//! attribute:…, `random` from `Sim::rng`); (4) ties by lowest container
//! instance id (MODEL, section 13). Every decision is kept as a
//! [`PlacementExplanation`].

use super::container_instance::ContainerInstanceStatus;
use super::query;
use crate::error::ApiError;
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// MODEL (section 13, F3.7): dynamic host ports come from 32768–61000,
/// lowest free first.
pub const DYNAMIC_PORTS: std::ops::RangeInclusive<u16> = 32768..=61000;
/// F5.2: at most 5 strategy rules; F5.3: at most 10 constraints.
pub const MAX_STRATEGIES: usize = 5;
pub const MAX_CONSTRAINTS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlacementStrategy {
    pub r#type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlacementConstraint {
    pub r#type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// What one task needs from an instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Demand {
    pub cpu: u32,
    pub memory: u32,
    /// Fixed host ports (dynamic ones always find a port in the range).
    pub fixed_ports: Vec<u16>,
    pub dynamic_ports: usize,
    pub eni: bool,
    /// awsvpc on EC2: the instance must be in one of these subnets.
    pub subnets: Option<Vec<String>>,
    pub group: String,
    /// The capability attributes the task definition requires
    /// (`requiresAttributes`): the instance's agent must have registered
    /// them (engine/src/ecs/agent_config.rs).
    pub capabilities: Vec<String>,
}

/// One container instance considered for one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateExplanation {
    pub container_instance_arn: String,
    pub ec2_instance_id: String,
    /// Why it could not take the task (F3.8 reasons: RESOURCE:CPU,
    /// RESOURCE:MEMORY, RESOURCE:PORTS, RESOURCE:ENI, ATTRIBUTE, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// How the strategies scored it (lower is better), one entry per rule.
    pub scores: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacementExplanation {
    /// 0-based index of the task in its RunTask call.
    pub task: usize,
    pub candidates: Vec<CandidateExplanation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    /// For an unplaced task: the reason of the closest matching instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// For an unplaced task: the closest matching instance (the one that
    /// passed the most of F5.1's checks), as RunTask's failure names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest: Option<String>,
}

pub(crate) fn validate(
    strategies: &[PlacementStrategy],
    constraints: &[PlacementConstraint],
) -> Result<Vec<Option<query::Expr>>, ApiError> {
    if strategies.len() > MAX_STRATEGIES {
        return Err(ApiError::invalid_parameter(format!(
            "At most {MAX_STRATEGIES} placement strategies are allowed; {} were given.",
            strategies.len()
        )));
    }
    if constraints.len() > MAX_CONSTRAINTS {
        return Err(ApiError::invalid_parameter(format!(
            "At most {MAX_CONSTRAINTS} placement constraints are allowed; {} were given.",
            constraints.len()
        )));
    }
    for s in strategies {
        let ok = match (s.r#type.as_str(), s.field.as_deref()) {
            ("random", None) => true,
            ("binpack", Some(f)) => {
                f.eq_ignore_ascii_case("cpu") || f.eq_ignore_ascii_case("memory")
            }
            ("spread", Some(f)) => f == "instanceId" || f == "host" || f.starts_with("attribute:"),
            _ => false,
        };
        if !ok {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid placement strategy type '{}' with field '{}': use random (no field), binpack with cpu or memory, or spread with instanceId, host or attribute:<name>.",
                s.r#type,
                s.field.as_deref().unwrap_or("")
            )));
        }
    }
    let mut parsed = Vec::new();
    for c in constraints {
        match (c.r#type.as_str(), &c.expression) {
            ("distinctInstance", None) => parsed.push(None),
            ("distinctInstance", Some(_)) => {
                return Err(ApiError::invalid_parameter(
                    "A distinctInstance constraint takes no expression.",
                ));
            }
            ("memberOf", Some(e)) => parsed.push(Some(query::parse(e)?)),
            ("memberOf", None) => {
                return Err(ApiError::invalid_parameter(
                    "A memberOf constraint needs an expression.",
                ));
            }
            (other, _) => {
                return Err(ApiError::invalid_parameter(format!(
                    "Invalid placement constraint type '{other}': use distinctInstance or memberOf."
                )));
            }
        }
    }
    Ok(parsed)
}

/// How one strategy rule scores a candidate (lower is better).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Score {
    BinpackCpu,
    BinpackMemory,
    SpreadInstance,
    /// Spread over the values of the named attribute.
    SpreadAttribute(String),
    Random,
}

/// One strategy rule of a pool: how it scores, its field as given (for the
/// explanation), and for `spread` on an attribute the group's tasks per
/// value of that attribute over all of the cluster's instances, in the
/// order the instances first show each value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    score: Score,
    field: String,
    values: Vec<(Option<String>, i64)>,
}

impl Rule {
    fn of(s: &PlacementStrategy) -> Rule {
        let score = match (s.r#type.as_str(), s.field.as_deref()) {
            ("binpack", Some(f)) if f.eq_ignore_ascii_case("cpu") => Score::BinpackCpu,
            ("binpack", Some(_)) => Score::BinpackMemory,
            ("spread", Some("instanceId" | "host")) => Score::SpreadInstance,
            ("spread", Some(f)) => {
                Score::SpreadAttribute(f.trim_start_matches("attribute:").to_owned())
            }
            _ => Score::Random,
        };
        Rule {
            score,
            field: s.field.clone().unwrap_or_default(),
            values: Vec::new(),
        }
    }
}

/// A container instance that may take tasks (registered, not REGISTERING),
/// with what its tasks hold.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    arn: std::sync::Arc<str>,
    active: bool,
    agent_connected: bool,
    registered_cpu: u32,
    registered_memory: u32,
    eni_slots: u32,
    /// How many host ports the instance reserves, and whether one of them
    /// is a fixed port of the demand.
    reserved_ports: usize,
    reserves_a_fixed_port: bool,
    /// awsvpc on EC2: the instance is in one of the demand's subnets.
    in_subnets: bool,
    /// Its agent registered every capability the task requires.
    capable: bool,
    holds: Holding,
    /// Per rule: the index of its attribute's value in the rule's `values`.
    value: [usize; MAX_STRATEGIES],
}

/// What a candidate's live tasks hold, as placement reads it from the task
/// index ([`crate::state::Held`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Holding {
    cpu: u32,
    memory: u32,
    enis: u32,
    /// How many host ports the tasks hold, and whether one of them is a
    /// fixed port of the demand.
    ports: usize,
    holds_a_fixed_port: bool,
    /// Tasks of the demand's group.
    group_tasks: u32,
}

impl Holding {
    fn of(held: &crate::state::Held, demand: &Demand) -> Holding {
        Holding {
            cpu: held.cpu,
            memory: held.memory,
            enis: held.enis,
            ports: held.ports.len(),
            holds_a_fixed_port: demand.fixed_ports.iter().any(|p| held.ports.contains(p)),
            group_tasks: held.group_count(&demand.group),
        }
    }
}

/// What placement knows of one cluster for one [`Demand`] and its
/// strategies: built once per RunTask/StartTask call
/// ([`Sim::placement_pool`]), read for each of the call's tasks
/// ([`Sim::place_from_pool`]) and brought up to date after each task it
/// placed ([`Sim::pool_task_placed`]), instead of reading every instance
/// and what it holds again for every task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PlacementPool {
    cluster_arn: String,
    demand: Demand,
    strategies: Vec<PlacementStrategy>,
    rules: Vec<Rule>,
    /// In ARN order, which within a cluster is container instance id order.
    candidates: Vec<Candidate>,
}

/// One pool decision: the explanation, and the chosen candidate's index.
pub(crate) struct Placed {
    pub explanation: PlacementExplanation,
    pub candidate: Option<usize>,
}

impl Sim {
    /// Chooses a container instance of `cluster_arn` for one task, or says
    /// why none fits (a pool for one task: see [`Sim::place_from_pool`]).
    #[allow(clippy::too_many_arguments)] // one call site per API; a struct buys nothing
    pub(crate) fn place_task(
        &mut self,
        cluster_arn: &str,
        demand: &Demand,
        strategies: &[PlacementStrategy],
        constraints: &[PlacementConstraint],
        parsed: &[Option<query::Expr>],
        only: Option<&[String]>,
        task_index: usize,
        explain: bool,
    ) -> PlacementExplanation {
        let pool = self.placement_pool(cluster_arn, demand, strategies);
        self.place_from_pool(&pool, constraints, parsed, only, task_index, explain)
            .explanation
    }

    /// The placement pool of `cluster_arn` for tasks needing `demand`.
    pub(crate) fn placement_pool(
        &self,
        cluster_arn: &str,
        demand: &Demand,
        strategies: &[PlacementStrategy],
    ) -> PlacementPool {
        let mut rules: Vec<Rule> = strategies
            .iter()
            .take(MAX_STRATEGIES)
            .map(Rule::of)
            .collect();
        let mut candidates = Vec::new();
        let instances = self
            .state
            .container_instances
            .values()
            .filter(|ci| ci.cluster_arn == cluster_arn);
        for (ci, held) in self.state.held_along(instances) {
            // A task group is a cluster's: `spread` counts the group's tasks
            // on every instance of the cluster, candidate or not.
            let holds = Holding::of(held, demand);
            let mut value = [0; MAX_STRATEGIES];
            for (rule, slot) in rules.iter_mut().zip(&mut value) {
                if let Score::SpreadAttribute(name) = &rule.score {
                    let v = ci.attribute(name);
                    let i = match rule.values.iter().position(|(x, _)| x.as_deref() == v) {
                        Some(i) => i,
                        None => {
                            rule.values.push((v.map(str::to_owned), 0));
                            rule.values.len() - 1
                        }
                    };
                    if let Some((_, n)) = rule.values.get_mut(i) {
                        *n += i64::from(holds.group_tasks);
                    }
                    *slot = i;
                }
            }
            // REGISTERING instances (trunk ENI being attached, F3.5) are not
            // candidates yet.
            if !ci.is_registered() || ci.status == ContainerInstanceStatus::Registering {
                continue;
            }
            candidates.push(Candidate {
                arn: {
                    debug_assert_eq!(*ci.shared_arn, *ci.arn, "the shared ARN is the ARN");
                    ci.shared_arn.clone()
                },
                active: ci.status == ContainerInstanceStatus::Active,
                agent_connected: ci.agent_connected,
                registered_cpu: ci.registered_cpu,
                registered_memory: ci.registered_memory,
                eni_slots: ci.eni_slots,
                reserved_ports: ci.reserved_ports.len(),
                reserves_a_fixed_port: demand
                    .fixed_ports
                    .iter()
                    .any(|p| ci.reserved_ports.contains(p)),
                in_subnets: demand.subnets.as_ref().is_none_or(|s| {
                    ci.attribute("ecs.subnet-id")
                        .is_some_and(|id| s.iter().any(|x| x == id))
                }),
                capable: demand
                    .capabilities
                    .iter()
                    .all(|c| ci.capabilities.binary_search(c).is_ok()),
                holds,
                value,
            });
        }
        PlacementPool {
            cluster_arn: cluster_arn.to_owned(),
            demand: demand.clone(),
            strategies: strategies.to_vec(),
            rules,
            candidates,
        }
    }

    /// Brings the pool up to date after a task was placed on its candidate
    /// `index` (what that instance holds; the group's count in its
    /// attribute values). Tests check it against a pool built afresh.
    pub(crate) fn pool_task_placed(&self, pool: &mut PlacementPool, index: usize) {
        let Some(c) = pool.candidates.get_mut(index) else {
            return;
        };
        let holds = Holding::of(self.state.held_on(&c.arn), &pool.demand);
        let added = i64::from(holds.group_tasks) - i64::from(c.holds.group_tasks);
        c.holds = holds;
        for (rule, i) in pool.rules.iter_mut().zip(c.value) {
            if matches!(rule.score, Score::SpreadAttribute(_))
                && let Some((_, n)) = rule.values.get_mut(i)
            {
                *n += added;
            }
        }
        if cfg!(debug_assertions) {
            let fresh = self.placement_pool(&pool.cluster_arn, &pool.demand, &pool.strategies);
            debug_assert!(
                fresh == *pool,
                "placement pool out of step:\n{pool:#?}\nfresh:\n{fresh:#?}"
            );
        }
    }

    /// Chooses a candidate of the pool for one task, or says why none fits:
    /// (1) resources, (2) constraints, (3) strategies in order, (4) ties by
    /// lowest container instance id. Draws from `self.rng` only for
    /// `random` rules, once per feasible candidate, in candidate order.
    pub(crate) fn place_from_pool(
        &mut self,
        pool: &PlacementPool,
        constraints: &[PlacementConstraint],
        parsed: &[Option<query::Expr>],
        only: Option<&[String]>,
        task_index: usize,
        explain: bool,
    ) -> Placed {
        let demand = &pool.demand;
        let mut candidates = Vec::new();
        // The closest rejected candidate: (checks passed, reason, index).
        let mut best_failure: Option<(usize, &'static str, usize)> = None;
        // The best so far: (scores, candidate); one key per rule (unused
        // places stay 0 for every candidate), lower is better.
        let mut best: Option<([i64; MAX_STRATEGIES], usize)> = None;
        // The scores' words when explaining (one list, handed to each
        // candidate's explanation, so no list is made or dropped per
        // candidate otherwise).
        let mut described = Vec::new();
        let rules = pool.rules.len().min(MAX_STRATEGIES);
        for (index, c) in pool.candidates.iter().enumerate() {
            if only.is_some_and(|o| !o.iter().any(|a| **a == *c.arn)) {
                continue;
            }
            let (passed, rejected) = match self.check_candidate(c, demand, constraints, parsed) {
                Ok(()) => (0, None),
                Err((passed, reason)) => (passed, Some(reason)),
            };
            if let Some(reason) = rejected
                && best_failure.as_ref().is_none_or(|(n, _, _)| passed > *n)
            {
                best_failure = Some((passed, reason, index));
            }
            if rejected.is_none() {
                let mut key = [0i64; MAX_STRATEGIES];
                for ((rule, place), i) in pool.rules.iter().zip(&mut key).zip(c.value) {
                    *place = match &rule.score {
                        Score::BinpackCpu => {
                            let left =
                                i64::from(c.registered_cpu) - i64::from(c.holds.cpu + demand.cpu);
                            if explain {
                                described.push(format!("binpack cpu: {left} units left"));
                            }
                            left
                        }
                        Score::BinpackMemory => {
                            let left = i64::from(c.registered_memory)
                                - i64::from(c.holds.memory + demand.memory);
                            if explain {
                                described.push(format!("binpack memory: {left} MiB left"));
                            }
                            left
                        }
                        Score::SpreadInstance => {
                            let n = i64::from(c.holds.group_tasks);
                            if explain {
                                described.push(format!(
                                    "spread instanceId: {n} tasks of the group here"
                                ));
                            }
                            n
                        }
                        Score::SpreadAttribute(_) => {
                            let (value, n) = rule
                                .values
                                .get(i)
                                .map_or((None, 0), |(v, n)| (v.as_deref(), *n));
                            if explain {
                                described.push(format!(
                                    "spread {}: {n} tasks of the group in {}",
                                    rule.field,
                                    value.unwrap_or("(none)")
                                ));
                            }
                            n
                        }
                        Score::Random => {
                            let r = i64::from(self.rng.next_u32());
                            if explain {
                                described.push(format!("random: {r}"));
                            }
                            r
                        }
                    };
                }
                // Candidates come in id order: on a tie the earlier one
                // (the lowest id) stays (MODEL, section 13). The places
                // past the rules are 0 for every candidate: only the
                // rules' places are compared.
                if best.is_none_or(|(k, _)| key[..rules] < k[..rules]) {
                    best = Some((key, index));
                }
            }
            if explain {
                candidates.push(CandidateExplanation {
                    container_instance_arn: c.arn.to_string(),
                    ec2_instance_id: self
                        .state
                        .container_instances
                        .get(&*c.arn)
                        .map(|ci| ci.ec2_instance_id.clone())
                        .unwrap_or_default(),
                    rejected: rejected.map(str::to_owned),
                    scores: std::mem::take(&mut described),
                });
            }
        }
        let candidate = best.map(|(_, i)| i);
        let chosen = candidate
            .and_then(|i| pool.candidates.get(i))
            .map(|c| c.arn.to_string());
        Placed {
            explanation: PlacementExplanation {
                task: task_index,
                candidates,
                closest: if chosen.is_none() {
                    best_failure
                        .and_then(|(_, _, i)| pool.candidates.get(i))
                        .map(|c| c.arn.to_string())
                } else {
                    None
                },
                failure: if chosen.is_none() {
                    best_failure.map(|(_, r, _)| r.to_owned())
                } else {
                    None
                },
                chosen,
            },
            candidate,
        }
    }

    /// F5.1's checks in order: `Err` with how many passed (which ranks
    /// "closest") and the reason of the first that failed.
    fn check_candidate(
        &self,
        c: &Candidate,
        demand: &Demand,
        constraints: &[PlacementConstraint],
        parsed: &[Option<query::Expr>],
    ) -> Result<(), (usize, &'static str)> {
        let ports_free = || {
            // With fewer ports taken than the range has to spare, the
            // dynamic ports needed are surely free; else count them.
            !c.reserves_a_fixed_port
                && !c.holds.holds_a_fixed_port
                && (c.reserved_ports + c.holds.ports + demand.dynamic_ports <= DYNAMIC_PORTS.len()
                    || self.dynamic_ports(&c.arn, demand.dynamic_ports).len()
                        == demand.dynamic_ports)
        };
        let fail = |passed: usize, reason: &'static str| Err((passed, reason));
        if !c.active {
            return fail(0, "DRAINING");
        }
        if !c.agent_connected {
            return fail(1, "AGENT");
        }
        if c.registered_cpu.saturating_sub(c.holds.cpu) < demand.cpu {
            return fail(2, "RESOURCE:CPU");
        }
        if c.registered_memory.saturating_sub(c.holds.memory) < demand.memory {
            return fail(3, "RESOURCE:MEMORY");
        }
        if !ports_free() {
            return fail(4, "RESOURCE:PORTS");
        }
        if demand.eni && c.holds.enis >= c.eni_slots {
            return fail(5, "RESOURCE:ENI");
        }
        if !c.in_subnets || !c.capable {
            return fail(6, "ATTRIBUTE");
        }
        let holds = constraints.is_empty()
            || self
                .state
                .container_instances
                .get(&*c.arn)
                .is_some_and(|ci| self.constraints_hold(ci, demand, constraints, parsed));
        if !holds {
            return fail(7, "ATTRIBUTE");
        }
        Ok(())
    }

    fn constraints_hold(
        &self,
        ci: &super::container_instance::ContainerInstanceRecord,
        demand: &Demand,
        constraints: &[PlacementConstraint],
        parsed: &[Option<query::Expr>],
    ) -> bool {
        constraints.iter().zip(parsed).all(|(c, expr)| match expr {
            Some(e) => e.matches(&self.query_subject(ci)),
            None if c.r#type == "distinctInstance" => {
                self.group_tasks_where(&demand.group, |arn| arn == ci.arn) == 0
            }
            None => true,
        })
    }

    /// Tasks of `group` holding resources on instances that satisfy `on`.
    fn group_tasks_where(&self, group: &str, on: impl Fn(&str) -> bool) -> i64 {
        self.state
            .tasks_in_group(group)
            .filter(|t| t.holds_resources())
            .filter(|t| t.container_instance_arn.as_deref().is_some_and(&on))
            .count() as i64
    }

    /// The lowest free dynamic host ports on an instance (F3.7 MODEL).
    pub(crate) fn dynamic_ports(&self, container_instance_arn: &str, n: usize) -> Vec<u16> {
        let Some(ci) = self.state.container_instances.get(container_instance_arn) else {
            return Vec::new();
        };
        let used = self.state.held_on(container_instance_arn);
        let taken = || ci.reserved_ports.iter().chain(&used.ports);
        // Ports go lowest first, so the free ones are nearly always among
        // the range's first 128: one pass marks those taken.
        let start = *DYNAMIC_PORTS.start();
        let mut window = 0u128;
        for p in taken() {
            if let Some(bit) = p.checked_sub(start).filter(|b| *b < 128) {
                window |= 1 << bit;
            }
        }
        let mut out: Vec<u16> = (0..128u16)
            .filter(|bit| window & (1 << bit) == 0)
            .map(|bit| start + bit)
            .take(n)
            .collect();
        if out.len() < n {
            out.extend(
                DYNAMIC_PORTS
                    .skip(128)
                    .filter(|p| taken().all(|t| t != p))
                    .take(n - out.len()),
            );
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::ecs::container_instance::insert_registered_instance;
    use crate::{Command, Service};
    use serde_json::json;

    /// A task record of `cluster` placed on container instance `on`.
    fn ec2_task(
        arn: &str,
        cluster: &str,
        on: &str,
        status: crate::state::TaskStatus,
    ) -> crate::state::TaskRecord {
        let mut t =
            crate::state::TaskRecord::new(arn, cluster, crate::state::LaunchType::Ec2, status);
        t.container_instance_arn = Some(on.to_owned());
        t
    }

    fn sim_with_two_instances() -> (Sim, String, String, String) {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        sim.execute(
            Command::from_json(Service::Ecs, "CreateCluster", json!({"clusterName": "c"})).unwrap(),
        )
        .unwrap();
        let cluster = sim.cluster_arn("c");
        let a = insert_registered_instance(&mut sim, &cluster, "a");
        let b = insert_registered_instance(&mut sim, &cluster, "b");
        (sim, cluster, a, b)
    }

    fn demand(memory: u32, ports: &[u16]) -> Demand {
        Demand {
            cpu: 0,
            memory,
            fixed_ports: ports.to_vec(),
            dynamic_ports: 0,
            eni: false,
            subnets: None,
            group: "family:web".into(),
            capabilities: Vec::new(),
        }
    }

    fn ecs(sim: &mut Sim, op: &str, input: serde_json::Value) -> serde_json::Value {
        sim.execute(Command::from_json(Service::Ecs, op, input).unwrap())
            .unwrap()
            .to_json()
    }

    #[test]
    fn run_task_keeps_its_explanation_and_the_scheduler_does_not_replace_it() {
        let (mut sim, _, a, b) = sim_with_two_instances();
        ecs(
            &mut sim,
            "RegisterTaskDefinition",
            json!({"family": "web",
            "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 300}]}),
        );
        let out = ecs(
            &mut sim,
            "RunTask",
            json!({"cluster": "c", "taskDefinition": "web", "count": 2,
            "placementStrategy": [{"type": "binpack", "field": "memory"}]}),
        );
        assert_eq!(out["tasks"].as_array().unwrap().len(), 2);
        let explained = sim.last_placement().to_vec();
        assert_eq!(explained.len(), 2);
        for e in &explained {
            let arns: Vec<&str> = e
                .candidates
                .iter()
                .map(|c| c.container_instance_arn.as_str())
                .collect();
            // Every registered instance, in ARN order.
            let mut both = [a.as_str(), b.as_str()];
            both.sort_unstable();
            assert_eq!(arns, both);
            assert!(e.candidates.iter().all(|c| c.scores.len() == 1));
            assert!(e.candidates[0].scores[0].starts_with("binpack memory: "));
        }
        // binpack: both tasks on the same (lowest id on a tie) instance.
        assert_eq!(explained[0].chosen, explained[1].chosen);
        // The service scheduler places its tasks without replacing it.
        ecs(
            &mut sim,
            "CreateService",
            json!({"cluster": "c", "serviceName": "s",
            "taskDefinition": "web", "desiredCount": 2}),
        );
        assert_eq!(sim.state.tasks_in_group("service:s").count(), 2);
        assert_eq!(sim.last_placement(), explained.as_slice());
    }

    #[test]
    fn spread_counts_only_the_clusters_own_group_tasks() {
        // Cluster c: instances in us-east-1a (the lower id) and us-east-1b.
        // Cluster other: three family:web tasks on an instance in
        // us-east-1a. Placing family:web in c by AZ spread: both zones of c
        // hold none of c's tasks, so the tie goes to the lowest id.
        let (mut sim, cluster, a, b) = sim_with_two_instances();
        let (low, high) =
            if sim.state.container_instances[&a].id() < sim.state.container_instances[&b].id() {
                (a, b)
            } else {
                (b, a)
            };
        for (ci, az) in [(&low, "us-east-1a"), (&high, "us-east-1b")] {
            let record = sim.state.container_instances.get_mut(ci).unwrap();
            record
                .attributes
                .retain(|(n, _)| n != "ecs.availability-zone");
            record
                .attributes
                .push(("ecs.availability-zone".into(), az.into()));
        }
        sim.execute(
            Command::from_json(
                Service::Ecs,
                "CreateCluster",
                json!({"clusterName": "other"}),
            )
            .unwrap(),
        )
        .unwrap();
        let other = sim.cluster_arn("other");
        let x = insert_registered_instance(&mut sim, &other, "x");
        for i in 0..3 {
            let mut t = ec2_task(
                &format!("arn:aws:ecs:us-east-1:123456789012:task/other/{i:032x}"),
                &other,
                &x,
                crate::state::TaskStatus::Running,
            );
            t.group = "family:web".into();
            sim.state.insert_task(t);
        }
        let spread = [PlacementStrategy {
            r#type: "spread".into(),
            field: Some("attribute:ecs.availability-zone".into()),
        }];
        let e = sim.place_task(&cluster, &demand(10, &[]), &spread, &[], &[], None, 0, true);
        assert_eq!(e.chosen.as_deref(), Some(low.as_str()), "{e:#?}");
    }

    #[test]
    fn explains_every_candidate_and_breaks_ties_by_lowest_id() {
        let (mut sim, cluster, a, b) = sim_with_two_instances();
        let binpack = [PlacementStrategy {
            r#type: "binpack".into(),
            field: Some("memory".into()),
        }];
        let e = sim.place_task(
            &cluster,
            &demand(300, &[]),
            &binpack,
            &[],
            &[],
            None,
            0,
            true,
        );
        assert_eq!(e.candidates.len(), 2);
        assert!(e.candidates.iter().all(|c| c.rejected.is_none()));
        assert_eq!(
            e.candidates[0].scores,
            vec!["binpack memory: 698 MiB left".to_owned()]
        );
        // Equal scores: the lowest container instance id wins (MODEL).
        let lowest =
            if sim.state.container_instances[&a].id() < sim.state.container_instances[&b].id() {
                &a
            } else {
                &b
            };
        assert_eq!(e.chosen.as_ref(), Some(lowest));
        // Too big for both: RESOURCE:MEMORY, with every candidate's reason.
        let e = sim.place_task(
            &cluster,
            &demand(999, &[]),
            &binpack,
            &[],
            &[],
            None,
            1,
            true,
        );
        assert_eq!(e.chosen, None);
        assert_eq!(e.failure.as_deref(), Some("RESOURCE:MEMORY"));
        assert!(
            e.candidates
                .iter()
                .all(|c| c.rejected.as_deref() == Some("RESOURCE:MEMORY"))
        );
        // A reserved port (F3.7: 22) can never be taken.
        let e = sim.place_task(&cluster, &demand(10, &[22]), &[], &[], &[], None, 2, true);
        assert_eq!(e.failure.as_deref(), Some("RESOURCE:PORTS"));
    }

    #[test]
    fn draining_instances_get_no_tasks_and_random_uses_the_seeded_rng() {
        let (mut sim, cluster, a, b) = sim_with_two_instances();
        sim.state.container_instances.get_mut(&a).unwrap().status =
            ContainerInstanceStatus::Draining;
        let random = [PlacementStrategy {
            r#type: "random".into(),
            field: None,
        }];
        let e = sim.place_task(&cluster, &demand(10, &[]), &random, &[], &[], None, 0, true);
        assert_eq!(e.chosen.as_ref(), Some(&b));
        let rejected: Vec<_> = e
            .candidates
            .iter()
            .filter_map(|c| c.rejected.clone())
            .collect();
        assert_eq!(rejected, vec!["DRAINING".to_owned()]);
        // Same seed, same draws: two sims choose alike.
        let (mut one, c1, _, _) = sim_with_two_instances();
        let (mut two, c2, _, _) = sim_with_two_instances();
        for i in 0..8 {
            let x = one
                .place_task(&c1, &demand(1, &[]), &random, &[], &[], None, i, true)
                .chosen;
            let y = two
                .place_task(&c2, &demand(1, &[]), &random, &[], &[], None, i, true)
                .chosen;
            assert_eq!(x, y);
        }
    }

    #[test]
    fn dynamic_ports_are_counted_when_the_range_runs_low() {
        // F3.7 MODEL: dynamic host ports come from 32768–61000. One task
        // holds all of them but 40000: one more dynamic port fits, two do
        // not.
        let (mut sim, cluster, a, _) = sim_with_two_instances();
        let mut t = ec2_task(
            "arn:aws:ecs:us-east-1:123456789012:task/c/0",
            &cluster,
            &a,
            crate::state::TaskStatus::Running,
        );
        t.host_ports = DYNAMIC_PORTS.filter(|p| *p != 40_000).collect();
        sim.state.insert_task(t);
        let only = [a.clone()];
        let dynamic = |n: usize| Demand {
            dynamic_ports: n,
            ..demand(10, &[])
        };
        let mut place =
            |d: &Demand, i: usize| sim.place_task(&cluster, d, &[], &[], &[], Some(&only), i, true);
        let e = place(&dynamic(1), 0);
        assert_eq!(e.chosen.as_ref(), Some(&a), "{e:#?}");
        let e = place(&dynamic(2), 1);
        assert_eq!(e.chosen, None);
        assert_eq!(e.failure.as_deref(), Some("RESOURCE:PORTS"));
        // A fixed port already held is taken too.
        let e = place(&demand(10, &[32_768]), 2);
        assert_eq!(e.failure.as_deref(), Some("RESOURCE:PORTS"));
        let e = place(&demand(10, &[40_000]), 3);
        assert_eq!(e.chosen.as_ref(), Some(&a));
        assert_eq!(sim.dynamic_ports(&a, 1), vec![40_000]);
    }

    #[test]
    fn member_of_task_group_sees_only_the_instances_live_tasks() {
        // F5.3: `task:group` in a memberOf expression matches the groups of
        // the tasks on the instance; a STOPPED task is no longer there.
        let (mut sim, cluster, a, b) = sim_with_two_instances();
        for (i, (on, group, status)) in [
            (&a, "family:web", crate::state::TaskStatus::Running),
            (&b, "family:db", crate::state::TaskStatus::Stopped),
        ]
        .into_iter()
        .enumerate()
        {
            let mut t = ec2_task(
                &format!("arn:aws:ecs:us-east-1:123456789012:task/c/{i:032x}"),
                &cluster,
                on,
                status,
            );
            t.group = group.into();
            sim.state.insert_task(t);
        }
        let member_of = |expression: &str| {
            let c = [PlacementConstraint {
                r#type: "memberOf".into(),
                expression: Some(expression.into()),
            }];
            let parsed = validate(&[], &c).unwrap();
            (c, parsed)
        };
        let (c, parsed) = member_of("task:group == family:web");
        let e = sim.place_task(&cluster, &demand(10, &[]), &[], &c, &parsed, None, 0, true);
        assert_eq!(e.chosen.as_ref(), Some(&a), "{e:#?}");
        let (c, parsed) = member_of("task:group == family:db");
        let e = sim.place_task(&cluster, &demand(10, &[]), &[], &c, &parsed, None, 1, true);
        assert_eq!(e.chosen, None, "{e:#?}");
        assert_eq!(e.failure.as_deref(), Some("ATTRIBUTE"));
    }

    #[test]
    fn validates_strategies_and_constraints() {
        let ok = [PlacementStrategy {
            r#type: "spread".into(),
            field: Some("attribute:ecs.availability-zone".into()),
        }];
        assert!(validate(&ok, &[]).is_ok());
        let bad = [PlacementStrategy {
            r#type: "binpack".into(),
            field: Some("disk".into()),
        }];
        assert!(validate(&bad, &[]).is_err());
        let six = vec![
            PlacementStrategy {
                r#type: "random".into(),
                field: None
            };
            6
        ];
        assert!(validate(&six, &[]).is_err());
        let c = [PlacementConstraint {
            r#type: "distinctInstance".into(),
            expression: Some("x == y".into()),
        }];
        assert!(validate(&[], &c).is_err());
        let c = [PlacementConstraint {
            r#type: "memberOf".into(),
            expression: Some("attribute:ecs.os-type == linux".into()),
        }];
        assert_eq!(validate(&[], &c).unwrap().len(), 1);
    }

    #[test]
    fn invariants_catch_over_commitment_and_orphans() {
        let (mut sim, cluster, a, _) = sim_with_two_instances();
        assert!(sim.check_invariants().is_ok());
        let mut task = ec2_task("t1", &cluster, &a, crate::state::TaskStatus::Running);
        task.memory = 999; // t2.micro registers 998 MiB
        sim.state.insert_task(task.clone());
        assert!(
            sim.check_invariants()
                .unwrap_err()
                .contains("over-committed")
        );
        task.memory = 10;
        task.host_ports = vec![22];
        sim.state.insert_task(task.clone());
        assert!(sim.check_invariants().unwrap_err().contains("port"));
        task.host_ports = Vec::new();
        task.container_instance_arn = Some("elsewhere".into());
        sim.state.insert_task(task);
        assert!(
            sim.check_invariants()
                .unwrap_err()
                .contains("not a registered instance")
        );
    }
}
