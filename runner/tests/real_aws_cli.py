#!/usr/bin/env python3
"""The real AWS CLI against `stevedore serve`, compared with `stevedore run --json`.

usage: real_aws_cli.py STEVEDORE_BIN AWS_BIN SCRIPT

Starts `stevedore serve --port 0 --manual-clock` on 127.0.0.1, runs every
command of SCRIPT with the real `aws` (adding --endpoint-url), and checks
that each gives the same response body (or the same error code) as
`stevedore run --json SCRIPT`. Loopback only; every step is time-bounded.
"""
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

STEP_TIMEOUT = 60


def normalise(ours, theirs):
    """The AWS CLI prints timestamps as ISO 8601 strings (`+00:00`); the
    API (and `stevedore run --json`) carries epoch seconds (JSON protocols)
    or ISO 8601 with `Z` (query protocols). Turn theirs into ours when they
    are the same instant."""
    if isinstance(ours, (int, float)) and not isinstance(ours, bool) and isinstance(theirs, str):
        try:
            return datetime.datetime.fromisoformat(theirs).timestamp()
        except ValueError:
            return theirs
    if isinstance(ours, str) and isinstance(theirs, str) and ours != theirs and "T" in ours:
        try:
            same = (datetime.datetime.fromisoformat(ours.replace("Z", "+00:00"))
                    == datetime.datetime.fromisoformat(theirs))
        except ValueError:
            same = False
        return ours if same else theirs
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return {k: normalise(ours.get(k), v) for k, v in theirs.items()}
    if isinstance(ours, list) and isinstance(theirs, list):
        return [normalise(o, t) for o, t in zip(ours, theirs)] + theirs[len(ours):]
    return theirs


def printed(text):
    """What `aws s3 …` printed, without the progress lines the real CLI
    writes (`Completed 12 Bytes/12 Bytes (1.3 KiB/s) with 1 file(s)
    remaining`, ended by a carriage return) and trailing blanks."""
    text = re.sub(r"Completed [^\r\n]*?remaining[^\r\n]*?[\r\n]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def control(url, path, body):
    """A request to the runner's control endpoints (loopback, no proxy)."""
    import urllib.request
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = body.encode() if body is not None else None
    with opener.open(urllib.request.Request(url + path, data=data), timeout=STEP_TIMEOUT) as r:
        return json.loads(r.read())


def main():
    # Absolute: lines run in a directory of their own (a fresh machine's
    # venv path is relative, target/awscli-venv).
    stevedore, aws, script = (os.path.abspath(a) for a in sys.argv[1:4])
    ran = subprocess.run([stevedore, "run", "--json", script], capture_output=True,
                         text=True, timeout=STEP_TIMEOUT)
    if ran.returncode != 0:
        print(ran.stdout, ran.stderr, sep="\n")
        sys.exit("stevedore run --json failed on the comparison script itself")
    expected = [json.loads(line) for line in ran.stdout.splitlines()]

    server = subprocess.Popen([stevedore, "serve", "--port", "0", "--manual-clock"],
                              stdout=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        url = banner.split("http://", 1)[1].split()[0]
        assert url.startswith("127.0.0.1:"), banner
        url = "http://" + url
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        # AWS CLI v1 prints timestamps as sent unless told to print them as
        # v2 does (ISO 8601), which is what the simulator's command line does.
        config = os.path.join(os.path.dirname(os.path.abspath(script)), "real_aws_cli.config")
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
        })
        failures = 0
        # Files that lines write (`cat > f <<EOF`, `aws s3 cp s3://… f`)
        # and read, for both CLIs.
        workdir = tempfile.mkdtemp(prefix="real-aws-cli-")
        for step in expected:
            words = shlex.split(step["command"])
            if words[:2] == ["sim", "advance"] and "output" in step:
                # Keep the served clock in step with the script's.
                now = control(url, "/_stevedore/time", None)["ms"]
                control(url, "/_stevedore/advance",
                        json.dumps({"ms": step["output"]["simTimeMs"] - now}))
                print("ok  ", "line %d: %s (served clock moved too)" % (step["line"], step["command"]))
                continue
            if words[0] in ("cat", "echo", "printf"):
                # Shell lines about files: run by bash in the same
                # directory the real AWS CLI writes to and reads from.
                real = subprocess.run(["bash", "-c", step["command"]], cwd=workdir,
                                      capture_output=True, text=True, timeout=STEP_TIMEOUT)
                where = "line %d: %s" % (step["line"], step["command"].splitlines()[0])
                if real.stdout != step["stdout"]:
                    print("FAIL", where)
                    print("  stevedore run:", repr(step["stdout"]))
                    print("  bash:         ", repr(real.stdout), real.stderr.strip())
                    failures += 1
                else:
                    print("ok  ", where)
                continue
            if words[0] != "aws":
                continue  # other sim lines have no AWS CLI counterpart
            argv = [aws, "--endpoint-url", url] + words[1:]
            high_level_s3 = words[1] == "s3"
            if "--output" not in words and not high_level_s3:
                argv[3:3] = ["--output", "json"]
            real = subprocess.run(argv, capture_output=True, text=True, env=env,
                                  timeout=STEP_TIMEOUT, cwd=workdir)
            where = "line %d: %s" % (step["line"], step["command"])
            if high_level_s3 and "output" in step:
                # `aws s3 …` prints text: compare it, progress lines aside.
                if real.returncode != 0 or printed(real.stdout) != printed(step["stdout"]):
                    print("FAIL", where)
                    print("  stevedore run:", repr(step["stdout"]))
                    print("  real aws cli: ", repr(printed(real.stdout)), real.stderr.strip())
                    failures += 1
                    continue
                print("ok  ", where)
                continue
            formatted = "--output" in words or "--query" in words
            if "output" in step and formatted:
                # --output text|table and --query: the printed text itself,
                # byte for byte.
                if real.returncode != 0 or real.stdout != step["stdout"]:
                    print("FAIL", where)
                    print("  stevedore run:", repr(step["stdout"]))
                    print("  real aws cli: ", repr(real.stdout), real.stderr.strip())
                    failures += 1
                    continue
            elif "output" in step:
                if real.returncode != 0:
                    print("FAIL", where, "\n  the real AWS CLI failed:", real.stderr.strip())
                    failures += 1
                    continue
                theirs = json.loads(real.stdout) if real.stdout.strip() else {}
                theirs = normalise(step["output"], theirs)
                if theirs != step["output"]:
                    print("FAIL", where)
                    print("  stevedore run:", json.dumps(step["output"], sort_keys=True))
                    print("  real aws cli: ", json.dumps(theirs, sort_keys=True))
                    failures += 1
                    continue
            elif high_level_s3:
                # `aws s3 …` reports its failures as a line of text
                # (`make_bucket failed: s3://b An error occurred (…) …`).
                said = (real.stderr + real.stdout).strip()
                if real.returncode == 0 or said != step["error"]["message"]:
                    print("FAIL", where, "\n  expected", repr(step["error"]["message"]),
                          "got exit", real.returncode, repr(said))
                    failures += 1
                    continue
            else:
                code = step["error"]["code"]
                if real.returncode == 0 or ("(%s)" % code) not in real.stderr:
                    print("FAIL", where, "\n  expected error", code, "got exit",
                          real.returncode, real.stderr.strip() or real.stdout.strip())
                    failures += 1
                    continue
            print("ok  ", where)
        if failures:
            sys.exit("%d command(s) differ between the real AWS CLI and stevedore run" % failures)
        print("the real AWS CLI and stevedore run agree on %d command(s)" % len(expected))
    finally:
        server.kill()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
