/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

/**
 * An S3-level check failure thrown from a {@link io.cairn.api.object.PutVerifier} (or from a body stream) so that
 * the engine aborts the write and hands the exception back unchanged; the handler then answers with the S3 error it
 * carries rather than the generic kind.
 */
final class VerifyException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    private final transient S3Error error;

    VerifyException(S3Error error, String message) {
        super(ErrorKind.BAD_DIGEST, message);
        this.error = error;
    }

    S3Error error() {
        return error;
    }
}
