/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before any handler runs (a malformed request line, oversized headers, a bad
 * URI) with S3 error XML instead of an HTML page, so that S3 clients can parse every error they receive.
 */
final class XmlErrorHandler extends ErrorHandler {

    private final Router router;

    XmlErrorHandler(Router router) {
        this.router = router;
    }

    /**
     * Answers with an error body whatever the method: Jetty's default writes one only for GET, POST and HEAD, and
     * leaves the 400 of a malformed PUT (say, with both {@code Content-Length} and {@code Transfer-Encoding})
     * without one.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        Object known = request.getAttribute(Router.REQUEST_ID);
        String id = known == null ? router.nextRequestId() : known.toString();
        String path = request.getHttpURI() == null ? "" : String.valueOf(request.getHttpURI().getPath());
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + s3Code(code) + "</Code><Message>"
                + escape(clientMessage(code, message))
                + "</Message><Resource>" + escape(path) + "</Resource><RequestId>" + id + "</RequestId></Error>";
        response.getHeaders().put("x-amz-request-id", id);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * The message a client gets. For a server error Jetty's message is the text of the exception that failed the
     * request, which names the node's classes and settings: the client gets S3's message instead, and the node's
     * log (where Jetty writes the failure) keeps the cause.
     */
    private static String clientMessage(int code, String message) {
        if (code == 503) {
            return "The service is unavailable. Please retry.";
        }
        if (code >= 500) {
            return "We encountered an internal error, please try again.";
        }
        return message == null ? "The request could not be processed" : message;
    }

    private static String s3Code(int status) {
        switch (status) {
            case 400:
                return "BadRequest";
            case 404:
                return "NoSuchKey";
            case 405:
                return "MethodNotAllowed";
            case 411:
                return "MissingContentLength";
            case 413:
                return "EntityTooLarge";
            case 414:
            case 431:
                return "MetadataTooLarge";
            case 501:
            case 505:
                // An HTTP version or transfer coding Jetty does not serve (HTTP/3.0 over HTTP/1, a garbled version):
                // the client's choice, not a fault of the server, which InternalError would claim and clients
                // would retry.
                return "NotImplemented";
            case 503:
                return "ServiceUnavailable";
            default:
                return status >= 500 ? "InternalError" : "InvalidRequest";
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
