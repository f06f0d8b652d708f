#!/usr/bin/env python3
# Copyright The Cairn authors.
# SPDX-License-Identifier: Apache-2.0
"""Many threads on one key: writers PUT it, readers GET it, spread over the given endpoints.

    hot-key.py --endpoints URL[,URL...] [--writers 40] [--readers 0] [--seconds 30] [--size 4096] [--seed 1]

Worker i talks to endpoint i mod n. Requests are not retried (a 503 is counted, not hidden). Prints one RESULT line:
PUT and GET counts, p50/p99/max latency in ms, the number of 503 answers and of other errors.
Credentials from CAIRN_ROOT_USER / CAIRN_ROOT_PASSWORD.
"""
import argparse
import os
import random
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def percentile(sorted_ms, p):
    if not sorted_ms:
        return 0.0
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoints", required=True)
    ap.add_argument("--writers", type=int, default=40)
    ap.add_argument("--readers", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bucket", default="hot")
    ap.add_argument("--key", default="the-key")
    a = ap.parse_args()
    endpoints = a.endpoints.split(",")
    cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=120,
                 max_pool_connections=4, s3={"addressing_style": "path"})

    def client(i):
        return boto3.session.Session().client(
            "s3", endpoint_url=endpoints[i % len(endpoints)], region_name="us-east-1", config=cfg,
            aws_access_key_id=os.environ["CAIRN_ROOT_USER"], aws_secret_access_key=os.environ["CAIRN_ROOT_PASSWORD"])

    setup = client(0)
    try:
        setup.create_bucket(Bucket=a.bucket)
    except ClientError as e:
        if e.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    rng = random.Random(a.seed)
    body = bytes(rng.getrandbits(8) for _ in range(a.size))
    setup.put_object(Bucket=a.bucket, Key=a.key, Body=body)

    results = {"PUT": [], "GET": []}
    errors = {"503": 0, "other": 0}
    guard = threading.Lock()
    start = threading.Barrier(a.writers + a.readers + 1)
    stop_at = [0.0]

    def worker(i, op):
        c = client(i)
        start.wait()
        while time.monotonic() < stop_at[0]:
            t0 = time.monotonic()
            status = 200
            try:
                if op == "PUT":
                    c.put_object(Bucket=a.bucket, Key=a.key, Body=body)
                else:
                    c.get_object(Bucket=a.bucket, Key=a.key)["Body"].read()
            except ClientError as e:
                status = e.response["ResponseMetadata"].get("HTTPStatusCode", 0)
            except Exception:
                status = 0
            ms = (time.monotonic() - t0) * 1000
            with guard:
                if status == 200:
                    results[op].append(ms)
                elif status == 503:
                    errors["503"] += 1
                else:
                    errors["other"] += 1

    threads = [threading.Thread(target=worker, args=(i, "PUT")) for i in range(a.writers)]
    threads += [threading.Thread(target=worker, args=(a.writers + i, "GET")) for i in range(a.readers)]
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + a.seconds
    start.wait()
    for t in threads:
        t.join()
    parts = ["RESULT", "endpoints=%d" % len(endpoints), "writers=%d" % a.writers, "readers=%d" % a.readers]
    for op in ("PUT", "GET"):
        ms = sorted(results[op])
        parts.append("%s=%d %s/s=%.1f %s_p50=%.0f %s_p99=%.0f %s_max=%.0f" % (
            op, len(ms), op, len(ms) / a.seconds, op, percentile(ms, 0.5), op, percentile(ms, 0.99), op,
            ms[-1] if ms else 0))
    parts.append("503s=%d other_errors=%d" % (errors["503"], errors["other"]))
    print(" ".join(parts), flush=True)


if __name__ == "__main__":
    main()
