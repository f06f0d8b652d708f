/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;

/**
 * A seeded random schedule of puts, gets, deletes and listings over fault-injecting drives (offline drives,
 * corrupted reads, failing writes and commits, restarts), checking invariants after every step:
 * <ul>
 * <li>a successful read returns exactly a value the object may have (acknowledged, or old after a failed write),
 * never corrupt bytes and never the value of a failed write;</li>
 * <li>a missing object is reported only when absence is allowed, a quorum error only while faults are active;</li>
 * <li>with no faults active every definitely present object is listed and nothing absent is;</li>
 * <li>no temporary files remain after an operation on healthy drives.</li>
 * </ul>
 * Run with {@code -Dcairn.sim.seed=<seed>} to replay a failure.
 */
class SimulationTest {

    private static final int STEPS = 250;
    private static final String ABSENT = "<absent>";

    @TempDir
    Path tmp;

    @Test
    void randomScheduleKeepsInvariants() throws Exception {
        String fixed = System.getProperty("cairn.sim.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : 20261205L;
        try {
            run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("simulation failed; replay with -Dcairn.sim.seed=" + seed + ": " + e, e);
        }
    }

    private void run(long seed) throws Exception {
        Random rnd = new Random(seed);
        try (TestCluster c = new TestCluster(tmp, 2, 4, TestCluster.small())) {
            c.layer.makeBucket("sim", BucketOptions.DEFAULT);
            Map<String, Set<String>> allowed = new HashMap<>();
            String[] keys = {"a", "b/c", "b/d", "e", "f/g/h"};
            for (int step = 0; step < STEPS; step++) {
                int op = rnd.nextInt(100);
                String key = keys[rnd.nextInt(keys.length)];
                Set<String> states = allowed.computeIfAbsent(key, k -> new HashSet<>(Set.of(ABSENT)));
                String ctx = "step " + step + " key " + key;
                if (op < 12) {
                    injectFault(c, rnd);
                } else if (op < 20) {
                    healAll(c, rnd);
                } else if (op < 50) {
                    String value = step + ":" + rnd.nextInt(1000);
                    byte[] body = body(value, rnd.nextInt(4) == 0 ? rnd.nextInt(300_000) : rnd.nextInt(6000));
                    try {
                        c.put("sim", key, body);
                        states.clear();
                        states.add(value);
                    } catch (ObjectStoreException e) {
                        assertTrue(faulty(c), ctx + ": write failed without faults: " + e);
                        states.add(ABSENT);
                    }
                } else if (op < 58) {
                    try {
                        c.layer.deleteObject("sim", key);
                        states.clear();
                        states.add(ABSENT);
                    } catch (ObjectStoreException e) {
                        assertTrue(faulty(c), ctx + ": delete failed without faults: " + e);
                        states.add(ABSENT);
                    }
                } else if (op < 90) {
                    checkRead(c, key, states, ctx);
                } else {
                    checkListing(c, allowed, ctx);
                }
                if (!faulty(c)) {
                    assertEquals(0, c.tempFiles(), ctx + ": temporary files left");
                }
            }
            healAll(c, new Random(seed));
            for (String key : keys) {
                checkRead(c, key, allowed.computeIfAbsent(key, k -> new HashSet<>(Set.of(ABSENT))), "final " + key);
            }
            checkListing(c, allowed, "final");
        }
    }

    private static void injectFault(TestCluster c, Random rnd) {
        FaultyDrive d = c.drives.get(rnd.nextInt(c.drives.size()));
        switch (rnd.nextInt(4)) {
            case 0 -> d.offline = true;
            case 1 -> d.flipShardReads = true;
            case 2 -> d.failCommit = true;
            default -> d.failWritesAfterBytes = rnd.nextInt(100_000);
        }
    }

    private static void healAll(TestCluster c, Random rnd) throws IOException {
        for (int i = 0; i < c.drives.size(); i++) {
            FaultyDrive d = c.drives.get(i);
            boolean wasOffline = d.offline;
            d.heal();
            if (wasOffline || rnd.nextInt(4) == 0) {
                c.restart(i);
            }
        }
    }

    private static boolean faulty(TestCluster c) {
        for (FaultyDrive d : c.drives) {
            if (d.offline || d.flipShardReads || d.failCommit || d.failWritesAfterBytes >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void checkRead(TestCluster c, String key, Set<String> states, String ctx) {
        try {
            byte[] got = c.get("sim", key);
            String value = decode(got);
            if (value == null) {
                fail(ctx + ": read returned bytes that match no written body");
            }
            assertTrue(states.contains(value), ctx + ": read " + value + " but allowed " + states);
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_KEY) {
                assertTrue(states.contains(ABSENT), ctx + ": missing but allowed " + states);
            } else {
                assertTrue(faulty(c) || states.size() > 1, ctx + ": read failed without faults: " + e);
            }
        } catch (IOException e) {
            assertTrue(faulty(c) || states.size() > 1, ctx + ": stream failed without faults: " + e);
        }
    }

    private static void checkListing(TestCluster c, Map<String, Set<String>> allowed, String ctx) throws Exception {
        if (faulty(c)) {
            return;
        }
        List<String> listed = c.layer.listObjects("sim", new ListRequest("", "", "", 1000)).objects().stream()
                .map(ObjectInfo::key).toList();
        for (Map.Entry<String, Set<String>> e : allowed.entrySet()) {
            boolean certainlyPresent = !e.getValue().contains(ABSENT);
            boolean certainlyAbsent = e.getValue().equals(Set.of(ABSENT));
            if (certainlyPresent) {
                assertTrue(listed.contains(e.getKey()), ctx + ": " + e.getKey() + " not listed");
            }
            if (certainlyAbsent) {
                assertTrue(!listed.contains(e.getKey()), ctx + ": deleted " + e.getKey() + " listed");
            }
        }
    }

    /** A body that names its value: a header with the value, then bytes derived from it. */
    static byte[] body(String value, int extra) {
        byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + v.length + extra);
        b.putInt(v.length).put(v);
        Random r = new Random(value.hashCode());
        byte[] tail = new byte[extra];
        r.nextBytes(tail);
        b.put(tail);
        return b.array();
    }

    /** Returns the value a body names when every byte matches, else {@code null}. */
    static String decode(byte[] got) {
        if (got.length < 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(got);
        int len = b.getInt();
        if (len < 0 || len > got.length - 4) {
            return null;
        }
        String value = new String(got, 4, len, java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.equals(body(value, got.length - 4 - len), got) ? value : null;
    }
}
