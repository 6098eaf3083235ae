//! The EC2 instance types the simulator knows: exactly the rows of F3.4
//! (EC2UG general-purpose / compute-optimized instances, using-eni;
//! trunking from ECSDG container-instance-eni; prices [3P]).

/// One row of F3.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    /// Installed memory, MiB.
    pub memory_mib: u32,
    pub max_enis: u32,
    pub ipv4_per_eni: u32,
    /// awsvpc task ENIs with ENI trunking, if the type supports it (F3.5).
    pub trunk_task_enis: Option<u32>,
    /// On-Demand Linux price in us-east-1, in 1/10000 of a dollar per hour
    /// (0.0116 $/h = 116) [3P].
    pub price_per_hour_e4: u32,
}

impl InstanceType {
    /// ECS CPU units: 1,024 per vCPU (F3.1).
    pub fn ecs_cpu_units(&self) -> u32 {
        self.vcpus * 1024
    }

    /// awsvpc tasks the instance can hold without trunking: ENIs − 1, the
    /// primary ENI counts against the limit (F3.5).
    pub fn awsvpc_task_slots(&self) -> u32 {
        self.max_enis.saturating_sub(1)
    }

    /// The awsvpc task ENIs a container instance of this type can hold: with
    /// a trunk ENI (F3.5, only on types with a trunking column in F3.4) the
    /// trunk limit (m5.large, c5.large: 10), else ENIs − 1. The one place
    /// that decides an instance's ENI capacity; placement and the
    /// invariants read the result stored at registration.
    pub fn awsvpc_task_limit(&self, trunked: bool) -> u32 {
        match (trunked, self.trunk_task_enis) {
            (true, Some(limit)) => limit,
            _ => self.awsvpc_task_slots(),
        }
    }

    /// F3.4 trunking column: whether ECS can attach a trunk ENI to this type
    /// (t2/t3 cannot; ECSDG:container-instance-eni supported types).
    pub fn supports_trunking(&self) -> bool {
        self.trunk_task_enis.is_some()
    }

    /// MODEL (section 13, F3.3): registered memory =
    /// floor(installed MiB × 0.975) − ECS_RESERVED_MEMORY (default 0).
    pub fn ecs_registered_memory_mib(&self) -> u32 {
        self.memory_mib * 975 / 1000 - ECS_RESERVED_MEMORY_MIB
    }

    pub fn price_per_hour(&self) -> String {
        format!(
            "{}.{:04}",
            self.price_per_hour_e4 / 10_000,
            self.price_per_hour_e4 % 10_000
        )
    }
}

/// `ECS_RESERVED_MEMORY` default (AGENT, F3.3).
pub const ECS_RESERVED_MEMORY_MIB: u32 = 0;

/// F3.4, row for row.
pub const INSTANCE_TYPES: &[InstanceType] = &[
    InstanceType {
        name: "t2.micro",
        vcpus: 1,
        memory_mib: 1024,
        max_enis: 2,
        ipv4_per_eni: 2,
        trunk_task_enis: None,
        price_per_hour_e4: 116,
    },
    InstanceType {
        name: "t3.micro",
        vcpus: 2,
        memory_mib: 1024,
        max_enis: 2,
        ipv4_per_eni: 2,
        trunk_task_enis: None,
        price_per_hour_e4: 104,
    },
    InstanceType {
        name: "t3.small",
        vcpus: 2,
        memory_mib: 2048,
        max_enis: 3,
        ipv4_per_eni: 4,
        trunk_task_enis: None,
        price_per_hour_e4: 208,
    },
    InstanceType {
        name: "t3.medium",
        vcpus: 2,
        memory_mib: 4096,
        max_enis: 3,
        ipv4_per_eni: 6,
        trunk_task_enis: None,
        price_per_hour_e4: 416,
    },
    InstanceType {
        name: "m5.large",
        vcpus: 2,
        memory_mib: 8192,
        max_enis: 3,
        ipv4_per_eni: 10,
        trunk_task_enis: Some(10),
        price_per_hour_e4: 960,
    },
    InstanceType {
        name: "c5.large",
        vcpus: 2,
        memory_mib: 4096,
        max_enis: 3,
        ipv4_per_eni: 10,
        trunk_task_enis: Some(10),
        price_per_hour_e4: 850,
    },
];

pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

pub fn known_names() -> String {
    INSTANCE_TYPES
        .iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_follows_f3_4() {
        let t2 = instance_type("t2.micro").unwrap();
        assert_eq!(
            (
                t2.ecs_cpu_units(),
                t2.awsvpc_task_slots(),
                t2.price_per_hour()
            ),
            (1024, 1, "0.0116".into())
        );
        // F3.3 MODEL: 1024 MiB × 0.975 = 998.4 → 998.
        assert_eq!(t2.ecs_registered_memory_mib(), 998);
        // F3.3's own example: 8 GiB → 7985 MiB available (m4.large); the MODEL gives 7987.
        assert_eq!(
            instance_type("m5.large")
                .unwrap()
                .ecs_registered_memory_mib(),
            7987
        );
        // F3.5: "a c5.large … you can typically only run two such tasks"; trunking → ten.
        let c5 = instance_type("c5.large").unwrap();
        assert_eq!((c5.awsvpc_task_slots(), c5.trunk_task_enis), (2, Some(10)));
        assert!(instance_type("t3.micro").unwrap().trunk_task_enis.is_none());
        // The limit a container instance gets: trunked only where supported.
        assert_eq!(
            (c5.awsvpc_task_limit(false), c5.awsvpc_task_limit(true)),
            (2, 10)
        );
        let m5 = instance_type("m5.large").unwrap();
        assert_eq!(m5.awsvpc_task_limit(true), 10);
        for t3 in ["t2.micro", "t3.micro", "t3.small", "t3.medium"] {
            let t = instance_type(t3).unwrap();
            assert!(!t.supports_trunking());
            assert_eq!(t.awsvpc_task_limit(true), t.awsvpc_task_slots());
        }
        assert!(instance_type("p5.48xlarge").is_none());
    }
}
