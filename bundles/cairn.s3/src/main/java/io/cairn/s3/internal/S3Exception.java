/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 error answer: a code from {@link S3Error}, a message, and optional extra XML elements (for example
 * {@code ActualObjectSize} of {@code InvalidRange}). Thrown anywhere in request handling and turned into error XML
 * in one place.
 */
final class S3Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient S3Error error;
    private final transient Map<String, String> extra = new LinkedHashMap<>();

    S3Exception(S3Error error) {
        this(error, error.message());
    }

    S3Exception(S3Error error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    S3Exception(S3Error error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
    }

    S3Error error() {
        return error;
    }

    /**
     * Adds an element to the error XML.
     *
     * @param name the element name
     * @param value the element text
     * @return this exception
     */
    S3Exception with(String name, String value) {
        extra.put(name, value);
        return this;
    }

    Map<String, String> extra() {
        return extra;
    }
}
