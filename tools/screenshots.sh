#!/bin/sh
# screenshots.sh: PNG pictures of the explorer, written to screenshots/.
#
# The real binary runs in a detached tmux session of 100x30 cells; each
# picture is `tmux capture-pane -e` (text with its colours and attributes)
# turned into HTML by aha and photographed by headless Chromium, in DejaVu
# Sans Mono (see /work/shared/notes/screenshots.md). Needs tmux, aha,
# chromium and fonts-dejavu-core: as root, installs what is missing with
# apt-get. No network: every picture comes from a zone file.
#
#   demo.png        the demo zone opened, the mailcloud include open
#   test.png        a test of 203.0.113.7: pass, its path highlighted
#   help.png        the help overlay
#   lesson.png      lesson 1 at its second step, ~all flipped to -all
#   over-limit.png  sprawl.example (../shared/bench-zones/over-limit.zone,
#                   only when that file exists): the lookup that crosses
#                   the limit of 10, marked PERMERROR
#
# Environment: SPFSCOPE_BIN (default build/spfscope), SCREENSHOTS_DIR
# (default screenshots), OVER_LIMIT_ZONE (default
# ../shared/bench-zones/over-limit.zone, relative to the repository).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=${SPFSCOPE_BIN:-build/spfscope}
out=${SCREENSHOTS_DIR:-screenshots}
over=${OVER_LIMIT_ZONE:-../shared/bench-zones/over-limit.zone}
cols=100
rows=30
# DejaVu Sans Mono at 14 px: a cell is 8.43 px wide, a row 17 px high (the
# glyphs take 16.3: vertical rules almost join up; at 18 px they are
# dashed). 8 px of margin around.
font_px=14
line_px=17
pad=8
width=$(( (cols * 843 + 99) / 100 + 2 * pad ))
height=$(( rows * line_px + 2 * pad ))

die() {
	echo "screenshots.sh: $*" >&2
	exit 1
}

# --- what it needs ---------------------------------------------------------
missing=""
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v aha >/dev/null 2>&1 || missing="$missing aha"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] ||
	missing="$missing fonts-dejavu-core"
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		die "missing:$missing (as root: apt-get install$missing)"
	fi
	echo "screenshots.sh: installing$missing" >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2 || {
		DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2
	} || die "apt-get install$missing failed"
fi
[ -x "$bin" ] || die "$bin is not built (run make first)"

