#!/usr/bin/env bash
# The real AWS CLI (v1, from PyPI) against `stevedore serve` on 127.0.0.1,
# compared line by line with `stevedore run --json` on the same script
# (runner/tests/real_aws_cli.script). Run from anywhere; `./dev test` runs it.
#
# The venv is kept in target/awscli-venv (STEVEDORE_AWSCLI_VENV to move it),
# so only the first run downloads awscli.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${STEVEDORE_AWSCLI_VENV:-target/awscli-venv}"
if [ ! -x "$venv/bin/aws" ]; then
    start=$(date +%s)
    python3 -m venv "$venv"
    timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check awscli
    echo "real_aws_cli: installed awscli in $(( $(date +%s) - start ))s"
fi
"$venv/bin/aws" --version
cargo build --quiet -p stevedore-runner
timeout 300 "$venv/bin/python" runner/tests/real_aws_cli.py \
    target/debug/stevedore "$venv/bin/aws" runner/tests/real_aws_cli.script
