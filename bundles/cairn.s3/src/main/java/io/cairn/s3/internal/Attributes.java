/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.PartSummary;

/**
 * GetObjectAttributes: the attributes named in {@code x-amz-object-attributes} (ETag, Checksum, ObjectParts,
 * StorageClass, ObjectSize).
 */
final class Attributes {

    private static final Set<String> KNOWN = Set.of("etag", "checksum", "objectparts", "storageclass", "objectsize");

    private Attributes() {
    }

    static void send(Exchange ex, ObjectInfo info) {
        // The AWS SDK sends one header line per attribute.
        String header = String.join(",", ex.info().headerValues("x-amz-object-attributes"));
        if (header.isBlank()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-object-attributes header specifying the"
                    + " attributes to be retrieved is either missing or empty");
        }
        Set<String> wanted = new HashSet<>();
        for (String part : header.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid attribute name specified.");
            }
            wanted.add(name);
        }
        int maxParts = parse(ex.header("x-amz-max-parts"), 1000);
        int marker = parse(ex.header("x-amz-part-number-marker"), 0);
        XmlWriter xml = new XmlWriter().root("GetObjectAttributesResponse");
        if (wanted.contains("etag")) {
            xml.element("ETag", info.etag());
        }
        if (wanted.contains("checksum")) {
            writeChecksum(xml, info);
        }
        if (wanted.contains("objectparts") && info.isMultipart()) {
            writeParts(xml, info, marker, maxParts);
        }
        if (wanted.contains("storageclass")) {
            xml.element("StorageClass", ListingOps.storageClass(info.storageClass()));
        }
        if (wanted.contains("objectsize")) {
            xml.element("ObjectSize", info.size());
        }
        ex.headers().put("Last-Modified", Encoding.httpDate(info.lastModified()));
        ex.sendXml(200, xml.toBytes());
    }

    /** Writes the object's checksum; as S3, a composite value without its {@code -N} suffix. */
    private static void writeChecksum(XmlWriter xml, ObjectInfo info) {
        ChecksumAlgorithm a = MultipartChecksums.stored(info.metadata());
        if (a == null) {
            return;
        }
        String value = info.metadata().get(a.header());
        int dash = value.indexOf('-');
        xml.start("Checksum").element(a.xmlName(), dash < 0 ? value : value.substring(0, dash))
                .element("ChecksumType", info.metadata().getOrDefault(UploadBody.CHECKSUM_TYPE, "FULL_OBJECT")).end();
    }

    /**
     * Writes the parts page. As S3 does, the parts themselves are listed only for an object uploaded with an
     * additional checksum; the count and the paging elements are written either way.
     */
    private static void writeParts(XmlWriter xml, ObjectInfo info, int marker, int maxParts) {
        xml.start("ObjectParts").element("PartsCount", info.parts().size())
                .element("PartNumberMarker", marker).element("MaxParts", maxParts);
        int written = 0;
        int last = marker;
        boolean truncated = false;
        ChecksumAlgorithm algorithm = MultipartChecksums.stored(info.metadata());
        for (int i = 0; i < info.parts().size(); i++) {
            PartSummary part = info.parts().get(i);
            if (part.partNumber() <= marker) {
                continue;
            }
            if (written == maxParts) {
                truncated = true;
                break;
            }
            if (algorithm != null) {
                xml.start("Part").element("PartNumber", part.partNumber()).element("Size", part.size())
                        .element(algorithm.xmlName(), MultipartChecksums.part(info, i)).end();
            }
            last = part.partNumber();
            written++;
        }
        xml.element("NextPartNumberMarker", last).element("IsTruncated", truncated).end();
    }

    private static int parse(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0) {
                return Math.min(v, 1000);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid part number or max parts.");
    }
}
