/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ListRequest;
import io.cairn.api.storage.FileInfo;

/**
 * Round trips on every interesting set shape, with as many drives lost as the default parity allows.
 */
class LayoutsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"1,1,0", "1,2,1", "1,3,1", "2,5,2", "1,6,3", "1,16,4"})
    void roundTripWithMaxLostDrives(int sets, int setSize, int parity) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(sets + "x" + setSize));
        try (TestCluster c = new TestCluster(root, sets, setSize, TestCluster.small())) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            byte[] big = ObjectLayerTest.random(setSize, 333_333);
            byte[] small = ObjectLayerTest.random(setSize + 1, 777);
            c.put("bucket", "big", big);
            c.put("bucket", "small", small);
            int holders = 0;
            for (FaultyDrive d : c.drives) {
                try {
                    FileInfo fi = d.readMetadata("bucket", "small", false);
                    assertEquals(parity, fi.erasure().parityShards());
                    holders++;
                } catch (io.cairn.api.storage.DriveException e) {
                    assertEquals(io.cairn.api.storage.DriveException.Reason.FILE_NOT_FOUND, e.reason());
                }
            }
            assertEquals(setSize, holders, "one set holds the object");
            for (int i = 0; i < parity; i++) {
                for (int s = 0; s < sets; s++) {
                    c.drives.get(s * setSize + i).offline = true;
                }
            }
            assertArrayEquals(big, c.get("bucket", "big"));
            assertArrayEquals(small, c.get("bucket", "small"));
            assertEquals(2, c.layer.listObjects("bucket", new ListRequest("", "", "", 10)).objects().size());
        }
    }
}
