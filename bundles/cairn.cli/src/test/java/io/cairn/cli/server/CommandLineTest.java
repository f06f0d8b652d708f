/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    private final List<String> seen = new ArrayList<>();

    private List<String> parse(String... args) {
        return CommandLine.parse(List.of(args), (name, value) -> seen.add(name + "=" + value));
    }

    @Test
    void separateAndJoinedValues() {
        assertEquals(List.of("/d1", "/d2"), parse("--address", ":9000", "/d1", "--console-address=:9001", "/d2"));
        assertEquals(List.of("--address=:9000", "--console-address=:9001"), seen);
    }

    @Test
    void emptyJoinedValueIsPassedOnForValidation() {
        parse("--address=");
        assertEquals(List.of("--address="), seen);
    }

    @Test
    void doubleDashEndsOptions() {
        assertEquals(List.of("--address", "-x"), parse("--", "--address", "-x"));
        assertEquals(List.of(), seen);
    }

    @Test
    void helpWinsOverMistakes() {
        assertEquals(List.of(), parse("--bogus", "/d", "-h"));
        assertEquals(List.of("--help=null"), seen);
    }

    @Test
    void helpAfterDoubleDashIsAnEndpoint() {
        assertEquals(List.of("--help"), parse("--", "--help"));
    }

    @Test
    void unknownOption() {
        ServerOptionsException e = assertThrows(ServerOptionsException.class, () -> parse("--adress", ":9000"));
        assertEquals("Unknown option --adress; see cairn server --help", e.getMessage());
        assertThrows(ServerOptionsException.class, () -> parse("-x"));
    }

    @Test
    void missingValue() {
        ServerOptionsException e = assertThrows(ServerOptionsException.class, () -> parse("/d", "--address"));
        assertEquals("--address needs a value, like --address :9000", e.getMessage());
        assertThrows(ServerOptionsException.class, () -> parse("--address", "--console-address", ":1"));
    }
}
