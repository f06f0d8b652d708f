/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.cairn.api.object.CopyOptions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.StorageClass;

/**
 * CopyObject: the metadata and tagging directives, source and destination conditions, the storage class and, with
 * {@code x-amz-checksum-algorithm}, a checksum of the copied data computed while it is copied.
 */
final class CopyOps {

    /** S3's message for a CopyObject of an object onto itself that changes nothing (400 InvalidRequest). */
    private static final String SELF_COPY = "This copy request is illegal because it is trying to copy an object to"
            + " itself without changing the object's metadata, storage class, website redirect location or"
            + " encryption attributes.";

    private final Stores stores;

    CopyOps(Stores stores) {
        this.stores = stores;
    }

    void copy(Exchange ex) throws ObjectStoreException {
        // Also with the COPY directive, where the destination's metadata is not read from the headers.
        ObjectMeta.checkUnsupported(ex);
        Encryption.checkCopySource(ex);
        String[] source = CopySource.parse(ex.header("x-amz-copy-source"));
        String directive = directive(ex, "x-amz-metadata-directive");
        String taggingDirective = directive(ex, "x-amz-tagging-directive");
        StorageClass storageClass = ex.header("x-amz-storage-class") == null ? null : ObjectMeta.storageClass(ex);
        String algorithmName = ex.header(MultipartChecksums.ALGORITHM);
        ChecksumAlgorithm algorithm = algorithmName == null ? null : ChecksumAlgorithm.parse(algorithmName);
        // With the COPY directive a redirect sent with the copy still applies to it, as S3 does: the location is
        // the object's own, and sending it is a change that makes a copy onto itself legal.
        String redirect = "COPY".equals(directive) && ex.header(ObjectMeta.WEBSITE_REDIRECT) != null
                ? ObjectMeta.redirectLocation(ex.header(ObjectMeta.WEBSITE_REDIRECT)) : null;
        boolean sameObject = source[0].equals(ex.bucket()) && source[1].equals(ex.key());
        if (sameObject && "COPY".equals(directive) && storageClass == null && "COPY".equals(taggingDirective)
                && algorithm == null && redirect == null) {
            throw selfCopy(source);
        }
        UnaryOperator<Map<String, String>> metadata = null;
        if ("REPLACE".equals(directive) || "REPLACE".equals(taggingDirective) || algorithm != null
                || redirect != null) {
            metadata = copyMetadata("REPLACE".equals(directive) ? ObjectMeta.fromHeaders(ex) : null,
                    "REPLACE".equals(taggingDirective)
                            ? Tagging.format(Tagging.parseHeader(ex.header("x-amz-tagging"))) : null,
                    algorithm == null, redirect);
        }
        // As S3: a copy made without x-amz-storage-class is STANDARD, not of the source's class.
        CopyOptions options = new CopyOptions(null, storageClass == null ? StorageClass.STANDARD : storageClass,
                ObjectMeta.readConditions(ex, "x-amz-copy-source-if-"), ObjectMeta.writeConditions(ex), metadata);
        ObjectInfo info;
        try {
            info = algorithm == null
                    ? stores.objects().copyObject(source[0], source[1], ex.bucket(), ex.key(), options)
                    : copyComputing(ex, source, algorithm, options);
        } catch (ObjectStoreException e) {
            if (sameObject && algorithm == null && e.kind() == ErrorKind.INVALID_ARGUMENT) {
                // The engine found the named storage class to be the object's own: nothing changes.
                throw new S3Exception(S3Error.INVALID_REQUEST, SELF_COPY);
            }
            throw CopySource.explain(e);
        }
        XmlWriter xml = new XmlWriter().root("CopyObjectResult")
                .element("LastModified", Encoding.isoDate(info.lastModified()))
                .element("ETag", Encoding.quote(info.etag()));
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String value = info.metadata().get(a.header());
            if (value != null) {
                xml.element(a.xmlName(), value).element("ChecksumType",
                        info.metadata().getOrDefault(UploadBody.CHECKSUM_TYPE, "FULL_OBJECT"));
            }
        }
        ex.sendXml(200, xml.toBytes());
    }

    /**
     * Refuses a copy of an object onto itself that changes nothing, once the object is known to exist: a source
     * that does not exist is {@code NoSuchKey} (or {@code NoSuchBucket}) whatever the directives, as in S3.
     */
    private S3Exception selfCopy(String[] source) throws ObjectStoreException {
        try {
            stores.objects().statObject(source[0], source[1], GetOptions.DEFAULT);
        } catch (ObjectStoreException e) {
            return CopySource.explain(e);
        }
        return new S3Exception(S3Error.INVALID_REQUEST, SELF_COPY);
    }

    /**
     * Copies while computing the checksum the request asked for, which the copy gets instead of the source's. The
     * data and metadata are those of the source version the reader streams, as in the engine's own copy.
     */
    private ObjectInfo copyComputing(Exchange ex, String[] source, ChecksumAlgorithm algorithm, CopyOptions options)
            throws ObjectStoreException {
        try (ObjectReader reader = stores.objects().getObject(source[0], source[1],
                new GetOptions(null, 0, options.sourceConditions()))) {
            ObjectInfo from = reader.info();
            DigestStream data = new DigestStream(reader.stream(), false, algorithm, null);
            PutOptions put = PutOptions.builder().metadata(options.destinationMetadata(from.metadata()))
                    .storageClass(options.storageClass()).conditions(options.destinationConditions())
                    .verifier((md5, size) -> Map.of(algorithm.header(),
                            Base64.getEncoder().encodeToString(data.finish()[1]), UploadBody.CHECKSUM_TYPE,
                            "FULL_OBJECT"))
                    .build();
            return stores.objects().putObject(ex.bucket(), ex.key(), data, from.size(), put);
        }
    }

    /**
     * The destination's metadata, computed from the source version the copy reads: tags not replaced are that
     * version's, and the checksums are that version's unless the copy computes a new one.
     *
     * @param replaced the metadata from the request's headers, or {@code null} to keep the source's
     * @param tags the tag set from the request ({@code ""} for none), or {@code null} to keep the source's
     * @param sourceChecksums whether the copy keeps the source's checksums
     * @param redirect the website redirect location of a copy keeping the source's metadata, or {@code null}
     * @return the function for {@link CopyOptions#metadataChange()}
     */
    private static UnaryOperator<Map<String, String>> copyMetadata(Map<String, String> replaced, String tags,
            boolean sourceChecksums, String redirect) {
        return source -> {
            Map<String, String> m = new HashMap<>(replaced != null ? replaced : source);
            if (redirect != null) {
                m.put(ObjectMeta.WEBSITE_REDIRECT, redirect);
            }
            m.keySet().removeIf(name -> name.startsWith(Metadata.CHECKSUM_PREFIX));
            if (sourceChecksums) {
                m.putAll(ObjectMeta.checksums(source));
            }
            m.remove(Metadata.TAGGING);
            String t = tags != null ? tags : source.get(Metadata.TAGGING);
            if (t != null && !t.isEmpty()) {
                m.put(Metadata.TAGGING, t);
            }
            return m;
        };
    }

    private static String directive(Exchange ex, String header) {
        String value = ex.header(header);
        if (value == null) {
            return "COPY";
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!"COPY".equals(v) && !"REPLACE".equals(v)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Unknown " + header + " value.");
        }
        return v;
    }
}
