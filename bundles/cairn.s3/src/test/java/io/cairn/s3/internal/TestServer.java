/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty server on a free loopback port serving the S3 API over a {@link FakeStore}, and a client that signs
 * its requests with SigV4 the way SDKs do.
 */
final class TestServer implements AutoCloseable {

    static final String ACCESS = "testaccess";
    static final String SECRET = "testsecret123";

    /**
     * The checksum of some bytes as its {@code x-amz-checksum-*} header carries it.
     *
     * @param algorithm the algorithm
     * @param data the bytes
     * @return the checksum in base64
     */
    static String checksum(ChecksumAlgorithm algorithm, byte[] data) {
        ChecksumAlgorithm.Hasher hasher = algorithm.newHasher();
        hasher.update(data, 0, data.length);
        return Base64.getEncoder().encodeToString(hasher.finish());
    }

    final FakeStore store = new FakeStore();
    /** Requests that reached the S3 API: counted when a thread of the server starts serving them. */
    final AtomicInteger served = new AtomicInteger();
    final Server server;
    final int port;
    /** The listener; a test may shorten its idle timeout for the connections it opens next. */
    final ServerConnector connector;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService digests = S3Handler.digestPool(2);

    TestServer(String domain) throws Exception {
        this(domain, Cors.ANY);
    }

    TestServer(String domain, Cors cors) throws Exception {
        this(domain, cors, new QueuedThreadPool());
    }

    /**
     * Starts a server whose requests run on the given pool, for tests of what holds its threads.
     */
    TestServer(QueuedThreadPool threads) throws Exception {
        this("", Cors.ANY, threads);
    }

    private TestServer(String domain, Cors cors, QueuedThreadPool threads) throws Exception {
        Settings settings = new Settings(ACCESS, SECRET, S3Handler.domains(domain), "", 2 << 20,
                Duration.ofMinutes(15), cors);
        S3Api api = new S3Api(store.stores(), settings, digests, Clock.systemUTC());
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(16_384);
        // As the node's listener: S3 keys may hold //, %2F and %25, which Jetty's default compliance refuses.
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.UNSAFE);
        connector = new ServerConnector(server, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                served.incrementAndGet();
                request.setAttribute(S3Api.REQUEST_ID, "REQ" + Long.toHexString(System.nanoTime()));
                response.getHeaders().put("x-amz-request-id", request.getAttribute(S3Api.REQUEST_ID).toString());
                api.handle(request, response, callback);
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    TestServer() throws Exception {
        this("");
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not stop", e);
        } finally {
            digests.shutdownNow();
        }
    }

    /**
     * Signs request headers with SigV4 (header form).
     *
     * @param method the method
     * @param rawPath the encoded path
     * @param rawQuery the encoded query or {@code null}
     * @param headers the headers to send and sign (lower-case names); host is added
     * @param payloadHash the x-amz-content-sha256 value
     * @param time the request time
     * @return the headers including Authorization, x-amz-date and x-amz-content-sha256
     */
    Map<String, String> sign(String method, String rawPath, String rawQuery, Map<String, String> headers,
            String payloadHash, Instant time) {
        return sign(method, rawPath, rawQuery, headers, payloadHash, time, Encoding.amzDate(time).substring(0, 8));
    }

    /** Signs as {@link #sign(String, String, String, Map, String, Instant)} with a scope of the given day. */
    Map<String, String> sign(String method, String rawPath, String rawQuery, Map<String, String> headers,
            String payloadHash, Instant time, String scopeDate) {
        Map<String, String> all = new TreeMap<>();
        headers.forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
        String amzDate = Encoding.amzDate(time);
        all.put("x-amz-date", amzDate);
        all.put("x-amz-content-sha256", payloadHash);
        Map<String, String> signed = new TreeMap<>(all);
        signed.put("host", host());
        List<String> names = new ArrayList<>(signed.keySet());
        String canonical = SigV4.canonicalRequest(method, Authenticator.canonicalUri(rawPath),
                SigV4.canonicalQuery(Encoding.parseQuery(rawQuery), null),
                SigV4.canonicalHeaders(names, n -> List.of(signed.get(n))), String.join(";", names), payloadHash);
        String date = scopeDate;
        String scope = date + "/us-east-1/s3/aws4_request";
        byte[] key = SigV4.signingKey(SECRET, date, "us-east-1", "s3");
        String signature = SigV4.sign(key, SigV4.stringToSign(amzDate, scope, canonical));
        all.put("authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS + "/" + scope + ", SignedHeaders="
                + String.join(";", names) + ", Signature=" + signature);
        all.put("x-seed-signature", signature);
        return all;
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        String payloadHash = body == null ? SigV4.EMPTY_SHA256 : Encoding.hex(SigV4.sha256().digest(body));
        return sendSigned(method, pathAndQuery, body, headers, payloadHash);
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery) throws IOException, InterruptedException {
        return send(method, pathAndQuery, null, Map.of());
    }

    HttpResponse<byte[]> sendSigned(String method, String pathAndQuery, byte[] body, Map<String, String> headers,
            String payloadHash) throws IOException, InterruptedException {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        Map<String, String> signed = sign(method, path, query, headers, payloadHash, Instant.now());
        signed.remove("x-seed-signature");
        return raw(method, pathAndQuery, body, signed);
    }

    HttpResponse<byte[]> raw(String method, String pathAndQuery, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Sends bytes over a plain socket and returns the whole answer (the server closes or answers once).
     *
     * @param request the request bytes
     * @return the response text
     * @throws IOException when the connection fails
     */
    String socket(byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
