/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import java.io.IOException;

/**
 * A failed call to another node.
 */
public class PeerException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a call failed. */
    public enum Reason {
        /** The node did not answer within the deadline, refused the connection or is marked offline. */
        OFFLINE,
        /** The node refused the call's signature: other root credentials, or clocks more than 15 minutes apart. */
        UNAUTHORIZED,
        /** The node speaks another wire format version. */
        INCOMPATIBLE,
        /** The node answered with an error. */
        FAILED
    }

    /** The reason of the failure. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the call failed
     * @param message a description naming the node
     */
    public PeerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the call failed
     * @param message a description naming the node
     * @param cause the underlying failure
     */
    public PeerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Returns why the call failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
