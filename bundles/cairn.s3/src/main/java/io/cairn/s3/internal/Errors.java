/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.Map;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.NotModifiedException;
import io.cairn.api.object.ObjectStoreException;

/**
 * Turns failures into S3 error responses: {@code <Error>} XML with Code, Message, Resource and RequestId and the
 * status of the {@link S3Error} table. {@code NotModified} and answers to HEAD carry no body.
 */
final class Errors {

    private Errors() {
    }

    /**
     * Maps an object store failure.
     *
     * @param e the failure
     * @return the S3 error
     */
    static S3Exception toS3(ObjectStoreException e) {
        if (e instanceof VerifyException) {
            return new S3Exception(((VerifyException) e).error(), e.getMessage());
        }
        S3Error error = S3Error.of(e.kind());
        if (e.kind() == ErrorKind.KEY_TOO_LONG) {
            // S3 has no such limit: the store's reason (how many bytes fit where) tells the client what to change.
            return new S3Exception(error, "Your key is too long: " + e.getMessage() + ".", e);
        }
        return new S3Exception(error, error.message(), e);
    }

    /**
     * Sends the error response.
     *
     * @param ex the exchange
     * @param e the error
     */
    static void send(Exchange ex, S3Exception e) {
        S3Error error = e.error();
        ex.closeAfterError();
        if (error == S3Error.NOT_MODIFIED) {
            if (e.getCause() instanceof NotModifiedException current) {
                ObjectMeta.toNotModifiedHeaders(ex, current.object());
            }
            ex.sendEmpty(304);
            return;
        }
        if (error == S3Error.SERVICE_UNAVAILABLE || error == S3Error.SLOW_DOWN) {
            ex.headers().put("Retry-After", "1");
        }
        if ("HEAD".equals(ex.method())) {
            ex.headers().put("x-minio-error-code", error.code());
            ex.sendEmpty(error.status());
            return;
        }
        XmlWriter xml = new XmlWriter().start("Error")
                .element("Code", error.code())
                .element("Message", e.getMessage() == null ? error.message() : e.getMessage());
        if (ex.key() != null) {
            xml.element("Key", ex.key());
        }
        if (ex.bucket() != null) {
            xml.element("BucketName", ex.bucket());
        }
        xml.element("Resource", ex.resource()).element("RequestId", ex.requestId());
        for (Map.Entry<String, String> extra : e.extra().entrySet()) {
            xml.element(extra.getKey(), extra.getValue());
        }
        ex.sendXml(error.status(), xml.toBytes());
    }
}
