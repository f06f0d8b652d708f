/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

/**
 * The {@code x-amz-copy-source} header of CopyObject and UploadPartCopy.
 */
final class CopySource {

    private CopySource() {
    }

    /**
     * Parses {@code [/]bucket/key[?versionId=null]} (URL-encoded).
     *
     * @param header the header
     * @return {@code {bucket, key}}
     * @throws S3Exception {@code InvalidArgument} when malformed, {@code NoSuchVersion} for a version other than
     *     {@code null}
     */
    static String[] parse(String header) {
        String value = header.trim();
        int question = value.indexOf('?');
        if (question >= 0) {
            String query = value.substring(question + 1);
            value = value.substring(0, question);
            String version = null;
            for (Encoding.Param p : Encoding.parseQuery(query)) {
                if ("versionId".equals(p.name())) {
                    version = p.value();
                }
            }
            if (version != null && !"null".equals(version)) {
                throw new S3Exception(S3Error.NO_SUCH_VERSION);
            }
        }
        String decoded = Encoding.decode(value, false);
        if (decoded.startsWith("/")) {
            decoded = decoded.substring(1);
        }
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key:"
                    + " sourcebucket/sourcekey");
        }
        String bucket = decoded.substring(0, slash);
        String key = decoded.substring(slash + 1);
        if (!BucketNames.valid(bucket)) {
            throw new S3Exception(S3Error.INVALID_BUCKET_NAME);
        }
        BucketNames.checkKey(key);
        return new String[] {bucket, key};
    }

    /**
     * Maps a failed copy: a failed source condition is always {@code PreconditionFailed} for copies.
     *
     * @param e the failure
     * @return the S3 error
     */
    static S3Exception explain(ObjectStoreException e) {
        if (e.kind() == ErrorKind.NOT_MODIFIED) {
            return new S3Exception(S3Error.PRECONDITION_FAILED);
        }
        return Errors.toS3(e);
    }
}
