//! EFS file systems, mount targets and access points: lifecycles over
//! time, idempotency, conflicts and EFS's error codes (F23.1–F23.3).

use super::*;
use crate::command::{Command, Service};
use crate::config::SimConfig;
use crate::test_support::default_subnets;
use serde_json::{Value, json};

fn try_run(sim: &mut Sim, operation: &str, input: Value) -> Result<Value, ApiError> {
    let command = Command::from_json(Service::Efs, operation, input)?;
    sim.execute(command).map(|r| r.to_json())
}

fn run(sim: &mut Sim, operation: &str, input: Value) -> Value {
    try_run(sim, operation, input).unwrap_or_else(|e| panic!("{operation}: {e}"))
}

fn refused(sim: &mut Sim, operation: &str, input: Value) -> ApiError {
    let before = sim.state_fingerprint();
    let e = try_run(sim, operation, input).unwrap_err();
    assert_eq!(
        before,
        sim.state_fingerprint(),
        "{operation} refused but changed the account"
    );
    e
}

fn sim() -> Sim {
    Sim::new(SimConfig::default()).unwrap()
}

/// An available file system; its id.
fn file_system(sim: &mut Sim, token: &str) -> String {
    let fs = run(sim, "CreateFileSystem", json!({"CreationToken": token}));
    sim.advance(FILE_SYSTEM_CREATE_DELAY);
    fs["FileSystemId"].as_str().unwrap().to_owned()
}

