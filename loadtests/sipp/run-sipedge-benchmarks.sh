#!/usr/bin/env bash
# SIPp benchmarks of the SIP edge (tests/CallCluster.Edge.Tests/Sip/SipEdgeLoadBenchmarks.cs, explicit tests):
#   stepped call rate 50 -> 300 calls/s then 60 s at 300, and 500 concurrent calls with RTP both ways for 60 s.
# Each run is bounded (SIPp -m and -timeout, a wait deadline, SIPp killed at the end). Figures go to
# $CALLCLUSTER_BENCH_OUT (default /tmp/sipedge-bench.md) with date and load average; copy them to docs/benchmarks-sip.md.
# Usage: loadtests/sipp/run-sipedge-benchmarks.sh [rate|concurrent|all]
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-all}
dotnet build tests/CallCluster.Edge.Tests -c Release
dll=tests/CallCluster.Edge.Tests/bin/Release/net10.0/CallCluster.Edge.Tests.dll
class=CallCluster.Edge.Tests.Sip.SipEdgeLoadBenchmarks
case "$which" in
  rate) filter=(-method "$class.Stepped_call_rate_up_to_300_per_second_for_60_seconds") ;;
  concurrent) filter=(-method "$class.Five_hundred_concurrent_calls_with_rtp_both_ways_for_60_seconds") ;;
  *) filter=(-class "$class") ;;
esac
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 500 calls hold 1000 RTP/RTCP sockets
dotnet exec "$dll" "${filter[@]}" -explicit only -diagnostics
cat "${CALLCLUSTER_BENCH_OUT:-/tmp/sipedge-bench.md}"
