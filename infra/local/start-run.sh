#!/usr/bin/env bash
# The one-process cluster (silo + edge, in-memory store) with the default agent: call sip:agent@127.0.0.1:5080
# with any softphone (baresip, linphone) or SIPp; evidence packages land in ./evidence.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run --project src/CallCluster.Host -- run "$@"
