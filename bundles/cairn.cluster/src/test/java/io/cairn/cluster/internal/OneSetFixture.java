/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;

/**
 * One 4-drive set on real directories (EC 2+2: read quorum 2, write quorum 3) with the bucket {@code bkt}, new for
 * every test.
 */
abstract class OneSetFixture {

    @TempDir
    Path tmp;

    TestCluster c;

    @BeforeEach
    void setUp() throws Exception {
        c = new TestCluster(tmp, 1, 4, TestCluster.small());
        c.layer.makeBucket("bkt", BucketOptions.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        c.close();
    }
}
