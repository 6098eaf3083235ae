use super::*;
use crate::{Sim, SimConfig};

#[test]
fn dollars_are_written_rounded_down() {
    assert_eq!(dollars(12_342_500, 4), "$0.0123");
    assert_eq!(dollars(1_500_000_000, 2), "$1.50");
    assert_eq!(dollars(0, 4), "$0.0000");
}

#[test]
fn rates_and_the_one_minute_minimum() {
    // 0.25 vCPU and 0.5 GB on x86: 0.25 × $0.04048 + 0.5 × $0.004445.
    let rate = (256 * FARGATE_X86_VCPU_HOUR + 512 * FARGATE_X86_GB_HOUR) / 1024;
    assert_eq!(rate, 12_342_500);
    assert_eq!(accrued(rate, 3_600_000), rate);
    assert_eq!(accrued(rate, 1_800_000), rate / 2);
    assert_eq!(
        billed_ms(SimTime(1_000), SimTime(2_000), MINIMUM_BILLED_MS),
        60_000
    );
    assert_eq!(
        billed_ms(SimTime(0), SimTime(90_000), MINIMUM_BILLED_MS),
        90_000
    );
    // Spot is 70 % off x86 (MODEL).
    assert_eq!(FARGATE_SPOT_VCPU_HOUR * 10, FARGATE_X86_VCPU_HOUR * 3);
    assert_eq!(FARGATE_SPOT_GB_HOUR * 10, FARGATE_X86_GB_HOUR * 3);
}

#[test]
fn an_empty_account_costs_nothing() {
    let report = Sim::new(SimConfig::default()).unwrap().cost();
    assert_eq!(report, CostReport::default());
}
