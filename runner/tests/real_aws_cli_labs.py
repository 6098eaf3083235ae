#!/usr/bin/env python3
"""Every lab's reference solution through the real AWS CLI, against
`stevedore serve --lab LAB`, must reach the lab's goals.

usage: real_aws_cli_labs.py STEVEDORE_BIN AWS_BIN [LAB ...]

For each lab (all of them by default): start `stevedore serve --lab LAB
--manual-clock` on 127.0.0.1, run `stevedore lab solution LAB` with real
bash in an empty directory, where `aws` is the real AWS CLI with
--endpoint-url and `sim`, `docker` and `curl` (which have no AWS API: the
simulated clock, the simulated Docker client, requests to simulated
addresses) go to the served account's own shell (POST /_stevedore/shell,
through `line` below), then read GET /_stevedore/lab: every goal of every
step must be met. Loopback only; every step is time-bounded.

    real_aws_cli_labs.py line URL WORD...   (used by the bash functions)
"""
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.request

LAB_TIMEOUT = 240


def request(url, path, body=None):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = body.encode() if body is not None else None
    with opener.open(urllib.request.Request(url + path, data=data), timeout=60) as r:
        return json.loads(r.read())


def line(url, words):
    """Runs one `sim`/`docker`/`curl` command in the served account's shell.
    `docker build` first copies the build context (the files of the current
    directory) into the account's files, as the Docker client sends its
    context; `--password-stdin` passes this process's stdin on."""
    prefix = ""
    if words[:2] == ["docker", "build"]:
        for name in sorted(os.listdir(".")):
            if os.path.isfile(name) and not name.startswith(".") and os.path.getsize(name) < 65536:
                text = open(name, encoding="utf-8", errors="replace").read()
                out = request(url, "/_stevedore/shell",
                              "cat > %s <<'STEVEDORE_EOF'\n%s\nSTEVEDORE_EOF" % (shlex.quote(name), text.rstrip("\n")))
                if out["exitCode"] != 0:
                    sys.stderr.write(out["stderr"])
                    return out["exitCode"]
    if "--password-stdin" in words:
        prefix = "echo %s | " % shlex.quote(sys.stdin.read().strip())
    out = request(url, "/_stevedore/shell", prefix + shlex.join(words))
    sys.stdout.write(out["stdout"])
    sys.stderr.write(out["stderr"])
    return out["exitCode"]


PRELUDE = r'''
aws() {
    "$STEVEDORE_AWS" --endpoint-url "$STEVEDORE_URL" "$@" && return 0
    local rc=$?
    echo "STEVEDORE_FAILED: aws $*" >&2
    return $rc
}
sim() { "$STEVEDORE_PYTHON" "$STEVEDORE_DRIVER" line "$STEVEDORE_URL" sim "$@"; }
docker() { "$STEVEDORE_PYTHON" "$STEVEDORE_DRIVER" line "$STEVEDORE_URL" docker "$@"; }
curl() { "$STEVEDORE_PYTHON" "$STEVEDORE_DRIVER" line "$STEVEDORE_URL" curl "$@"; }
'''


# Services `stevedore serve` does not answer yet (runner/src/wire): a lab
# whose solution calls one is skipped, and says so. Every service is
# served now (S3 since REST-XML), so none is skipped.
NOT_SERVED = {}


def check_lab(stevedore, aws, lab, config):
    """(passed, report lines) for one lab."""
    solution = subprocess.run([stevedore, "lab", "solution", lab], capture_output=True, text=True,
                              timeout=60, check=True).stdout
    for words in (l.split() for l in solution.splitlines()):
        if words[:1] == ["aws"] and len(words) > 1 and words[1] in NOT_SERVED:
            return True, ["skip lab %s: its solution calls %s, which serve does not answer yet"
                          % (lab, NOT_SERVED[words[1]])]
    server = subprocess.Popen([stevedore, "serve", "--port", "0", "--manual-clock", "--lab", lab],
                              stdout=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        url = "http://" + banner.split("http://", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:"), banner
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update({
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": config,
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
            "AWS_MAX_ATTEMPTS": "1",
            "NO_PROXY": "127.0.0.1",
            "STEVEDORE_AWS": aws,
            "STEVEDORE_URL": url,
            "STEVEDORE_PYTHON": os.path.abspath(sys.executable),
            "STEVEDORE_DRIVER": os.path.abspath(__file__),
        })
        with tempfile.TemporaryDirectory() as work:
            ran = subprocess.run(["bash", "-c", PRELUDE + solution], cwd=work, env=env,
                                 capture_output=True, text=True, timeout=LAB_TIMEOUT)
        status = request(url, "/_stevedore/lab")
    finally:
        server.kill()
        server.wait(timeout=10)
    # AWS CLI lines that failed (a solution may fail on purpose, as a lab
    # shows an error; `stevedore lab check` does not fail on those either).
    failed = [l for l in ran.stderr.splitlines() if l.startswith("STEVEDORE_FAILED: ")]
    if status["passed"]:
        report = ["ok   lab %s: every goal met through the real AWS CLI" % lab]
        report += ["       (a line failed: %s)" % l.split(": ", 1)[1][:150] for l in failed]
        return True, report
    report = ["FAIL lab %s: goals unmet through the real AWS CLI" % lab]
    for step in status["steps"]:
        for goal in step["goals"]:
            if not goal["met"]:
                report.append("  step %d: %s\n    %s" % (step["step"], goal["description"], goal["detail"]))
    report.append("  the solution's stderr:\n    " + ran.stderr.strip().replace("\n", "\n    "))
    return False, report


def main():
    if sys.argv[1:2] == ["line"]:
        sys.exit(line(sys.argv[2], sys.argv[3:]))
    # Absolute: each solution runs in a directory of its own.
    stevedore, aws = (os.path.abspath(p) for p in sys.argv[1:3])
    labs = sys.argv[3:] or [
        l.split()[0] for l in subprocess.run([stevedore, "lab", "list"], capture_output=True,
                                             text=True, timeout=60, check=True).stdout.splitlines()
    ]
    config = os.path.join(os.path.dirname(os.path.abspath(__file__)), "real_aws_cli.config")
    # Two at a time (each lab has its own server): the AWS CLI's start-up
    # is most of the time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda lab: check_lab(stevedore, aws, lab, config), labs))
    failed = []
    for lab, (passed, report) in zip(labs, results):
        print("\n".join(report))
        if not passed:
            failed.append(lab)
    if failed:
        sys.exit("%d lab(s) not solved through the real AWS CLI: %s" % (len(failed), ", ".join(failed)))
    skipped = sum(1 for _, report in results if report[0].startswith("skip "))
    print("every lab's solution reaches its goals through the real AWS CLI (%d labs, %d skipped)"
          % (len(labs) - skipped, skipped))


if __name__ == "__main__":
    main()
