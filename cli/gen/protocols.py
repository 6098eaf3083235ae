#!/usr/bin/env python3
"""Writes the wire tables of `stevedore serve` (runner/src/wire/tables.json)
from the botocore service models in the pinned awscli
(cli/gen/requirements.txt), for every service the engine simulates
(engine/src/command.rs).

For each service: the protocol the pinned botocore's clients speak (the
first of the model's `protocols` that botocore supports, in botocore's own
order: CloudWatch lists smithy-rpc-v2-cbor first, but botocore picks JSON
1.0), the SigV4 signing name the credential scope carries, the API version,
the JSON target prefix and version, the XML namespace, whether the model is
`awsQueryCompatible` (and then its errors' query codes), and for the
protocols whose bodies are not the engine's JSON (query, ec2, rest-json)
each engine operation's input and output shape with every shape they reach:
member names, locationName, queryName, flattened, list member names and the
HTTP bindings. runner/src/wire reads it.

    python cli/gen/protocols.py           write the file
    python cli/gen/protocols.py --check   fail (exit 1, with a diff) when the
                                          checked-in file differs

Run it with the venv that has the pinned awscli: `./dev gen` does.
"""

import difflib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import ROOT, engine_operations  # noqa: E402

OUT = os.path.join(ROOT, "runner", "src", "wire", "tables.json")
# Protocols whose requests and responses need the shape tables.
SHAPED = {"query", "ec2", "rest-json", "rest-xml"}
REST = {"rest-json", "rest-xml"}


def cli_name(enum_name):
    # As in generate.py (and engine/src/command.rs `cli_name`).
    return {"ApplicationAutoScaling": "application-autoscaling", "S3": "s3api"}.get(
        enum_name, enum_name.lower()
    )


def member_entry(name, shape):
    """One structure member: [name, shape, {serialization traits}]."""
    ser = shape.serialization
    traits = {}
    for key, short in (("name", "name"), ("queryName", "query"), ("flattened", "flat"),
                       ("location", "loc"), ("xmlAttribute", "attr")):
        if ser.get(key):
            traits[short] = ser[key]
    return [name, shape.name, traits] if traits else [name, shape.name]


def collect(shape, out):
    """Adds `shape` and every shape it reaches to `out` (name -> entry)."""
    if shape.name in out:
        return
    t = shape.type_name
    out[shape.name] = None  # recursion guard
    entry = {"type": t}
    if t == "structure":
        entry["members"] = [member_entry(n, m) for n, m in shape.members.items()]
        for m in shape.members.values():
            collect(m, out)
    elif t == "list":
        entry["member"] = shape.member.name
        name = shape.member.serialization.get("name")
        if name:
            entry["memberName"] = name
        if shape.serialization.get("flattened"):
            entry["flat"] = True
        collect(shape.member, out)
    elif t == "map":
        entry["key"] = shape.key.name
        entry["value"] = shape.value.name
        for part, sub in (("keyName", shape.key), ("valueName", shape.value)):
            name = sub.serialization.get("name")
            if name:
                entry[part] = name
        if shape.serialization.get("flattened"):
            entry["flat"] = True
        collect(shape.key, out)
        collect(shape.value, out)
    out[shape.name] = entry


