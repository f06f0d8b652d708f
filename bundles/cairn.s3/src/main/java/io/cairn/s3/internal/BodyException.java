/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;

/**
 * A request body that broke a protocol rule while being read (bad chunk framing, a wrong chunk signature, a
 * truncated body). It travels through the object store as an {@link IOException}, which aborts the write; the
 * handler then answers with the S3 error it carries.
 */
final class BodyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient S3Error error;

    BodyException(S3Error error, String message) {
        super(message);
        this.error = error;
    }

    S3Error error() {
        return error;
    }
}
