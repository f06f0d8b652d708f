#!/usr/bin/env bash
# Copyright The Cairn authors.
# SPDX-License-Identifier: Apache-2.0
#
# Heal rate of a wiped drive: one node on four drive folders (EC:2) is filled with 1 MiB and 64 MiB objects, one
# drive folder is removed, and the fresh-drive heal refills it — once on an idle node, once while the load
# generator runs mixed traffic against the node. For reference, the same bytes are copied with cp on the same
# file system. Prints one line per run and a Markdown table.
#
#   heal-rate.sh CAIRN_HOME [WORK_DIR]
#
# Environment: SMALL (1 MiB objects, default 2048), LARGE (64 MiB objects, default 32), PORT (19300),
# LOAD_CONCURRENCY (8), CAIRN_JAVA_OPTS (passed to the node).
set -euo pipefail

home="$1"
work="${2:-$(mktemp -d)}"
small="${SMALL:-2048}"
large="${LARGE:-32}"
port="${PORT:-19300}"
load_concurrency="${LOAD_CONCURRENCY:-8}"
export CAIRN_ROOT_USER=bench-admin CAIRN_ROOT_PASSWORD=bench-password-0123456789
endpoint="http://127.0.0.1:$port"

mkdir -p "$work/node"
cp -r "$home" "$work/home"
cat > "$work/home/conf/io.cairn.heal.cfg" <<CONF
scannerEnabled = false
freshDriveCheckMs = 500
maxBytesPerSecond = 0
healWorkers = 2
CONF

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

(cd "$work/node" && exec "$work/home/bin/cairn" server --address "127.0.0.1:$port" ./d{1...4} > node.log 2>&1) &
pid=$!
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$endpoint/minio/health/ready" || true)" = 200 ] && break
  sleep 0.5
done

bench() { "$work/home/bin/cairn" bench --endpoint "$endpoint" "$@"; }
status() { "$work/home/bin/cairn" admin --address "127.0.0.1:$port" heal status --json 2>/dev/null | grep '^{'; }

bench --mode get --size 1MiB --objects "$small" --duration 1s --keep --bucket heal-small > "$work/fill-small.txt"
bench --mode get --size 64MiB --objects "$large" --duration 1s --keep --bucket heal-large > "$work/fill-large.txt"
drive_bytes=$(du -sb "$work/node/d2" | cut -f1)

# Reference: copy the drive's content on the same file system.
sync
start=$(date +%s.%N)
cp -r "$work/node/d2" "$work/copy" && sync
end=$(date +%s.%N)
rm -rf "$work/copy"
cp_rate=$(python3 -c "print(round($drive_bytes / 1048576 / ($end - $start), 1))")
echo "drive holds $((drive_bytes / 1048576)) MiB; cp of it: $cp_rate MiB/s"

cat > "$work/heal.py" <<'PY'
import json, sys
from datetime import datetime

def finished(status):
    return [t for t in status["tasks"] if t["kind"] == "drive" and t["finished"] and t["objectsTotal"] > 0]

def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))

mode = sys.argv[1]
try:
    status = json.load(sys.stdin)
except ValueError:
    status = {"tasks": []}
if mode == "count":
    print(len(finished(status)))
else:
    label, drive_bytes = sys.argv[2], int(sys.argv[3])
    t = finished(status)[-1]
    secs = (when(t["finished"]) - when(t["started"])).total_seconds()
    mib = 1048576
    print("%s: %d objects, %.0f MiB of objects in %.1f s, failed %d" % (label, t["objectsDone"],
          t["bytesDone"] / mib, secs, t["failed"]))
    print("HEAL %s seconds=%.3f driveMiB/s=%.1f objectMiB/s=%.1f" % (label, secs, drive_bytes / mib / secs,
          t["bytesDone"] / mib / secs))
PY

heal_once() { # $1 = label; wipes d2, waits for the next finished drive heal and prints its figures
  local before line
  before=$(status | python3 "$work/heal.py" count)
  # Writes racing with the removal can recreate directories inside it: remove again until it is gone.
  until rm -rf "$work/node/d2" 2>/dev/null && [ ! -e "$work/node/d2" ]; do :; done
  while :; do
    line=$(status || true)
    [ "$(echo "$line" | python3 "$work/heal.py" count)" -gt "$before" ] && break
    sleep 1
  done
  echo "$line" | python3 "$work/heal.py" report "$1" "$drive_bytes"
}

heal_once idle | tee "$work/heal-idle.txt"
idle_secs=$(sed -n 's/^HEAL idle seconds=\([0-9.]*\).*/\1/p' "$work/heal-idle.txt")
load_secs=$(python3 -c "print(int($idle_secs * 2) + 15)")
bench --mode mixed --size 1MiB --concurrency "$load_concurrency" --duration 20s --bucket heal-load > "$work/load-alone.txt"
bench --mode mixed --size 1MiB --concurrency "$load_concurrency" --duration "${load_secs}s" --bucket heal-load \
  > "$work/load-during.txt" &
load=$!
sleep 5
heal_once loaded | tee "$work/heal-loaded.txt"
wait "$load" || true

echo "client load alone:  $(grep RESULT "$work/load-alone.txt" | head -3 | tr '\n' ' ')"
echo "client load during: $(grep RESULT "$work/load-during.txt" | head -3 | tr '\n' ' ')"
