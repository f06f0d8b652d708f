/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cairn.api.object.Conditions;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.StorageClass;

/**
 * Translation between HTTP headers and an object's metadata map, in both directions, and the request headers
 * every write understands (storage class, conditions, unsupported encryption and lock headers).
 */
final class ObjectMeta {

    /** The most bytes of user metadata ({@code x-amz-meta-*} names and values), as S3. */
    static final int MAX_USER_METADATA = 2048;
    /**
     * The metadata entry (and header) of an object's website redirect: stored as sent, returned on GET and HEAD,
     * kept by a copy that keeps the source's metadata.
     */
    static final String WEBSITE_REDIRECT = "x-amz-website-redirect-location";
    /** The most bytes of a website redirect location, as S3. */
    static final int MAX_REDIRECT_BYTES = 2048;
    /** Content type of objects stored without one. */
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    private static final List<String> CONTENT_HEADERS = List.of(Metadata.CONTENT_TYPE, Metadata.CONTENT_ENCODING,
            Metadata.CONTENT_DISPOSITION, Metadata.CONTENT_LANGUAGE, Metadata.CACHE_CONTROL, Metadata.EXPIRES);

    /**
     * Headers of writes asking for what Cairn does not implement, besides encryption ({@link Encryption} refuses
     * every header of its prefix). {@code x-amz-write-offset-bytes} appends (S3's directory buckets): taken for a
     * plain write it would replace the object with the appended bytes alone.
     */
    private static final List<String> UNSUPPORTED_WRITE_HEADERS = List.of("x-amz-object-lock-mode",
            "x-amz-object-lock-retain-until-date", "x-amz-object-lock-legal-hold", "x-amz-write-offset-bytes");

    private ObjectMeta() {
    }

    /**
     * Collects the metadata of a write from its headers.
     *
     * @param ex the exchange
     * @return content headers, the website redirect, {@code x-amz-meta-*} and tagging
     * @throws S3Exception {@code MetadataTooLarge}, {@code InvalidTag}, {@code InvalidRedirectLocation},
     *         {@code NotImplemented}
     */
    static Map<String, String> fromHeaders(Exchange ex) {
        checkUnsupported(ex);
        Map<String, String> meta = new HashMap<>();
        for (String name : CONTENT_HEADERS) {
            String value = ex.header(name);
            if (value != null) {
                meta.put(name, value);
            }
        }
        String redirect = ex.header(WEBSITE_REDIRECT);
        if (redirect != null) {
            meta.put(WEBSITE_REDIRECT, redirectLocation(redirect));
        }
        String encoding = meta.get(Metadata.CONTENT_ENCODING);
        if (encoding != null) {
            String cleaned = stripAwsChunked(encoding);
            if (cleaned.isEmpty()) {
                meta.remove(Metadata.CONTENT_ENCODING);
            } else {
                meta.put(Metadata.CONTENT_ENCODING, cleaned);
            }
        }
        int userBytes = 0;
        for (Map.Entry<String, List<String>> e : ex.info().headers().entrySet()) {
            if (e.getKey().startsWith(Metadata.USER_PREFIX) && e.getKey().length() > Metadata.USER_PREFIX.length()) {
                String value = String.join(",", e.getValue());
                meta.put(e.getKey(), value);
                userBytes += e.getKey().length() - Metadata.USER_PREFIX.length()
                        + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (userBytes > MAX_USER_METADATA) {
            throw new S3Exception(S3Error.METADATA_TOO_LARGE).with("Size", Integer.toString(userBytes))
                    .with("MaxSizeAllowed", Integer.toString(MAX_USER_METADATA));
        }
        String tagging = ex.header("x-amz-tagging");
        if (tagging != null) {
            String normalized = Tagging.format(Tagging.parseHeader(tagging));
            if (!normalized.isEmpty()) {
                meta.put(Metadata.TAGGING, normalized);
            }
        }
        return meta;
    }

    /**
     * Refuses the headers of a write that ask for what Cairn does not implement (server-side encryption, object
     * lock, appending, access control other than the owner-only default), so that no write they guard succeeds
     * without it.
     * Every write checks them, a copy that keeps the source's metadata too.
     *
     * @param ex the exchange
     * @throws S3Exception {@code NotImplemented}
     */
    static void checkUnsupported(Exchange ex) {
        Encryption.checkWrite(ex);
        for (String name : UNSUPPORTED_WRITE_HEADERS) {
            if (ex.header(name) != null) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "The " + name + " header is not implemented.");
            }
        }
        checkAcl(ex);
    }

