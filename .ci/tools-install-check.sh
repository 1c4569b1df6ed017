#!/usr/bin/env bash
# CI step: muxactors and muxctl pack as .NET tools, install with dotnet tool install into a temporary folder, and
# print their version from there.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ARTIFACTS="$tmp/artifacts" deploy/install-tools.sh --tool-path "$tmp/tools"
for tool in muxctl muxactors; do
  printf '%s --version: ' "$tool"
  "$tmp/tools/$tool" --version
done
