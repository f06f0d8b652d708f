/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageClassTest {

    @ParameterizedTest
    @CsvSource({"1,0", "2,1", "3,1", "4,2", "5,2", "6,3", "7,3", "8,4", "9,4", "10,4", "12,4", "15,4", "16,4"})
    void defaultParityFollowsTheDesignTable(int setSize, int parity) {
        assertEquals(parity, StorageClass.defaultParity(setSize));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 17})
    void defaultParityRejectsImpossibleSetSizes(int setSize) {
        assertThrows(IllegalArgumentException.class, () -> StorageClass.defaultParity(setSize));
    }

    @Test
    void parsesEcValues() {
        assertEquals(new StorageClass(2), StorageClass.parse("EC:2"));
        assertEquals(new StorageClass(0), StorageClass.parse("EC:0"));
        assertEquals(new StorageClass(3), StorageClass.parse(" ec:3 "));
        assertEquals("EC:4", StorageClass.parse("EC:4").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "EC", "EC:", "EC:-1", "EC:x", "RS:2", "EC:2:1", "EC: 2", "EC:100"})
    void refusesMalformedValues(String value) {
        LayoutException e = assertThrows(LayoutException.class, () -> StorageClass.parse(value));
        assertTrue(e.getMessage().contains("must look like EC:2"), e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(LayoutException.class, () -> StorageClass.parse(null));
    }

    @ParameterizedTest
    @CsvSource({"EC:8,16", "EC:0,1", "EC:1,2", "EC:1,3", "EC:2,4", "EC:4,8", "EC:0,16"})
    void acceptsParityUpToHalfTheSet(String value, int setSize) {
        assertEquals(StorageClass.parse(value), StorageClass.parse(value, setSize));
    }

    @Test
    void refusesParityAboveHalfTheSet() {
        LayoutException e = assertThrows(LayoutException.class, () -> StorageClass.parse("EC:5", 8));
        assertEquals("Storage class EC:5 needs more parity than an erasure set of 8 drives allows; use EC:0 to EC:4",
                e.getMessage());
        e = assertThrows(LayoutException.class, () -> StorageClass.parse("EC:1", 1));
        assertTrue(e.getMessage().contains("set of 1 drive allows; use EC:0 to EC:0"), e.getMessage());
        assertThrows(LayoutException.class, () -> StorageClass.parse("EC:2", 3));
    }
}
