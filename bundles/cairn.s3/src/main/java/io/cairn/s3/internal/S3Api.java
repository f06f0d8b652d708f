/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.object.ObjectStoreException;

/**
 * The S3 front end without OSGi: addresses a request (path style, or virtual-host style under a configured
 * domain), authenticates it, dispatches it to the operation family, and turns every failure into S3 error XML.
 */
final class S3Api {

    /** Request attribute set by the node's router with the id sent as {@code x-amz-request-id}. */
    static final String REQUEST_ID = "cairn.requestId";

    private static final Logger LOG = LoggerFactory.getLogger(S3Api.class);
    /**
     * The bucket names whose paths are the node's own endpoints ({@code /minio/health/...},
     * {@code /minio/v2/metrics/...}, {@code /cairn/rpc/...}, {@code /cairn/admin/...}); no S3 request may use them,
     * as MinIO reserves {@code minio}.
     */
    static final Set<String> RESERVED_BUCKETS = Set.of("minio", "cairn");

    private final Settings settings;
    private final Stores stores;
    private final Authenticator authenticator;
    private final Clock clock;
    private final ServiceOps service;
    private final BucketOps buckets;
    private final ObjectOps objects;
    private final PostObjectOps post;
    private final Owner owner;

    S3Api(Stores stores, Settings settings, Executor digestExecutor, Clock clock) {
        this.settings = settings;
        this.stores = stores;
        this.clock = clock;
        this.authenticator = new Authenticator(settings.accessKey(), settings.secretKey(), settings.region(),
                settings.maxSkew());
        this.owner = Owner.of(settings.accessKey());
        this.service = new ServiceOps(stores, owner, settings);
        ListingOps listing = new ListingOps(stores, owner);
        this.buckets = new BucketOps(stores, settings, owner, listing, new DeleteOps(stores, settings));
        MultipartOps multipart = new MultipartOps(stores, settings, owner, digestExecutor);
        this.objects = new ObjectOps(stores, settings, owner, multipart, digestExecutor);
        this.post = new PostObjectOps(stores, authenticator, settings, clock);
    }

    /**
     * Serves one request; always answers.
     *
     * @param request the request
     * @param response the response
     * @param callback completed when the answer was sent
     */
    void handle(Request request, Response response, Callback callback) {
        Object id = request.getAttribute(REQUEST_ID);
        String requestId = id == null ? String.format("%016X", ThreadLocalRandom.current().nextLong()) : id.toString();
        if (id == null) {
            response.getHeaders().put("x-amz-request-id", requestId);
        }
        settings.cors().decorate(request.getHeaders().get(HttpHeader.ORIGIN), response.getHeaders());
        Exchange ex;
        try {
            ex = address(request, response, callback, requestId);
        } catch (S3Exception e) {
            // The path or query could not be decoded: answer without them.
            RequestInfo bare = new RequestInfo(request.getMethod(), "/", null, Map.of(), null);
            ex = new Exchange(request, response, callback, bare, requestId, null, null, false);
            Errors.send(ex, e);
            return;
        }
        Exchange addressed = ex;
        serve(addressed, () -> dispatch(addressed));
    }

    /** Something that answers an exchange, or arranges for it to be answered later ({@link Exchange#deferred()}). */
    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    /** Runs an operation and turns every failure into an error answer. */
    private void serve(Exchange ex, Operation operation) {
        try {
            operation.run();
            if (!ex.completed() && !ex.deferred()) {
                throw new IllegalStateException("operation did not answer");
            }
        } catch (S3Exception e) {
            fail(ex, e);
        } catch (ObjectStoreException e) {
            fail(ex, Errors.toS3(e));
        } catch (Exception | Error e) {
            if (ex.completed() && e instanceof java.io.IOException) {
                // The response was under way: usually the client went away in the middle of a download.
                LOG.debug("{} {} aborted", ex.method(), ex.resource(), e);
            } else {
                LOG.warn("{} {} failed", ex.method(), ex.resource(), e);
            }
            fail(ex, new S3Exception(S3Error.INTERNAL_ERROR, S3Error.INTERNAL_ERROR.message(), e));
        }
    }

    private static void fail(Exchange ex, S3Exception e) {
        if (e.error().status() >= 500 && e.getCause() instanceof ObjectStoreException cause) {
            // The client sees only the generic message: keep the cause (which drives, which error) in the log.
            LOG.warn("{} {} answered {}: {}", ex.method(), ex.resource(), e.error().code(), cause.getMessage());
        }
        if (ex.completed() || ex.committed()) {
            if (!ex.completed()) {
                ex.abort(e);
            }
            return;
        }
        Errors.send(ex, e);
    }

    private void dispatch(Exchange ex) throws Exception {
        if (isPreflight(ex)) {
            preflight(ex);
            return;
        }
        if ("".equals(ex.bucket())) {
            // A path-style "//bucket/key" is key "bucket/key" of the bucket "", which no bucket can be. Merging the
            // slashes would change what the client named, and answering ListBuckets would serve a listing as the
            // body of a GetObject.
            throw new S3Exception(S3Error.INVALID_BUCKET_NAME);
        }
        if (ex.bucket() != null && RESERVED_BUCKETS.contains(ex.bucket())) {
            // Its paths belong to the node's own endpoints, which the node's router serves before the S3 API:
            // a bucket of that name would have keys no request reaches.
            throw new S3Exception(S3Error.ALL_ACCESS_DISABLED);
        }
        if ("POST".equals(ex.method()) && ex.bucket() != null && ex.key() == null && isForm(ex)) {
            // No credentials are needed to start a form upload: read its fields before the policy check without
            // holding a thread, then parse it on a thread of the server's pool.
            BucketNames.check(ex.bucket());
            String boundary = MultipartForm.boundary(ex.header("content-type"));
            ex.readFormHead(boundary, head -> serve(ex, () -> post.handle(ex, boundary, head)));
            return;
        }
        ex.auth(authenticator.authenticate(ex.info(), sigV2Resource(ex), clock.instant()));
        if (ex.bucket() == null) {
            service.handle(ex);
            return;
        }
        checkExpectedOwners(ex);
        try {
            if (ex.key() == null) {
                buckets.handle(ex);
            } else {
                objects.handle(ex);
            }
        } catch (S3Exception e) {
            throw missingBucketFirst(ex, e);
        }
    }

