/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few S3 operations the load generator needs, path-style, over one connection. One instance per worker.
 */
final class S3Client implements AutoCloseable {

    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    /** The chunk size of {@code aws-chunked} bodies, the AWS SDK for Java v2's default. */
    private static final int CHUNK_BYTES = 128 * 1024;
    private static final Pattern TOKEN = Pattern.compile("<NextContinuationToken>([^<]+)</NextContinuationToken>");

    private final HttpConnection connection;
    private final Signer signer;
    private final String hostHeader;
    private final String bucket;
    private final PayloadSigning payloadSigning;

    S3Client(URI endpoint, String accessKey, String secretKey, String region, String bucket,
            PayloadSigning payloadSigning) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        this.connection = new HttpConnection(endpoint.getHost(), port);
        this.signer = new Signer(accessKey, secretKey, region);
        this.hostHeader = endpoint.getPort() > 0 ? endpoint.getHost() + ":" + port : endpoint.getHost();
        this.bucket = bucket;
        this.payloadSigning = payloadSigning;
    }

    /** An S3 answer that was not the expected status. */
    static final class S3Exception extends IOException {
        private static final long serialVersionUID = 1L;

        S3Exception(String operation, HttpConnection.Response response) {
            super(operation + " answered " + response.status() + ": " + response.text());
        }
    }

    HttpConnection.Response send(String method, String key, Map<String, String> query, Map<String, String> extra,
            long length, HttpConnection.BodyWriter body, HttpConnection.BodySink sink) throws IOException {
        Map<String, String> headers = headers(extra);
        String path = path(key);
        signer.sign(method, path, query, headers, Signer.UNSIGNED_PAYLOAD);
        return connection.exchange(method, target(path, query), headers, length, body, sink);
    }

    /**
     * Sends an object or part body the way {@link PayloadSigning} says: unsigned, with the SHA-256 of the body in
     * the signature, or {@code aws-chunked} with a CRC32 trailer and signed or unsigned chunks.
     */
    private HttpConnection.Response upload(String key, Map<String, String> query, Map<String, String> extra,
            long length, HttpConnection.BodyWriter body) throws IOException {
        Map<String, String> headers = headers(extra);
        String path = path(key);
        if (!payloadSigning.chunked()) {
            String hash = payloadSigning == PayloadSigning.SIGNED ? sha256(body) : payloadSigning.contentSha256();
            signer.sign("PUT", path, query, headers, hash);
            return connection.exchange("PUT", target(path, query), headers, length, body, null);
        }
        headers.put("content-encoding", "aws-chunked");
        headers.put("x-amz-decoded-content-length", Long.toString(length));
        headers.put("x-amz-sdk-checksum-algorithm", "CRC32");
        headers.put("x-amz-trailer", AwsChunkedOutput.TRAILER);
        Signer.Signature seed = signer.sign("PUT", path, query, headers, payloadSigning.contentSha256());
        boolean signed = payloadSigning.signedChunks();
        long encoded = AwsChunkedOutput.encodedLength(length, CHUNK_BYTES, signed);
        return connection.exchange("PUT", target(path, query), headers, encoded, out -> {
            AwsChunkedOutput chunked = new AwsChunkedOutput(out, CHUNK_BYTES, signed ? signer : null,
                    signed ? seed : null);
            body.writeTo(chunked);
            chunked.finish();
        }, null);
    }

    private Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", hostHeader);
        headers.putAll(extra);
        return headers;
    }

    private String path(String key) {
        return "/" + bucket + (key == null ? "" : "/" + Signer.uriEncode(key, false));
    }

    private static String target(String path, Map<String, String> query) {
        String queryString = Signer.canonicalQuery(query);
        return queryString.isEmpty() ? path : path + "?" + queryString;
    }

    private static String sha256(HttpConnection.BodyWriter body) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        body.writeTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static HttpConnection.Response expect(String operation, HttpConnection.Response response, int status)
            throws S3Exception {
        if (response.status() != status) {
            throw new S3Exception(operation, response);
        }
        return response;
    }

    void createBucket() throws IOException {
        HttpConnection.Response response = send("PUT", null, Map.of(), Map.of(), 0, null, null);
        if (response.status() != 200 && !response.text().contains("BucketAlreadyOwnedByYou")) {
            throw new S3Exception("CreateBucket", response);
        }
    }

    void put(String key, Payload payload, long object, long size) throws IOException {
        expect("PutObject " + key, upload(key, Map.of(), Map.of("content-type", "application/octet-stream"),
                size, out -> payload.write(object, 0, size, out)), 200);
    }

    void get(String key, HttpConnection.BodySink sink) throws IOException {
        expect("GetObject " + key, send("GET", key, Map.of(), Map.of(), 0, null, sink), 200);
    }

    void head(String key) throws IOException {
        expect("HeadObject " + key, send("HEAD", key, Map.of(), Map.of(), 0, null, null), 200);
    }

    void delete(String key) throws IOException {
        expect("DeleteObject " + key, send("DELETE", key, Map.of(), Map.of(), 0, null, null), 204);
    }

    /**
     * Lists one page of keys.
     *
     * @param prefix the prefix
     * @param token the continuation token or null
     * @param keys receives the keys
     * @return the next continuation token, or null on the last page
     * @throws IOException when the request fails
     */
    String listPage(String prefix, String token, List<String> keys) throws IOException {
        Map<String, String> query = new TreeMap<>(Map.of("list-type", "2", "prefix", prefix, "max-keys", "1000"));
        if (token != null) {
            query.put("continuation-token", token);
        }
        String xml = expect("ListObjectsV2", send("GET", null, query, Map.of(), 0, null, null), 200).text();
        Matcher key = KEY.matcher(xml);
        while (key.find()) {
            keys.add(unescape(key.group(1)));
        }
        Matcher next = TOKEN.matcher(xml);
        return xml.contains("<IsTruncated>true</IsTruncated>") && next.find() ? unescape(next.group(1)) : null;
    }

    void multipart(String key, Payload payload, long object, long size, long partSize) throws IOException {
        String xml = expect("CreateMultipartUpload", send("POST", key, Map.of("uploads", ""), Map.of(), 0, null,
                null), 200).text();
        Matcher id = UPLOAD_ID.matcher(xml);
        if (!id.find()) {
            throw new IOException("CreateMultipartUpload answer has no UploadId: " + xml);
        }
        String uploadId = unescape(id.group(1));
        List<String> etags = new ArrayList<>();
        for (long from = 0; from < size; from += partSize) {
            long length = Math.min(partSize, size - from);
            long start = from;
            Map<String, String> query = Map.of("partNumber", Integer.toString(etags.size() + 1), "uploadId", uploadId);
            HttpConnection.Response part = expect("UploadPart", upload(key, query, Map.of(), length,
                    out -> payload.write(object, start, length, out)), 200);
            etags.add(part.headers().get("etag"));
        }
        StringBuilder complete = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.size(); i++) {
            complete.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags.get(i))
                    .append("</ETag></Part>");
        }
        byte[] body = complete.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        HttpConnection.Response done = expect("CompleteMultipartUpload", send("POST", key, Map.of("uploadId",
                uploadId), Map.of("content-type", "application/xml"), body.length, out -> out.write(body), null), 200);
        if (!done.text().contains("CompleteMultipartUploadResult")) {
            throw new IOException("CompleteMultipartUpload failed: " + done.text());
        }
    }

    /**
     * Deletes up to 1000 keys in one DeleteObjects request.
     *
     * @param keys the keys
     * @throws IOException when the request fails
     */
    void deleteObjects(List<String> keys) throws IOException {
        StringBuilder xml = new StringBuilder("<Delete><Quiet>true</Quiet>");
        for (String key : keys) {
            xml.append("<Object><Key>").append(escape(key)).append("</Key></Object>");
        }
        byte[] body = xml.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
        String md5;
        try {
            md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
        expect("DeleteObjects", send("POST", null, Map.of("delete", ""), Map.of("content-md5", md5,
                "content-type", "application/xml"), body.length, out -> out.write(body), null), 200);
    }

    void deleteBucket() throws IOException {
        expect("DeleteBucket", send("DELETE", null, Map.of(), Map.of(), 0, null, null), 204);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    @Override
    public void close() {
        connection.close();
    }
}
