/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.api.object.Metadata;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStore;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.PutVerifier;
import io.cairn.api.object.StorageClass;

/**
 * POST Object: browser form uploads authenticated by a signed policy document (SigV4 or SigV2 form fields), with
 * the policy's conditions enforced, including {@code content-length-range} while the file streams in.
 */
final class PostObjectOps {

    private final Stores stores;
    private final Authenticator authenticator;
    private final Settings settings;
    private final Clock clock;

    PostObjectOps(Stores stores, Authenticator authenticator, Settings settings, Clock clock) {
        this.stores = stores;
        this.authenticator = authenticator;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Serves a form upload whose head was read.
     *
     * @param ex the exchange
     * @param boundary the form's boundary
     * @param head the form's head: the fields and the file part's headers
     * @throws IOException when reading the file fails
     * @throws ObjectStoreException when storing fails
     */
    void handle(Exchange ex, String boundary, FormHead head) throws IOException, ObjectStoreException {
        if (head.error() != null) {
            throw new S3Exception(head.error());
        }
        AtomicBoolean authenticated = new AtomicBoolean();
        MultipartForm form = new MultipartForm(head.body(ex.body(), authenticated::get), boundary);
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartForm.Part file = null;
        int total = 0;
        for (MultipartForm.Part part = form.next(); part != null; part = form.next()) {
            String name = part.name() == null ? "" : part.name().toLowerCase(Locale.ROOT);
            if ("file".equals(name)) {
                file = part;
                break;
            }
            String value = form.value();
            total += value.getBytes(StandardCharsets.UTF_8).length;
            if (total > MultipartForm.MAX_FIELDS_TOTAL) {
                throw new S3Exception(S3Error.MAX_POST_PRE_DATA_LENGTH_EXCEEDED);
            }
            fields.putIfAbsent(name, value);
        }
        if (file == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "POST requires exactly one file upload per request.");
        }
        String formBucket = fields.put("bucket", ex.bucket());
        String key = fields.get("key");
        if (key == null || key.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Bucket POST must contain a field named 'key'.");
        }
        if (key.contains("${filename}")) {
            key = key.replace("${filename}", file.filename() == null ? "" : file.filename());
            fields.put("key", key);
        }
        BucketNames.checkKey(key);
        PostPolicy policy = authenticate(fields);
        if (formBucket != null && !formBucket.equals(ex.bucket())) {
            // The policy is checked against the bucket the form is posted to; a form naming another one would be
            // read by some as a write there, so it is refused, as S3 refuses a form outside its policy.
            throw new S3Exception(S3Error.ACCESS_DENIED, "The form's bucket field names another bucket than the"
                    + " one the form is posted to.");
        }
        Instant now = clock.instant();
        policy.check(fields, now);
        // Only now may the file be read with blocking reads: the client is authenticated.
        authenticated.set(true);
        upload(ex, form, fields, key, policy, file);
    }

