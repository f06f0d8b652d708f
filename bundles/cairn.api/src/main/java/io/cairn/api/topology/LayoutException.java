/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

/**
 * An endpoint argument or a drive layout that Cairn refuses. The message is written for the operator: it names the
 * offending argument and, where possible, says what would work instead, so a launcher prints it as it is. It is
 * not an {@link IllegalArgumentException}, so callers can tell a refused layout from a programming error.
 */
public final class LayoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with an operator-facing message.
     *
     * @param message what is wrong and how to fix it
     */
    public LayoutException(String message) {
        super(message);
    }
}