    /**
     * Refuses access control other than the owner-only default: ACLs cannot be changed, so {@code x-amz-acl: private}
     * (and {@code bucket-owner-full-control}, the same thing with one owner) is accepted and anything else would be
     * a silent failure.
     *
     * @param ex the exchange
     * @throws S3Exception {@code NotImplemented}
     */
    static void checkAcl(Exchange ex) {
        checkCannedAcl(ex.header("x-amz-acl"));
        for (String name : ex.info().headers().keySet()) {
            if (name.startsWith("x-amz-grant-")) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "The " + name + " header is not implemented.");
            }
        }
    }

    /**
     * Checks a website redirect location as S3 does: a path of the same bucket or an absolute HTTP(S) URL, of at
     * most {@value #MAX_REDIRECT_BYTES} bytes.
     *
     * @param value the header or form field as sent
     * @return the value
     * @throws S3Exception {@code InvalidRedirectLocation}
     */
    static String redirectLocation(String value) {
        if (!value.startsWith("/") && !value.startsWith("http://") && !value.startsWith("https://")) {
            throw new S3Exception(S3Error.INVALID_REDIRECT_LOCATION);
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_REDIRECT_BYTES) {
            throw new S3Exception(S3Error.INVALID_REDIRECT_LOCATION, "The website redirect location must be at most "
                    + MAX_REDIRECT_BYTES + " bytes long.");
        }
        return value;
    }

    /**
     * Refuses a canned ACL other than the owner-only default ({@code private}, or {@code bucket-owner-full-control},
     * the same thing with one owner), as {@code x-amz-acl} or a form's {@code acl} field names it. Cairn has no ACLs
     * beyond the owner's: accepting {@code public-read} would be a silent success that leaves the object private, so
     * S3's {@code NotImplemented} is the deliberate answer (docs/s3-compatibility.md lists it).
     *
     * @param acl the canned ACL, or {@code null} for none
     * @throws S3Exception {@code NotImplemented}
     */
    static void checkCannedAcl(String acl) {
        if (acl != null && !"private".equals(acl.trim()) && !"bucket-owner-full-control".equals(acl.trim())) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Only the private canned ACL is implemented.");
        }
    }

    /**
     * Removes {@code aws-chunked} from a Content-Encoding list and keeps the other codings as they were sent, spaces
     * included, as S3 stores the header's value.
     */
    private static String stripAwsChunked(String encoding) {
        StringBuilder out = new StringBuilder();
        for (String part : encoding.split(",")) {
            String token = part.trim();
            if (!token.isEmpty() && !"aws-chunked".equalsIgnoreCase(token)) {
                if (out.length() > 0) {
                    out.append(',');
                }
                out.append(part);
            }
        }
        return out.toString().trim();
    }

    /**
     * Parses {@code x-amz-storage-class}.
     *
     * @param ex the exchange
     * @return the class
     * @throws S3Exception {@code InvalidStorageClass}
     */
    static StorageClass storageClass(Exchange ex) {
        return storageClass(ex.header("x-amz-storage-class"));
    }

    /**
     * Parses a storage class as {@code x-amz-storage-class} or a form field of that name gives it.
     *
     * @param value the class, or {@code null} for the default
     * @return the class
     * @throws S3Exception {@code InvalidStorageClass}
     */
    static StorageClass storageClass(String value) {
        try {
            return StorageClass.parse(value == null ? null : value.trim());
        } catch (ObjectStoreException e) {
            throw new S3Exception(S3Error.INVALID_STORAGE_CLASS);
        }
    }

    /**
     * Parses the write conditions {@code If-Match} (an ETag list, see {@link io.cairn.api.object.EntityTags}) and
     * {@code If-None-Match: *}.
     *
     * @param ex the exchange
     * @return the conditions
     * @throws S3Exception {@code NotImplemented} for an If-None-Match other than {@code *}
     */
    static Conditions writeConditions(Exchange ex) {
        String ifMatch = ex.header("if-match");
        String ifNoneMatch = ex.header("if-none-match");
        if (ifNoneMatch != null && !"*".equals(ifNoneMatch.trim())) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "If-None-Match on a write supports only the value *.");
        }
        return new Conditions(ifMatch == null ? null : ifMatch.trim(), ifNoneMatch == null ? null : "*", null, null);
    }

    /**
     * Parses the conditions of a DeleteObject: {@code If-Match} with an ETag list or {@code *}. The
     * conditions S3 supports only in directory buckets ({@code x-amz-if-match-last-modified-time},
     * {@code x-amz-if-match-size}) are NotImplemented rather than ignored, so no delete they guard goes ahead.
     *
     * @param ex the exchange
     * @return the conditions, {@link Conditions#NONE} without {@code If-Match}
     */
    static Conditions deleteConditions(Exchange ex) {
        for (String header : new String[] {"x-amz-if-match-last-modified-time", "x-amz-if-match-size"}) {
            if (ex.header(header) != null) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, header + " is supported only for directory buckets.");
            }
        }
        String ifMatch = ex.header("if-match");
        return ifMatch == null ? Conditions.NONE : new Conditions(ifMatch.trim(), null, null, null);
    }

    /**
     * Builds the conditions of a delete guarded by one ETag (a DeleteObjects {@code <ETag>} element).
     *
     * @param ifMatch the ETag (quoted or not), {@code *}, or {@code null}
     * @return the conditions, {@link Conditions#NONE} for {@code null}
     */
    static Conditions ifMatch(String ifMatch) {
        return ifMatch == null ? Conditions.NONE : new Conditions(Encoding.unquote(ifMatch), null, null, null);
    }

    /**
     * Parses read conditions from headers with the given prefix ({@code if-} or {@code x-amz-copy-source-if-}).
     * The ETag conditions are passed on as lists for {@link io.cairn.api.object.EntityTags}.
     *
     * @param ex the exchange
     * @param prefix the header prefix
     * @return the conditions
     */
    static Conditions readConditions(Exchange ex, String prefix) {
        String ifMatch = ex.header(prefix + "match");
        String ifNoneMatch = ex.header(prefix + "none-match");
        Instant modifiedSince = Encoding.parseHttpDate(ex.header(prefix + "modified-since"));
        Instant unmodifiedSince = Encoding.parseHttpDate(ex.header(prefix + "unmodified-since"));
        return new Conditions(ifMatch == null ? null : ifMatch.trim(), ifNoneMatch == null ? null : ifNoneMatch.trim(),
                modifiedSince, unmodifiedSince);
    }

    /**
     * Sets the response headers describing an object.
     *
     * @param ex the exchange
     * @param info the object
     * @param checksums whether to include stored checksums ({@code x-amz-checksum-mode: ENABLED})
     */
    static void toHeaders(Exchange ex, ObjectInfo info, boolean checksums) {
        var headers = ex.headers();
        headers.put("ETag", Encoding.quote(info.etag()));
        headers.put("Last-Modified", Encoding.httpDate(info.lastModified()));
        headers.put("Accept-Ranges", "bytes");
        Map<String, String> meta = info.metadata();
        headers.put("Content-Type", meta.getOrDefault(Metadata.CONTENT_TYPE, DEFAULT_CONTENT_TYPE));
        for (String name : CONTENT_HEADERS) {
            if (!Metadata.CONTENT_TYPE.equals(name) && meta.containsKey(name)) {
                headers.put(name, wire(meta.get(name)));
            }
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith(Metadata.USER_PREFIX)) {
                headers.put(e.getKey(), wire(e.getValue()));
            }
        }
        String redirect = meta.get(WEBSITE_REDIRECT);
        if (redirect != null) {
            headers.put(WEBSITE_REDIRECT, wire(redirect));
        }
        if (info.storageClass() != StorageClass.STANDARD) {
            headers.put("x-amz-storage-class", info.storageClass().name());
        }
        String tagging = meta.get(Metadata.TAGGING);
        if (tagging != null && !tagging.isEmpty()) {
            headers.put("x-amz-tagging-count", Integer.toString(tagging.split("&").length));
        }
        if (checksums) {
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                String value = meta.get(a.header());
                if (value != null) {
                    headers.put(a.header(), value);
                    headers.put(UploadBody.CHECKSUM_TYPE, meta.getOrDefault(UploadBody.CHECKSUM_TYPE, "FULL_OBJECT"));
                }
            }
        }
    }

    /**
     * Sets the headers of a 304 answer for an object: the validators ({@code ETag}, {@code Last-Modified}) and the
     * stored {@code Cache-Control} and {@code Expires}, which RFC 9110 §15.4.5 has a 304 repeat from the 200 it
     * stands for, so that a cache refreshing its stored answer keeps them.
     *
     * @param ex the exchange
     * @param info the object
     */
    static void toNotModifiedHeaders(Exchange ex, ObjectInfo info) {
        var headers = ex.headers();
        headers.put("ETag", Encoding.quote(info.etag()));
        headers.put("Last-Modified", Encoding.httpDate(info.lastModified()));
        for (String name : List.of(Metadata.CACHE_CONTROL, Metadata.EXPIRES)) {
            String value = info.metadata().get(name);
            if (value != null) {
                headers.put(name, wire(value));
            }
        }
    }

    /**
     * Sets the checksum headers of a read by part number of a multipart object: the part's stored checksum instead
     * of the object's.
     *
     * @param ex the exchange
     * @param info the object
     * @param partNumber the part number, 0 for none
     */
    static void partChecksum(Exchange ex, ObjectInfo info, int partNumber) {
        if (partNumber < 1 || !info.isMultipart() || partNumber > info.parts().size()) {
            return;
        }
        ChecksumAlgorithm a = MultipartChecksums.stored(info.metadata());
        String value = a == null ? null : MultipartChecksums.part(info, partNumber - 1);
        for (ChecksumAlgorithm other : ChecksumAlgorithm.values()) {
            ex.headers().remove(other.header());
        }
        ex.headers().remove(UploadBody.CHECKSUM_TYPE);
        if (value != null) {
            ex.headers().put(a.header(), value);
            ex.headers().put(UploadBody.CHECKSUM_TYPE, info.metadata().getOrDefault(UploadBody.CHECKSUM_TYPE,
                    "FULL_OBJECT"));
        }
    }

    /**
     * Prepares a header value for the wire: HTTP/1 writes header characters as single bytes, so non-ASCII text is
     * handed over as its UTF-8 bytes (what the client sent, and what other S3 servers return).
     *
     * @param value the text
     * @return the value to put in the response
     */
    static String wire(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return value;
    }

    /**
     * Returns the stored checksum entries of an object.
     *
     * @param meta the metadata
     * @return the {@code x-amz-checksum-*} entries
     */
    static Map<String, String> checksums(Map<String, String> meta) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(Metadata.CHECKSUM_PREFIX)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
