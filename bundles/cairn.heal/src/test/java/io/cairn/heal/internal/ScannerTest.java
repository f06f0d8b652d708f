/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.SetDrive;
import io.cairn.api.heal.SetDrive.State;

class ScannerTest {

    private static SetDrive d(int set, int pos, boolean local, State state) {
        return new SetDrive("http://n" + pos + "/d" + set, 0, set, pos, local, state);
    }

    @Test
    void theFirstOnlineDriveOfASetDecidesWhichNodeScansIt() {
        List<SetDrive> drives = List.of(
                d(0, 0, true, State.ONLINE), d(0, 1, false, State.ONLINE),
                d(1, 0, false, State.ONLINE), d(1, 1, true, State.ONLINE),
                d(2, 0, false, State.OFFLINE), d(2, 1, true, State.ONLINE),
                d(3, 0, true, State.UNFORMATTED), d(3, 1, false, State.ONLINE));
        assertEquals(List.of(new WalkTask.SetRef(0, 0), new WalkTask.SetRef(0, 2)),
                Scanner.responsibleSets(drives));
    }

    @Test
    void aSetWithoutOnlineDrivesIsScannedByNoOne() {
        assertEquals(List.of(), Scanner.responsibleSets(List.of(d(0, 0, true, State.OFFLINE))));
    }
}