    private PostPolicy authenticate(Map<String, String> fields) {
        checkCredentialFields(fields);
        String policyText = fields.get("policy");
        if (policyText == null) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Access Denied.");
        }
        String signature = fields.get("x-amz-signature");
        if (signature != null) {
            if (!SigV4.ALGORITHM.equals(fields.get("x-amz-algorithm"))) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Only AWS4-HMAC-SHA256 is supported.");
            }
            String[] credential = String.valueOf(fields.get("x-amz-credential")).split("/");
            if (credential.length != 5) {
                throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
            }
            if (!authenticator.accessKey().equals(credential[0])) {
                throw new S3Exception(S3Error.INVALID_ACCESS_KEY_ID);
            }
            String amzDate = fields.get("x-amz-date");
            if (amzDate == null || Encoding.parseAmzDate(amzDate) == null || !amzDate.startsWith(credential[1])) {
                throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "Invalid credential date \""
                        + credential[1] + "\". This date is not the same as X-Amz-Date: \"" + amzDate + "\".");
            }
            if (!settings.region().isEmpty() && !settings.region().equals(credential[2])) {
                throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                        "The region '" + credential[2] + "' is wrong; expecting '" + settings.region() + "'");
            }
            byte[] key = SigV4.signingKey(authenticator.secretKey(), credential[1], credential[2], credential[3]);
            if (!SigV4.matches(SigV4.sign(key, policyText), signature)) {
                throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH);
            }
        } else {
            String v2 = fields.get("signature");
            if (v2 == null || !authenticator.accessKey().equals(fields.get("awsaccesskeyid"))) {
                throw new S3Exception(v2 == null ? S3Error.ACCESS_DENIED : S3Error.INVALID_ACCESS_KEY_ID);
            }
            String expected = Authenticator.signV2(authenticator.secretKey(), policyText);
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    v2.trim().getBytes(StandardCharsets.UTF_8))) {
                throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH);
            }
        }
        return PostPolicy.parse(policyText);
    }

    /**
     * Refuses a form that carries credentials but lacks a field they need, as S3 does, with 400
     * {@code InvalidArgument} naming the field: a client that meant to sign learns what it left out. A form without
     * any credential field is anonymous and stays {@code AccessDenied}.
     */
    private static void checkCredentialFields(Map<String, String> fields) {
        boolean v4 = fields.containsKey("x-amz-signature") || fields.containsKey("x-amz-credential")
                || fields.containsKey("x-amz-algorithm");
        boolean v2 = fields.containsKey("signature") || fields.containsKey("awsaccesskeyid");
        if (!v4 && !v2) {
            return;
        }
        if (!fields.containsKey("policy")) {
            throw missingField("Policy");
        }
        if (v4) {
            if (!fields.containsKey("x-amz-signature")) {
                throw missingField("X-Amz-Signature");
            }
        } else if (!fields.containsKey("signature")) {
            throw missingField("Signature");
        } else if (!fields.containsKey("awsaccesskeyid")) {
            throw missingField("AWSAccessKeyId");
        }
    }

    private static S3Exception missingField(String name) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, "Bucket POST must contain a field named '" + name
                + "'. If it is specified, please check the order of the fields.");
    }

    private void upload(Exchange ex, MultipartForm form, Map<String, String> fields, String key, PostPolicy policy,
            MultipartForm.Part file) throws IOException, ObjectStoreException {
        checkUnsupported(fields);
        StorageClass storageClass = ObjectMeta.storageClass(fields.get("x-amz-storage-class"));
        Map<String, String> meta = new HashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String name = f.getKey();
            if (name.startsWith(Metadata.USER_PREFIX) || Metadata.CONTENT_TYPE.equals(name)
                    || Metadata.CACHE_CONTROL.equals(name) || Metadata.CONTENT_DISPOSITION.equals(name)
                    || Metadata.CONTENT_ENCODING.equals(name) || Metadata.EXPIRES.equals(name)) {
                meta.put(name, f.getValue());
            }
        }
        String redirect = fields.get(ObjectMeta.WEBSITE_REDIRECT);
        if (redirect != null) {
            meta.put(ObjectMeta.WEBSITE_REDIRECT, ObjectMeta.redirectLocation(redirect));
        }
        String tagging = fields.get("tagging");
        if (tagging != null) {
            String tags = Tagging.format(Tagging.parseXml(XmlDoc.parse(tagging.getBytes(StandardCharsets.UTF_8))));
            if (!tags.isEmpty()) {
                meta.put(Metadata.TAGGING, tags);
            }
        }
        if (!meta.containsKey(Metadata.CONTENT_TYPE) && file.contentType() != null) {
            meta.put(Metadata.CONTENT_TYPE, file.contentType());
        }
        LimitedStream body = new LimitedStream(form.partStream(), policy.maxLength());
        PutVerifier verifier = (md5, size) -> {
            if (size < policy.minLength()) {
                throw new VerifyException(S3Error.ENTITY_TOO_SMALL, S3Error.ENTITY_TOO_SMALL.message());
            }
            return Map.of();
        };
        ObjectInfo info;
        try {
            info = stores.objects().putObject(ex.bucket(), key, body, -1,
                    PutOptions.builder().metadata(meta).storageClass(storageClass).verifier(verifier).build());
        } catch (ObjectStoreException e) {
            if (body.failure() != null) {
                throw new S3Exception(body.failure().error(), body.failure().getMessage());
            }
            throw Errors.toS3(e);
        }
        respond(ex, fields, key, info);
    }

    /**
     * Refuses the fields of a form asking for what a PutObject with the same headers could not do either: a canned
     * ACL other than the owner-only default, or server-side encryption. No upload they guard may succeed without it.
     */
    private static void checkUnsupported(Map<String, String> fields) {
        ObjectMeta.checkCannedAcl(fields.get("acl"));
        for (String name : fields.keySet()) {
            if (name.startsWith(Encryption.PREFIX)) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "The " + name + " field is not implemented.");
            }
        }
    }

    private static void respond(Exchange ex, Map<String, String> fields, String key, ObjectInfo info) {
        ex.headers().put("ETag", Encoding.quote(info.etag()));
        String location = ex.objectUrl(key);
        ex.headers().put("Location", location);
        String redirect = fields.get("success_action_redirect");
        if (redirect != null && !redirect.isEmpty()) {
            String sep = redirect.contains("?") ? "&" : "?";
            ex.headers().put("Location", redirect + sep + "bucket=" + Encoding.uriEncode(ex.bucket(), false)
                    + "&key=" + Encoding.uriEncode(key, false) + "&etag="
                    + Encoding.uriEncode(Encoding.quote(info.etag()), false));
            ex.sendEmpty(303);
            return;
        }
        String status = fields.getOrDefault("success_action_status", "204");
        if ("201".equals(status)) {
            ex.sendXml(201, new XmlWriter().start("PostResponse").element("Location", location)
                    .element("Bucket", ex.bucket()).element("Key", key)
                    .element("ETag", Encoding.quote(info.etag())).toBytes());
        } else if ("200".equals(status)) {
            ex.sendEmpty(200);
        } else {
            ex.sendEmpty(204);
        }
    }

    /** Enforces the policy's maximum length while the file streams in. */
    private static final class LimitedStream extends BodyStream {
        private final long max;

        LimitedStream(InputStream in, long max) {
            super(in);
            this.max = Math.min(max, ObjectStore.MAX_OBJECT_SIZE);
        }

        @Override
        void passed(byte[] buffer, int offset, int length) throws BodyException {
            if (count() > max) {
                throw new BodyException(S3Error.ENTITY_TOO_LARGE,
                        "Your proposed upload exceeds the maximum allowed size");
            }
        }
    }
}
