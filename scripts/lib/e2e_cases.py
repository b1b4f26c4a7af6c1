#!/usr/bin/env python3
"""The real-project cases of scripts/e2e: generate, build, run and check each sample on the engine scripts/e2e
started (DOCKER_HOST is set by it).

Usage: e2e_cases.py REPO CACHE STAGECRAFT [--update-docs] [SAMPLE...]
"""
import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import e2e_report  # noqa: E402
import e2e_standins  # noqa: E402

DOCKER = "/usr/bin/docker"
# Per language: toolchain programs that must not be in the final image, and source files that must not leak
# (a suffix like ".go", or a path under the app folder like "src/*.ts").
LEAKS = {
    "go": (["go", "gofmt", "gcc", "cc1", "git"], [".go", "/go.mod"]),
    "rust": (["cargo", "rustc", "gcc", "cc1"], [".rs", "/Cargo.toml"]),
    "node": (["gcc", "cc1"], []),
    "typescript": (["gcc", "cc1", "tsc"], ["app/src/*.ts"]),
    "static": (["node", "npm", "gcc"], ["/package.json", "src/main.js"]),
    "python": (["gcc", "cc1", "uv", "poetry"], []),
    "java": (["javac", "mvn", "gcc"], [".java", "/pom.xml"]),
    "php": (["composer", "gcc"], []),
}

# sample, base ("" = the default answer), kind of leak rules, protocol the port speaks, and the app's own routes
# that must answer 2xx (a 403 directory listing or a 404 from the wrong docroot is not "the app answers").
CASES = [
    ("rust-axum", "", "rust", "http", ["/todos"]),
    ("spring-actuator", "", "java", "http", ["/books"]),
    ("next-standalone", "", "node", "http", ["/", "/robots.txt"]),
    ("next-default", "", "node", "http", ["/", "/robots.txt"]),
    ("rust-lib-bin", "", "rust", "http", ["/"]),
    ("rust-config", "", "rust", "http", ["/"]),
    ("node-nestjs", "", "typescript", "http", ["/users"]),
    ("go-chi-api", "", "go", "http", ["/api/items/"]),
    ("go-chi-api", "scratch", "go", "http", ["/api/items/"]),
    ("go-gin-templates", "", "go", "http", ["/", "/static/style.css"]),
    ("go-grpc-health", "", "go", "grpc", []),
    ("go-echo-cmd", "", "go", "http", ["/api/notes"]),
    ("node-express", "", "node", "http", ["/orders"]),
    ("node-fastify", "", "node", "http", ["/products/"]),
    ("node-typescript", "", "typescript", "http", ["/stock"]),
    ("node-koa", "", "node", "http", ["/forecast"]),
    ("node-hono", "", "node", "http", ["/links"]),
    ("vite-static", "", "static", "http", ["/", "/favicon.svg"]),
    ("fastapi-uv", "", "python", "http", ["/bookmarks"]),
    ("fastapi-pip", "", "python", "http", ["/"]),
    ("django-gunicorn", "", "python", "http", ["/", "/static/pages/site.css"]),
    ("flask-requirements", "", "python", "http", ["/"]),
    ("poetry-starlette", "", "python", "http", ["/r/abc"]),
    ("php-plain", "", "php", "http", ["/", "/health.php"]),
    ("php-apache-public", "", "php", "http", ["/tasks", "/health"]),
    ("rust-axum", "debian-bookworm-slim", "rust", "http", ["/todos"]),
]
PORT_BASE = 18400
HEALTH_WAIT = 160


