/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

/**
 * An option or environment variable of {@code cairn server} that is missing or invalid. The message names the
 * option or variable and is written to be printed to the operator as it is.
 */
public final class ServerOptionsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with an operator-facing message.
     *
     * @param message what is wrong and how to fix it
     */
    public ServerOptionsException(String message) {
        super(message);
    }
}
