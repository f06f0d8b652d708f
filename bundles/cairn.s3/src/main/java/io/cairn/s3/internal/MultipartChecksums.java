/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cairn.api.object.CompletePart;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.PartInfo;

/**
 * The checksum of a multipart upload. CreateMultipartUpload fixes the algorithm and the type ({@code COMPOSITE}:
 * the algorithm over the concatenated part checksums, then {@code -N}; {@code FULL_OBJECT}: the CRC of the whole
 * object, combined from the part CRCs) and stores them in the upload's metadata, so that every part upload and the
 * complete, on any node, see them. The completed object keeps its checksum, its type and the checksum of each part
 * (for GetObjectAttributes and reads by part number) in its metadata.
 */
final class MultipartChecksums {

    /** Metadata key of the algorithm an upload was created with. */
    static final String ALGORITHM = "x-amz-checksum-algorithm";
    /** Metadata key of a completed object's part checksums: base64 values in part order, comma-separated. */
    static final String PARTS = "x-amz-checksum-parts";
    static final String COMPOSITE = "COMPOSITE";
    static final String FULL_OBJECT = "FULL_OBJECT";

    private MultipartChecksums() {
    }

    /**
     * Reads the checksum headers of a CreateMultipartUpload and answers them in the response.
     *
     * @param ex the exchange
     * @return the entries to store with the upload, empty without {@code x-amz-checksum-algorithm}
     * @throws S3Exception {@code InvalidRequest} for an unknown algorithm or type, a type without an algorithm, or
     *     a combination S3 does not support (FULL_OBJECT with SHA, COMPOSITE with CRC64NVME)
     */
    static Map<String, String> forCreate(Exchange ex) {
        String algorithmHeader = ex.header(ALGORITHM);
        String typeHeader = ex.header(UploadBody.CHECKSUM_TYPE);
        if (algorithmHeader == null) {
            if (typeHeader != null) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The x-amz-checksum-type header can only be used"
                        + " with the x-amz-checksum-algorithm header.");
            }
            return Map.of();
        }
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.parse(algorithmHeader);
        String type = typeHeader == null ? defaultType(algorithm) : typeHeader.trim().toUpperCase(Locale.ROOT);
        if (!COMPOSITE.equals(type) && !FULL_OBJECT.equals(type)) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-checksum-type header is invalid.");
        }
        boolean crc = CrcCombine.parameters(algorithm) != null;
        if (FULL_OBJECT.equals(type) && !crc || COMPOSITE.equals(type) && algorithm == ChecksumAlgorithm.CRC64NVME) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The " + type + " checksum type cannot be used with the "
                    + algorithm.name().toLowerCase(Locale.ROOT) + " checksum algorithm.");
        }
        ex.headers().put(ALGORITHM, algorithm.name());
        ex.headers().put(UploadBody.CHECKSUM_TYPE, type);
        return Map.of(ALGORITHM, algorithm.name(), UploadBody.CHECKSUM_TYPE, type);
    }

    private static String defaultType(ChecksumAlgorithm algorithm) {
        return algorithm == ChecksumAlgorithm.CRC64NVME ? FULL_OBJECT : COMPOSITE;
    }

    /**
     * Returns the algorithm an upload was created with.
     *
     * @param upload the upload
     * @return the algorithm, or {@code null} when it was created without one
     */
    static ChecksumAlgorithm algorithm(MultipartUpload upload) {
        String name = upload.metadata().get(ALGORITHM);
        return name == null ? null : ChecksumAlgorithm.parse(name);
    }

    /**
     * Checks that a part carries the checksum its upload was created with, as S3 requires.
     *
     * @param upload the upload
     * @param sent the algorithm of the part's {@code x-amz-checksum-*} header or trailer, or {@code null}
     * @throws S3Exception {@code InvalidRequest} when it is another one or none
     */
    static void checkPart(MultipartUpload upload, ChecksumAlgorithm sent) {
        ChecksumAlgorithm expected = algorithm(upload);
        if (expected != null && expected != sent) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Checksum Type mismatch occurred, expected checksum Type: "
                    + expected.name().toLowerCase(Locale.ROOT) + ", actual checksum Type: "
                    + (sent == null ? "null" : sent.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Decides the algorithm of a complete: the upload's; for an upload created without one, the first part's
     * checksum element or the request's {@code x-amz-checksum-*} header.
     *
     * @param ex the exchange
     * @param upload the upload
     * @param partDocs the Part elements
     * @return the algorithm, or {@code null} when the object gets no checksum
     * @throws S3Exception {@code InvalidRequest} for a checksum of another algorithm than the upload's
     */
    static ChecksumAlgorithm completeAlgorithm(Exchange ex, MultipartUpload upload, List<XmlDoc> partDocs) {
        ChecksumAlgorithm fixed = algorithm(upload);
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            boolean sent = ex.header(a.header()) != null || partDocs.get(0).childText(a.xmlName()) != null;
            if (sent && fixed == null) {
                return a;
            }
            if (sent && a != fixed) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The upload was created using the "
                        + fixed.name().toLowerCase(Locale.ROOT) + " checksum algorithm, not "
                        + a.name().toLowerCase(Locale.ROOT) + ".");
            }
        }
        return fixed;
    }

    /**
     * Computes the checksum of a completed upload from the checksums its parts were stored with, checking the part
     * checksums named in the request and the object checksum the request may carry.
     *
     * @param ex the exchange
     * @param upload the upload
     * @param algorithm the algorithm from {@link #completeAlgorithm}
     * @param partDocs the Part elements
     * @param parts the parts, in the order of {@code partDocs}
     * @param stored the uploaded parts by number
     * @return the metadata entries of the object: the checksum, its type and the part checksums
     * @throws S3Exception {@code InvalidRequest} for a type other than the upload's or missing part checksums,
     *     {@code InvalidPart} for a part checksum that differs from the stored one, {@code BadDigest} for an object
     *     checksum that differs from the computed one
     */
    static Map<String, String> complete(Exchange ex, MultipartUpload upload, ChecksumAlgorithm algorithm,
            List<XmlDoc> partDocs, List<CompletePart> parts, Map<Integer, PartInfo> stored) {
        String type = completeType(ex, upload, algorithm);
        boolean fullObject = FULL_OBJECT.equals(type);
        byte[][] values = new byte[parts.size()][];
        long[] sizes = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            PartInfo have = stored.get(parts.get(i).partNumber());
            if (have == null) {
                throw new S3Exception(S3Error.INVALID_PART);
            }
            String sent = partDocs.get(i).childText(algorithm.xmlName());
            String kept = have.checksums().get(algorithm.header());
            byte[] value = sent == null ? null : algorithm.decode(sent);
            if (value != null && kept != null && !MessageDigest.isEqual(value, algorithm.decode(kept))) {
                throw new S3Exception(S3Error.INVALID_PART);
            }
            if (value == null && fullObject && kept != null) {
                value = algorithm.decode(kept);
            }
            if (value == null) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The upload was created using a "
                        + algorithm.name().toLowerCase(Locale.ROOT) + " checksum. The complete request must include"
                        + " the checksum for each part. It was missing for part " + parts.get(i).partNumber()
                        + " in the request.");
            }
            values[i] = value;
            sizes[i] = have.size();
        }
        String value = fullObject ? fullObjectValue(algorithm, values, sizes) : compositeValue(algorithm, values);
        String given = ex.header(algorithm.header());
        if (given != null && !given.trim().equals(value) && !(given.trim() + "-" + parts.size()).equals(value)) {
            throw new S3Exception(S3Error.X_AMZ_CONTENT_CHECKSUM_MISMATCH, "The " + algorithm.name()
                    + " you specified did not match the calculated checksum.");
        }
        StringBuilder partValues = new StringBuilder();
        for (byte[] v : values) {
            partValues.append(partValues.length() == 0 ? "" : ",").append(Base64.getEncoder().encodeToString(v));
        }
        Map<String, String> meta = new HashMap<>();
        meta.put(algorithm.header(), value);
        meta.put(UploadBody.CHECKSUM_TYPE, type);
        meta.put(PARTS, partValues.toString());
        return meta;
    }

    private static String completeType(Exchange ex, MultipartUpload upload, ChecksumAlgorithm algorithm) {
        String header = ex.header(UploadBody.CHECKSUM_TYPE);
        String requested = header == null ? null : header.trim().toUpperCase(Locale.ROOT);
        String fixed = upload.metadata().get(UploadBody.CHECKSUM_TYPE);
        if (algorithm(upload) != null) {
            if (requested != null && !requested.equals(fixed)) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The upload was created using the " + fixed
                        + " checksum type. The complete request must use the same checksum type.");
            }
            return fixed;
        }
        // An upload created without an algorithm: the complete request decides, as before uploads stored one.
        String type = requested == null ? defaultType(algorithm) : requested;
        if (FULL_OBJECT.equals(type) && CrcCombine.parameters(algorithm) == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The FULL_OBJECT checksum type supports only CRC"
                    + " algorithms.");
        }
        if (!FULL_OBJECT.equals(type) && !COMPOSITE.equals(type)) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-checksum-type header is invalid.");
        }
        return type;
    }

    private static String compositeValue(ChecksumAlgorithm algorithm, byte[][] values) {
        ChecksumAlgorithm.Hasher hasher = algorithm.newHasher();
        for (byte[] v : values) {
            hasher.update(v, 0, v.length);
        }
        return Base64.getEncoder().encodeToString(hasher.finish()) + "-" + values.length;
    }

    private static String fullObjectValue(ChecksumAlgorithm algorithm, byte[][] values, long[] sizes) {
        long[] crc = CrcCombine.parameters(algorithm);
        long combined = 0;
        for (int i = 0; i < values.length; i++) {
            long partCrc = toLong(values[i]);
            combined = i == 0 ? partCrc : CrcCombine.combine(combined, partCrc, sizes[i], crc[0], (int) crc[1]);
        }
        byte[] raw = new byte[algorithm.length()];
        for (int i = raw.length - 1; i >= 0; i--) {
            raw[i] = (byte) combined;
            combined >>>= 8;
        }
        return Base64.getEncoder().encodeToString(raw);
    }

    private static long toLong(byte[] raw) {
        long v = 0;
        for (byte b : raw) {
            v = v << 8 | (b & 0xff);
        }
        return v;
    }

    /**
     * Returns the algorithm of an object's stored checksum.
     *
     * @param meta the object's metadata
     * @return the algorithm or {@code null}
     */
    static ChecksumAlgorithm stored(Map<String, String> meta) {
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            if (meta.containsKey(a.header())) {
                return a;
            }
        }
        return null;
    }

    /**
     * Returns the stored checksum of one part of a multipart object.
     *
     * @param info the object
     * @param index the part's position in {@link ObjectInfo#parts()}
     * @return the base64 value, or {@code null} when the object has no part checksums
     */
    static String part(ObjectInfo info, int index) {
        String all = info.metadata().get(PARTS);
        if (all == null) {
            return null;
        }
        String[] values = all.split(",");
        return values.length == info.parts().size() && index >= 0 && index < values.length ? values[index] : null;
    }
}
