#!/usr/bin/env python3
"""Checks of the e2e's own judgement (what counts as a leak, which images a Dockerfile names, which dependencies a
sample declares), run by scripts/e2e before it starts the engine: a wrong judge would make every case meaningless."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import e2e_cases as c  # noqa: E402

# Leaks: toolchain programs in bin folders and source files count; the same names elsewhere do not.
assert c.leaks(["usr/local/go/bin/go", "app/server"], "go") == ["go"]
assert c.leaks(["app/server", "usr/share/doc/go/copyright"], "go") == []
assert c.leaks(["app/main.go"], "go") == [".go"]
assert c.leaks(["app/src/index.ts", "app/dist/index.js"], "typescript") == ["app/src/*.ts"]
assert c.leaks(["app/node_modules/x/src/a.ts", "app/dist/index.js"], "typescript") == []
assert c.leaks(["app/node_modules/typescript/bin/tsc"], "typescript") == ["tsc"]
assert c.leaks(["opt/venv/lib/python3.12/site-packages/x.rs"], "rust") == []
assert c.leaks(["usr/local/bin/uv"], "python") == ["uv"]

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "Dockerfile")
    with open(path, "w") as f:
        f.write("ARG GO_VERSION=1.26\nFROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS builder\n"
                "FROM busybox:1.38.0-musl AS probe\nFROM builder AS test\nFROM scratch AS runtime\n")
    assert c.images_of(path) == ["golang:1.26-bookworm", "busybox:1.38.0-musl"], c.images_of(path)
    assert c.first_stage(path) == "builder"
    os.makedirs(os.path.join(d, "req"))
    with open(os.path.join(d, "requirements.txt"), "w") as f:
        f.write("-r req/base.txt\nrich>=13  # pretty output\n")
    with open(os.path.join(d, "req", "base.txt"), "w") as f:
        f.write("Flask==3.1.*\ngunicorn[gevent]==23.*\n")
    with open(os.path.join(d, "go.mod"), "w") as f:
        f.write("module x\n\ngo 1.24\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v1.0.0 // indirect\n)\n")
    assert c.deps_of(d) == ["github.com/a/b", "Flask", "gunicorn", "rich"], c.deps_of(d)
print("e2e self-test: ok")
