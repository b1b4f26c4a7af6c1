#!/usr/bin/env python3
"""Turn a tmux `capture-pane -e` dump (text with SGR colour codes) into a standalone HTML page.

Used by scripts/screenshots to photograph the real wizard with headless Chromium.
"""
import html
import re
import sys

BASE = ["#1e1e1e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#dcdfe4"]
BRIGHT = ["#5c6370", "#ff7b86", "#b5e890", "#ffd68a", "#8cc8ff", "#e09cff", "#7fdbe6", "#ffffff"]
FG, BG = "#dcdfe4", "#1e1e1e"


def xterm256(n):
    if n < 8:
        return BASE[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        levels = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (levels[n // 36], levels[(n // 6) % 6], levels[n % 6])
    grey = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (grey, grey, grey)


def apply(codes, state):
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=None, bg=None, bold=False, italic=False, reverse=False)
        elif c == 1:
            state["bold"] = True
        elif c == 3:
            state["italic"] = True
        elif c == 7:
            state["reverse"] = True
        elif c == 22:
            state["bold"] = False
        elif c == 23:
            state["italic"] = False
        elif c == 27:
            state["reverse"] = False
        elif 30 <= c <= 37:
            state["fg"] = BASE[c - 30]
        elif 90 <= c <= 97:
            state["fg"] = BRIGHT[c - 90]
        elif 40 <= c <= 47:
            state["bg"] = BASE[c - 40]
        elif 100 <= c <= 107:
            state["bg"] = BRIGHT[c - 100]
        elif c == 39:
            state["fg"] = None
        elif c == 49:
            state["bg"] = None
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                state[key] = xterm256(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                state[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                i += 4
        i += 1


def convert(text, title):
    state = dict(fg=None, bg=None, bold=False, italic=False, reverse=False)
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if m:
            codes = [int(x) if x else 0 for x in m.group(1).split(";")] if m.group(1) else [0]
            apply(codes, state)
            continue
        if not part:
            continue
        fg, bg = state["fg"] or FG, state["bg"] or BG
        if state["reverse"]:
            fg, bg = bg, fg
        style = f"color:{fg};background:{bg}"
        if state["bold"]:
            style += ";font-weight:bold"
        if state["italic"]:
            style += ";font-style:italic"
        out.append(f'<span style="{style}">{html.escape(part)}</span>')
    body = "".join(out)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>" + html.escape(title) + "</title><style>"
        f"body{{margin:0;background:{BG}}}pre{{margin:0;padding:12px;font:15px/1.25 'DejaVu Sans Mono',monospace;"
        f"color:{FG};background:{BG}}}</style></head><body><pre>" + body + "</pre></body></html>"
    )


if __name__ == "__main__":
    sys.stdout.write(convert(sys.stdin.read(), sys.argv[1] if len(sys.argv) > 1 else "stagecraft"))
