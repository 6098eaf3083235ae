#!/usr/bin/env python3
"""boto3 against `stevedore serve`, compared with `stevedore run --json`.

usage: real_boto3.py STEVEDORE_BIN

Each step below is one AWS CLI line and the same call made with boto3
(pinned in cli/gen/requirements.txt, on the botocore awscli carries), a few
per wire protocol: AWS JSON 1.1 (ecs, logs), JSON 1.0 with query-compatible
errors (sqs, cloudwatch), query (iam, sns, elbv2), ec2, REST-JSON
(scheduler) and REST-XML (s3, with path-style addressing and, as client
`s3v`, virtual-host addressing: `bucket.localhost:PORT`, which this script
resolves to 127.0.0.1). The CLI lines
run through `stevedore run --json`; the boto3 calls go to
`stevedore serve --manual-clock` on 127.0.0.1; each boto3 result (less its
ResponseMetadata) must equal the run's response, and each boto3 error must
be the modelled exception class with the run's error code. Loopback only;
every step is time-bounded.
"""
import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile

import boto3
import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_aws_cli import STEP_TIMEOUT, normalise  # noqa: E402

QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"
POLICY = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
          '{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}')

# (AWS CLI line, boto3 client, method, arguments, the exception class a
# failing step raises or None).
STEPS = [
    # AWS JSON 1.1
    ("aws ecs create-cluster --cluster-name boto", "ecs", "create_cluster",
     {"clusterName": "boto"}, None),
    ("aws ecs describe-clusters --clusters boto missing", "ecs", "describe_clusters",
     {"clusters": ["boto", "missing"]}, None),
    ("aws ecs delete-cluster --cluster nope", "ecs", "delete_cluster",
     {"cluster": "nope"}, "ClusterNotFoundException"),
    ("aws logs create-log-group --log-group-name /boto", "logs", "create_log_group",
     {"logGroupName": "/boto"}, None),
    ("aws logs describe-log-groups", "logs", "describe_log_groups", {}, None),
    # AWS JSON 1.0, query-compatible errors
    ("aws sqs create-queue --queue-name jobs", "sqs", "create_queue", {"QueueName": "jobs"}, None),
    ("aws sqs send-message --queue-url %s --message-body hi" % QUEUE, "sqs", "send_message",
     {"QueueUrl": QUEUE, "MessageBody": "hi"}, None),
    ("aws sqs receive-message --queue-url %s" % QUEUE, "sqs", "receive_message",
     {"QueueUrl": QUEUE}, None),
    ("aws sqs get-queue-url --queue-name nope", "sqs", "get_queue_url",
     {"QueueName": "nope"}, "QueueDoesNotExist"),
    ("aws cloudwatch put-metric-data --namespace Boto --metric-name Calls --value 2",
     "cloudwatch", "put_metric_data",
     {"Namespace": "Boto", "MetricData": [{"MetricName": "Calls", "Value": 2.0}]}, None),
    ("aws cloudwatch list-metrics --namespace Boto", "cloudwatch", "list_metrics",
     {"Namespace": "Boto"}, None),
    ("aws cloudwatch delete-alarms --alarm-names nope", "cloudwatch", "delete_alarms",
     {"AlarmNames": ["nope"]}, "ResourceNotFound"),
    # query
    ("aws iam create-role --role-name boto --assume-role-policy-document '%s'" % POLICY,
     "iam", "create_role", {"RoleName": "boto", "AssumeRolePolicyDocument": POLICY}, None),
    ("aws iam list-roles", "iam", "list_roles", {}, None),
    ("aws iam get-role --role-name nope", "iam", "get_role", {"RoleName": "nope"},
     "NoSuchEntityException"),
    ("aws sns create-topic --name boto --attributes DisplayName=Boto", "sns", "create_topic",
     {"Name": "boto", "Attributes": {"DisplayName": "Boto"}}, None),
    ("aws sns get-topic-attributes --topic-arn arn:aws:sns:us-east-1:123456789012:boto",
     "sns", "get_topic_attributes", {"TopicArn": "arn:aws:sns:us-east-1:123456789012:boto"}, None),
    ("aws elbv2 describe-target-groups --names nope", "elbv2", "describe_target_groups",
     {"Names": ["nope"]}, "TargetGroupNotFoundException"),
    # ec2
    ("aws ec2 describe-vpcs", "ec2", "describe_vpcs", {}, None),
    ("aws ec2 create-security-group --group-name boto --description boto --vpc-id vpc-05e41ab087439611e",
     "ec2", "create_security_group",
     {"GroupName": "boto", "Description": "boto", "VpcId": "vpc-05e41ab087439611e"}, None),
    ("aws ec2 describe-security-groups --filters Name=group-name,Values=boto", "ec2",
     "describe_security_groups", {"Filters": [{"Name": "group-name", "Values": ["boto"]}]}, None),
    ("aws ec2 describe-subnets --subnet-ids subnet-00000000000000000", "ec2", "describe_subnets",
     {"SubnetIds": ["subnet-00000000000000000"]}, "ClientError"),
    # REST-JSON
    ("aws scheduler create-schedule --name nightly --schedule-expression 'cron(0 3 * * ? *)' "
     "--flexible-time-window Mode=OFF --target Arn=arn:aws:ecs:us-east-1:123456789012:cluster/boto,"
     "RoleArn=arn:aws:iam::123456789012:role/boto,EcsParameters={TaskDefinitionArn=report}",
     "scheduler", "create_schedule",
     {"Name": "nightly", "ScheduleExpression": "cron(0 3 * * ? *)", "FlexibleTimeWindow": {"Mode": "OFF"},
      "Target": {"Arn": "arn:aws:ecs:us-east-1:123456789012:cluster/boto",
                 "RoleArn": "arn:aws:iam::123456789012:role/boto",
                 "EcsParameters": {"TaskDefinitionArn": "report"}}}, None),
    ("aws scheduler get-schedule --name nightly", "scheduler", "get_schedule", {"Name": "nightly"}, None),
    ("aws scheduler list-schedules", "scheduler", "list_schedules", {}, None),
    ("aws scheduler delete-schedule --name nope", "scheduler", "delete_schedule", {"Name": "nope"},
     "ResourceNotFoundException"),
    # REST-XML: S3, path-style (s3) and virtual-host (s3v) addressing.
    ("aws s3api create-bucket --bucket boto-path", "s3", "create_bucket", {"Bucket": "boto-path"}, None),
    ("aws s3api create-bucket --bucket boto-virtual", "s3v", "create_bucket",
     {"Bucket": "boto-virtual"}, None),
    ("cat > note.txt <<'END'\nhello from boto3\nEND", None, None, None, None),
    ("aws s3api put-object --bucket boto-path --key docs/note.txt --body note.txt", "s3", "put_object",
     {"Bucket": "boto-path", "Key": "docs/note.txt", "Body": b"hello from boto3\n"}, None),
    ("aws s3api put-object --bucket boto-virtual --key 'docs/a b+c.txt' --body note.txt "
     "--content-type text/plain --metadata team=web", "s3v", "put_object",
     {"Bucket": "boto-virtual", "Key": "docs/a b+c.txt", "Body": b"hello from boto3\n",
      "ContentType": "text/plain", "Metadata": {"team": "web"}}, None),
    ("aws s3api head-object --bucket boto-virtual --key 'docs/a b+c.txt'", "s3v", "head_object",
     {"Bucket": "boto-virtual", "Key": "docs/a b+c.txt"}, None),
    ("aws s3api get-object --bucket boto-path --key docs/note.txt out.txt", "s3", "get_object",
     {"Bucket": "boto-path", "Key": "docs/note.txt"}, None),
    ("aws s3api get-object --bucket boto-virtual --key 'docs/a b+c.txt' out.txt", "s3v", "get_object",
     {"Bucket": "boto-virtual", "Key": "docs/a b+c.txt"}, None),
    ("aws s3api list-objects-v2 --bucket boto-virtual --no-paginate", "s3v", "list_objects_v2",
     {"Bucket": "boto-virtual"}, None),
    ("aws s3api list-objects --bucket boto-virtual --delimiter / --no-paginate", "s3v", "list_objects",
     {"Bucket": "boto-virtual", "Delimiter": "/"}, None),
    ("aws s3api list-objects --bucket boto-virtual --no-paginate", "s3", "list_objects",
     {"Bucket": "boto-virtual"}, None),
    ("aws s3api get-bucket-location --bucket boto-path", "s3", "get_bucket_location",
     {"Bucket": "boto-path"}, None),
    ("aws s3api copy-object --bucket boto-path --key copy.txt --copy-source 'boto-virtual/docs/a b+c.txt'",
     "s3", "copy_object", {"Bucket": "boto-path", "Key": "copy.txt",
                           "CopySource": {"Bucket": "boto-virtual", "Key": "docs/a b+c.txt"}}, None),
    ("aws s3api delete-objects --bucket boto-path --delete 'Objects=[{Key=copy.txt}]'", "s3",
     "delete_objects", {"Bucket": "boto-path", "Delete": {"Objects": [{"Key": "copy.txt"}]}}, None),
    ("aws s3api put-bucket-tagging --bucket boto-virtual --tagging 'TagSet=[{Key=team,Value=web}]'",
     "s3v", "put_bucket_tagging",
     {"Bucket": "boto-virtual", "Tagging": {"TagSet": [{"Key": "team", "Value": "web"}]}}, None),
    ("aws s3api get-bucket-tagging --bucket boto-virtual", "s3v", "get_bucket_tagging",
     {"Bucket": "boto-virtual"}, None),
    ("aws s3api get-object --bucket boto-path --key nope out.txt", "s3", "get_object",
     {"Bucket": "boto-path", "Key": "nope"}, "NoSuchKey"),
    ("aws s3api head-object --bucket boto-virtual --key nope", "s3v", "head_object",
     {"Bucket": "boto-virtual", "Key": "nope"}, "ClientError"),
    ("aws s3api delete-bucket --bucket boto-path", "s3", "delete_bucket", {"Bucket": "boto-path"},
     "ClientError"),
    ("aws s3api list-objects-v2 --bucket nope-nope", "s3v", "list_objects_v2", {"Bucket": "nope-nope"},
     "NoSuchBucket"),
]

