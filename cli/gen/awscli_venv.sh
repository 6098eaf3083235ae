#!/usr/bin/env bash
# Makes sure the Python venv for the real AWS CLI has exactly the awscli
# pinned in cli/gen/requirements.txt (installing or changing it from PyPI
# when not), then prints the venv's path. Used by ./dev (gen, test) and
# runner/tests/real_aws_cli.sh. The venv is target/awscli-venv
# (STEVEDORE_AWSCLI_VENV to move it), so only the first run downloads.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${STEVEDORE_AWSCLI_VENV:-target/awscli-venv}"
want=$(sed -n 's/^awscli==//p' cli/gen/requirements.txt)
[ -n "$want" ] || { echo "awscli_venv.sh: no awscli==VERSION line in cli/gen/requirements.txt" >&2; exit 1; }
installed() { "$venv/bin/python" -c 'import awscli; print(awscli.__version__)' 2>/dev/null || true; }
if [ "$(installed)" != "$want" ]; then
    start=$(date +%s)
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check -r cli/gen/requirements.txt >&2
    [ "$(installed)" = "$want" ] || { echo "awscli_venv.sh: $venv has awscli '$(installed)' after pip install, want $want" >&2; exit 1; }
    echo "awscli_venv.sh: installed awscli $want in $venv in $(( $(date +%s) - start ))s" >&2
fi
echo "$venv"