def log(msg):
    print(f"e2e: {msg}", file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def deps_of(app):
    """The third-party packages the sample declares (direct dependencies), read from its manifests."""
    out = []
    p = os.path.join(app, "go.mod")
    if os.path.exists(p):
        text = open(p).read()
        block = re.findall(r"^require \(\n(.*?)^\)", text, re.M | re.S)
        lines = re.findall(r"^require (\S+) ", text, re.M) + [
            line.split()[0] for b in block for line in b.splitlines() if line.strip() and "// indirect" not in line]
        out += lines
    p = os.path.join(app, "Cargo.toml")
    if os.path.exists(p):
        out += list(tomllib.load(open(p, "rb")).get("dependencies", {}))
    p = os.path.join(app, "package.json")
    if os.path.exists(p):
        pkg = json.load(open(p))
        out += list(pkg.get("dependencies", {})) + list(pkg.get("devDependencies", {}))
    p = os.path.join(app, "pyproject.toml")
    if os.path.exists(p):
        doc = tomllib.load(open(p, "rb"))
        out += [re.split(r"[<>=!~\[ ;]", d)[0] for d in doc.get("project", {}).get("dependencies", [])]
        out += [d for d in doc.get("tool", {}).get("poetry", {}).get("dependencies", {}) if d != "python"]

    def requirements(path, seen):
        if path in seen or not os.path.exists(path):
            return []
        seen.add(path)
        found = []
        for line in open(path):
            line = line.split("#")[0].strip()
            if line.startswith("-r "):
                found += requirements(os.path.join(os.path.dirname(path), line[3:].strip()), seen)
            elif line:
                found.append(re.split(r"[<>=!~\[ ;]", line)[0])
        return found
    out += requirements(os.path.join(app, "requirements.txt"), set())
    p = os.path.join(app, "pom.xml")
    if os.path.exists(p):
        out += re.findall(r"<dependency>\s*<groupId>[^<]+</groupId>\s*<artifactId>([^<]+)</artifactId>", open(p).read())
    p = os.path.join(app, "composer.json")
    if os.path.exists(p):
        out += [d for d in json.load(open(p)).get("require", {}) if d != "php" and not d.startswith("ext-")]
    return out


def images_of(dockerfile):
    """The images the FROM lines name (not the file's own stages), ARG defaults resolved."""
    text = open(dockerfile).read()
    args = dict(re.findall(r"^ARG (\w+)=(\S+)$", text, re.M))
    stages = set(re.findall(r"^FROM .* AS (\S+)$", text, re.M))
    images = []
    for image in re.findall(r"^FROM (?:--platform=\S+ )?(\S+)", text, re.M):
        image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), image)
        if image not in stages and image != "scratch" and image not in images:
            images.append(image)
    return images


def first_stage(dockerfile):
    m = re.search(r"^FROM .* AS (\S+)$", open(dockerfile).read(), re.M)
    return m.group(1) if m else ""


def answers(port, protocol, paths):
    """Whether the app answers on the loopback port: each of its routes 2xx, or for gRPC an accepted connection.
    Returns (all answered, {path: status or error})."""
    if protocol == "grpc" or not paths:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return True, {"tcp": "accepted"}
        except OSError as e:
            return False, {"tcp": str(e)}
    seen = {}
    for path in paths:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as r:
                seen[path] = r.status
        except urllib.error.HTTPError as e:
            seen[path] = e.code
        except (OSError, ValueError) as e:
            seen[path] = type(e).__name__
    return all(isinstance(s, int) and 200 <= s < 300 for s in seen.values()), seen


