"""Write the e2e report: target/e2e/report.json and report.md; with a README path, refresh its e2e table."""
import json
import os

START, END = "<!-- e2e-table:start -->", "<!-- e2e-table:end -->"


def mb(b):
    return f"{(b or 0) / 1_000_000:.1f}"


def verdict(r):
    if r.get("ok"):
        return "pass"
    return f"FAIL ({r.get('failed_at', '?')})"


def table(rows, full):
    head = "| sample | language | third-party deps | base | result | answers | health | uid | leaked | builder MB | final MB |"
    out = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in rows:
        deps = ", ".join(r.get("deps", [])[:4]) + (f" +{len(r['deps']) - 4}" if len(r.get("deps", [])) > 4 else "")
        out.append(
            f"| {r['sample']} | {r.get('language', '')} | {deps} | {r.get('base', '')}"
            f"{' (`' + r['base_image'] + '`)' if full and r.get('base_image') else ''} | {verdict(r)} "
            f"| {'yes' if r.get('answered') else 'no'} | {r.get('health', '-')} | {r.get('uid') or '-'} "
            f"| {', '.join(r.get('leaked') or []) or ('nothing' if 'leaked' in r else '-')} "
            f"| {mb(r.get('builder_bytes')) if r.get('builder_bytes') else '-'} | {mb(r.get('final_bytes')) if r.get('final_bytes') else '-'} |")
    return out


def write(report, outdir, readme=None):
    os.makedirs(outdir, exist_ok=True)
    rows = report["cases"]
    with open(os.path.join(outdir, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    passed = sum(1 for r in rows if r.get("ok"))
    md = ["# End-to-end results (real engine, real dependencies)", "",
          f"{passed} of {len(rows)} cases passed every check; the run took {report['seconds']} s.", "",
          "Each sample in tests/fixtures/e2e is generated with `stagecraft generate` (the default answers, or the base",
          "named), built with BuildKit (third-party packages installed from the package registries during the build),",
          "run on a loopback port, and checked: the app answers, the HEALTHCHECK turns healthy, the process is not",
          "uid 0, and no toolchain program or source file is in the final image.", ""]
    md += table(rows, True)
    md += ["", "## Stand-in images", "",
           "No image registry is reachable here: every FROM image is a local stand-in under the catalog's tag.", ""]
    carried = {}
    for r in rows:
        for image, what in (r.get("carries") or {}).items():
            carried[image] = what
    md += ["| image name | really carries |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in sorted(carried.items())]
    cross = [r["id"] for r in rows if r.get("cross_builder")]
    md += ["", "## Cross-compiling builders", "",
           ("Built with a builder on `$BUILDPLATFORM` compiling for `TARGETOS`/`TARGETARCH`: " + ", ".join(cross) + "."
            if cross else "No Dockerfile of this run has a cross-compiling builder stage.")]
    if report.get("compose"):
        c = report["compose"]
        md += ["", "## docker-compose", "", f"`{c.get('sample')}`: {c.get('result')}"]
    failing = [r for r in rows if not r.get("ok")]
    if failing:
        md += ["", "## Failures", ""]
        for r in failing:
            md += [f"### {r['id']} (at {r.get('failed_at')})", "", "```", (r.get("detail") or "").strip()[-1200:], "```", ""]
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    if readme:
        text = open(readme).read()
        if START in text and END in text:
            block = START + "\n" + "\n".join(table(rows, False)) + "\n" + END
            head, rest = text.split(START, 1)
            with open(readme, "w") as f:
                f.write(head + block + rest.split(END, 1)[1])
