/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.net.BindException;

/**
 * What the node does when its listener cannot bind: a node nobody can reach (not even {@code cairn admin}) is of
 * no use, so it says why in one line and exits with {@value #EXIT_STATUS}, the status {@code cairn server} uses
 * when its own check of the address fails before the framework starts.
 */
final class ListenFailure {

    /** Exit status of {@code cairn server} when it cannot listen on its address. */
    static final int EXIT_STATUS = 3;

    private ListenFailure() {
    }

    /**
     * Finds the bind failure behind an exception thrown while the listener started.
     *
     * @param failure what {@code Server.start()} threw
     * @return the bind failure, or {@code null} when the failure is of another kind
     */
    static BindException bindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    /**
     * The one line an operator reads, such as {@code cannot listen on 127.0.0.1:9000: address already in use}.
     *
     * @param address the address as configured
     * @param bind the failure
     * @return the message
     */
    static String message(String address, BindException bind) {
        String reason = bind.getMessage() == null ? "cannot bind" : bind.getMessage();
        // The JDK appends " (Bind failed)" and the like; the first clause is the reason.
        int paren = reason.indexOf(" (");
        reason = paren > 0 ? reason.substring(0, paren) : reason;
        return "cannot listen on " + address + ": " + reason.substring(0, 1).toLowerCase() + reason.substring(1);
    }

    /**
     * Exits the JVM from a thread of its own, so that the caller (SCR activating the listener) is not blocked
     * while the shutdown hooks stop the framework in order.
     */
    static void exitProcess() {
        Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "cairn-listen-failure");
        exit.start();
    }
}
