#!/usr/bin/env bash
# The main job: sets the machine up, then runs the embedded cluster's demo: scripted voice calls through the default
# agent, a table of outcomes and turn-latency percentiles (pass --json for JSON), exit code 1 if any call failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
dotnet build src/CallCluster.Host -c Release -nologo -v q
exec dotnet src/CallCluster.Host/bin/Release/net10.0/callcluster.dll demo "$@"
