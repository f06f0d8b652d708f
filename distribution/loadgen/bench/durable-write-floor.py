#!/usr/bin/env python3
# Copyright The Cairn authors.
# SPDX-License-Identifier: Apache-2.0
#
# The file-system floor of a durable erasure-coded PUT, without Cairn: per object and per drive folder (four, in
# parallel threads) the same file-system steps a PUT on four drives takes — create the object directory; for a
# body that is not inline, a temp data directory with one shard file written and fsync'd, renamed into the
# object directory; a metadata temp file written and fsync'd, renamed into the object directory; the object
# directory fsync'd. CONCURRENCY objects are written at a time (default 1: one after another).
#
#   durable-write-floor.py WORK_DIR SHARD_BYTES COUNT [CONCURRENCY]
#
# SHARD_BYTES 0 stands for an inline object (metadata only); 524288 for a 1 MiB object on EC 2+2.
import os
import sys
import threading
import time
import uuid

DRIVES = 4


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path, data):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def put_one(root, key, shard, meta):
    objdir = os.path.join(root, "bucket", key)
    os.makedirs(objdir)
    if shard:
        datadir = os.path.join(root, "tmp", key)
        os.makedirs(datadir)
        write_file(os.path.join(datadir, "part.1"), shard)
        os.rename(datadir, os.path.join(objdir, "data"))
    tmp = os.path.join(root, "tmp", key + ".meta")
    write_file(tmp, meta)
    os.rename(tmp, os.path.join(objdir, "meta"))
    fsync_dir(objdir)


def main():
    work, shard_bytes, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    concurrency = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    roots = [os.path.join(work, "d%d" % d) for d in range(DRIVES)]
    for root in roots:
        os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
        os.makedirs(os.path.join(root, "bucket"), exist_ok=True)
    shard = os.urandom(shard_bytes) if shard_bytes else None
    meta = os.urandom(600)
    latencies = []
    lock = threading.Lock()

    def put_objects(n):
        for _ in range(n):
            key = uuid.uuid4().hex
            start = time.perf_counter()
            threads = [threading.Thread(target=put_one, args=(root, key, shard, meta)) for root in roots]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            with lock:
                latencies.append(time.perf_counter() - start)

    workers = [threading.Thread(target=put_objects, args=(count // concurrency + (1 if w < count % concurrency else 0),))
               for w in range(concurrency)]
    began = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    total = sum(latencies)
    print("shard_bytes=%d objects=%d concurrency=%d ops/s=%.1f mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f" % (
        shard_bytes, count, concurrency, count / elapsed, total / count * 1000, latencies[count // 2] * 1000,
        latencies[min(count - 1, count * 99 // 100)] * 1000))


if __name__ == "__main__":
    main()
