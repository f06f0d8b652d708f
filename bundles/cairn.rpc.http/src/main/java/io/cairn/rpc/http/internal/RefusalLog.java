/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs refused peer calls without flooding the log: the first refusal of a kind is logged at once, later ones at
 * most once per {@link #INTERVAL_MS} with the number suppressed in between. A node started with wrong credentials
 * retries many calls a second; one line every few seconds is enough to tell the operator.
 */
final class RefusalLog {

    /** Least milliseconds between two log lines of one kind. */
    static final long INTERVAL_MS = 10_000L;

    private final Logger log;
    private final ConcurrentMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    RefusalLog(Logger log) {
        this.log = log;
    }

    /**
     * Records a refused call.
     *
     * @param kind the kind of refusal, for example {@code unauthorized}
     * @param caller the caller's address
     * @param reason why the call was refused
     */
    void refused(String kind, String caller, String reason) {
        long now = System.currentTimeMillis();
        AtomicLong last = lastLogged.computeIfAbsent(kind, k -> new AtomicLong(Long.MIN_VALUE / 2));
        AtomicLong skipped = suppressed.computeIfAbsent(kind, k -> new AtomicLong());
        long previous = last.get();
        if (now - previous >= INTERVAL_MS && last.compareAndSet(previous, now)) {
            long more = skipped.getAndSet(0);
            log.warn("Refused a peer call from {} ({}): {}{}", caller, kind, reason,
                    more > 0 ? " (" + more + " similar refusals not logged)" : "");
        } else {
            skipped.incrementAndGet();
        }
    }
}
