#!/usr/bin/env bash
# A multi-process cluster on this machine: PostgreSQL (scripts/setup.sh), SILOS silo processes and one edge.
#   infra/local/start-cluster.sh            # 2 silos, edge SIP on 127.0.0.1:5080, admin on 8080 (edge), 8081.. (silos)
#   SILOS=3 OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 infra/local/start-cluster.sh
# Ctrl+C sends SIGTERM to every node: silos drain (--grace) and leave membership, the edge hangs up its calls.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/setup.sh >/dev/null

silos=${SILOS:-2}
cluster=${CLUSTER_ID:-local}
grace=${GRACE:-00:00:10}
logs=artifacts/local-cluster
mkdir -p "$logs"

database=callcluster_local
psql "$CALLCLUSTER_TEST_POSTGRES" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql "$CALLCLUSTER_TEST_POSTGRES" -c "CREATE DATABASE $database" >/dev/null
export CALLCLUSTER_POSTGRES="${CALLCLUSTER_TEST_POSTGRES/Database=postgres/Database=$database}"

dotnet build src/CallCluster.Host -nologo -v q
bin=src/CallCluster.Host/bin/Debug/net10.0/callcluster.dll

pids=()
stop() {
  echo "stopping: SIGTERM to ${pids[*]}"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

for i in $(seq 1 "$silos"); do
  dotnet "$bin" silo --cluster-id "$cluster" --port 0 --http "127.0.0.1:$((8080 + i))" --grace "$grace" \
    --evidence-dir artifacts/evidence >"$logs/silo-$i.log" 2>&1 &
  pids+=($!)
  echo "silo $i: pid $!, admin http://127.0.0.1:$((8080 + i)), log $logs/silo-$i.log"
done

dotnet "$bin" edge --cluster-id "$cluster" --sip 127.0.0.1:5080 --http 127.0.0.1:8080 >"$logs/edge.log" 2>&1 &
pids+=($!)
echo "edge: pid $!, SIP udp/tcp 127.0.0.1:5080, admin http://127.0.0.1:8080, log $logs/edge.log"

for port in 8080 $(seq 8081 $((8080 + silos))); do
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 1; done
done
echo "ready: curl http://127.0.0.1:8080/api/silos ; call sip:agent@127.0.0.1:5080 ; Ctrl+C to stop"
wait
