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
import io.cairn.api.object.StorageClass;

/**
 * A multipart upload stays in the pool it was started in, while a PUT of the same key made meanwhile may land in
 * another pool: completing the upload must replace that copy, never leave it beside the new object.
 */
class MultipartPoolsTest {

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
                null), new ByteArrayInputStream(data), data.length, data.length, false);
        return other;
    }
}
