#!/usr/bin/env python3
"""Parse generated Dockerfiles with BuildKit's own parser and compare them with what stagecraft meant to write.

Reads DIR/expect.json (written by the Rust tests from the Dockerfile model) and prints a JSON list of problems;
an empty list means every file parsed into exactly the intended instructions.
"""
import json
import os
import sys

import dockerfile


def unquote_arg(raw):
    """The value BuildKit's shell lexer gives an ARG default: double quotes removed, \\", \\$ and \\\\ unescaped."""
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        out, i, body = [], 0, raw[1:-1]
        while i < len(body):
            c = body[i]
            if c == "\\" and i + 1 < len(body) and body[i + 1] in '"$\\':
                out.append(body[i + 1])
                i += 2
                continue
            out.append(c)
            i += 1
        return "".join(out)
    return raw


def check(path, exp):
    problems = []
    try:
        commands = dockerfile.parse_file(path)
    except dockerfile.GoParseError as e:
        return [f"does not parse: {e}"]
    want = exp["instructions"]
    if len(commands) != len(want):
        got = [c.cmd for c in commands]
        problems.append(f"{len(commands)} instructions parsed, {len(want)} intended: {got} vs {[w['cmd'] for w in want]}")
        return problems
    stages, user, health = [], None, False
    for n, (c, w) in enumerate(zip(commands, want)):
        where = f"instruction {n + 1} ({w['cmd']})"
        if c.cmd.upper() != w["cmd"]:
            problems.append(f"{where}: parsed as {c.cmd}")
            continue
        if list(c.flags) != w["flags"]:
            problems.append(f"{where}: flags {list(c.flags)} != {w['flags']}")
        if w.get("exec") is not None:
            if not c.json:
                problems.append(f"{where}: not parsed as exec form (JSON)")
            elif list(c.value) != w["exec"]:
                problems.append(f"{where}: argv {list(c.value)} != {w['exec']}")
        if w.get("run") is not None:
            got = " ".join(" ".join(c.value).split())
            if got != " ".join(w["run"].split()):
                problems.append(f"{where}: shell command {got!r} != {w['run']!r}")
        if w.get("arg") is not None and "names" in w["arg"]:
            if list(c.value) != w["arg"]["names"]:
                problems.append(f"{where}: ARG words {list(c.value)} != {w['arg']['names']}")
        elif w.get("arg") is not None:
            name, value = w["arg"]["name"], w["arg"]["value"]
            if len(c.value) != 1:
                problems.append(f"{where}: ARG split into {len(c.value)} words: {c.value}")
            else:
                word = c.value[0]
                got_name, sep, raw = word.partition("=")
                if got_name != name:
                    problems.append(f"{where}: ARG name {got_name!r} != {name!r}")
                if value is None and sep:
                    problems.append(f"{where}: ARG {name} has a default but should not")
                if value is not None and unquote_arg(raw) != value:
                    problems.append(f"{where}: ARG {name} value {unquote_arg(raw)!r} != {value!r}")
        if c.cmd.upper() == "FROM":
            if len(c.value) == 3 and c.value[1].upper() == "AS":
                stages.append(c.value[2])
            else:
                problems.append(f"{where}: stage is not named: {c.value}")
            user, health = None, False
        if c.cmd.upper() == "USER":
            user = c.value[0]
        if c.cmd.upper() == "HEALTHCHECK":
            health = True
    if stages != exp["stages"]:
        problems.append(f"stages {stages} != {exp['stages']}")
    if exp["nonroot"]:
        if user is None:
            problems.append("final stage has no USER")
        elif user.split(":")[0] in ("0", "root"):
            problems.append(f"final stage runs as root: USER {user}")
    if exp["healthcheck"] and not health:
        problems.append("final stage has no HEALTHCHECK")
    if not exp["healthcheck"] and health:
        problems.append("final stage has a HEALTHCHECK although none was asked for")
    return problems


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "expect.json"), encoding="utf-8") as f:
        expectations = json.load(f)
    report = []
    for exp in expectations:
        problems = check(os.path.join(folder, exp["file"]), exp)
        if problems:
            report.append({"file": exp["file"], "label": exp["label"], "problems": problems})
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
