#!/usr/bin/env bash
# The end-to-end comparison of MuxActors with socat and ser2net, in one command: raises the open-file limit (S6
# opens 10,000 client sockets, and the service inherits the limit), builds the load tool and muxactors once in
# Release, installs socat and ser2net with apt-get when missing, runs every scenario and regenerates the tables.
#
# Usage: tests/MuxActors.LoadTest/run-comparison.sh [--scenarios S1,S2,S3,S4,S5,S6] [--scale 1.0] [--output FILE]
#   --scale 0.02   a quick validation run (sizes and counts shrunk; the targets hold at scale 1)
#   --output       default docs/benchmarks-e2e.md
# Run it on a quiet machine: the figures are only as good as the cores are idle (the report records the load).
set -euo pipefail
cd "$(dirname "$0")/../.."

# S6 opens 10,000 client sockets in the tool and the service accepts as many: each process needs a limit above
# 10,000 (the service inherits ours; .NET raises its own soft limit to the hard one anyway).
want=32768
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
  ulimit -Hn "$want" 2>/dev/null || true   # only root can raise the hard limit
  hard=$(ulimit -Hn)
fi
if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then ulimit -n "$want"; else ulimit -n "$hard"; fi
if [ "$(ulimit -n)" -lt 10240 ]; then
  echo "warning: open files limited to $(ulimit -n); S6 (10,000 clients) needs about 10,100 in the tool and in the service" >&2
fi

command="tests/MuxActors.LoadTest/run-comparison.sh${*:+ $*}"
output=docs/benchmarks-e2e.md
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

dotnet build tests/MuxActors.LoadTest/MuxActors.LoadTest.csproj -c Release -nologo -v:q
export MUXACTORS_LOADTEST_COMMAND="$command"
exec dotnet run -c Release --no-build --project tests/MuxActors.LoadTest -- "${args[@]}" --output "$output"
