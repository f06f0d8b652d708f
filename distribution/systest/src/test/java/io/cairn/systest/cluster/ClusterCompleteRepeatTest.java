/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Four nodes of one drive: a CompleteMultipartUpload made through one node and repeated through the others (a
 * client's retry behind a load balancer may reach any node), also once the node that completed it was killed,
 * answers the first result everywhere.
 */
class ClusterCompleteRepeatTest {

    private static final long SEED = Long.getLong("systest.seed", 7007L);
    private static final long PART = 5L << 20;
    private static final long TAIL = 99;

    @Test
    void everyNodeAnswersARepeatedComplete() throws Exception {
        try (Cluster cluster = Cluster.builder("complete-repeat").start()) {
            cluster.awaitReady();
            for (int i = 0; i < cluster.size(); i++) {
                cluster.awaitAllOnline(i);
            }
            String bucket = S3Server.bucketName("repeat");
            String key = "repeat/object";
            cluster.client(0).createBucket(b -> b.bucket(bucket));
            SeededContent content = new SeededContent(SEED, PART + TAIL);
            String uploadId = cluster.client(0).createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            String one = cluster.client(1).uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(1), body(content, 0, PART)).eTag();
            String two = cluster.client(2).uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(2), body(content, PART, TAIL)).eTag();
            List<CompletedPart> parts = List.of(CompletedPart.builder().partNumber(1).eTag(one).build(),
                    CompletedPart.builder().partNumber(2).eTag(two).build());
            CompleteMultipartUploadResponse first = complete(cluster.client(0), bucket, key, uploadId, parts);
            for (int r = 1; r < cluster.size(); r++) {
                CompleteMultipartUploadResponse again = complete(cluster.client(r), bucket, key, uploadId, parts);
                assertEquals(List.of(first.eTag(), first.bucket(), first.key()),
                        List.of(again.eTag(), again.bucket(), again.key()), "seed " + SEED + ": node " + (r + 1));
            }

            cluster.kill(0);
            assertEquals(first.eTag(), complete(cluster.client(1), bucket, key, uploadId, parts).eTag(),
                    "seed " + SEED + ": node 2 with node 1 killed");
            S3Exception other = assertThrows(S3Exception.class, () -> complete(cluster.client(2), bucket, key,
                    uploadId, parts.subList(0, 1)));
            assertEquals(404, other.statusCode());
            assertEquals("NoSuchUpload", other.awsErrorDetails().errorCode());
            try (InputStream in = cluster.client(3).getObject(b -> b.bucket(bucket).key(key))) {
                assertEquals(content.digest("SHA-256"), SeededContent.digest("SHA-256", in), "seed " + SEED);
            }
        }
    }

    private static CompleteMultipartUploadResponse complete(S3Client client, String bucket, String key,
            String uploadId, List<CompletedPart> parts) {
        return client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
    }

    private static RequestBody body(SeededContent content, long from, long length) {
        return RequestBody.fromContentProvider(() -> content.stream(from, length), length, "application/octet-stream");
    }
}
