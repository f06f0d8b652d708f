/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import io.cairn.api.object.ByteRange;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ListPartsPage;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;

/**
 * Multipart uploads: create, upload part, UploadPartCopy (with a range), complete (with composite checksums),
 * abort and ListParts.
 */
final class MultipartOps {

    private final Stores stores;
    private final Settings settings;
    private final Owner owner;
    private final Executor digestExecutor;

    MultipartOps(Stores stores, Settings settings, Owner owner, Executor digestExecutor) {
        this.stores = stores;
        this.settings = settings;
        this.owner = owner;
        this.digestExecutor = digestExecutor;
    }

    void handle(Exchange ex) throws Exception {
        String method = ex.method();
        if ("POST".equals(method) && ex.hasParam("uploads")) {
            create(ex);
        } else if ("PUT".equals(method) && ex.hasParam("uploadId") && ex.hasParam("partNumber")) {
            if (ex.header("x-amz-copy-source") != null) {
                uploadPartCopy(ex);
            } else {
                uploadPart(ex);
            }
        } else if ("POST".equals(method) && ex.hasParam("uploadId")) {
            complete(ex);
        } else if ("DELETE".equals(method) && ex.hasParam("uploadId")) {
            stores.multipart().abortMultipartUpload(ex.bucket(), ex.key(), ex.param("uploadId"));
            ex.sendEmpty(204);
        } else if ("GET".equals(method) && ex.hasParam("uploadId")) {
            listParts(ex);
        } else {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
    }

    private void create(Exchange ex) throws ObjectStoreException {
        Map<String, String> meta = new HashMap<>(ObjectMeta.fromHeaders(ex));
        meta.putAll(MultipartChecksums.forCreate(ex));
        PutOptions options = PutOptions.builder().metadata(meta).storageClass(ObjectMeta.storageClass(ex)).build();
        String uploadId = stores.multipart().newMultipartUpload(ex.bucket(), ex.key(), options);
        ex.sendXml(200, new XmlWriter().root("InitiateMultipartUploadResult").element("Bucket", ex.bucket())
                .element("Key", ex.key()).element("UploadId", uploadId).toBytes());
    }

    private void uploadPart(Exchange ex) throws ObjectStoreException {
        int partNumber = ObjectOps.partNumber(ex);
        UploadBody body = UploadBody.open(ex, MultipartStore.MAX_PART_SIZE, digestExecutor);
        MultipartChecksums.checkPart(stores.multipart().getMultipartUpload(ex.bucket(), ex.key(),
                ex.param("uploadId")), body.algorithm());
        Encryption.checkPart(ex);
        PartInfo part;
        try {
            part = stores.multipart().putObjectPart(ex.bucket(), ex.key(), ex.param("uploadId"), partNumber,
                    body.stream(), body.size(), new PartOptions(body.expectedMd5(), body));
        } catch (ObjectStoreException e) {
            throw body.explain(e);
        }
        ex.headers().put("ETag", Encoding.quote(part.etag()));
        if (body.checksum() != null) {
            ex.headers().put(body.algorithm().header(), body.checksum());
        }
        ex.sendEmpty(200);
    }

    private void uploadPartCopy(Exchange ex) throws ObjectStoreException {
        int partNumber = ObjectOps.partNumber(ex);
        String[] source = CopySource.parse(ex.header("x-amz-copy-source"));
        ByteRange range = copyRange(ex.header("x-amz-copy-source-range"));
        ChecksumAlgorithm algorithm = MultipartChecksums.algorithm(stores.multipart().getMultipartUpload(ex.bucket(),
                ex.key(), ex.param("uploadId")));
        Encryption.checkPart(ex);
        GetOptions options = new GetOptions(range, 0, ObjectMeta.readConditions(ex, "x-amz-copy-source-if-"));
        ObjectReader reader;
        try {
            reader = stores.objects().getObject(source[0], source[1], options);
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.INVALID_RANGE) {
                throw invalidSourceRange();
            }
            throw CopySource.explain(e);
        }
        PartInfo part;
        try (reader) {
            if (range != null && range.last() >= reader.info().size()) {
                // A GET answers such a range up to the end; a part copy must not store fewer bytes than asked for.
                throw invalidSourceRange();
            }
            if (reader.length() > MultipartStore.MAX_PART_SIZE) {
                throw new S3Exception(S3Error.ENTITY_TOO_LARGE);
            }
            // S3 computes the upload's checksum of a copied part itself.
            DigestStream digest = algorithm == null ? null : new DigestStream(reader.stream(), false, algorithm,
                    null);
            PartOptions partOptions = digest == null ? PartOptions.DEFAULT : new PartOptions(null, (md5, size) ->
                    Map.of(algorithm.header(), Base64.getEncoder().encodeToString(digest.finish()[1])));
            part = stores.multipart().putObjectPart(ex.bucket(), ex.key(), ex.param("uploadId"), partNumber,
                    digest == null ? reader.stream() : digest, reader.length(), partOptions);
        }
        XmlWriter xml = new XmlWriter().root("CopyPartResult")
                .element("LastModified", Encoding.isoDate(part.lastModified()))
                .element("ETag", Encoding.quote(part.etag()));
        if (algorithm != null) {
            xml.element(algorithm.xmlName(), part.checksums().get(algorithm.header()));
        }
        ex.sendXml(200, xml.toBytes());
    }

    private static S3Exception invalidSourceRange() {
        return new S3Exception(S3Error.INVALID_ARGUMENT, "Range specified is not valid for source object");
    }

