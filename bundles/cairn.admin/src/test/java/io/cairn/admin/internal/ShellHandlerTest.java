/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What {@code cairn admin} prints of the value a command line evaluated to. */
class ShellHandlerTest {

    @Test
    void aPredicatesAnswerIsNotPrinted() {
        assertEquals("", ShellHandler.shown(Boolean.TRUE, v -> "formatted"));
        assertEquals("", ShellHandler.shown(Boolean.FALSE, v -> "formatted"));
        assertEquals("", ShellHandler.shown(null, v -> "formatted"));
    }

    @Test
    void aTextEndsWithOneLineBreak() {
        assertEquals("Status: ok\n", ShellHandler.shown("Status: ok\n", v -> "formatted"));
        assertEquals("Manual heal stopped\n", ShellHandler.shown("Manual heal stopped", v -> "formatted"));
        assertEquals("", ShellHandler.shown("", v -> "formatted"));
    }

    @Test
    void otherValuesAreFormattedAsGogoDoes() {
        assertEquals("[1, 2]\n", ShellHandler.shown(List.of(1, 2), String::valueOf));
    }
}