# What GetObject steps read (the AWS CLI writes it to its outfile).
BODIES = {"docs/note.txt": b"hello from boto3\n", "docs/a b+c.txt": b"hello from boto3\n"}


def plain(value):
    """boto3's result as JSON values: datetimes as ISO 8601, bytes as text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    return value


def main():
    stevedore = sys.argv[1]
    # The steps that fail carry no expect-error marker (their codes are
    # the run's to say), so the run exits 1 when any does: its JSON lines
    # are what counts.
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "boto3.script")
        with open(script, "w") as f:
            f.write("\n".join(line for line, *_ in STEPS) + "\n")
        ran = subprocess.run([stevedore, "run", "--json", script], capture_output=True,
                             text=True, timeout=STEP_TIMEOUT)
    expected = [json.loads(line) for line in ran.stdout.splitlines()]
    if len(expected) != len(STEPS):
        print(ran.stdout, ran.stderr, sep="\n")
        sys.exit("stevedore run --json gave %d results for %d lines" % (len(expected), len(STEPS)))

    server = subprocess.Popen([stevedore, "serve", "--port", "0", "--manual-clock"],
                              stdout=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        url = "http://" + banner.split("http://", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:"), banner
        for k in [k for k in os.environ if "proxy" in k.lower()]:
            del os.environ[k]
        session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                        region_name="us-east-1")
        config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                        connect_timeout=STEP_TIMEOUT, read_timeout=STEP_TIMEOUT)
        # Virtual-host addressing: `bucket.localhost:PORT`, resolved here.
        resolve = socket.getaddrinfo

        def loopback(host, *rest, **kw):
            if isinstance(host, str) and host.endswith(".localhost"):
                host = "127.0.0.1"
            return resolve(host, *rest, **kw)

        socket.getaddrinfo = loopback
        clients = {
            "s3": session.client("s3", endpoint_url=url, config=config.merge(
                botocore.config.Config(s3={"addressing_style": "path"}))),
            "s3v": session.client("s3", endpoint_url=url.replace("127.0.0.1", "localhost"),
                                  config=config.merge(botocore.config.Config(
                                      s3={"addressing_style": "virtual"}))),
        }
        failures = 0
        for (line, service, method, args, error), ours in zip(STEPS, expected):
            if service is None:
                continue  # a shell line: the run's own files
            if service not in clients:
                clients[service] = session.client(service, endpoint_url=url, config=config)
            client = clients[service]
            where = "%s.%s (%s)" % (service, method, line)
            try:
                result = getattr(client, method)(**args)
            except botocore.exceptions.ClientError as e:
                code = e.response["Error"]["Code"]
                want = ours.get("error", {}).get("code")
                if error is None or code != want or type(e).__name__ != error:
                    print("FAIL", where, "\n  boto3 raised %s (%s), stevedore run: %s"
                          % (type(e).__name__, code, want or "no error"))
                    failures += 1
                    continue
                print("ok  ", where, "raises", type(e).__name__, code)
                continue
            if error is not None or "error" in ours:
                print("FAIL", where, "\n  boto3 succeeded, stevedore run:", ours.get("error"))
                failures += 1
                continue
            result.pop("ResponseMetadata", None)
            if "Body" in result:
                got = result.pop("Body").read()
                if got != BODIES[args["Key"]]:
                    print("FAIL", where, "\n  the body read back is", repr(got))
                    failures += 1
                    continue
            if "EncodingType" not in ours.get("output", {}):
                # botocore asks ListObjects(V2) for url-encoded keys on its
                # own (and decodes them); the simulated CLI line does not.
                result.pop("EncodingType", None)
            if client.can_paginate(method):
                # The AWS CLI pages through and drops the paging members
                # (IsTruncated, Marker, NextToken): so does `stevedore run`.
                cfg = client.get_paginator(method)._pagination_cfg
                for key in ("output_token", "more_results"):
                    names = cfg.get(key) or []
                    for name in names if isinstance(names, list) else [names]:
                        if name not in ours["output"]:
                            result.pop(name, None)
            theirs = normalise(ours["output"], plain(result))
            if theirs != ours["output"]:
                print("FAIL", where)
                print("  stevedore run:", json.dumps(ours["output"], sort_keys=True))
                print("  boto3:        ", json.dumps(theirs, sort_keys=True))
                failures += 1
                continue
            print("ok  ", where)
        # Binary bodies: every byte value, up path-style, down virtual-host.
        blob = bytes(range(256)) * 4
        clients["s3"].put_object(Bucket="boto-virtual", Key="bin/all-bytes", Body=blob)
        got = clients["s3v"].get_object(Bucket="boto-virtual", Key="bin/all-bytes")
        if got["Body"].read() != blob or got["ContentLength"] != len(blob):
            print("FAIL binary put_object/get_object: the bytes read back differ")
            failures += 1
        else:
            print("ok   binary put_object/get_object: %d bytes round-trip" % len(blob))
        if failures:
            sys.exit("%d boto3 call(s) differ from stevedore run" % failures)
        print("boto3 and stevedore run agree on %d call(s)" % len(STEPS))
    finally:
        server.kill()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
