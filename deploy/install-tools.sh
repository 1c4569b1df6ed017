#!/usr/bin/env bash
# Packs muxactors and muxctl as .NET tools into a folder and installs them from it.
# Usage: deploy/install-tools.sh [--tool-path DIR]   (default: --global, into ~/.dotnet/tools)
#        ARTIFACTS=DIR to choose where the packages go (default ./artifacts)
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${ARTIFACTS:-artifacts}
where=(--global)
if [ "${1:-}" = --tool-path ]; then where=(--tool-path "$2"); fi
dotnet pack src/MuxActors.Service -c Release -o "$artifacts" -nologo -v:q
dotnet pack src/MuxActors.Ctl -c Release -o "$artifacts" -nologo -v:q
version=$(dotnet msbuild src/MuxActors.Ctl -getProperty:Version -nologo)
for tool in muxactors muxctl; do
  # The exact version from this folder only: a package of the same name elsewhere can't be picked instead.
  dotnet tool install "${where[@]}" --add-source "$artifacts" --version "$version" "$tool" >/dev/null 2>&1 \
    || dotnet tool update "${where[@]}" --add-source "$artifacts" --version "$version" "$tool" >/dev/null
done
echo "installed muxactors and muxctl $version (${where[*]})"
