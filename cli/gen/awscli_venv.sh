#!/usr/bin/env bash
# Makes sure the Python venv for the real AWS CLI has exactly the awscli
# and boto3 pinned in cli/gen/requirements.txt (installing or changing them
# from PyPI when not), then prints the venv's path. Used by ./dev (gen, test) and
# runner/tests/real_aws_cli.sh. The venv is target/awscli-venv
# (STEVEDORE_AWSCLI_VENV to move it), so only the first run downloads.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${STEVEDORE_AWSCLI_VENV:-target/awscli-venv}"
want=$(sed -n 's/^awscli==//p' cli/gen/requirements.txt)
want_boto3=$(sed -n 's/^boto3==//p' cli/gen/requirements.txt)
[ -n "$want" ] && [ -n "$want_boto3" ] || { echo "awscli_venv.sh: no awscli==VERSION or boto3==VERSION line in cli/gen/requirements.txt" >&2; exit 1; }
# The installed versions as "awscli boto3" ("" for one that is missing).
installed() {
    printf '%s %s\n' \
        "$("$venv/bin/python" -c 'import awscli; print(awscli.__version__)' 2>/dev/null || true)" \
        "$("$venv/bin/python" -c 'import boto3; print(boto3.__version__)' 2>/dev/null || true)"
}
if [ "$(installed)" != "$want $want_boto3" ]; then
    start=$(date +%s)
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check -r cli/gen/requirements.txt >&2
    [ "$(installed)" = "$want $want_boto3" ] || { echo "awscli_venv.sh: $venv has awscli and boto3 '$(installed)' after pip install, want $want $want_boto3" >&2; exit 1; }
    echo "awscli_venv.sh: installed awscli $want and boto3 $want_boto3 in $venv in $(( $(date +%s) - start ))s" >&2
fi
echo "$venv"
