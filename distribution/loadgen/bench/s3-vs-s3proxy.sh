#!/usr/bin/env bash
# Copyright The Cairn authors.
# SPDX-License-Identifier: Apache-2.0
#
# Cairn (one node, four drive folders) against S3Proxy (filesystem backend) on this machine, interleaved in one
# run: for every object size and concurrency, PUT then GET on Cairn, then the same on S3Proxy. Prints the
# loadgen RESULT lines and a Markdown table of the ratios (Cairn / S3Proxy).
#
#   s3-vs-s3proxy.sh CAIRN_HOME LOADGEN_JAR S3PROXY_JAR [WORK_DIR]
#
# Both servers run on the JVM, whose JIT compiler takes tens of seconds of load to settle; before the measured
# cells each server gets the same warm-up (PUT and GET of 4 KiB and 1 MiB objects at concurrency 8, WARMUP each,
# into a bucket of its own), so that the table compares compiled servers rather than their compilers.
#
# Environment: SIZES (default "4KiB 1MiB 64MiB"), CONCURRENCY (default "1 8 32"), DURATION (default 10s),
# WARMUP (default 8s per warm-up step, 0 for none), CAIRN_PORT (19124), S3PROXY_PORT (19200), JAVA (java on
# PATH; Cairn, S3Proxy and the load generator all run on it, so that neither server gets a newer JIT compiler or
# garbage collector than the other), CAIRN_JAVA_OPTS (passed to the node), PAYLOAD (how PUT bodies are sent, the
# load generator's --payload: unsigned (default) | signed | streaming-signed | streaming-unsigned; the AWS SDK for
# Java v2 sends streaming-signed to an http:// endpoint).
set -euo pipefail

cairn_home="$1"
loadgen_jar="$2"
s3proxy_jar="$3"
work="${4:-$(mktemp -d)}"
sizes="${SIZES:-4KiB 1MiB 64MiB}"
concurrency="${CONCURRENCY:-1 8 32}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-8s}"
cairn_port="${CAIRN_PORT:-19124}"
s3proxy_port="${S3PROXY_PORT:-19200}"
java="${JAVA:-java}"
payload="${PAYLOAD:-unsigned}"
user=bench-admin
password=bench-password-0123456789

mkdir -p "$work/cairn" "$work/s3proxy/data"
cat > "$work/s3proxy/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3proxy_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$user
s3proxy.credential=$password
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3proxy/data
CONF

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

java_path="$(command -v "$java")"
(cd "$work/cairn" && CAIRN_JAVA="$java_path" CAIRN_ROOT_USER=$user CAIRN_ROOT_PASSWORD=$password \
  exec "$cairn_home/bin/cairn" server --address "127.0.0.1:$cairn_port" ./d{1...4} > node.log 2>&1) &
pids+=($!)
"$java" -jar "$s3proxy_jar" --properties "$work/s3proxy/s3proxy.conf" > "$work/s3proxy/s3proxy.log" 2>&1 &
pids+=($!)

# wait_for URL [STATUS]: until URL answers STATUS, or anything when no STATUS is given
wait_for() {
  for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)"
    if [ -n "${2:-}" ]; then [ "$code" = "$2" ] && return 0; else [ "$code" != "000" ] && return 0; fi
    sleep 0.5
  done
  echo "no answer${2:+ $2} from $1" >&2
  exit 1
}
# Ready, not only listening: the node answers 503 to S3 requests until its object store is up.
wait_for "http://127.0.0.1:$cairn_port/minio/health/ready" 200
wait_for "http://127.0.0.1:$s3proxy_port/"

results="$work/results.txt"
: > "$results"
loadgen() { # endpoint bucket mode size concurrency duration
  "$java" -cp "$loadgen_jar" io.cairn.loadgen.Main --endpoint "$1" --access-key "$user" --secret-key "$password" \
    --bucket "$2" --mode "$3" --size "$4" --concurrency "$5" --duration "$6" --payload "$payload"
}
run() { # name endpoint mode size concurrency
  local line
  line="$(loadgen "$2" "bench-$(echo "$4" | tr 'A-Z' 'a-z')" "$3" "$4" "$5" "$duration" | grep '^RESULT' | tail -n 1)"
  echo "$1 $3 $4 c=$5 $line" | tee -a "$results"
}
if [ "$warmup" != "0" ] && [ "$warmup" != "0s" ]; then
  for endpoint in "http://127.0.0.1:$cairn_port" "http://127.0.0.1:$s3proxy_port"; do
    for size in 4KiB 1MiB; do
      for mode in put get; do
        loadgen "$endpoint" warmup "$mode" "$size" 8 "$warmup" > /dev/null
      done
    done
    echo "warmed up $endpoint"
  done
fi
for size in $sizes; do
  for c in $concurrency; do
    for mode in put get; do
      run cairn "http://127.0.0.1:$cairn_port" "$mode" "$size" "$c"
      run s3proxy "http://127.0.0.1:$s3proxy_port" "$mode" "$size" "$c"
    done
  done
done

echo
echo "| op | size | concurrency | Cairn ops/s | S3Proxy ops/s | Cairn MiB/s | S3Proxy MiB/s | ratio | Cairn p50 ms | S3Proxy p50 ms |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk '
  function field(name,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } }
  { key = $2 " " $3 " " $4; ops[$1, key] = field("ops/s"); mib[$1, key] = field("MiB/s"); p50[$1, key] = field("p50ms");
    if (!(key in seen)) { seen[key] = 1; order[n++] = key } }
  END { for (i = 0; i < n; i++) { split(order[i], k, " "); key = order[i];
    ratio = (ops["s3proxy", key] > 0) ? sprintf("%.2f", ops["cairn", key] / ops["s3proxy", key]) : "n/a";
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", k[1], k[2], substr(k[3], 3),
      ops["cairn", key], ops["s3proxy", key], mib["cairn", key], mib["s3proxy", key], ratio,
      p50["cairn", key], p50["s3proxy", key] } }' "$results"
