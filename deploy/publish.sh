#!/usr/bin/env bash
# A framework-dependent build of muxactors (and muxctl) for the systemd unit: deploy/muxactors.service runs the
# apphost /opt/muxactors/muxactors; the host needs the .NET 10 runtime with ASP.NET Core.
# Usage: deploy/publish.sh [OUTPUT]   (default /opt/muxactors)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/opt/muxactors}
dotnet publish src/MuxActors.Service -c Release -o "$out" --self-contained false -nologo -v:q
dotnet publish src/MuxActors.Ctl -c Release -o "$out" --self-contained false -nologo -v:q
install -m 0644 README.md "$out/README.md"
echo "published to $out: $out/muxactors --version prints $("$out/muxactors" --version)"
