#!/usr/bin/env bash
# Copyright The Cairn authors.
# SPDX-License-Identifier: Apache-2.0
#
# A four-node Cairn cluster on loopback (one drive per node, one erasure set of four, EC 2+2) against one Cairn
# node with four drive folders (the same set shape on one machine), in one run. For every object size and mode
# (PUT, then GET), the load generator runs against the single node, against the cluster through one node, and
# against the cluster spread over all four nodes (worker i talks to node i mod 4). For the cluster runs the script
# also counts the bytes the nodes send each other during the measured phase (TCP payload of the connections the
# nodes open to each other, from `cairn:peers`), and prints them per client byte.
#
#   cluster-vs-single.sh CAIRN_HOME LOADGEN_JAR [WORK_DIR]
#
# Environment: SIZES (default "1MiB 64MiB"), MODES ("put get"), CONCURRENCY (8), DURATION (20s), WARMUP (15s),
# BASE_PORT (19300: the single node on BASE_PORT, the cluster on BASE_PORT+1..4), JAVA (java on PATH),
# CAIRN_JAVA_OPTS (passed to the nodes).
set -euo pipefail

cairn_home="$(cd "$1" && pwd)"
loadgen_jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
work="${3:-$(mktemp -d)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
sizes="${SIZES:-1MiB 64MiB}"
modes="${MODES:-put get}"
concurrency="${CONCURRENCY:-8}"
duration="${DURATION:-20s}"
base_port="${BASE_PORT:-19300}"
java="${JAVA:-java}"
export CAIRN_ROOT_USER=bench-admin CAIRN_ROOT_PASSWORD=bench-password-0123456789

single_port=$base_port
cluster_ports=()
endpoints=()
for i in 1 2 3 4; do
  cluster_ports+=($((base_port + i)))
  endpoints+=("http://127.0.0.1:$((base_port + i))$work/cluster/n$i/d1")
done

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$work/single"
(cd "$work/single" && exec "$cairn_home/bin/cairn" server --address "127.0.0.1:$single_port" ./d{1...4} \
  > node.log 2>&1 < /dev/null) &
pids+=($!)
for i in 1 2 3 4; do
  mkdir -p "$work/cluster/n$i"
  (cd "$work/cluster/n$i" && exec "$cairn_home/bin/cairn" server --address "127.0.0.1:${cluster_ports[$((i - 1))]}" \
    "${endpoints[@]}" > node.log 2>&1 < /dev/null) &
  pids+=($!)
done

wait_ready() {
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/minio/health/ready" || true)" = 200 ] && return 0
    sleep 0.5
  done
  echo "not ready: $1" >&2
  exit 1
}
wait_ready "http://127.0.0.1:$single_port"
for port in "${cluster_ports[@]}"; do
  wait_ready "http://127.0.0.1:$port"
done

# Samples the traffic between the cluster nodes: `cairn:peers` on every node prints the bytes its peer client sent
# and received (TCP payload of the connections it opened; each connection is opened by one node). The load
# generator runs this with "start" just before and "end" just after the measured phase (--around).
cat > "$work/sample.sh" <<SAMPLE
#!/usr/bin/env bash
set -euo pipefail
for port in ${cluster_ports[*]}; do
  "$cairn_home/bin/cairn" admin --address "127.0.0.1:\$port" cairn:peers > "$work/peers-\$port-\$1.txt" &
done
wait
cat "$work"/peers-*-"\$1".txt | awk '\$1 == "total" { s += \$2 + \$3 } END { printf "%.0f\\n", s }' > "$work/sample-\$1"
SAMPLE
chmod +x "$work/sample.sh"

results="$work/results.txt"
: > "$results"
run() { # setup mode size endpoints [duration]
  local result="" line bytes=0 around=()
  rm -f "$work/sample-start" "$work/sample-end"
  [ "$1" = single ] || around=(--around "$work/sample.sh")
  while IFS= read -r line; do
    case "$line" in
      RESULT*) result="$line" ;;
      error:*) echo "  $1 $2 $3: $line" >&2 ;;
    esac
  done < <("$java" -cp "$loadgen_jar" io.cairn.loadgen.Main --endpoint "$4" \
    --bucket "bench-$(echo "$3" | tr 'A-Z' 'a-z')" --mode "$2" --size "$3" --concurrency "$concurrency" \
    --duration "${5:-$duration}" "${around[@]}" 2>&1)
  if [ -f "$work/sample-end" ]; then
    bytes=$(( $(cat "$work/sample-end") - $(cat "$work/sample-start") ))
  fi
  echo "$1 $2 $3 internode=$bytes $result"
}
spread="$(printf 'http://127.0.0.1:%s,' "${cluster_ports[@]}")"
# Warm-up (not reported): the JIT compiles the data path of every node before anything is measured.
run single put 1MiB "http://127.0.0.1:$single_port" "${WARMUP:-15s}" > /dev/null
run cluster-four put 1MiB "${spread%,}" "${WARMUP:-15s}" > /dev/null
for size in $sizes; do
  for mode in $modes; do
    run single "$mode" "$size" "http://127.0.0.1:$single_port" | tee -a "$results"
    run cluster-one "$mode" "$size" "http://127.0.0.1:${cluster_ports[0]}" | tee -a "$results"
    run cluster-four "$mode" "$size" "${spread%,}" | tee -a "$results"
  done
done

echo
echo "| op | size | setup | ops/s | MiB/s | p50 ms | p99 ms | errors | inter-node bytes per client byte |"
echo "|---|---|---|---|---|---|---|---|---|"
awk '
  function field(name,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } }
  function bytes(size) {
    if (size ~ /MiB$/) return substr(size, 1, length(size) - 3) * 1048576
    if (size ~ /KiB$/) return substr(size, 1, length(size) - 3) * 1024
    return size
  }
  { client = field("ops") * bytes($3); inter = field("internode");
    ratio = ($1 == "single") ? "-" : (client > 0 ? sprintf("%.2f", inter / client) : "n/a");
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", toupper($2), $3, $1, field("ops/s"), field("MiB/s"),
      field("p50ms"), field("p99ms"), field("errors"), ratio }' "$results"
