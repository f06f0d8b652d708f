/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;

/**
 * The bytes of the bodies moving through a node are bounded: a body waits for its share and fails {@code BUSY} when
 * it does not get it in time, instead of the node running out of heap.
 */
class MemoryBudgetTest {

    private static final Duration WAIT = Duration.ofMillis(100);

    @Test
    void grantsUpToTheBudgetAndFailsBusyBeyondIt() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20, WAIT);
        MemoryBudget.Grant first = budget.acquire(768 << 10, "first");
        assertEquals(256 << 10, budget.availableBytes());
        ObjectStoreException busy = assertThrows(ObjectStoreException.class,
                () -> budget.acquire(512 << 10, "second"));
        assertEquals(ErrorKind.BUSY, busy.kind());
        first.close();
        first.close();
        assertEquals(1 << 20, budget.availableBytes(), "a grant is given back once");
        try (MemoryBudget.Grant all = budget.acquire(8 << 20, "larger than the budget")) {
            assertEquals(0, budget.availableBytes(), "a body larger than the budget takes all of it and runs alone");
        }
        assertEquals(1 << 20, budget.availableBytes());
    }

    @Test
    void aReaderHoldsItsBuffersUntilClosedAndBodiesBeyondTheBudgetAreBusy(@TempDir Path tmp) throws Exception {
        EngineConfig config = TestCluster.small();
        // Room for one body: a GET of a 64 KiB-block object on 2+2 drives takes 4 frames of 32 KiB.
        MemoryBudget budget = new MemoryBudget(160 << 10, WAIT);
        try (TestCluster c = TestCluster.withMemory(tmp, 4, config, budget)) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            byte[] data = new byte[1 << 20];
            new Random(11).nextBytes(data);
            put(c, "a", data);
            put(c, "b", data);
            try (ObjectReader reader = c.layer.getObject("bucket", "a", GetOptions.DEFAULT)) {
                InputStream in = reader.stream();
                int first = in.read();
                assertEquals(data[0] & 0xff, first);
                ObjectStoreException put = assertThrows(ObjectStoreException.class, () -> put(c, "c", data));
                assertEquals(ErrorKind.BUSY, put.kind(), "a PUT waits for the reader's buffers, then is busy");
                ObjectStoreException get = assertThrows(ObjectStoreException.class,
                        () -> c.layer.getObject("bucket", "b", GetOptions.DEFAULT));
                assertEquals(ErrorKind.BUSY, get.kind(), "a GET waits for the reader's buffers, then is busy");
                byte[] rest = in.readAllBytes();
                assertEquals(data.length - 1, rest.length);
            }
            put(c, "c", data);
            try (ObjectReader reader = c.layer.getObject("bucket", "c", GetOptions.DEFAULT)) {
                assertArrayEquals(data, reader.stream().readAllBytes());
            }
            assertEquals(160 << 10, budget.availableBytes(), "every grant was given back");
        }
    }

    @Test
    void aReaderReservesWhatItsOpenShardStreamsBufferBeforeItOpensThem(@TempDir Path tmp) throws Exception {
        EngineConfig config = TestCluster.small();
        // A GET of a 64 KiB-block object on 2+2 drives: 4 frames of 32 KiB, and 4 shard streams that each buffer up
        // to 256 KiB ahead of the reader (a remote drive's window). Room for two such readers, not three.
        long perReader = 4 * (32 << 10) + 4 * (256 << 10) + (1 << 10); // and the frames' checksums, in whole KiB
        MemoryBudget budget = new MemoryBudget(2 * perReader + (512 << 10), WAIT);
        try (TestCluster c = TestCluster.withMemory(tmp, 4, config, budget)) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            byte[] data = new byte[1 << 20];
            new Random(12).nextBytes(data);
            put(c, "a", data);
            for (FaultyDrive d : c.drives) {
                d.readAheadBytes = 256 << 10;
            }
            long free = budget.availableBytes();
            try (ObjectReader first = c.layer.getObject("bucket", "a", GetOptions.DEFAULT);
                    ObjectReader second = c.layer.getObject("bucket", "a", GetOptions.DEFAULT)) {
                // Neither reader read a byte: the streams they opened are reserved all the same.
                assertEquals(free - 2 * perReader, budget.availableBytes(), "two stalled readers hold their share");
                ObjectStoreException third = assertThrows(ObjectStoreException.class,
                        () -> c.layer.getObject("bucket", "a", GetOptions.DEFAULT));
                assertEquals(ErrorKind.BUSY, third.kind(), "a third reader waits for the budget, then is busy");
                assertArrayEquals(data, second.stream().readAllBytes());
            }
            assertEquals(free, budget.availableBytes(), "every grant was given back");
            try (ObjectReader again = c.layer.getObject("bucket", "a", GetOptions.DEFAULT)) {
                assertArrayEquals(data, again.stream().readAllBytes());
            }
        }
    }

    private static void put(TestCluster c, String key, byte[] data) throws ObjectStoreException {
        c.layer.putObject("bucket", key, new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
    }
}
