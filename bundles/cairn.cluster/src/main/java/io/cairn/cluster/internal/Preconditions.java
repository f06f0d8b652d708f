/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.cairn.api.object.Conditions;
import io.cairn.api.object.EntityTags;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.NotModifiedException;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;

/**
 * Evaluates HTTP conditionals as S3 does (RFC 9110 precedence: If-Match before If-Unmodified-Since, If-None-Match
 * before If-Modified-Since); ETag lists are matched by {@link EntityTags}.
 */
final class Preconditions {

    private Preconditions() {
    }

    /**
     * Checks conditions of a read (GET, HEAD, copy source).
     *
     * @param c the conditions
     * @param current the object
     * @throws ObjectStoreException {@code PRECONDITION_FAILED} or {@code NOT_MODIFIED}
     */
    static void checkRead(Conditions c, ObjectInfo current) throws ObjectStoreException {
        Instant modified = current.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if (c.ifMatch() != null) {
            if (!EntityTags.matchesStrong(c.ifMatch(), current.etag())) {
                throw failed("If-Match");
            }
        } else if (c.ifUnmodifiedSince() != null && modified.isAfter(c.ifUnmodifiedSince())) {
            throw failed("If-Unmodified-Since");
        }
        if (c.ifNoneMatch() != null) {
            if (EntityTags.matchesWeak(c.ifNoneMatch(), current.etag())) {
                throw new NotModifiedException("not modified (If-None-Match)", current);
            }
        } else if (c.ifModifiedSince() != null && !modified.isAfter(c.ifModifiedSince())) {
            throw new NotModifiedException("not modified (If-Modified-Since)", current);
        }
    }

    /**
     * Checks conditions of a write against the current object, or {@code null} when there is none. An
     * {@code If-Match} without a current object is {@code NO_SUCH_KEY}, not a failed precondition: S3 answers such a
     * conditional write (PutObject, CompleteMultipartUpload, CopyObject, DeleteObject) with 404 NoSuchKey.
     *
     * @param c the conditions
     * @param current the current object or {@code null}
     * @throws ObjectStoreException {@code PRECONDITION_FAILED}, {@code NO_SUCH_KEY}
     */
    static void checkWrite(Conditions c, ObjectInfo current) throws ObjectStoreException {
        if (c.ifMatch() != null && current == null) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_KEY, "no such key (If-Match)");
        }
        if (c.ifMatch() != null && !EntityTags.matchesStrong(c.ifMatch(), current.etag())) {
            throw failed("If-Match");
        }
        if (c.ifNoneMatch() != null && current != null && EntityTags.matchesWeak(c.ifNoneMatch(), current.etag())) {
            throw failed("If-None-Match");
        }
        if (current != null) {
            Instant modified = current.lastModified().truncatedTo(ChronoUnit.SECONDS);
            if (c.ifUnmodifiedSince() != null && modified.isAfter(c.ifUnmodifiedSince())) {
                throw failed("If-Unmodified-Since");
            }
            if (c.ifModifiedSince() != null && !modified.isAfter(c.ifModifiedSince())) {
                throw failed("If-Modified-Since");
            }
        }
    }

    /**
     * Removes surrounding quotes.
     *
     * @param etag an ETag
     * @return it without quotes
     */
    static String unquote(String etag) {
        String e = etag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static ObjectStoreException failed(String which) {
        return new ObjectStoreException(ErrorKind.PRECONDITION_FAILED, "precondition failed (" + which + ")");
    }
}
