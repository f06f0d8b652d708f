/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Object tag sets: parsed from {@code x-amz-tagging} (URL query form) or {@code <Tagging>} XML, validated with S3's
 * limits, stored in the metadata map in query form ({@link io.cairn.api.object.Metadata#TAGGING}).
 */
final class Tagging {

    /** The most tags on one object. */
    static final int MAX_TAGS = 10;
    /** The longest tag key, in Unicode characters (code points, so an emoji counts once). */
    static final int MAX_KEY = 128;
    /** The longest tag value, in Unicode characters (code points). */
    static final int MAX_VALUE = 256;
    /** The prefix of the tag keys S3 reserves for itself; requests may not set them. */
    static final String SYSTEM_PREFIX = "aws:";

    private Tagging() {
    }

    /**
     * Parses the query form.
     *
     * @param text the {@code x-amz-tagging} header or stored value, may be {@code null}
     * @return the tags in order
     * @throws S3Exception {@code InvalidTag} when the set breaks S3's rules
     */
    static Map<String, String> parseQuery(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return tags;
        }
        for (Encoding.Param p : Encoding.parseQuery(text)) {
            if (tags.put(p.name(), p.value()) != null) {
                throw new S3Exception(S3Error.INVALID_TAG, "Cannot provide multiple Tags with the same key");
            }
        }
        validate(tags);
        return tags;
    }

    /**
     * Parses the {@code x-amz-tagging} header of a request: the query form, without S3's own tag keys.
     *
     * @param header the header, may be {@code null}
     * @return the tags in order
     * @throws S3Exception {@code InvalidTag} when the set breaks S3's rules
     */
    static Map<String, String> parseHeader(String header) {
        return refuseSystemKeys(parseQuery(header));
    }

    /**
     * Parses a {@code <Tagging>} document.
     *
     * @param doc the document
     * @return the tags in order
     * @throws S3Exception {@code MalformedXML} or {@code InvalidTag}
     */
    static Map<String, String> parseXml(XmlDoc doc) {
        if (!"Tagging".equals(doc.name()) || doc.child("TagSet") == null) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (XmlDoc tag : doc.child("TagSet").children("Tag")) {
            String key = tag.childRawText("Key");
            String value = tag.childRawText("Value");
            if (key == null || value == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            if (tags.put(key, value) != null) {
                throw new S3Exception(S3Error.INVALID_TAG, "Cannot provide multiple Tags with the same key");
            }
        }
        validate(tags);
        return refuseSystemKeys(tags);
    }

    /** Refuses the keys S3 reserves; stored tag sets are not checked again, so older objects stay readable. */
    private static Map<String, String> refuseSystemKeys(Map<String, String> tags) {
        for (String key : tags.keySet()) {
            if (key.startsWith(SYSTEM_PREFIX)) {
                throw new S3Exception(S3Error.INVALID_TAG, "Your TagKey cannot be prefixed with " + SYSTEM_PREFIX);
            }
        }
        return tags;
    }

    private static void validate(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new S3Exception(S3Error.INVALID_TAG, "Object tags cannot be greater than 10");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().isEmpty() || characters(e.getKey()) > MAX_KEY) {
                throw new S3Exception(S3Error.INVALID_TAG, "The TagKey you have provided is invalid");
            }
            if (characters(e.getValue()) > MAX_VALUE) {
                throw new S3Exception(S3Error.INVALID_TAG, "The TagValue you have provided is invalid");
            }
        }
    }

    /** Counts Unicode characters as S3's limits do: a character outside the BMP is one, not two UTF-16 units. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Formats tags in query form.
     *
     * @param tags the tags
     * @return the text, empty for no tags
     */
    static String format(Map<String, String> tags) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(Encoding.uriEncode(e.getKey(), false)).append('=')
                    .append(Encoding.uriEncode(e.getValue(), false));
        }
        return out.toString();
    }

    /**
     * Writes a tag set as S3's {@code <Tagging>} document, ordered by key: S3 keeps no order in a tag set, and one
     * order makes answers stable whatever order the tags were set in.
     *
     * @param tags the tags
     * @return the document
     */
    static byte[] toXml(Map<String, String> tags) {
        XmlWriter xml = new XmlWriter().root("Tagging").start("TagSet");
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            xml.start("Tag").element("Key", e.getKey()).element("Value", e.getValue()).end();
        }
        return xml.toBytes();
    }
}
