/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

/**
 * Counts calls in flight so that a stopping component lets them finish (bundle hot swap) before it closes what
 * they use, and refuses calls that start after it began to stop.
 */
final class CallGate {

    private int inFlight;
    private boolean closed;

    /**
     * Enters a call.
     *
     * @return {@code false} when the gate is closed and the call must fail
     */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Leaves a call entered with {@link #enter()}. */
    synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /**
     * Closes the gate and waits for the calls in flight.
     *
     * @param timeoutMs how long to wait at most
     * @return the number of calls still in flight after the wait
     */
    synchronized int closeAndDrain(long timeoutMs) {
        closed = true;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean interrupted = false;
        while (inFlight > 0) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                break;
            }
            try {
                wait(leftMs);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return inFlight;
    }

    /** @return {@code true} once the gate refuses new calls */
    synchronized boolean isClosed() {
        return closed;
    }

    /** @return the calls in flight */
    synchronized int inFlight() {
        return inFlight;
    }
}
