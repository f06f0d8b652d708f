/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static io.cairn.systest.s3.S3Assertions.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/** Buckets and single objects through the AWS SDK for Java v2 (default checksums, path style). */
@ExtendWith(SharedS3Server.class)
class AwsSdkBucketObjectTest {

    private static S3Client s3;

    @BeforeAll
    static void client(S3Server server) {
        s3 = server.aws();
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static String newBucket(String stem) {
        String bucket = S3Server.bucketName(stem);
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Test
    void listBucketsPagesWithPrefixAndMaxBuckets() {
        List<String> made = List.of(newBucket("lbpage"), newBucket("lbpage"), newBucket("lbpage"));
        String prefix = commonPrefix(made);
        ListBucketsResponse first = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(2));
        assertEquals(2, first.buckets().size());
        assertEquals(prefix, first.prefix());
        assertNotNull(first.continuationToken());
        ListBucketsResponse rest = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(2)
                .continuationToken(first.continuationToken()));
        List<String> listed = new ArrayList<>();
        first.buckets().forEach(b -> listed.add(b.name()));
        rest.buckets().forEach(b -> listed.add(b.name()));
        assertEquals(made.stream().sorted().toList(), listed);
        assertNull(rest.continuationToken());
        assertEquals(made.stream().sorted().toList(), s3.listBucketsPaginator(b -> b.prefix(prefix).maxBuckets(1))
                .buckets().stream().map(Bucket::name).toList(), "the SDK's paginator follows the tokens");
    }

    private static String commonPrefix(List<String> names) {
        String prefix = names.get(0);
        for (String n : names) {
            while (!n.startsWith(prefix)) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
        }
        return prefix;
    }

