#!/usr/bin/env bash
# The main job: sets the machine up, builds, and runs `callcluster demo`: the embedded one-process cluster
# (edge + silo + the default agent) placing scripted voice calls across the agent's paths, ending with a
# table of outcomes and turn-latency percentiles. Extra arguments go to the demo (e.g. --calls 12 --json).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
dotnet build src/CallCluster.Host -c Release -nologo -v q
dotnet src/CallCluster.Host/bin/Release/net10.0/callcluster.dll demo "$@"