def generate():
    import botocore.session
    from botocore.utils import PRIORITY_ORDERED_SUPPORTED_PROTOCOLS

    session = botocore.session.get_session()
    services = {}
    for enum_name, actions in engine_operations():
        name = cli_name(enum_name)
        # The CLI's `s3api` is botocore's `s3`.
        model = session.get_service_model("s3" if name == "s3api" else name)
        meta = model.metadata
        offered = meta.get("protocols") or [meta["protocol"]]
        protocol = next(p for p in PRIORITY_ORDERED_SUPPORTED_PROTOCOLS if p in offered)
        service = {
            "protocol": protocol,
            "signingName": meta.get("signingName") or meta["endpointPrefix"],
            "apiVersion": meta["apiVersion"],
        }
        if protocol == "json":
            service["targetPrefix"] = meta["targetPrefix"]
            service["jsonVersion"] = meta["jsonVersion"]
        if meta.get("xmlNamespace") and protocol in ("query", "ec2"):
            service["xmlNamespace"] = meta["xmlNamespace"]
        if "awsQueryCompatible" in meta:
            # The error shapes (a JSON error's `__type` names one), and the
            # query codes the model gives some of them: code -> [shape,
            # Sender|Receiver] (SQS's model gives none: the engine's own
            # error names say which shape a query code belongs to).
            errors, exceptions = {}, []
            for shape_name in model.shape_names:
                shape = model.shape_for(shape_name)
                if shape.type_name != "structure" or not shape.metadata.get("exception"):
                    continue
                exceptions.append(shape_name)
                err = shape.metadata.get("error")
                if err and err.get("code"):
                    errors[err["code"]] = [shape_name, "Sender" if err.get("senderFault") else "Receiver"]
            service["queryErrors"] = errors
            service["exceptions"] = sorted(exceptions)
        if protocol in SHAPED:
            operations = {}
            shapes = {}
            for action in actions:
                op = model.operation_model(action)
                entry = {}
                if op.input_shape is not None:
                    entry["input"] = op.input_shape.name
                    collect(op.input_shape, shapes)
                if op.output_shape is not None:
                    entry["output"] = op.output_shape.name
                    collect(op.output_shape, shapes)
                    wrapper = op.output_shape.serialization.get("resultWrapper")
                    if wrapper:
                        entry["resultWrapper"] = wrapper
                if protocol in REST:
                    entry["method"] = op.http["method"]
                    entry["uri"] = op.http["requestUri"]
                    if op.http.get("responseCode"):
                        entry["status"] = op.http["responseCode"]
                    if op.input_shape is not None and op.input_shape.serialization.get("payload"):
                        entry["payload"] = op.input_shape.serialization["payload"]
                    if op.output_shape is not None and op.output_shape.serialization.get("payload"):
                        entry["outputPayload"] = op.output_shape.serialization["payload"]
                operations[action] = entry
            service["operations"] = operations
            service["shapes"] = shapes
        if protocol == "rest-xml":
            # The model's other operations, by method and path, so that
            # serve can name what it refuses (S3's NotImplemented).
            service["refused"] = sorted(
                [name, model.operation_model(name).http["method"], model.operation_model(name).http["requestUri"]]
                for name in model.operation_names
                if name not in actions
            )
        if protocol in ("query", "ec2"):
            # Each modelled error's HTTP status and fault (botocore's
            # `error: {code, httpStatusCode, senderFault}`), by code.
            faults = {}
            for shape_name in model.shape_names:
                shape = model.shape_for(shape_name)
                if shape.type_name != "structure" or not shape.metadata.get("exception"):
                    continue
                err = shape.metadata.get("error") or {}
                code = err.get("code") or shape_name
                faults[code] = [err.get("httpStatusCode", 400), "Sender" if err.get("senderFault") else "Receiver"]
            if faults:
                service["errorStatus"] = faults
        services[name] = service
    return services


def render(services, versions):
    lines = ["{", ' "generatedFrom": %s,' % json.dumps(versions), ' "services": {']
    names = sorted(services)
    for i, name in enumerate(names):
        text = json.dumps(services[name], sort_keys=True, indent=1)
        text = text.replace("\n", "\n  ")
        lines.append("  %s: %s%s" % (json.dumps(name), text, "," if i + 1 < len(names) else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        sys.exit(__doc__)
    try:
        import awscli
    except ImportError:
        sys.exit("protocols.py: no awscli in this python: run it with the venv `./dev gen` makes (cli/gen/awscli_venv.sh)")
    import botocore

    versions = "awscli %s (botocore %s)" % (awscli.__version__, botocore.__version__)
    pinned = open(os.path.join(ROOT, "cli", "gen", "requirements.txt"), encoding="utf-8").read()
    if "awscli==%s\n" % awscli.__version__ not in pinned:
        sys.exit("protocols.py: this python has awscli %s, but cli/gen/requirements.txt pins another: run it with the venv `./dev gen` makes" % awscli.__version__)
    text = render(generate(), versions)
    rel = os.path.relpath(OUT, ROOT)
    if not check:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote %s (%d lines)" % (rel, text.count("\n")))
        return
    old = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
    if old != text:
        diff = difflib.unified_diff(old.splitlines(True), text.splitlines(True), "a/" + rel, "b/" + rel)
        sys.stdout.writelines(list(diff)[:200])
        sys.stdout.flush()
        sys.exit("protocols.py --check: %s is out of date (the diff above is what the botocore models in %s\n"
                 "and the engine's operations give). Run ./dev gen and commit the result." % (rel, versions))
    print("protocols.py --check: %s matches %s" % (rel, versions))


if __name__ == "__main__":
    main()
