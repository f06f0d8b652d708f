/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
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
    private static final Pattern TOKEN = Pattern.compile("<NextContinuationToken>([^<]+)</NextContinuationToken>");

    private final HttpConnection connection;
    private final Signer signer;
    private final String hostHeader;
    private final String bucket;

    S3Client(URI endpoint, String accessKey, String secretKey, String region, String bucket) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        this.connection = new HttpConnection(endpoint.getHost(), port);
        this.signer = new Signer(accessKey, secretKey, region);
        this.hostHeader = endpoint.getPort() > 0 ? endpoint.getHost() + ":" + port : endpoint.getHost();
        this.bucket = bucket;
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
        String path = "/" + bucket + (key == null ? "" : "/" + Signer.uriEncode(key, false));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", hostHeader);
        headers.putAll(extra);
        signer.sign(method, path, query, headers, Signer.UNSIGNED_PAYLOAD);
        String queryString = Signer.canonicalQuery(query);
        String target = queryString.isEmpty() ? path : path + "?" + queryString;
        return connection.exchange(method, target, headers, length, body, sink);
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
        expect("PutObject " + key, send("PUT", key, Map.of(), Map.of("content-type", "application/octet-stream"),
                size, out -> payload.write(object, 0, size, out), null), 200);
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
            HttpConnection.Response part = expect("UploadPart", send("PUT", key, query, Map.of(), length,
                    out -> payload.write(object, start, length, out), null), 200);
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
