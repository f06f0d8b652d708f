/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.PutVerifier;
import io.cairn.api.object.StorageClass;

/**
 * An object lives in one pool: new objects go to the pools that can take them (a pool that lost write quorum takes
 * none), two writers of the same new key leave one copy, not one per pool, a delete its pool cannot apply to a write
 * quorum removes nothing, and a multipart upload, which stays in the pool it was started in, replaces a copy that a
 * PUT made meanwhile left in another pool.
 */
class PoolsTest {

    /** With pool 2 picked by free space about one time in three, 40 keys all in pool 1 are no accident. */
    private static final int KEYS = 40;

    @TempDir
    Path tmp;

    TestCluster c;

    @BeforeEach
    void setUp() throws Exception {
        c = TestCluster.pools(tmp, 2, 1, 4, EngineConfig.DEFAULT);
        c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        c.close();
    }

    @Test
    void aPoolWithoutWriteQuorumTakesNoNewObjects() throws Exception {
        // Pool 2's only set keeps 2 of its 4 drives: 2+2 needs 3 to write.
        c.drives.get(6).offline = true;
        c.drives.get(7).offline = true;
        for (int i = 0; i < KEYS; i++) {
            byte[] data = ObjectLayerTest.random(i, 100);
            c.put("bucket", "new-" + i, data);
            assertNotNull(c.layer.setOf(0, "bucket", "new-" + i).statOrNull("bucket", "new-" + i));
            assertArrayEquals(data, c.get("bucket", "new-" + i));
        }
    }

    @Test
    void twoWritersOfANewKeyLeaveOneCopy() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            String key = "raced-" + i;
            byte[] first = ObjectLayerTest.random(i, 100);
            byte[] second = ObjectLayerTest.random(KEYS + i, 100);
            // The second writer has chosen the new key's pool, and read its body, when the first one commits: two
            // PUTs at the same moment. Each may have picked another pool.
            PutVerifier firstWriterCommits = (md5, size) -> {
                c.put("bucket", key, first);
                return Map.of();
            };
            c.layer.putObject("bucket", key, new ByteArrayInputStream(second), second.length,
                    PutOptions.builder().verifier(firstWriterCommits).build());

            assertEquals(1, copies(key), key);
            assertArrayEquals(second, c.get("bucket", key));
            c.layer.deleteObject("bucket", key);
            assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                    () -> c.get("bucket", key)).kind(), key);
        }
    }

    private int copies(String key) throws ObjectStoreException {
        int copies = 0;
        for (int pool = 0; pool < 2; pool++) {
            copies += c.layer.setOf(pool, "bucket", key).statOrNull("bucket", key) == null ? 0 : 1;
        }
        return copies;
    }

    @Test
    void withNoPoolWritableTheWriteReportsTheLostQuorum() {
        for (int i : new int[] {2, 3, 6, 7}) {
            c.drives.get(i).offline = true;
        }
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.put("bucket", "k", new byte[] {1})).kind());
    }

    @Test
    void aDeleteWithoutWriteQuorumLeavesTheObjectWhereItIs() throws Exception {
        byte[] data = ObjectLayerTest.random(3, 1000);
        SetStore second = c.layer.setOf(1, "bucket", "k");
        second.put(new SetStore.PutRequest("bucket", "k", Map.of(), StorageClass.STANDARD, Conditions.NONE, null,
                null), new ByteArrayInputStream(data), data.length, data.length, null);
        // Pool 2 keeps 2 of its 4 drives: enough to read the object (2+2), too few to delete it (3 needed).
        c.drives.get(6).offline = true;
        c.drives.get(7).offline = true;

        // Twice: a client retries a failed delete, and the retry must not find the object gone from its pool and
        // answer from the other one that there is nothing to delete.
        for (int attempt = 0; attempt < 2; attempt++) {
            assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                    () -> c.layer.deleteObject("bucket", "k")).kind(), "attempt " + attempt);
            assertArrayEquals(data, c.get("bucket", "k"), "attempt " + attempt);
        }
        c.drives.get(6).offline = false;
        c.drives.get(7).offline = false;
        assertArrayEquals(data, c.get("bucket", "k"));
        assertEquals(1, copies("k"));
    }

    @Test
    void completingReplacesTheObjectAPutLeftInTheOtherPool() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "k", PutOptions.DEFAULT);
        SetStore other = putInOtherPool(id, "k", new byte[] {1, 2, 3});
        byte[] data = ObjectLayerTest.random(7, 1000);
        PartInfo part = c.layer.putObjectPart("bucket", "k", id, 1, new ByteArrayInputStream(data), data.length,
                PartOptions.DEFAULT);

        c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(1, part.etag())),
                PutOptions.DEFAULT);

        assertArrayEquals(data, c.get("bucket", "k"));
        assertNull(other.statOrNull("bucket", "k"));
        ListPage page = c.layer.listObjects("bucket", new ListRequest("", "", "", 1000));
        assertEquals(1, page.objects().size());
        c.layer.deleteObject("bucket", "k");
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "k")).kind());
    }

    @Test
    void completingChecksItsConditionsAgainstTheObjectInTheOtherPool() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "k", PutOptions.DEFAULT);
        SetStore other = putInOtherPool(id, "k", new byte[] {1, 2, 3});
        PartInfo part = c.layer.putObjectPart("bucket", "k", id, 1, new ByteArrayInputStream(new byte[] {9}), 1,
                PartOptions.DEFAULT);

        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(1, part.etag())),
                        PutOptions.builder().conditions(new Conditions(null, "*", null, null)).build())).kind());

        assertArrayEquals(new byte[] {1, 2, 3}, c.get("bucket", "k"));
        assertNotNull(other.statOrNull("bucket", "k"));
        assertNotNull(c.layer.getMultipartUpload("bucket", "k", id));
    }

    /** Writes an object straight into the pool the upload was not started in, as a PUT may place a new key. */
    private SetStore putInOtherPool(String uploadId, String key, byte[] data) throws ObjectStoreException {
        int uploadPool = Integer.parseInt(uploadId.substring(0, uploadId.indexOf('.')));
        SetStore other = c.layer.setOf(1 - uploadPool, "bucket", key);
        other.put(new SetStore.PutRequest("bucket", key, Map.of(), StorageClass.STANDARD, Conditions.NONE, null,
                null), new ByteArrayInputStream(data), data.length, data.length, null);
        return other;
    }
}
