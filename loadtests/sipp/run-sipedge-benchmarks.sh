#!/usr/bin/env bash
# SIPp benchmarks of the SIP edge (tests/CallCluster.Edge.Tests/Sip/SipEdgeLoadBenchmarks.cs, explicit tests), Release build:
#   stepped call rate 50 -> 300 calls/s then 60 s at 300, and 500 concurrent calls with RTP both ways for 60 s.
# Each run is bounded (SIPp -m and -timeout, a wait deadline, SIPp killed at the end). Figures are appended to
# $CALLCLUSTER_BENCH_OUT (default /tmp/sipedge-bench.md) with date and load average, SIPp's error/screen/stat logs are
# kept in sipedge-sipp-<run>-<time>/ next to it; copy the figures to docs/benchmarks-sip.md.
# On a shared machine set CALLCLUSTER_BENCH_MAX_LOAD (e.g. 3) to wait, up to 30 minutes, for the 1-minute load average
# to drop below it before each run: the figures measure the edge, not the neighbours.
# CALLCLUSTER_BENCH_REALTIME_PRIORITY sets the playout threads' SCHED_FIFO priority (0: nice -10; default: the edge's).
# Usage: loadtests/sipp/run-sipedge-benchmarks.sh [rate|concurrent|all]
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-all}
dotnet build tests/CallCluster.Edge.Tests -c Release
dll=tests/CallCluster.Edge.Tests/bin/Release/net10.0/CallCluster.Edge.Tests.dll
class=CallCluster.Edge.Tests.Sip.SipEdgeLoadBenchmarks
case "$which" in
  rate) tests=(Stepped_call_rate_up_to_300_per_second_for_60_seconds) ;;
  concurrent) tests=(Five_hundred_concurrent_calls_with_rtp_both_ways_for_60_seconds) ;;
  *) tests=(Five_hundred_concurrent_calls_with_rtp_both_ways_for_60_seconds Stepped_call_rate_up_to_300_per_second_for_60_seconds) ;;
esac
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 500 calls hold 1000 RTP/RTCP sockets

wait_for_quiet() {
  local limit=${CALLCLUSTER_BENCH_MAX_LOAD:-} deadline=$((SECONDS + 1800)) load
  [ -n "$limit" ] || return 0
  while load=$(cut -d' ' -f1 /proc/loadavg) && ! awk -v l="$load" -v m="$limit" 'BEGIN { exit !(l < m) }'; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "load average still $load after 30 minutes; running anyway" >&2
      return 0
    fi
    sleep 10
  done
}

status=0
for test in "${tests[@]}"; do
  wait_for_quiet
  dotnet exec "$dll" -method "$class.$test" -explicit only -diagnostics || status=$?
done
cat "${CALLCLUSTER_BENCH_OUT:-/tmp/sipedge-bench.md}"
exit "$status"
