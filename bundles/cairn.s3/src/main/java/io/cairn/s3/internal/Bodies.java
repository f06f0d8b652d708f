/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * Reading small XML request bodies through the same checks as object bodies (chunked encodings, payload hash,
 * checksums, Content-MD5), bounded by the configured XML limit.
 */
final class Bodies {

    private Bodies() {
    }

    /**
     * Reads and parses an XML body.
     *
     * @param ex the exchange
     * @param settings the settings (the size limit)
     * @param required whether an empty body is an error
     * @return the document, or {@code null} when the body is empty and not required
     * @throws S3Exception {@code MalformedXML} and the body checks' errors
     */
    static XmlDoc readXml(Exchange ex, Settings settings, boolean required) {
        return readXml(ex, settings, required, true);
    }

    /**
     * Reads and parses an XML body.
     *
     * @param ex the exchange
     * @param settings the settings (the size limit)
     * @param required whether an empty body is an error
     * @param checksumHeaders whether {@code x-amz-checksum-*} headers describe this body
     * @return the document, or {@code null} when the body is empty and not required
     */
    static XmlDoc readXml(Exchange ex, Settings settings, boolean required, boolean checksumHeaders) {
        byte[] bytes = read(ex, settings, checksumHeaders);
        if (bytes.length == 0) {
            if (required) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            return null;
        }
        return XmlDoc.parse(bytes);
    }

    /**
     * Reads a small body.
     *
     * @param ex the exchange
     * @param settings the settings
     * @param checksumHeaders whether {@code x-amz-checksum-*} headers describe this body
     * @return the bytes, empty when there is no body
     */
    static byte[] read(Exchange ex, Settings settings, boolean checksumHeaders) {
        if (!ex.auth().streaming() && ex.contentLength() <= 0 && ex.header("transfer-encoding") == null) {
            return new byte[0];
        }
        return UploadBody.open(ex, Long.MAX_VALUE, null, checksumHeaders).readAll(settings.maxXmlBodyBytes());
    }
}
