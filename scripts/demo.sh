#!/usr/bin/env bash
# The main job: sets the machine up, then runs the embedded cluster's demo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
dotnet build src/CallCluster.Host -c Release -nologo -v q
dotnet src/CallCluster.Host/bin/Release/net10.0/callcluster.dll --help