# --- a private tmux server -------------------------------------------------
sock="spfscope-shots-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/spfscope-shots.XXXXXX")
t() {
	tmux -u -L "$sock" -f /dev/null "$@"
}
cleanup() {
	t kill-server >/dev/null 2>&1 || :
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

term=screen
for e in tmux-256color screen-256color; do
	if infocmp "$e" >/dev/null 2>&1; then
		term=$e
		break
	fi
done

# start ARGS...: the explorer in session "shot" (any earlier one closed).
start() {
	t kill-session -t shot >/dev/null 2>&1 || :
	args=""
	for a in "$@"; do
		args="$args '$a'"
	done
	t new-session -d -s shot -x "$cols" -y "$rows" \
		"env -u NO_COLOR XDG_STATE_HOME='$work' LC_ALL=C.UTF-8 TERM=$term '$bin'$args"
}

# wait_for TEXT: until the screen shows TEXT (5 s at most).
wait_for() {
	i=0
	while ! t capture-pane -p -t shot 2>/dev/null | grep -qF -- "$1"; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			t capture-pane -p -t shot >&2 2>/dev/null || :
			die "the screen never showed '$1'"
		fi
		sleep 0.05
	done
	sleep 0.1 # the rest of the frame (one refresh per loop turn)
}

keys() {
	t send-keys -t shot "$@"
}

# aha swaps colours when it reads SGR 7 (reverse) and loses the swap at a
# later SGR 39/49, which tmux writes right after; it ignores dim (SGR 2).
# So every run of text is written again with its attributes resolved:
# reverse as explicit colours (white on black being the default), dim as
# grey (SGR 90), and nothing else but bold and underline.
cat >"$work/sgr.py" <<'PY'
import re
import sys

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def swap(c, default):
    """A foreground colour as background, or the reverse."""
    if c is None:
        return default
    if c.startswith(("38", "48")):
        return ("48" if c.startswith("38") else "38") + c[2:]
    n = int(c)
    return str(n + 10 if n < 40 or 90 <= n < 98 else n - 10)


st = {"fg": None, "bg": None, "bold": False, "dim": False, "rev": False,
      "ul": False}


def apply(params):
    ps = [p for p in re.split(r"[;:]", params)] or ["0"]
    i = 0
    while i < len(ps):
        p = int(ps[i]) if ps[i].isdigit() else 0
        if p == 0:
            st.update(fg=None, bg=None, bold=False, dim=False, rev=False,
                      ul=False)
        elif p in (1, 2, 4, 7):
            st[{1: "bold", 2: "dim", 4: "ul", 7: "rev"}[p]] = True
        elif p == 22:
            st.update(bold=False, dim=False)
        elif p == 24:
            st["ul"] = False
        elif p == 27:
            st["rev"] = False
        elif p in (38, 48) and i + 2 < len(ps) and ps[i + 1] == "5":
            st["fg" if p == 38 else "bg"] = f"{p};5;{ps[i + 2]}"
            i += 2
        elif 30 <= p <= 37 or 90 <= p <= 97:
            st["fg"] = str(p)
        elif 40 <= p <= 47 or 100 <= p <= 107:
            st["bg"] = str(p)
        elif p == 39:
            st["fg"] = None
        elif p == 49:
            st["bg"] = None
        i += 1


def sgr():
    fg, bg = st["fg"], st["bg"]
    if st["dim"] and fg is None:
        fg = "90"
    if st["rev"]:
        fg, bg = swap(bg, "30"), swap(fg, "47")
    codes = ["0"] + (["1"] if st["bold"] else []) + \
        (["4"] if st["ul"] else []) + [c for c in (fg, bg) if c]
    return "\x1b[" + ";".join(codes) + "m"


out = []
for line in sys.stdin.read().rstrip("\n").split("\n"):
    pos, row = 0, []
    for m in list(SGR.finditer(line)) + [None]:
        end = m.start() if m else len(line)
        if end > pos:
            row.append(sgr() + line[pos:end])
        if m:
            apply(m.group(1))
            pos = m.end()
    out.append("".join(row) + "\x1b[0m")
sys.stdout.write("\n".join(out) + "\n")
PY

# shoot NAME: the screen as it is, to $out/NAME.png. -N keeps the trailing
# blanks, which have a background where the help box ends.
shoot() {
	t capture-pane -N -e -p -t shot >"$work/$1.ans"
	# aha --black draws black (SGR 30) as dim grey: reversed text is black.
	python3 "$work/sgr.py" <"$work/$1.ans" | aha --black --no-header |
		sed 's/style="\(\([a-z-]*:[a-z]*;\)*\)color:dimgray;/style="\1color:black;/g' \
		>"$work/$1.body"
	{
		printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
		printf '<title>spfscope %s</title><style>' "$1"
		printf 'html,body{margin:0;padding:0;background:#000;color:#fff;'
		printf 'overflow:hidden}'
		printf 'pre{margin:0;padding:%spx;font-family:"DejaVu Sans Mono",' "$pad"
		printf 'monospace;font-size:%spx;line-height:%spx}' "$font_px" "$line_px"
		# A run's background fills its whole row, or the glyphs' lowest
		# pixels (underscores) fall outside it and vanish.
		printf 'pre span{display:inline-block;height:%spx;' "$line_px"
		printf 'vertical-align:top}'
		printf '</style></head><body><pre>'
		cat "$work/$1.body"
		printf '</pre></body></html>\n'
	} >"$work/$1.html"
	mkdir -p "$out"
	rm -f "$out/$1.png"
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$work/chromium" --hide-scrollbars \
		--force-device-scale-factor=1 \
		--window-size="$width,$height" --screenshot="$out/$1.png" \
		"file://$work/$1.html" >"$work/chromium.log" 2>&1 || :
	if [ ! -s "$out/$1.png" ]; then
		cat "$work/chromium.log" >&2
		die "chromium wrote no $out/$1.png"
	fi
	echo "$out/$1.png"
}

# --- the pictures ----------------------------------------------------------
demo=examples/demo.zone

start --zone "$demo" demo.example
wait_for "lookups 8/10"
keys Down Down Down l
wait_for "include:_netblocks6.mailcloud.example"
shoot demo

keys '?'
wait_for "Keys in the tree"
shoot help
keys q
t send-keys -t shot -l 203.0.113.7
keys Enter
wait_for " tests (1) "
wait_for "pass"
shoot test

if [ -f "$over" ]; then
	start --zone "$over" sprawl.example
	wait_for "lookups 25/10"
	keys /
	t send-keys -t shot -l mta
	keys Enter
	wait_for "receivers stop here"
	shoot over-limit
else
	echo "screenshots.sh: no $over: over-limit.png not made" >&2
fi

# A lesson: the forgotten sender, at the step that flips ~all to -all.
start lesson 1-forgotten-sender
wait_for "(step 1 of"
keys '>'
wait_for "(step 2 of"
keys a
wait_for "tests changed"
shoot lesson
t kill-session -t shot >/dev/null 2>&1 || :
