#!/usr/bin/env bash
# Copyright The Cairn authors.
# SPDX-License-Identifier: Apache-2.0
#
# Lock fairness on one hot key: one Cairn node with four drive folders, then a four-node cluster on loopback (one
# drive per node), each under two loads from hot-key.py: writers only (40 threads PUT one 4 KiB key), and a mixed
# load (8 writers and 16 readers on one key). Cluster workers are spread over the four nodes.
#
#   hot-key.sh CAIRN_HOME [WORK_DIR]
#
# Environment: SECONDS_PER_RUN (30), BASE_PORT (19400: the single node on BASE_PORT, the cluster on
# BASE_PORT+1..4), SEED (1), CAIRN_JAVA_OPTS (passed to the nodes). Needs python3 with boto3.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cairn_home="$(cd "$1" && pwd)"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
seconds="${SECONDS_PER_RUN:-30}"
base_port="${BASE_PORT:-19400}"
seed="${SEED:-1}"
export CAIRN_ROOT_USER=bench-admin CAIRN_ROOT_PASSWORD=bench-password-0123456789

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  pids=()
}
trap cleanup EXIT

wait_ready() {
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/minio/health/ready" || true)" = 200 ] && return 0
    sleep 0.5
  done
  echo "not ready: $1" >&2
  exit 1
}

loads() { # setup endpoints
  python3 "$here/hot-key.py" --endpoints "$2" --writers 40 --readers 0 --seconds "$seconds" --seed "$seed" \
    --bucket hot-writers | sed "s/^RESULT/$1 writers-only/"
  python3 "$here/hot-key.py" --endpoints "$2" --writers 8 --readers 16 --seconds "$seconds" --seed "$seed" \
    --bucket hot-mixed | sed "s/^RESULT/$1 mixed/"
}

rm -rf "$work/single" "$work/cluster"
mkdir -p "$work/single"
(cd "$work/single" && exec "$cairn_home/bin/cairn" server --address "127.0.0.1:$base_port" ./d{1...4} \
  > node.log 2>&1 < /dev/null) &
pids+=($!)
wait_ready "http://127.0.0.1:$base_port"
loads single "http://127.0.0.1:$base_port"
cleanup

endpoints=()
urls=()
for i in 1 2 3 4; do
  endpoints+=("http://127.0.0.1:$((base_port + i))$work/cluster/n$i/d1")
  urls+=("http://127.0.0.1:$((base_port + i))")
done
for i in 1 2 3 4; do
  mkdir -p "$work/cluster/n$i"
  (cd "$work/cluster/n$i" && exec "$cairn_home/bin/cairn" server --address "127.0.0.1:$((base_port + i))" \
    "${endpoints[@]}" > node.log 2>&1 < /dev/null) &
  pids+=($!)
done
for url in "${urls[@]}"; do
  wait_ready "$url"
done
spread="$(IFS=,; echo "${urls[*]}")"
loads cluster-four "$spread"
