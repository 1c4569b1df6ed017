#!/usr/bin/env bash
# The web terminal benchmark (issue 17; docs/benchmarks.md, "Web terminal"): `cat` of a text file through one mux
# with 0, 1 and 8 xterm.js pages attached (headless Debian chromium, playwright-core from npm), the page counts
# taking turns in every round, then keystroke to echo with 8 pages. Builds muxactors once in Release and restores
# WebBench/node_modules from its committed lock. Not part of tests/run.sh: run it on a quiet machine.
#
# Usage: tests/MuxActors.LoadTest/run-web-benchmark.sh [--mib 50] [--rounds 3] [--pages 0,1,8] [--keys 200] [--keyPages 8]
#                                                      [--browserNice 0] [--split 1] [--deferAfterInput 0] [--chromeTrace FILE] [--idleSeconds 0] [--warmPages 0]
#                                                      [--socketPages 1] [--keyInterval 0] [--floodTrace FILE]
#   --mib 2 --rounds 1 --keys 20   a quick check that it works
#   --browserNice 10               chromium at a lower priority (as if the pages had cores of their own)
#   --split 1                      the service (with its shell) on CPU 0, chromium on CPU 1 (taskset)
#   --deferAfterInput 0            chromium without DeferRendererTasksAfterInput (a diagnosis; Chrome ships it on)
#   --idleSeconds 5                first, 8 pages left idle for 5 s, as served and with a blinking cursor
#   --warmPages 1                  the pages show 2 MiB (untimed) before each timed run: compiled, as long-open pages are
#   --chromeTrace FILE             chromium's trace (all its processes) of the first 40 keys, for chrome://tracing
#   --keyInterval 100              a key at most every 100 ms (a fast typist); 0: each key the moment the last echo shows
#   --floodTrace FILE              chromium's trace of round 0's run with the most pages (the flood)
#   --socketPages 1                the pages are WebSocket clients of the page's protocol, without a browser
#                                  (socket-pages.mjs: they acknowledge every frame at once): the service's own cost
#   (the keystroke part prints a timeline of one keystroke: the median time of each point from keydown to echo;
#    KEY_TIMES=FILE writes every key's points, on the page's wall clock, to line them up with strace -ttt)
#   PROFILE_PAGE=1                 prints the first page's JavaScript profile (top functions by self time)
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v node >/dev/null && command -v npm >/dev/null || { echo "needs node and npm" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "needs chromium (apt-get install chromium) or CHROMIUM=path" >&2; exit 1; }
dotnet build src/MuxActors.Service/MuxActors.Service.csproj -c Release -nologo -v:q
bench=tests/MuxActors.LoadTest/WebBench
if [ ! -f "$bench/node_modules/.package-lock.json" ] || [ "$bench/package-lock.json" -nt "$bench/node_modules/.package-lock.json" ]; then
  (cd "$bench" && npm ci --no-audit --no-fund --loglevel=error)
fi
dll=src/MuxActors.Service/bin/Release/net10.0/muxactors.dll
[ -f "$(dirname "$dll")/webterm/xterm.js" ] || { echo "the web page's assets were not built (npm ci in src/MuxActors.Service/Web/page)" >&2; exit 1; }
echo "command: tests/MuxActors.LoadTest/run-web-benchmark.sh${*:+ $*}; commit $(git rev-parse --short HEAD); $(nproc) cores; node $(node --version); $(${CHROMIUM:-/usr/bin/chromium} --version 2>/dev/null)"
# Node 20 has WebSocket (for --socketPages) behind a flag; 22 has it by default.
node_flags=$(node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null || echo --experimental-websocket)
exec node $node_flags "$bench/web-benchmark.mjs" --dll "$dll" "$@"