    private static ByteRange copyRange(String header) {
        if (header == null) {
            return null;
        }
        ByteRange range = ObjectOps.parseRange(header);
        if (range == null || range.first() < 0 || range.last() < 0) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form"
                    + " bytes=first-last where first and last are the zero-based offsets of the first and last bytes"
                    + " to copy");
        }
        return range;
    }

    private void complete(Exchange ex) throws ObjectStoreException {
        XmlDoc doc = Bodies.readXml(ex, settings, true, false);
        if (!"CompleteMultipartUpload".equals(doc.name())) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        List<XmlDoc> partDocs = doc.children("Part");
        if (partDocs.isEmpty() || partDocs.size() > MultipartStore.MAX_PART_NUMBER) {
            throw new S3Exception(S3Error.MALFORMED_XML, "You must specify at least one part");
        }
        List<CompletePart> parts = new ArrayList<>(partDocs.size());
        for (XmlDoc p : partDocs) {
            String number = p.childText("PartNumber");
            String etag = p.childText("ETag");
            if (number == null || etag == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            try {
                parts.add(new CompletePart(Integer.parseInt(number), Encoding.unquote(etag)));
            } catch (NumberFormatException e) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
        }
        int previous = 0;
        for (CompletePart part : parts) {
            if (part.partNumber() < 1 || part.partNumber() > MultipartStore.MAX_PART_NUMBER) {
                throw new S3Exception(S3Error.INVALID_PART);
            }
            if (part.partNumber() <= previous) {
                throw new S3Exception(S3Error.INVALID_PART_ORDER);
            }
            previous = part.partNumber();
        }
        Map<String, String> checksumMeta = completeChecksum(ex, partDocs, parts);
        PutOptions options = PutOptions.builder().metadata(checksumMeta)
                .conditions(ObjectMeta.writeConditions(ex)).build();
        ObjectInfo info = stores.multipart().completeMultipartUpload(ex.bucket(), ex.key(), ex.param("uploadId"),
                parts, options);
        XmlWriter xml = new XmlWriter().root("CompleteMultipartUploadResult")
                .element("Location", ex.objectUrl(ex.key())).element("Bucket", ex.bucket()).element("Key", ex.key())
                .element("ETag", Encoding.quote(info.etag()));
        // From the object as completed, so that a repeat of the complete answers the checksum the first one did.
        Map<String, String> completed = info.metadata();
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String value = completed.get(a.header());
            if (value != null) {
                xml.element(a.xmlName(), value).element("ChecksumType", completed.get(UploadBody.CHECKSUM_TYPE));
            }
        }
        ex.sendXml(200, xml.toBytes());
    }

    /**
     * Computes the object's checksum entries from the stored parts. When the upload is gone the store decides: a
     * repeat of a complete that succeeded gets that complete's result, anything else {@code NoSuchUpload}.
     */
    private Map<String, String> completeChecksum(Exchange ex, List<XmlDoc> partDocs, List<CompletePart> parts)
            throws ObjectStoreException {
        MultipartUpload upload;
        try {
            upload = stores.multipart().getMultipartUpload(ex.bucket(), ex.key(), ex.param("uploadId"));
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_UPLOAD) {
                return Map.of();
            }
            throw e;
        }
        ChecksumAlgorithm algorithm = MultipartChecksums.completeAlgorithm(ex, upload, partDocs);
        if (algorithm == null) {
            return Map.of();
        }
        return MultipartChecksums.complete(ex, upload, algorithm, partDocs, parts, uploadedParts(ex));
    }

    private Map<Integer, PartInfo> uploadedParts(Exchange ex) throws ObjectStoreException {
        Map<Integer, PartInfo> parts = new HashMap<>();
        int marker = 0;
        for (int page = 0; page <= MultipartStore.MAX_PART_NUMBER / 1000 + 1; page++) {
            ListPartsPage listed = stores.multipart().listParts(ex.bucket(), ex.key(), ex.param("uploadId"), marker,
                    1000);
            for (PartInfo p : listed.parts()) {
                parts.put(p.partNumber(), p);
            }
            if (!listed.truncated()) {
                break;
            }
            marker = listed.nextPartNumberMarker();
        }
        return parts;
    }

    private void listParts(Exchange ex) throws ObjectStoreException {
        int maxParts = ListingOps.maxKeys(ex, "max-parts");
        int marker = 0;
        String markerText = ex.param("part-number-marker");
        if (markerText != null && !markerText.isEmpty()) {
            try {
                marker = Integer.parseInt(markerText.trim());
            } catch (NumberFormatException e) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid part number marker.");
            }
            if (marker < 0) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid part number marker.");
            }
        }
        ListPartsPage page = stores.multipart().listParts(ex.bucket(), ex.key(), ex.param("uploadId"), marker,
                maxParts);
        XmlWriter xml = new XmlWriter().root("ListPartsResult").element("Bucket", ex.bucket())
                .element("Key", ex.key()).element("UploadId", ex.param("uploadId"));
        xml.start("Initiator").element("ID", owner.id()).element("DisplayName", owner.displayName()).end();
        owner.write(xml);
        xml.element("StorageClass", ListingOps.storageClass(page.upload() == null ? null
                : page.upload().storageClass()))
                .element("PartNumberMarker", marker).element("NextPartNumberMarker", page.nextPartNumberMarker())
                .element("MaxParts", maxParts).element("IsTruncated", page.truncated());
        for (PartInfo part : page.parts()) {
            xml.start("Part").element("PartNumber", part.partNumber())
                    .element("LastModified", Encoding.isoDate(part.lastModified()))
                    .element("ETag", Encoding.quote(part.etag())).element("Size", part.size());
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                xml.element(a.xmlName(), part.checksums().get(a.header()));
            }
            xml.end();
        }
        ex.sendXml(200, xml.toBytes());
    }
}
