#!/usr/bin/env bash
# The main job: sets the machine up, then runs the embedded cluster's demo.
# Until the call demo exists, the demo is the runtime benchmark, briefly: two silo processes on
# PostgreSQL, requests, frame streams, and failover after kill -9 and SIGSTOP (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
dotnet build src/CallCluster.Host -c Release -nologo -v q
dotnet src/CallCluster.Host/bin/Release/net10.0/callcluster.dll --help
dotnet src/CallCluster.Host/bin/Release/net10.0/callcluster.dll bench runtime --silos 2 --quick
