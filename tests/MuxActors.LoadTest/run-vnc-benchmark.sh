#!/usr/bin/env bash
# The vc benchmark (issue 16; docs/benchmarks.md, "The vc text console over VNC"): keystroke to pixels with 1 and 16
# viewers on our vc and on QEMU's, bytes on the wire per screen (Raw, Hextile, ZRLE), and `cat` of a 50 MiB text
# file through a mux with a vc and 16 viewers against the same mux without it. Builds the load tool (and muxactors
# with it) once in Release. Not part of tests/run.sh: run it on a quiet machine; it prints markdown tables.
#
# Usage: tests/MuxActors.LoadTest/run-vnc-benchmark.sh [--mib 50] [--rounds 5] [--keys 200] [--viewers 16]
#                                                      [--encoding zrle|hextile|raw] [--parts keys,qemu,wire,output]
#   --mib 2 --rounds 1 --keys 20   a quick check that it works
# Needs the vc's font (Debian: console-setup-linux); QEMU's part needs qemu-system-x86_64 (Debian: qemu-system-x86)
# and is left out with a note when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

dotnet build tests/MuxActors.LoadTest/MuxActors.LoadTest.csproj -c Release -nologo -v:q
echo "command: tests/MuxActors.LoadTest/run-vnc-benchmark.sh${*:+ $*}; commit $(git rev-parse --short HEAD); $(nproc) cores; $(uptime)"
exec dotnet run -c Release --no-build --project tests/MuxActors.LoadTest -- vnc "$@"