    /**
     * Answers {@code NoSuchBucket} rather than {@code NotImplemented} for a bucket that does not exist, in S3's
     * order (authentication, then the bucket, then the operation): a client asking for a feature of a bucket it
     * misspelled learns about the name first. Only the refusal looks the bucket up, so served requests cost
     * nothing more; an operation is refused before it changes anything. CreateBucket names a bucket that need not
     * exist, so its refusals stay as they are.
     */
    private S3Exception missingBucketFirst(Exchange ex, S3Exception e) throws ObjectStoreException {
        if (e.error() != S3Error.NOT_IMPLEMENTED || isCreateBucket(ex)
                || stores.buckets().bucketInfo(ex.bucket()).isPresent()) {
            return e;
        }
        return new S3Exception(S3Error.NO_SUCH_BUCKET);
    }

    /**
     * Refuses a request whose {@code x-amz-expected-bucket-owner} (or, on CopyObject and UploadPartCopy,
     * {@code x-amz-source-expected-bucket-owner}) names another owner than the one every bucket has, with S3's 403
     * {@code AccessDenied}: the client guards against writing to or reading from a bucket it does not expect. A
     * bucket that does not exist has no owner to compare with and stays {@code NoSuchBucket}. CreateBucket does not
     * take the header, as in S3.
     */
    private void checkExpectedOwners(Exchange ex) throws ObjectStoreException {
        if (!isCreateBucket(ex) && !owner.isExpected(ex.header("x-amz-expected-bucket-owner"))) {
            throw ownerMismatch(ex.bucket());
        }
        String source = ex.header("x-amz-copy-source");
        if (ex.key() != null && source != null
                && !owner.isExpected(ex.header("x-amz-source-expected-bucket-owner"))) {
            throw ownerMismatch(CopySource.parse(source)[0]);
        }
    }

    private S3Exception ownerMismatch(String bucket) throws ObjectStoreException {
        if (stores.buckets().bucketInfo(bucket).isEmpty()) {
            return new S3Exception(S3Error.NO_SUCH_BUCKET);
        }
        return new S3Exception(S3Error.ACCESS_DENIED);
    }

    private static boolean isCreateBucket(Exchange ex) {
        return "PUT".equals(ex.method()) && ex.key() == null && !Subresources.named(ex);
    }

    private static boolean isPreflight(Exchange ex) {
        return "OPTIONS".equals(ex.method()) && ex.header("origin") != null
                && ex.header("access-control-request-method") != null;
    }

    /** Answers a browser's CORS preflight, which carries no credentials. */
    private void preflight(Exchange ex) {
        if (!settings.cors().preflight(ex.header("origin"), ex.header("access-control-request-method"),
                ex.header("access-control-request-headers"), ex.headers())) {
            throw new S3Exception(S3Error.CORS_FORBIDDEN);
        }
        ex.sendEmpty(200);
    }

    private static boolean isForm(Exchange ex) {
        String type = ex.header("content-type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    private String sigV2Resource(Exchange ex) {
        String path = Encoding.decode(ex.info().rawPath(), false);
        return hostBucket(ex.info().host()) != null ? "/" + ex.bucket() + path : path;
    }

    private Exchange address(Request request, Response response, Callback callback, String requestId) {
        RequestInfo info = info(request);
        String path = Encoding.decode(info.rawPath(), false);
        String bucket = hostBucket(info.host());
        boolean virtualHost = bucket != null;
        String key;
        if (virtualHost) {
            key = path.length() > 1 ? path.substring(1) : null;
        } else {
            String rest = path.substring(1);
            int slash = rest.indexOf('/');
            bucket = slash < 0 ? rest : rest.substring(0, slash);
            key = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
            if (rest.isEmpty()) {
                // Only "/" is the service; "//..." names the empty bucket (slashes are never merged).
                bucket = null;
            }
        }
        return new Exchange(request, response, callback, info, requestId, bucket, key, virtualHost);
    }

    private String hostBucket(String host) {
        if (host == null || settings.domains().isEmpty()) {
            return null;
        }
        String name = host;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.indexOf(']') < colon) {
            name = name.substring(0, colon);
        }
        name = name.toLowerCase(Locale.ROOT);
        for (String domain : settings.domains()) {
            if (name.endsWith("." + domain) && name.length() > domain.length() + 1) {
                return name.substring(0, name.length() - domain.length() - 1);
            }
        }
        return null;
    }

    /**
     * Recovers a header value sent as UTF-8 bytes: the HTTP/1 parser reads header bytes as ISO-8859-1, while
     * clients sign (and mean) the UTF-8 text of non-ASCII metadata.
     *
     * @param value the value as parsed
     * @return the UTF-8 reading of the same bytes, or the value unchanged when that is not valid UTF-8
     */
    static String utf8(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }

    private static RequestInfo info(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>()).add(utf8(field.getValue()));
        }
        HttpURI uri = request.getHttpURI();
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = uri.getAuthority();
        }
        return new RequestInfo(request.getMethod(), uri.getPath(), uri.getQuery(), headers, host);
    }
}