#[test]
fn f23_1_create_file_system_is_idempotent_and_becomes_available() {
    let mut s = sim();
    let fs = run(
        &mut s,
        "CreateFileSystem",
        json!({"CreationToken": "shared", "Tags": [{"Key": "Name", "Value": "notes"}]}),
    );
    let id = fs["FileSystemId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("fs-0") && id.len() == 20, "{id}");
    assert_eq!(fs["LifeCycleState"], "creating");
    assert_eq!(fs["PerformanceMode"], "generalPurpose");
    assert_eq!(fs["ThroughputMode"], "bursting");
    assert_eq!(fs["Encrypted"], false);
    assert_eq!(fs["Name"], "notes");
    assert_eq!(fs["NumberOfMountTargets"], 0);
    let e = refused(
        &mut s,
        "CreateFileSystem",
        json!({"CreationToken": "shared"}),
    );
    assert_eq!(e.code, ErrorCode::FileSystemAlreadyExists);
    assert!(e.message.contains(&id), "{}", e.message);
    s.advance(FILE_SYSTEM_CREATE_DELAY);
    let d = run(&mut s, "DescribeFileSystems", json!({"FileSystemId": id}));
    assert_eq!(d["FileSystems"][0]["LifeCycleState"], "available");
    let d = run(
        &mut s,
        "DescribeFileSystems",
        json!({"CreationToken": "shared"}),
    );
    assert_eq!(d["FileSystems"][0]["FileSystemId"], id.as_str());
    let e = refused(
        &mut s,
        "DescribeFileSystems",
        json!({"FileSystemId": "fs-0123"}),
    );
    assert_eq!(e.code, ErrorCode::FileSystemNotFound);
    // Bad modes are BadRequest and create nothing.
    for bad in [
        json!({"CreationToken": "x", "PerformanceMode": "fast"}),
        json!({"CreationToken": "x", "ThroughputMode": "provisioned"}),
        json!({"CreationToken": "x", "ProvisionedThroughputInMibps": 10.0}),
        json!({"CreationToken": ""}),
    ] {
        assert_eq!(
            refused(&mut s, "CreateFileSystem", bad).code,
            ErrorCode::BadRequest
        );
    }
    let enc = run(
        &mut s,
        "CreateFileSystem",
        json!({"CreationToken": "enc", "Encrypted": true, "ThroughputMode": "provisioned", "ProvisionedThroughputInMibps": 8.0}),
    );
    assert!(
        enc["KmsKeyId"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:kms:")
    );
    assert_eq!(enc["ProvisionedThroughputInMibps"], 8.0);
}

#[test]
fn describe_file_systems_pages_with_markers() {
    let mut s = sim();
    for i in 0..3 {
        file_system(&mut s, &format!("t{i}"));
    }
    let first = run(&mut s, "DescribeFileSystems", json!({"MaxItems": 2}));
    assert_eq!(first["FileSystems"].as_array().unwrap().len(), 2);
    let marker = first["NextMarker"].as_str().unwrap().to_owned();
    let rest = run(&mut s, "DescribeFileSystems", json!({"Marker": marker}));
    assert_eq!(rest["FileSystems"].as_array().unwrap().len(), 1);
    assert!(rest.get("NextMarker").is_none());
    let e = refused(&mut s, "DescribeFileSystems", json!({"MaxItems": 0}));
    assert_eq!(e.code, ErrorCode::BadRequest);
}

#[test]
fn f23_2_mount_targets_one_per_az_default_group_and_lifecycle() {
    let mut s = sim();
    let subnets = default_subnets(&s);
    assert!(subnets.len() >= 2);
    let fs = run(&mut s, "CreateFileSystem", json!({"CreationToken": "t"}));
    let fs = fs["FileSystemId"].as_str().unwrap().to_owned();
    // Still creating.
    let e = refused(
        &mut s,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": subnets[0].1}),
    );
    assert_eq!(e.code, ErrorCode::IncorrectFileSystemLifeCycleState);
    s.advance(FILE_SYSTEM_CREATE_DELAY);
    let mt = run(
        &mut s,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": subnets[0].1}),
    );
    assert_eq!(mt["LifeCycleState"], "creating");
    assert_eq!(mt["AvailabilityZoneName"], subnets[0].0.as_str());
    assert!(mt["MountTargetId"].as_str().unwrap().starts_with("fsmt-"));
    let mt_id = mt["MountTargetId"].as_str().unwrap().to_owned();
    let groups = run(
        &mut s,
        "DescribeMountTargetSecurityGroups",
        json!({"MountTargetId": mt_id}),
    );
    let vpc = mt["VpcId"].as_str().unwrap();
    assert_eq!(groups["SecurityGroups"], json!(s.vpc_default_groups(vpc)));
    // One per AZ.
    let e = refused(
        &mut s,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": subnets[0].1}),
    );
    assert_eq!(e.code, ErrorCode::MountTargetConflict);
    assert_eq!(e.message, "mount target already exists in this AZ");
    let e = refused(
        &mut s,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": "subnet-0000000000000000f"}),
    );
    assert_eq!(e.code, ErrorCode::SubnetNotFound);
    let e = refused(
        &mut s,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": subnets[1].1, "SecurityGroups": ["sg-0000000000000000f"]}),
    );
    assert_eq!(e.code, ErrorCode::SecurityGroupNotFound);
    // Modify waits for available.
    let e = refused(
        &mut s,
        "ModifyMountTargetSecurityGroups",
        json!({"MountTargetId": mt_id, "SecurityGroups": []}),
    );
    assert_eq!(e.code, ErrorCode::IncorrectMountTargetState);
    s.advance(MOUNT_TARGET_CREATE_DELAY);
    let d = run(&mut s, "DescribeMountTargets", json!({"FileSystemId": fs}));
    assert_eq!(d["MountTargets"][0]["LifeCycleState"], "available");
    // The mount target holds its address: the next one in the subnet differs.
    let ip = crate::base::ipv4::parse_ipv4(mt["IpAddress"].as_str().unwrap()).unwrap();
    assert_ne!(s.free_ip(&subnets[0].1), Some(ip));
    // A file system with mount targets cannot be deleted.
    let e = refused(&mut s, "DeleteFileSystem", json!({"FileSystemId": fs}));
    assert_eq!(e.code, ErrorCode::FileSystemInUse);
    run(&mut s, "DeleteMountTarget", json!({"MountTargetId": mt_id}));
    let e = refused(&mut s, "DeleteMountTarget", json!({"MountTargetId": mt_id}));
    assert_eq!(e.code, ErrorCode::MountTargetNotFound);
    run(&mut s, "DeleteFileSystem", json!({"FileSystemId": fs}));
    let e = refused(&mut s, "DeleteFileSystem", json!({"FileSystemId": fs}));
    assert_eq!(e.code, ErrorCode::FileSystemNotFound);
}

#[test]
fn f23_3_access_points_root_directory_and_tags() {
    let mut s = sim();
    let fs = file_system(&mut s, "t");
    let ap = run(
        &mut s,
        "CreateAccessPoint",
        json!({"ClientToken": "a1", "FileSystemId": fs,
               "PosixUser": {"Uid": 1000, "Gid": 1000},
               "RootDirectory": {"Path": "/app/notes", "CreationInfo": {"OwnerUid": 1000, "OwnerGid": 1000, "Permissions": "755"}}}),
    );
    let ap_id = ap["AccessPointId"].as_str().unwrap().to_owned();
    assert!(ap_id.starts_with("fsap-"));
    assert_eq!(ap["RootDirectory"]["Path"], "/app/notes");
    assert_eq!(ap["LifeCycleState"], "available");
    let e = refused(
        &mut s,
        "CreateAccessPoint",
        json!({"ClientToken": "a1", "FileSystemId": fs}),
    );
    assert_eq!(e.code, ErrorCode::AccessPointAlreadyExists);
    for bad in ["/a/b/c/d/e", "app", "/.hidden"] {
        let e = refused(
            &mut s,
            "CreateAccessPoint",
            json!({"ClientToken": "a2", "FileSystemId": fs, "RootDirectory": {"Path": bad}}),
        );
        assert_eq!(e.code, ErrorCode::BadRequest, "{bad}");
    }
    let plain = run(
        &mut s,
        "CreateAccessPoint",
        json!({"ClientToken": "a3", "FileSystemId": fs}),
    );
    assert_eq!(plain["RootDirectory"]["Path"], "/");
    let d = run(&mut s, "DescribeAccessPoints", json!({"FileSystemId": fs}));
    assert_eq!(d["AccessPoints"].as_array().unwrap().len(), 2);
    run(
        &mut s,
        "TagResource",
        json!({"ResourceId": ap_id, "Tags": [{"Key": "team", "Value": "a"}]}),
    );
    let t = run(&mut s, "ListTagsForResource", json!({"ResourceId": ap_id}));
    assert_eq!(t["Tags"], json!([{"Key": "team", "Value": "a"}]));
    run(
        &mut s,
        "UntagResource",
        json!({"ResourceId": ap_id, "TagKeys": ["team"]}),
    );
    let t = run(&mut s, "ListTagsForResource", json!({"ResourceId": ap_id}));
    assert_eq!(t["Tags"], json!([]));
    run(&mut s, "DeleteAccessPoint", json!({"AccessPointId": ap_id}));
    let e = refused(&mut s, "DeleteAccessPoint", json!({"AccessPointId": ap_id}));
    assert_eq!(e.code, ErrorCode::AccessPointNotFound);
    // Deleting the file system takes its access points.
    run(&mut s, "DeleteFileSystem", json!({"FileSystemId": fs}));
    assert!(s.state.efs.access_points.is_empty());
}

#[test]
fn appends_keep_the_model_cap() {
    let mut s = sim();
    let fs = file_system(&mut s, "t");
    let line = "x".repeat(100);
    for _ in 0..200 {
        assert!(s.efs_append(&fs, "/notes.txt", &line));
    }
    let content = s.efs_read(&fs, "/notes.txt").unwrap();
    assert!(content.len() <= files::MAX_FILE_BYTES);
    assert!(content.ends_with(&format!("{line}\n")));
    s.check_efs_invariants().unwrap();
}

#[test]
fn zone_ids() {
    assert_eq!(zone_id("us-east-1a"), "use1-az1");
    assert_eq!(zone_id("eu-west-1c"), "euw1-az3");
}

#[test]
fn a_security_group_a_mount_target_uses_cannot_be_deleted() {
    let mut s = sim();
    let subnets = default_subnets(&s);
    let vpc = s.state.subnets[&subnets[0].1].vpc_id.clone();
    let fs = file_system(&mut s, "t");
    let ec2 = |s: &mut Sim, op: &str, input: Value| {
        let command = Command::from_json(Service::Ec2, op, input).unwrap();
        s.execute(command).map(|r| r.to_json())
    };
    let group = ec2(
        &mut s,
        "CreateSecurityGroup",
        json!({"GroupName": "nfs", "Description": "NFS", "VpcId": vpc}),
    )
    .unwrap()["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    let mt = run(
        &mut s,
        "CreateMountTarget",
        json!({"FileSystemId": fs, "SubnetId": subnets[0].1, "SecurityGroups": [group]}),
    );
    let before = s.state_fingerprint();
    let e = ec2(&mut s, "DeleteSecurityGroup", json!({"GroupId": group})).unwrap_err();
    assert_eq!(e.code, ErrorCode::DependencyViolation);
    assert_eq!(
        e.message,
        format!("resource {group} has a dependent object")
    );
    assert_eq!(before, s.state_fingerprint());
    run(
        &mut s,
        "DeleteMountTarget",
        json!({"MountTargetId": mt["MountTargetId"]}),
    );
    ec2(&mut s, "DeleteSecurityGroup", json!({"GroupId": group})).unwrap();
}
