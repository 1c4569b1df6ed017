#!/usr/bin/env bash
# Two builds of MuxActors side by side: the load tool's scenarios S1-S6 run in alternating rounds, once against a
# baseline commit (built from a git worktree) and once against this checkout, then the medians per figure are
# printed as a markdown table. Used for the Akka.NET migration (docs/benchmarks.md); peers (socat, ser2net) are not
# run here, run-comparison.sh compares with them.
#
# Usage: tests/MuxActors.LoadTest/run-migration-comparison.sh BASELINE_COMMIT [--rounds 3] [--scale 0.5] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
baseline=${1:?usage: $0 BASELINE_COMMIT [--rounds N] [--scale X] [--out DIR]}
shift
rounds=3 scale=0.5 out=$(mktemp -d /tmp/mxmig-XXXXXX)
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --out) out=$2; mkdir -p "$out"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

tree=/tmp/mxmig-baseline-$(git rev-parse --short "$baseline")
[ -d "$tree" ] || git worktree add --detach "$tree" "$baseline" >/dev/null
dotnet build "$tree/src/MuxActors.Service" -c Release -nologo -v:q >/dev/null
dotnet build tests/MuxActors.LoadTest -c Release -nologo -v:q >/dev/null
current=$(git describe --always --dirty)
echo "baseline $(git rev-parse --short "$baseline"), current $current, $rounds rounds at scale $scale; logs in $out"

for round in $(seq 1 "$rounds"); do
  for build in baseline current; do
    dll=""
    [ "$build" = baseline ] && dll="$tree/src/MuxActors.Service/bin/Release/net10.0/muxactors.dll"
    echo "round $round: $build"
    MUXACTORS_LOADTEST_DLL="$dll" dotnet run -c Release --no-build --project tests/MuxActors.LoadTest -- \
      --scenarios S1,S2,S3,S4,S5,S6 --scale "$scale" --peers none --rounds 1 --output "$out/$build-$round.md" \
      > "$out/$build-$round.log" 2>&1
  done
done

# One "build figure value" line per figure and run, then the median of each over the rounds.
for log in "$out"/*.log; do
  build=$(basename "$log" .log); build=${build%-*}
  awk -v b="$build" '
    /^[0-9:]+ S[0-9]:/ { s = $2; sub(":", "", s) }
    /MuxActors[^:]*: [0-9.]+ MB\/s aggregate/ { name = $0; sub(/^[0-9:]+ +/, "", name); sub(/:.*/, "", name)
      for (i = 1; i <= NF; i++) if ($(i+1) == "MB/s") print b, s " " name " MB/s", $i }
    /^[0-9:]+ +MuxActors, / { row = $0; sub(/^[0-9:]+ +MuxActors, /, "", row); sub(/ \.\.\.$/, "", row) }
    /MuxActors: p50/ { for (i = 1; i <= NF; i++) {
        if ($i == "p50") { v = $(i+1); u = $(i+2); sub(",", "", u); print b, "S3 " row " p50 µs", (u ~ /^ms/ ? v * 1000 : v); }
        if ($i == "p99") { v = $(i+1); u = $(i+2); sub(",", "", u); print b, "S3 " row " p99 µs", (u ~ /^ms/ ? v * 1000 : v); break } } }
    /MuxActors: ready/ { for (i = 1; i <= NF; i++) { if ($i == "ready") print b, "S5 ready s", $(i+1); if ($i == "RSS") print b, "S5 RSS MiB", $(i+1) } }
    /MuxActors: [0-9]+ served/ { for (i = 1; i <= NF; i++) { if ($i == "served,") print b, "S6 served", $(i-1); if ($i == "p99") print b, "S6 p99 ms", $(i+1) } }
  ' "$log"
done > "$out/figures.txt"

echo
echo "| figure | baseline (median) | current (median) | current / baseline |"
echo "|---|---|---|---|"
awk '
  { key = $0; sub(/^[a-z]+ /, "", key); v = $NF; sub(/ [^ ]+$/, "", key); vals[$1, key] = vals[$1, key] " " v; keys[key] = 1 }
  function median(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n == 0 ? "" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
  END { for (key in keys) { b = median(vals["baseline", key]); c = median(vals["current", key])
    printf "| %s | %s | %s | %s |\n", key, b, c, (b + 0 > 0 ? sprintf("%.2f", c / b) : "—") } }
' "$out/figures.txt" | sort
