#!/usr/bin/env python3
"""Writes the `aws` option tables (cli/src/model/<service>.rs) from the
botocore service models in the pinned awscli (cli/gen/requirements.txt), for
exactly the operations the engine implements (engine/src/command.rs).

What it takes from awscli is what the AWS CLI itself builds for each
operation: its argument table, after awscli's customisations (paging
options instead of token members, the simplified ec2 security group
options, hidden members), so option names, member names and required flags
are the real CLI's. Member types come from the botocore shapes, nested
structures and lists included, with enums and min/max bounds.

    python cli/gen/generate.py           write the files
    python cli/gen/generate.py --check   fail (exit 1, with a diff) when the
                                         checked-in files differ

Run it with the venv that has the pinned awscli: `./dev gen` does.
"""

import difflib
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
COMMAND_RS = os.path.join(ROOT, "engine", "src", "command.rs")
OUT_DIR = os.path.join(ROOT, "cli", "src", "model")

# The AWS CLI's own options handled outside the argument loop (lib.rs).
LINE_OPTIONS = {"cli-input-json", "generate-cli-skeleton", "starting-token", "page-size", "max-items"}
# Enums longer than this are left out (ec2's InstanceType has about a
# thousand values and gains some in every botocore release): they would
# weigh on the wasm bundle for no completion (no option takes one directly).
MAX_ENUM = 100


def engine_operations():
    """(service enum name, [action, ...]) in engine order, from the
    `operations!` block of engine/src/command.rs."""
    text = open(COMMAND_RS, encoding="utf-8").read()
    start = text.index("\noperations! {")
    block = text[start:]
    services = []
    for line in block.splitlines()[1:]:
        if line == "}":
            break
        m = re.match(r"^    (\w+) \{$", line)
        if m:
            services.append((m.group(1), []))
            continue
        # `Action(` or `Variant as "Action" (` (two services share a name).
        m = re.match(r'^        (\w+)(?: as "(\w+)" )?\(', line)
        if m:
            services[-1][1].append(m.group(2) or m.group(1))
    if not services:
        sys.exit("generate.py: no operations found in engine/src/command.rs")
    return services


