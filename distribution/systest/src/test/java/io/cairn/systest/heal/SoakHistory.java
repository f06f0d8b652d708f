/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the clients of a fault soak asked of every key and what the cluster answered: each PUT and DELETE with the
 * time it started, the time it ended, and whether it was acknowledged, failed or is still in flight. It decides
 * whether an answer to a GET or a LIST is one the store may give: a version whose write started before the read
 * ended and that no acknowledged write or delete finished replacing before the read started. A write answered
 * with an error may or may not have taken effect, so it counts as a possible version from its start on, replaced
 * only by acknowledged operations that started after the error. A write without an answer (the client's deadline
 * passed, the connection was lost) may still take effect later, after operations that started after it failed on
 * the client: a node may carry it out once the peer it waited for answers again, so nothing replaces it for sure.
 * Thread-safe.
 */
final class SoakHistory {

    /** The seed that stands for "no object": the key never written, or deleted. */
    static final long ABSENT = 0L;

    /** How an operation ended. */
    enum Outcome {
        /** Not answered yet. */
        IN_FLIGHT,
        /** Answered with success. */
        ACKNOWLEDGED,
        /** Answered with an error: it may or may not have taken effect. */
        FAILED,
        /** Not answered (no connection, connection lost, the client's deadline): it may or may not take effect. */
        NO_ANSWER
    }

    /** One PUT (a content seed) or DELETE ({@link #ABSENT}) of a key. */
    static final class Op {
        private final long seed;
        private final long start;
        private volatile long end = Long.MAX_VALUE;
        private volatile Outcome outcome = Outcome.IN_FLIGHT;

        private Op(long seed, long start) {
            this.seed = seed;
            this.start = start;
        }

        /** @return the content seed, {@link SoakHistory#ABSENT} for a delete */
        long seed() {
            return seed;
        }

        private boolean supersedesBefore(Op earlier, long readStart) {
            return outcome == Outcome.ACKNOWLEDGED && start > earlier.lastEffect() && end < readStart;
        }

        /** @return the latest time this operation may take effect */
        private long lastEffect() {
            return outcome == Outcome.ACKNOWLEDGED || outcome == Outcome.FAILED ? end : Long.MAX_VALUE;
        }
    }

    private final Map<String, List<Op>> ops = new TreeMap<>();
    private final long origin;

    /**
     * A history of keys that do not exist yet.
     *
     * @param origin the time (nanoTime) before any operation started
     */
    SoakHistory(long origin) {
        this.origin = origin;
    }

    /**
     * Records that an operation starts.
     *
     * @param key the key
     * @param seed the content seed of a PUT, {@link #ABSENT} for a DELETE
     * @return the operation, to end with {@link #end}
     */
    synchronized Op begin(String key, long seed) {
        Op op = new Op(seed, System.nanoTime());
        keyOps(key).add(op);
        return op;
    }

    /**
     * Records how an operation ended.
     *
     * @param op the operation
     * @param outcome how it ended, not {@link Outcome#IN_FLIGHT}
     */
    void end(Op op, Outcome outcome) {
        op.end = System.nanoTime();
        op.outcome = outcome;
    }

    /**
     * Whether a read may see a version.
     *
     * @param key the key
     * @param seed the version read, {@link #ABSENT} when the key was not found
     * @param readStart when the read started
     * @param readEnd when the read ended
     * @return whether the version is one the key may hold in that interval
     */
    synchronized boolean possible(String key, long seed, long readStart, long readEnd) {
        List<Op> history = keyOps(key);
        for (Op candidate : history) {
            if (candidate.seed == seed && candidate.start < readEnd
                    && history.stream().noneMatch(o -> o != candidate && o.supersedesBefore(candidate, readStart))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which versions a read may see at a time (after every operation ended, the versions the key may hold).
     *
     * @param key the key
     * @param readStart when the read starts
     * @return the possible seeds, {@link #ABSENT} among them when the key may be gone
     */
    synchronized List<Long> possibleAt(String key, long readStart) {
        List<Long> out = new ArrayList<>();
        for (Op candidate : keyOps(key)) {
            if (possible(key, candidate.seed, readStart, readStart) && !out.contains(candidate.seed)) {
                out.add(candidate.seed);
            }
        }
        return out;
    }

    /**
     * Whether a listing that ran in an interval had to show a key: an acknowledged PUT ended before the listing
     * started and no DELETE that could take effect after that PUT started before the listing ended.
     *
     * @param key the key
     * @param listStart when the listing started
     * @param listEnd when it ended
     * @return whether it must show the key
     */
    synchronized boolean mustList(String key, long listStart, long listEnd) {
        return mustBe(key, false, listStart, listEnd);
    }

    /**
     * Whether a listing that ran in an interval must not show a key: the mirror of {@link #mustList}.
     *
     * @param key the key
     * @param listStart when the listing started
     * @param listEnd when it ended
     * @return whether it must leave the key out
     */
    synchronized boolean mustNotList(String key, long listStart, long listEnd) {
        return mustBe(key, true, listStart, listEnd);
    }

    private boolean mustBe(String key, boolean absent, long listStart, long listEnd) {
        List<Op> history = keyOps(key);
        for (Op settled : history) {
            if ((settled.seed == ABSENT) == absent && settled.outcome == Outcome.ACKNOWLEDGED
                    && settled.end < listStart
                    && history.stream().noneMatch(o -> (o.seed == ABSENT) != absent && o.start < listEnd
                            && o.lastEffect() > settled.start)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The operations of a key, for a violation's message: seed (0 for a delete), start and end in milliseconds
     * since the origin, and outcome.
     *
     * @param key the key
     * @return one line per operation
     */
    synchronized String describe(String key) {
        StringBuilder out = new StringBuilder();
        for (Op op : keyOps(key)) {
            out.append("\n  ").append(op.seed == ABSENT ? "DELETE" : "PUT " + op.seed).append(' ')
                    .append(millis(op.start)).append(" - ").append(op.end == Long.MAX_VALUE ? "?" : millis(op.end))
                    .append(' ').append(op.outcome);
        }
        return out.toString();
    }

    /**
     * @param nanoTime a time
     * @return milliseconds since the origin
     */
    long millis(long nanoTime) {
        return (nanoTime - origin) / 1_000_000L;
    }

    /** @return every key ever operated on */
    synchronized List<String> keys() {
        return List.copyOf(ops.keySet());
    }

    /** @return the number of operations of each outcome, by name */
    synchronized Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        for (List<Op> list : ops.values()) {
            for (Op op : list) {
                out.merge((op.seed == ABSENT ? "DELETE " : "PUT ") + op.outcome, 1L, Long::sum);
            }
        }
        return out;
    }

    private List<Op> keyOps(String key) {
        return ops.computeIfAbsent(key, k -> {
            List<Op> list = new ArrayList<>();
            Op never = new Op(ABSENT, origin);
            never.end = origin;
            never.outcome = Outcome.ACKNOWLEDGED;
            list.add(never);
            return list;
        });
    }
}
