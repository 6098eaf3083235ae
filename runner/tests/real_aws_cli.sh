#!/usr/bin/env bash
# The real AWS CLI (v1, from PyPI) against `stevedore serve` on 127.0.0.1,
# compared line by line with `stevedore run --json` on the same scripts
# (runner/tests/real_aws_cli.script: ECS and ECR in depth, the CLI's
# printing and paging; real_aws_cli_services.script: every other simulated
# service through its own protocol), then boto3 against serve
# (runner/tests/real_boto3.py), then every lab's reference solution through
# the real AWS CLI against `serve --lab LAB`, which must reach the lab's
# goals (runner/tests/real_aws_cli_labs.py). Run from anywhere; `./dev test`
# runs it.
#
# awscli is the version pinned in cli/gen/requirements.txt (the one the
# option tables are generated from), in the venv cli/gen/awscli_venv.sh
# keeps in target/awscli-venv (STEVEDORE_AWSCLI_VENV to move it), so only
# the first run downloads it.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=$(cli/gen/awscli_venv.sh)
"$venv/bin/aws" --version
cargo build --quiet -p stevedore-runner
for script in runner/tests/real_aws_cli.script runner/tests/real_aws_cli_services.script; do
    timeout 300 "$venv/bin/python" runner/tests/real_aws_cli.py \
        target/debug/stevedore "$venv/bin/aws" "$script"
done
timeout 120 "$venv/bin/python" runner/tests/real_boto3.py target/debug/stevedore
timeout 900 "$venv/bin/python" runner/tests/real_aws_cli_labs.py target/debug/stevedore "$venv/bin/aws"