    @Test
    void copiesAreStandardAndListedTimesAreHeadTimes() {
        String bucket = newBucket("ass3");
        s3.putObject(b -> b.bucket(bucket).key("rrs").storageClass(StorageClass.REDUCED_REDUNDANCY),
                S3Server.text("reduced"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("rrs").destinationBucket(bucket).destinationKey("copy"));
        assertNull(s3.headObject(b -> b.bucket(bucket).key("copy")).storageClass(), "STANDARD: no header");
        assertEquals(StorageClass.REDUCED_REDUNDANCY, s3.headObject(b -> b.bucket(bucket).key("rrs")).storageClass());
        for (var listed : s3.listObjectsV2(b -> b.bucket(bucket)).contents()) {
            assertEquals(s3.headObject(b -> b.bucket(bucket).key(listed.key())).lastModified(), listed.lastModified(),
                    listed.key());
        }
    }

    @Test
    void bucketLifecycleWithS3Errors() {
        String bucket = S3Server.bucketName("life");
        s3.createBucket(b -> b.bucket(bucket));
        s3.headBucket(b -> b.bucket(bucket));
        assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)), "listed");
        assertS3Error(409, "BucketAlreadyOwnedByYou", () -> s3.createBucket(b -> b.bucket(bucket)));
        s3.putObject(b -> b.bucket(bucket).key("k"), S3Server.text("x"));
        assertS3Error(409, "BucketNotEmpty", () -> s3.deleteBucket(b -> b.bucket(bucket)));
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        s3.deleteBucket(b -> b.bucket(bucket));
        assertS3Error(404, null, () -> s3.headBucket(b -> b.bucket(bucket)));
        assertS3Error(404, "NoSuchBucket", () -> s3.listObjectsV2(b -> b.bucket(bucket)));
        assertS3Error(404, "NoSuchBucket", () -> s3.deleteBucket(b -> b.bucket(bucket)));
    }

    @Test
    void bucketNameWithPunycodePrefixIsRefused() {
        // The SDK refuses most invalid names itself; the raw bad-input suite covers the rest (BadInputTest).
        assertS3Error(400, "InvalidBucketName", () -> s3.createBucket(b -> b.bucket("xn--punycode-prefix")));
    }

    // S3 reserves these prefixes and suffixes; creating such a bucket must fail with InvalidBucketName.
    @ParameterizedTest
    @ValueSource(strings = {"bucket-s3alias", "sthree-reserved", "bucket--ol-s3", "amzn-s3-demo-bucket",
        "bucket.mrap"})
    void bucketNamesWithReservedPrefixesOrSuffixesAreRefused(String name) {
        assertS3Error(400, "InvalidBucketName", () -> s3.createBucket(b -> b.bucket(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"trailing-slash/", "sp ace", "plus+sign", "ünïcödé/日本", "percent%25",
        "question?mark", "hash#tag", "semi;colon=equals&amp", "tilde~star*", "quote'\"", "brackets[]{}"})
    void unusualButValidKeysRoundTrip(String key) {
        // Keys with empty segments ("a//b") are left out: MinIO refuses them too (XMinioInvalidObjectName).
        String bucket = newBucket("keys");
        s3.putObject(b -> b.bucket(bucket).key(key), S3Server.text(key));
        assertEquals(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        assertEquals(List.of(key), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key())
                .toList());
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    // Guards the node's case-sensitive header cache: Jetty once handed back "text/plain;charset=utf-8" for the
    // signed "text/plain; charset=UTF-8", and the signature no longer matched.
    @Test
    void textBodyWithCharsetContentTypeIsAccepted() {
        // RequestBody.fromString sends Content-Type "text/plain; charset=UTF-8", a signed header.
        String bucket = newBucket("charset");
        s3.putObject(b -> b.bucket(bucket).key("text"), RequestBody.fromString("hello, world"));
        var get = s3.getObjectAsBytes(b -> b.bucket(bucket).key("text"));
        assertEquals("hello, world", get.asUtf8String());
        assertEquals("text/plain; charset=UTF-8", get.response().contentType());
    }

    @Test
    void objectWithUserMetadataAndContentHeadersRoundTrips() throws Exception {
        String bucket = newBucket("meta");
        byte[] data = new SeededContent(11, 200_000).bytes();
        Instant expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("dir/obj.bin")
                .metadata(Map.of("color", "blue", "shape", "round square"))
                .contentType("application/x-test").contentEncoding("identity").contentDisposition("attachment")
                .contentLanguage("en-GB").cacheControl("max-age=60").expires(expires),
                RequestBody.fromBytes(data));
        assertEquals("\"" + md5Hex(data) + "\"", put.eTag());
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("dir/obj.bin"));
        assertEquals(data.length, head.contentLength());
        assertEquals(put.eTag(), head.eTag());
        assertEquals(Map.of("color", "blue", "shape", "round square"), head.metadata());
        assertEquals("application/x-test", head.contentType());
        assertEquals("identity", head.contentEncoding());
        assertEquals("attachment", head.contentDisposition());
        assertEquals("en-GB", head.contentLanguage());
        assertEquals("max-age=60", head.cacheControl());
        assertEquals(expires, head.expires());
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/obj.bin"));
        assertArrayEquals(data, get.asByteArray());
        assertEquals(put.eTag(), get.response().eTag());
        assertEquals("blue", get.response().metadata().get("color"));
        ResponseBytes<GetObjectResponse> overridden = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/obj.bin")
                .responseContentType("text/plain").responseCacheControl("no-cache"));
        assertEquals("text/plain", overridden.response().contentType());
        assertEquals("no-cache", overridden.response().cacheControl());
        s3.deleteObject(b -> b.bucket(bucket).key("dir/obj.bin"));
        assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("dir/obj.bin")));
        assertS3Error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key("dir/obj.bin")));
        s3.deleteObject(b -> b.bucket(bucket).key("never-existed"));
        s3.putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty());
        assertEquals(0, s3.getObjectAsBytes(b -> b.bucket(bucket).key("empty")).asByteArray().length);
    }

    @Test
    void rangesReturnExactlyTheRequestedBytes() {
        String bucket = newBucket("range");
        SeededContent content = new SeededContent(12, 300_000);
        s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromBytes(content.bytes()));
        ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                .range("bytes=0-99"));
        assertArrayEquals(content.bytes(0, 100), first.asByteArray());
        assertEquals("bytes 0-99/300000", first.response().contentRange());
        assertArrayEquals(content.bytes(131_000, 169_000), s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                .range("bytes=131000-")).asByteArray());
        assertArrayEquals(content.bytes(299_950, 50), s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                .range("bytes=-50")).asByteArray());
        assertArrayEquals(content.bytes(299_000, 1000), s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                .range("bytes=299000-999999")).asByteArray());
        assertS3Error(416, "InvalidRange", () -> s3.getObject(b -> b.bucket(bucket).key("r")
                .range("bytes=300000-300010")));
    }

    @Test
    void conditionalGetsAnswer304And412() {
        String bucket = newBucket("cond");
        String etag = s3.putObject(b -> b.bucket(bucket).key("c"), S3Server.text("conditional")).eTag();
        Instant past = Instant.now().minus(1, ChronoUnit.DAYS);
        Instant future = Instant.now().plus(1, ChronoUnit.DAYS);
        assertEquals("conditional", s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifMatch(etag)).asUtf8String());
        assertS3Error(412, "PreconditionFailed", () -> s3.getObject(b -> b.bucket(bucket).key("c")
                .ifMatch("\"0123456789abcdef0123456789abcdef\"")));
        S3Exception notModified = assertS3Error(304, null, () -> s3.getObject(b -> b.bucket(bucket).key("c")
                .ifNoneMatch(etag)));
        assertEquals(etag, notModified.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("ETag").orElse(null),
                "a 304 carries the ETag, as S3's does");
        assertS3Error(304, null, () -> s3.getObject(b -> b.bucket(bucket).key("c").ifModifiedSince(future)));
        assertEquals("conditional", s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifModifiedSince(past))
                .asUtf8String());
        assertS3Error(412, "PreconditionFailed", () -> s3.getObject(b -> b.bucket(bucket).key("c")
                .ifUnmodifiedSince(past)));
        assertS3Error(412, null, () -> s3.headObject(b -> b.bucket(bucket).key("c").ifMatch("\"nope\"")));
    }

    @Test
    void conditionalPutWithIfNoneMatchStarWritesOnce() {
        String bucket = newBucket("cput");
        s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"), S3Server.text("first"));
        assertS3Error(412, "PreconditionFailed", () -> s3.putObject(b -> b.bucket(bucket).key("once")
                .ifNoneMatch("*"), S3Server.text("second")));
        assertEquals("first", s3.getObjectAsBytes(b -> b.bucket(bucket).key("once")).asUtf8String());
    }

    @Test
    void conditionalWriteWithIfMatchOnAMissingKeyIsNoSuchKey() {
        // S3's conditional-writes guide: without a current object an If-Match write fails with 404 NoSuchKey.
        String bucket = newBucket("cmatch");
        String etag = s3.putObject(b -> b.bucket(bucket).key("present"), S3Server.text("v1")).eTag();
        assertS3Error(404, "NoSuchKey", () -> s3.putObject(b -> b.bucket(bucket).key("absent").ifMatch(etag),
                S3Server.text("v2")));
        assertS3Error(404, "NoSuchKey", () -> s3.putObject(b -> b.bucket(bucket).key("absent").ifMatch("*"),
                S3Server.text("v2")));
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("absent")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(bucket).key("absent").uploadId(id).partNumber(1),
                S3Server.text("part")).eTag();
        assertS3Error(404, "NoSuchKey", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("absent")
                .uploadId(id).ifMatch(etag).multipartUpload(u -> u.parts(p -> p.partNumber(1).eTag(part)))));
        assertS3Error(404, "NoSuchKey", () -> s3.headObject(b -> b.bucket(bucket).key("absent")));
        assertS3Error(412, "PreconditionFailed", () -> s3.putObject(b -> b.bucket(bucket).key("present")
                .ifMatch("\"0123456789abcdef0123456789abcdef\""), S3Server.text("v2")));
        s3.putObject(b -> b.bucket(bucket).key("present").ifMatch(etag), S3Server.text("v2"));
        assertEquals("v2", s3.getObjectAsBytes(b -> b.bucket(bucket).key("present")).asUtf8String());
    }

    @Test
    void copyObjectCopiesOrReplacesMetadata() {
        String bucket = newBucket("copy");
        byte[] data = new SeededContent(13, 150_000).bytes();
        String etag = s3.putObject(b -> b.bucket(bucket).key("src").metadata(Map.of("origin", "source"))
                .contentType("application/x-src"), RequestBody.fromBytes(data)).eTag();
        CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("copy-same"));
        assertEquals(etag, copied.copyObjectResult().eTag());
        HeadObjectResponse same = s3.headObject(b -> b.bucket(bucket).key("copy-same"));
        assertEquals(Map.of("origin", "source"), same.metadata());
        assertEquals("application/x-src", same.contentType());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("copy-new").metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("origin", "replaced")).contentType("text/plain"));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(bucket).key("copy-new"));
        assertEquals(Map.of("origin", "replaced"), replaced.metadata());
        assertEquals("text/plain", replaced.contentType());
        assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key("copy-new")).asByteArray());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("src")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("origin", "in-place")));
        assertEquals(Map.of("origin", "in-place"), s3.headObject(b -> b.bucket(bucket).key("src")).metadata());
        assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key("src")).asByteArray());
        assertS3Error(400, "InvalidRequest", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("src")));
        S3Exception sameClass = assertS3Error(400, "InvalidRequest", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("src").destinationBucket(bucket).destinationKey("src").storageClass(StorageClass.STANDARD)));
        assertTrue(sameClass.awsErrorDetails().errorMessage().startsWith("This copy request is illegal"),
                sameClass.getMessage());
        assertS3Error(404, "NoSuchKey", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("missing")
                .destinationBucket(bucket).destinationKey("x")));
        assertS3Error(404, "NoSuchKey", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("missing")
                .destinationBucket(bucket).destinationKey("missing")));
        assertS3Error(412, "PreconditionFailed", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("y").copySourceIfMatch("\"0000\"")));
    }

    @Test
    void websiteRedirectLocationIsStoredCopiedAndChecked() {
        String bucket = newBucket("redir");
        s3.putObject(b -> b.bucket(bucket).key("page").websiteRedirectLocation("/index.html"), S3Server.text("p"));
        assertEquals("/index.html", s3.headObject(b -> b.bucket(bucket).key("page")).websiteRedirectLocation());
        assertEquals("/index.html", s3.getObjectAsBytes(b -> b.bucket(bucket).key("page")).response()
                .websiteRedirectLocation());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("page").destinationBucket(bucket).destinationKey("kept"));
        assertEquals("/index.html", s3.headObject(b -> b.bucket(bucket).key("kept")).websiteRedirectLocation());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("page").destinationBucket(bucket).destinationKey("new")
                .metadataDirective(MetadataDirective.REPLACE).websiteRedirectLocation("https://example.com/"));
        assertEquals("https://example.com/", s3.headObject(b -> b.bucket(bucket).key("new"))
                .websiteRedirectLocation());
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")
                .websiteRedirectLocation("/mp.html")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(1),
                S3Server.text("part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part))));
        assertEquals("/mp.html", s3.headObject(b -> b.bucket(bucket).key("mp")).websiteRedirectLocation());
        assertS3Error(400, "InvalidRedirectLocation", () -> s3.putObject(b -> b.bucket(bucket).key("bad")
                .websiteRedirectLocation("index.html"), S3Server.text("p")));
    }

    @Test
    void expectedBucketOwnersAreChecked() {
        String bucket = newBucket("owner");
        String owner = s3.listBuckets().owner().id();
        String stranger = "111122223333";
        s3.putObject(b -> b.bucket(bucket).key("k").expectedBucketOwner(owner), S3Server.text("mine"));
        assertEquals("mine", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").expectedBucketOwner(owner))
                .asUtf8String());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(bucket).destinationKey("c")
                .expectedBucketOwner(owner).expectedSourceBucketOwner(owner));
        assertS3Error(403, "AccessDenied", () -> s3.putObject(b -> b.bucket(bucket).key("k")
                .expectedBucketOwner(stranger), S3Server.text("theirs")));
        assertS3Error(403, "AccessDenied", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                .expectedBucketOwner(stranger)));
        assertS3Error(403, "AccessDenied", () -> s3.listObjectsV2(b -> b.bucket(bucket)
                .expectedBucketOwner(stranger)));
        assertS3Error(403, "AccessDenied", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k")
                .destinationBucket(bucket).destinationKey("d").expectedSourceBucketOwner(stranger)));
        assertEquals("mine", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
        assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("d")));
    }

    @Test
    void conditionalDeleteObjectDeletesOnlyAMatchingETag() {
        String bucket = newBucket("cdel");
        String etag = s3.putObject(b -> b.bucket(bucket).key("k"), S3Server.text("keep me")).eTag();
        assertS3Error(412, "PreconditionFailed", () -> s3.deleteObject(b -> b.bucket(bucket).key("k")
                .ifMatch("\"0123456789abcdef0123456789abcdef\"")));
        assertS3Error(501, "NotImplemented", () -> s3.deleteObject(b -> b.bucket(bucket).key("k").ifMatch(etag)
                .ifMatchSize(7L)));
        assertEquals("keep me", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
        s3.deleteObject(b -> b.bucket(bucket).key("k").ifMatch(etag));
        assertS3Error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key("k")));
        assertS3Error(404, "NoSuchKey", () -> s3.deleteObject(b -> b.bucket(bucket).key("k").ifMatch("*")));
        s3.putObject(b -> b.bucket(bucket).key("k"), S3Server.text("again"));
        s3.deleteObject(b -> b.bucket(bucket).key("k").ifMatch("*"));
        assertTrue(s3.listObjectsV2(b -> b.bucket(bucket)).contents().isEmpty());
    }

    @Test
    void conditionalDeleteObjectsReportsEachKey() {
        String bucket = newBucket("cdels");
        String etag = s3.putObject(b -> b.bucket(bucket).key("match"), S3Server.text("m")).eTag();
        s3.putObject(b -> b.bucket(bucket).key("changed"), S3Server.text("c"));
        s3.putObject(b -> b.bucket(bucket).key("plain"), S3Server.text("p"));
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(
                ObjectIdentifier.builder().key("match").eTag(etag).build(),
                ObjectIdentifier.builder().key("changed").eTag("\"0123456789abcdef0123456789abcdef\"").build(),
                ObjectIdentifier.builder().key("plain").build(),
                ObjectIdentifier.builder().key("absent").eTag("*").build()).build()));
        assertEquals(List.of("match", "plain"), r.deleted().stream().map(d -> d.key()).sorted().toList());
        assertEquals(Map.of("changed", "PreconditionFailed", "absent", "NoSuchKey"), r.errors().stream()
                .collect(Collectors.toMap(e -> e.key(), e -> e.code())));
        assertEquals(List.of("changed"), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key()).toList());
    }

    @Test
    void objectTaggingPutGetDelete() {
        String bucket = newBucket("tags");
        s3.putObject(b -> b.bucket(bucket).key("t").tagging("project=cairn&stage=test"), S3Server.text("t"));
        Map<String, String> tags = s3.getObjectTagging(b -> b.bucket(bucket).key("t")).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("project", "cairn", "stage", "test"), tags);
        s3.putObjectTagging(b -> b.bucket(bucket).key("t").tagging(Tagging.builder()
                .tagSet(Tag.builder().key("only").value("one").build()).build()));
        assertEquals(List.of(Tag.builder().key("only").value("one").build()),
                s3.getObjectTagging(b -> b.bucket(bucket).key("t")).tagSet());
        assertEquals(1, s3.getObjectAsBytes(b -> b.bucket(bucket).key("t")).response().tagCount());
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("t"));
        assertTrue(s3.getObjectTagging(b -> b.bucket(bucket).key("t")).tagSet().isEmpty());
    }

    @Test
    void deleteObjectsQuietAndVerbose() {
        String bucket = newBucket("delobjs");
        for (int i = 0; i < 6; i++) {
            int n = i;
            s3.putObject(b -> b.bucket(bucket).key("d/" + n), S3Server.text("v" + n));
        }
        DeleteObjectsResponse verbose = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("d/0").build(), ObjectIdentifier.builder().key("d/1").build(),
                        ObjectIdentifier.builder().key("d/absent").build()).build()));
        assertEquals(List.of("d/0", "d/1", "d/absent"), verbose.deleted().stream().map(d -> d.key()).sorted()
                .toList());
        assertTrue(verbose.errors().isEmpty(), verbose.errors().toString());
        DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().quiet(true)
                .objects(ObjectIdentifier.builder().key("d/2").build(), ObjectIdentifier.builder().key("d/3").build())
                .build()));
        assertTrue(quiet.deleted().isEmpty(), "quiet mode reports no deletions: " + quiet.deleted());
        assertTrue(quiet.errors().isEmpty(), quiet.errors().toString());
        assertEquals(List.of("d/4", "d/5"), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key()).toList());
    }
}