def prepare_lockfiles(app, cache):
    """Lockfiles whose format records a registry's address are made here, in the case's copy, never committed."""
    made = []
    if os.path.exists(os.path.join(app, "Cargo.toml")) and not os.path.exists(os.path.join(app, "Cargo.lock")):
        p = sh(["cargo", "generate-lockfile", "--quiet"], cwd=app)
        if p.returncode != 0:
            raise RuntimeError(f"cargo generate-lockfile: {p.stderr[-800:]}")
        made.append("Cargo.lock")
    pyproject = os.path.join(app, "pyproject.toml")
    if os.path.exists(pyproject) and "[project]" in open(pyproject).read() and \
            not os.path.exists(os.path.join(app, "poetry.lock")) and not os.path.exists(os.path.join(app, "uv.lock")):
        uv = os.path.join(cache, "pytools", "bin", "uv")
        # The lock only needs an interpreter new enough for requires-python: the machine's newest, never a download.
        newest = e2e_standins.python_home("99")
        py = ["--python", os.path.join(newest, "bin", "python3")] if newest else []
        p = sh([uv, "lock", "--quiet"] + py, cwd=app, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
        if p.returncode != 0:
            raise RuntimeError(f"uv lock: {p.stderr[-800:]}")
        made.append("uv.lock")
    return made


class Run:
    def __init__(self, repo, cache, stagecraft):
        self.repo, self.cache, self.stagecraft = repo, cache, stagecraft
        self.out = os.path.join(repo, "target", "e2e")
        self.standins = e2e_standins.StandIns(DOCKER, cache, log)
        self.lock = threading.Lock()

    def generate(self, sample, base, n):
        cid = sample + (f"-{base}" if base else "")
        case = os.path.join(self.out, "cases", cid)
        app = os.path.join(case, "app")
        shutil.rmtree(case, ignore_errors=True)
        shutil.copytree(os.path.join(self.repo, "tests", "fixtures", "e2e", sample), app, symlinks=True)
        made = prepare_lockfiles(app, self.cache)
        cmd = [self.stagecraft, "generate", app] + (["--base", base] if base else [])
        p = sh(cmd)
        open(os.path.join(case, "generate.log"), "w").write(f"$ stagecraft generate {sample}" +
                                                            (f" --base {base}" if base else "") + f"\n{p.stdout}{p.stderr}")
        row = dict(sample=sample, id=cid, base=base or "default", deps=deps_of(app), lockfiles_made=made,
                   generated=p.returncode == 0, warnings=[l for l in p.stderr.splitlines() if l.strip()][:20])
        if p.returncode != 0:
            row.update(ok=False, failed_at="generate", detail=p.stderr.strip()[-1500:])
            return row, case
        shutil.copy(os.path.join(app, "Dockerfile"), os.path.join(case, "Dockerfile.generated"))
        # The local BuildKit cannot fetch a frontend image: the syntax directive goes.
        text = open(os.path.join(app, "Dockerfile")).read()
        open(os.path.join(app, "Dockerfile"), "w").write(re.sub(r"^# syntax=.*\n", "", text, flags=re.M))
        # A builder on $BUILDPLATFORM that compiles for TARGETOS/TARGETARCH (BuildKit fills both in).
        row["cross_builder"] = bool(re.search(r"^FROM --platform=\$BUILDPLATFORM ", text, re.M)
                                    and re.search(r"\$TARGETARCH|\$\{TARGETARCH\}", text))
        row["images"] = images_of(os.path.join(app, "Dockerfile"))
        row["base_image"] = row["images"][-1] if row["images"] else "scratch"
        return row, case

    def build(self, tag, app, target=None, logfile=None):
        """docker build, retried once: a registry hiccup passes the second time, a real failure fails twice."""
        cmd = [DOCKER, "build", "-t", tag] + (["--target", target] if target else []) + [app]
        for attempt in (1, 2):
            p = sh(cmd, env={**os.environ, "DOCKER_BUILDKIT": "1", "BUILDKIT_PROGRESS": "plain"})
            with open(logfile, "a") as f:
                f.write(f"$ {' '.join(cmd)}  (attempt {attempt})\n{p.stdout}{p.stderr}\n")
            if p.returncode == 0:
                return True, attempt
        return False, 2

    def run_case(self, row, case, kind, protocol, paths, n):
        app = os.path.join(case, "app")
        dockerfile = os.path.join(app, "Dockerfile")
        tag = f"stagecraft-e2e/{row['id']}"
        blog = os.path.join(case, "build.log")
        started = time.time()
        row["carries"] = {}
        for image in row["images"]:
            try:
                row["carries"][image] = self.standins.ensure(image)
            except RuntimeError as e:
                row.update(ok=False, failed_at="stand-in", detail=str(e)[-1500:])
                return row
        ok, attempts = self.build(tag, app, logfile=blog)
        row["build_attempts"] = attempts
        if not ok:
            row.update(ok=False, failed_at="build", detail=tail_errors(open(blog).read()))
            return row
        stage = first_stage(dockerfile)
        if stage:
            self.build(f"{tag}-builder", app, target=stage, logfile=blog)
        row["build_seconds"] = round(time.time() - started)
        size = lambda t: int(sh([DOCKER, "image", "inspect", "-f", "{{.Size}}", t]).stdout.strip() or 0)
        row["final_bytes"] = size(tag)
        row["builder_bytes"] = size(f"{tag}-builder") if stage else 0
        expose = re.findall(r"^EXPOSE (\d+)", open(dockerfile).read(), re.M)
        row["port"] = int(expose[0]) if expose else None
        name = f"stagecraft-e2e-{row['id']}"
        sh([DOCKER, "rm", "-f", name])
        port = PORT_BASE + n
        run = [DOCKER, "run", "-d", "--name", name, "--health-interval", "2s", "--health-start-period", "100s"]
        if row["port"]:
            run += ["-p", f"127.0.0.1:{port}:{row['port']}"]
        p = sh(run + [tag])
        answered, status, state, routes = False, "", "", {}
        deadline = time.time() + HEALTH_WAIT
        while p.returncode == 0 and time.time() < deadline:
            if not answered and row["port"]:
                answered, routes = answers(port, protocol, paths)
            info = sh([DOCKER, "inspect", "-f", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", name]).stdout.split()
            state, status = (info + ["", ""])[:2]
            if state != "running" or status == "unhealthy" or (answered and status == "healthy"):
                break
            time.sleep(1)
        if p.returncode != 0:
            state = "not started: " + p.stderr.strip()[-300:]
        row["answered"], row["health"], row["state"], row["routes"] = answered, status or "none", state, routes
        probe = sh([DOCKER, "inspect", "-f", "{{json .State.Health}}", name]).stdout.strip()
        try:
            last = (json.loads(probe) or {}).get("Log", [])[-1:]
            row["probe_output"] = last[0].get("Output", "").strip()[-300:] if last else ""
        except (ValueError, AttributeError):
            row["probe_output"] = ""
        top = sh([DOCKER, "top", name, "-eo", "pid,uid"]).stdout.splitlines()
        row["uid"] = top[1].split()[1] if len(top) > 1 else None
        files = []
        exp = subprocess.Popen([DOCKER, "export", name], stdout=subprocess.PIPE)
        with tarfile.open(fileobj=exp.stdout, mode="r|") as t:
            files = [m.name for m in t]
        exp.wait()
        open(os.path.join(case, "files.txt"), "w").write("\n".join(files) + "\n")
        row["leaked"] = leaks(files, kind)
        logs = sh([DOCKER, "logs", "--tail", "30", name])
        open(os.path.join(case, "container.log"), "w").write(logs.stdout + logs.stderr)
        if os.environ.get("E2E_KEEP") != "1":
            sh([DOCKER, "rm", "-f", name])
        row["ok"] = bool(answered and status == "healthy" and row["uid"] not in (None, "0") and not row["leaked"])
        if not row["ok"]:
            row["failed_at"] = "run"
            row["detail"] = (f"routes: {routes}; health: {status}; probe: {row['probe_output']}\n"
                             + (logs.stdout + logs.stderr)[-1500:])
        return row

    def one(self, spec, n):
        sample, base, kind, protocol, paths = spec
        t0 = time.time()
        try:
            row, case = self.generate(sample, base, n)
            row.update(language=kind, protocol=protocol)
            if row.get("generated"):
                row = self.run_case(row, case, kind, protocol, paths, n)
        except Exception as e:  # a broken case is reported, the others still run
            row = dict(sample=sample, id=sample + (f"-{base}" if base else ""), base=base or "default",
                       language=kind, ok=False, failed_at="harness", detail=repr(e)[-1500:], deps=[])
        row["seconds"] = round(time.time() - t0)
        if row.get("ok"):
            log(f"ok   {row['id']}: answered, healthy, uid {row['uid']}, nothing leaked, "
                f"{row['builder_bytes'] // 1000000} MB builder -> {row['final_bytes'] // 1000000} MB final ({row['seconds']} s)")
        else:
            log(f"FAIL {row['id']} at {row.get('failed_at')}: answered={row.get('answered')} health={row.get('health')} "
                f"uid={row.get('uid')} leaked={row.get('leaked')} ({row['seconds']} s)")
        return row


def tail_errors(text):
    lines = text.splitlines()
    hits = [i for i, l in enumerate(lines) if re.search(r"ERROR|error:|failed to solve|did not complete", l)]
    start = max(0, (hits[0] if hits else len(lines)) - 15)
    return "\n".join(lines[start:start + 40])[-2500:]


def leaks(files, kind):
    tools, sources = LEAKS[kind]
    found = []
    for t in tools:
        if any(re.search(rf"(^|/)(s?bin|libexec[^/]*|lib/go[^/]*/bin)/{re.escape(t)}$", f) for f in files):
            found.append(t)
    for s in sources:
        if "*" in s:
            folder, suffix = s.split("*")
            hit = any(re.search(rf"(^|/){re.escape(folder)}[^/]*{re.escape(suffix)}$", f) and "node_modules" not in f
                      for f in files)
        elif s.startswith("/"):
            hit = any(f.endswith(s) or f == s[1:] for f in files)
        else:
            hit = any(f.endswith(s) and "/node_modules/" not in f and "/site-packages/" not in f for f in files)
        if hit:
            found.append(s.lstrip("/"))
    return found


def compose_check(run, sample):
    """Start one sample with docker-compose from the compose.yaml `generate --compose` writes; healthy or not."""
    # The compose check may use another build (E2E_COMPOSE_BIN) while `generate --compose` is on its way in.
    stagecraft = os.environ.get("E2E_COMPOSE_BIN", run.stagecraft)
    help_text = sh([stagecraft, "generate", "--help"]).stdout
    if "--compose" not in help_text:
        return {"sample": sample, "ok": None, "result": "not run: this stagecraft has no `generate --compose`"}
    case = os.path.join(run.out, "compose", sample)
    shutil.rmtree(case, ignore_errors=True)
    shutil.copytree(os.path.join(run.repo, "tests", "fixtures", "e2e", sample), case, symlinks=True)
    prepare_lockfiles(case, run.cache)
    p = sh([stagecraft, "generate", case, "--compose"])
    if p.returncode != 0:
        return {"sample": sample, "ok": False, "result": f"generate --compose failed: {p.stderr.strip()[-500:]}"}
    text = open(os.path.join(case, "Dockerfile")).read()
    open(os.path.join(case, "Dockerfile"), "w").write(re.sub(r"^# syntax=.*\n", "", text, flags=re.M))
    for image in images_of(os.path.join(case, "Dockerfile")):
        run.standins.ensure(image)
    # docker-compose builds through the docker CLI: the engine's own (Debian's, with BuildKit inside), not another.
    env = {**os.environ, "DOCKER_BUILDKIT": "1", "COMPOSE_DOCKER_CLI_BUILD": "1",
           "PATH": os.path.dirname(DOCKER) + os.pathsep + os.environ.get("PATH", "")}
    project = ["docker-compose", "-p", "stagecraft-e2e-compose", "-f", os.path.join(case, "compose.yaml")]
    up = sh(project + ["up", "-d", "--build"], env=env, cwd=case)
    open(os.path.join(case, "compose.log"), "w").write(up.stdout + up.stderr)
    status = ""
    if up.returncode == 0:
        ids = sh(project + ["ps", "-q"], env=env, cwd=case).stdout.split()
        deadline = time.time() + HEALTH_WAIT
        while ids and time.time() < deadline:
            status = sh([DOCKER, "inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", ids[0]]).stdout.strip()
            if status in ("healthy", "unhealthy"):
                break
            time.sleep(2)
    sh(project + ["down", "--rmi", "local"], env=env, cwd=case)
    if up.returncode != 0:
        return {"sample": sample, "ok": False, "result": "docker-compose up failed: " + (up.stdout + up.stderr)[-600:]}
    return {"sample": sample, "ok": status == "healthy",
            "result": f"`docker-compose up` from the generated compose.yaml: the service turned {status or 'nothing'}"}


def main():
    repo, cache, stagecraft = sys.argv[1:4]
    rest = sys.argv[4:]
    update_docs = "--update-docs" in rest
    only = [a for a in rest if not a.startswith("--")]
    jobs = int(os.environ.get("E2E_JOBS", "2"))
    started = time.time()
    run = Run(repo, cache, stagecraft)
    specs = [(i, c) for i, c in enumerate(CASES, 1) if not only or c[0] in only or f"{c[0]}-{c[1]}" in only]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(lambda ic: run.one(ic[1], ic[0]), specs))
    seconds = round(time.time() - float(os.environ.get("E2E_STARTED", started)))
    extra = {}
    if not only or os.environ.get("E2E_COMPOSE_SAMPLE"):
        try:
            extra["compose"] = compose_check(run, os.environ.get("E2E_COMPOSE_SAMPLE", "node-hono"))
        except Exception as e:  # reported, not fatal to the table
            extra["compose"] = {"ok": False, "result": repr(e)[-600:]}
        log(f"compose: {extra['compose']['result']}")
    seconds = round(time.time() - float(os.environ.get("E2E_STARTED", started)))
    report = {"seconds": seconds, "stand_ins": e2e_standins.versions(), "cases": rows, **extra}
    e2e_report.write(report, run.out, os.path.join(repo, "README.md") if update_docs else None)
    passed = sum(1 for r in rows if r.get("ok"))
    print(f"e2e: {passed} passed, {len(rows) - passed} failed ({seconds} s); report: target/e2e/report.md")
    compose_ok = extra.get("compose", {}).get("ok") is not False
    sys.exit(0 if passed == len(rows) and compose_ok else 1)


if __name__ == "__main__":
    main()
