#!/bin/sh
# long-run.sh [TARGET...]: the long runs of docs/FUZZING.md. Each target
# runs until FUZZ_RUNS executions (10 million) or FUZZ_TIME seconds (1200),
# whichever comes first, FUZZ_JOBS (2) targets at a time, longest first.
# Per target, build-fuzz/long/TARGET.log holds libFuzzer's output and
# build-fuzz/long/TARGET.result one line: target, executions, seconds,
# seed files, corpus files at the end, exit status, crash files.
# -timeout is 60 s, not 10: this machine once stalled for 45 s under other
# builds, and an input that took 36 ms alone was written out as a hang.
# Run `make fuzz-build` first.
set -u
cd "$(dirname "$0")/../.." || exit 1
runs=${FUZZ_RUNS:-10000000}
secs=${FUZZ_TIME:-1200}
jobs=${FUZZ_JOBS:-2}
out=build-fuzz/long
[ $# -gt 0 ] || set -- answer zone eval tree json macro parse lesson
mkdir -p "$out" build-fuzz/crashes

one() { # target
	t=$1
	dict=-dict=tests/fuzz/spf.dict
	[ "$t" = answer ] && dict=
	rm -rf "$out/$t"
	mkdir -p "$out/$t"
	seeds=$(ls tests/fuzz/corpus/"$t" | wc -l)
	start=$(date +%s)
	build-fuzz/fuzz_"$t" -runs="$runs" -max_total_time="$secs" \
	    -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 $dict \
	    -artifact_prefix=build-fuzz/crashes/"$t"- \
	    "$out/$t" tests/fuzz/corpus/"$t" >"$out/$t.log" 2>&1
	rc=$?
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
	[ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$out/$t.log" | tail -n 1 | tr -d '#')
	crashes=$(ls build-fuzz/crashes 2>/dev/null | grep -c "^$t-")
	echo "$t execs=${execs:-0} secs=$((end - start)) seeds=$seeds" \
	    "corpus=$(ls "$out/$t" | wc -l) rc=$rc crashes=$crashes" \
	    >"$out/$t.result"
	cat "$out/$t.result"
}

# A queue served by $jobs workers: each takes the next target left.
: >"$out/queue.lock"
printf '%s\n' "$@" >"$out/queue"
worker() {
	while :; do
		t=$(flock "$out/queue.lock" sh -c \
		    'head -n 1 "$1"; sed -i 1d "$1"' _ "$out/queue")
		[ -n "$t" ] || break
		one "$t"
	done
}
i=0
while [ "$i" -lt "$jobs" ]; do
	worker &
	i=$((i + 1))
done
wait