def rust_str(s):
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif ord(c) < 0x20:
            out.append("\\u{%x}" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def opt(n):
    return "None" if n is None else "Some(%d)" % n


class Shapes:
    """The botocore shapes reachable from one service's options, each
    written once as a `static` named after it."""

    def __init__(self):
        self.names = {}  # shape name -> static name
        self.items = {}  # static name -> rust text

    def static(self, shape):
        name = shape.name
        if name in self.names:
            return self.names[name]
        ident = re.sub(r"[^A-Za-z0-9]", "_", name)
        ident = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", ident).upper()
        if ident in self.items:
            ident = ident + "_" + str(len(self.items))
        self.names[name] = ident
        # Recursion guard: the static is named before its members are
        # written, so a shape that contains itself refers to its own name.
        self.items[ident] = None
        self.items[ident] = self.body(shape)
        return ident

    def body(self, shape):
        t = shape.type_name
        meta = shape.metadata
        lo, hi = meta.get("min"), meta.get("max")
        if meta.get("document"):
            return "Shape::Document"
        if t == "string":
            enum = shape.enum or []
            if len(enum) > MAX_ENUM:
                return "Shape::String { values: &[], min: %s, max: %s } /* %d values, not kept */" % (opt(lo), opt(hi), len(enum))
            values = ", ".join(rust_str(v) for v in enum)
            return "Shape::String { values: &[%s], min: %s, max: %s }" % (values, opt(lo), opt(hi))
        if t in ("integer", "long"):
            return "Shape::Integer { min: %s, max: %s }" % (opt(lo), opt(hi))
        if t in ("float", "double"):
            return "Shape::Float"
        if t == "boolean":
            return "Shape::Boolean"
        if t == "timestamp":
            return "Shape::Timestamp"
        if t == "blob":
            return "Shape::Blob"
        if t == "list":
            return "Shape::List { member: &%s, min: %s, max: %s }" % (self.static(shape.member), opt(lo), opt(hi))
        if t == "map":
            return "Shape::Map { key: &%s, value: &%s }" % (self.static(shape.key), self.static(shape.value))
        if t == "structure":
            required = set(shape.required_members)
            lines = [
                "    Member { name: %s, shape: &%s, required: %s },"
                % (rust_str(n), self.static(m), "true" if n in required else "false")
                for n, m in shape.members.items()
            ]
            if not lines:
                return "Shape::Structure { members: &[] }"
            return "Shape::Structure { members: &[\n%s\n] }" % "\n".join(lines)
        raise SystemExit("generate.py: shape %s has type %s, which the table has no word for" % (shape.name, t))

    def text(self):
        out = []
        for ident in sorted(self.items):
            out.append("static %s: Shape = %s;" % (ident, self.items[ident]))
        return "\n".join(out)


def cli_member(name):
    """A member name for an awscli customisation option that is no API
    member (ec2's `--port` -> `Port`): cli/src/customize.rs turns these into
    the API's members."""
    return "".join(part.capitalize() for part in name.split("-"))


def generate(versions):
    from awscli.clidriver import create_clidriver

    driver = create_clidriver()
    session = driver.session
    commands = driver._get_command_table()
    files = {}
    for enum_name, actions in engine_operations():
        # The CLI's name (engine/src/command.rs `cli_name`).
        service = {"ApplicationAutoScaling": "application-autoscaling", "S3": "s3api"}.get(enum_name, enum_name.lower())
        ops = commands[service]._get_command_table()
        by_api = {}
        for cli_name, command in ops.items():
            model = getattr(command, "_operation_model", None)
            if model is not None:
                by_api[model.name] = (cli_name, command)
        try:
            pager_model = session.get_paginator_model("s3" if service == "s3api" else service)
        except Exception:  # a service without paginators
            pager_model = None
        shapes = Shapes()
        entries = []
        for action in actions:
            if action not in by_api:
                sys.exit("generate.py: the AWS CLI has no %s operation %s" % (service, action))
            cli_name, command = by_api[action]
            table = command.arg_table
            params = []
            for name, arg in table.items():
                if name in LINE_OPTIONS or getattr(arg, "_UNDOCUMENTED", False):
                    continue
                if type(arg).__name__ == "BooleanArgument" and getattr(arg, "_action", None) == "store_false":
                    continue  # `--no-x` (lib.rs reads it as `--x` false), `--disable-…`
                model = getattr(arg, "argument_model", None)
                if hasattr(arg, "_serialized_name"):
                    member = arg._serialized_name
                    shape = shapes.static(model)
                else:
                    # An awscli customisation (ec2's `--port`): no API member.
                    member = cli_member(name)
                    shape = "CLI_" + arg.cli_type_name.upper()
                    if shape != "CLI_STRING":
                        sys.exit("generate.py: %s %s --%s: a %s customisation" % (service, cli_name, name, arg.cli_type_name))
                    shapes.items[shape] = "Shape::String { values: &[], min: None, max: None }"
                params.append(
                    "            Param { option: %s, member: %s, shape: &%s, required: %s },"
                    % (rust_str("--" + name), rust_str(member), shape, "true" if arg.required else "false")
                )
            pager = "None"
            if "starting-token" in table:
                p = pager_model.get_paginator(action)
                def one(v):
                    return v[0] if isinstance(v, list) else v
                pager = "Some(Paginator { input_token: %s, output_token: %s, limit_key: %s, result_key: %s })" % (
                    rust_str(one(p["input_token"])),
                    rust_str(one(p["output_token"])),
                    rust_str(p.get("limit_key", "")),
                    rust_str(one(p["result_key"])),
                )
            entries.append(
                "    Operation {\n"
                "        service: Service::%s,\n"
                "        cli_name: %s,\n"
                "        api_name: %s,\n"
                "        params: &[\n%s\n        ],\n"
                "        paginator: %s,\n"
                "    },"
                % (enum_name, rust_str(cli_name), rust_str(action), "\n".join(params), pager)
                if params
                else "    Operation {\n"
                "        service: Service::%s,\n"
                "        cli_name: %s,\n"
                "        api_name: %s,\n"
                "        params: &[],\n"
                "        paginator: %s,\n"
                "    },"
                % (enum_name, rust_str(cli_name), rust_str(action), pager)
            )
        header = (
            "// Generated by cli/gen/generate.py from the botocore models in %s: do not edit.\n"
            "// Run `./dev gen` after changing the engine's operations (see cli/src/model.rs).\n"
            "//\n"
            "// `aws %s`: the operations the engine implements, each with the AWS CLI's\n"
            "// options (after its customisations), the API member each sets, its\n"
            "// shape (types, nesting, required members, enums, bounds) and paging.\n"
            "\n"
            "use super::{Member, Operation, Paginator, Param, Shape};\n"
            "use stevedore_engine::Service;\n"
            "\n"
            "pub static OPERATIONS: &[Operation] = &[\n" % (versions, service)
        )
        text = (
            header
            + "\n".join(entries)
            + "\n];\n\n// The shapes of the options, named after botocore's.\n"
            + shapes.text()
            + "\n"
        )
        # Unused imports would fail the lints.
        for word in ("Member", "Paginator"):
            if word + " {" not in text:
                text = text.replace(word + ", ", "")
        files[os.path.join(OUT_DIR, enum_name.lower() + ".rs")] = text
    return files


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        sys.exit(__doc__)
    try:
        import awscli
    except ImportError:
        sys.exit("generate.py: no awscli in this python: run it with the venv `./dev gen` makes (cli/gen/awscli_venv.sh)")
    try:
        import botocore
        boto = botocore.__version__
    except ImportError:
        boto = "?"
    versions = "awscli %s (botocore %s)" % (awscli.__version__, boto)
    pinned = open(os.path.join(ROOT, "cli", "gen", "requirements.txt"), encoding="utf-8").read()
    if "awscli==%s\n" % awscli.__version__ not in pinned:
        sys.exit("generate.py: this python has awscli %s, but cli/gen/requirements.txt pins another: run it with the venv `./dev gen` makes" % awscli.__version__)
    files = generate(versions)
    if not check:
        os.makedirs(OUT_DIR, exist_ok=True)
        for path, text in files.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote %s (%d lines)" % (os.path.relpath(path, ROOT), text.count("\n")))
        return
    stale = []
    for path, text in files.items():
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if old != text:
            rel = os.path.relpath(path, ROOT)
            stale.append(rel)
            diff = difflib.unified_diff(old.splitlines(True), text.splitlines(True), "a/" + rel, "b/" + rel)
            sys.stdout.writelines(list(diff)[:200])
    if stale:
        sys.stdout.flush()
        sys.exit(
            "generate.py --check: out of date: %s (the diff above is what the botocore models in %s\n"
            "and the engine's operations give). Run ./dev gen and commit the result." % (", ".join(stale), versions)
        )
    print("generate.py --check: %d files match %s" % (len(files), versions))


if __name__ == "__main__":
    main()
