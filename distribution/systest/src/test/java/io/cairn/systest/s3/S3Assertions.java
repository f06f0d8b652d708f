/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.function.Executable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.cairn.systest.harness.RawHttp;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Assertions on S3 errors as SDKs and raw clients see them. */
final class S3Assertions {

    private S3Assertions() {
    }

    /**
     * Runs an SDK call that must fail with an S3 error.
     *
     * @param status the expected HTTP status
     * @param code the expected S3 error code, or null when the response has no body (HEAD)
     * @param call the call
     * @return the exception
     */
    static S3Exception assertS3Error(int status, String code, Executable call) {
        try {
            call.execute();
        } catch (S3Exception e) {
            String actual = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            assertEquals(status, e.statusCode(), "status of " + e.getMessage());
            if (code != null) {
                assertEquals(code, actual, "S3 error code of " + e.getMessage());
            }
            assertNotNull(e.requestId(), "x-amz-request-id of " + e.getMessage());
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected S3 error " + status + " " + code + " but got " + t, t);
        }
        return fail("expected S3 error " + status + " " + code + " but the call succeeded");
    }

    /**
     * Checks that a raw response is an S3 error document with the expected status and one of the codes, and that
     * it carries a request id.
     *
     * @param response the response
     * @param status the expected status
     * @param codes the acceptable codes
     * @return the error's fields (Code, Message, Resource, RequestId, ...)
     */
    static Map<String, String> assertErrorXml(RawHttp.Response response, int status, String... codes) {
        assertEquals(status, response.status(), () -> "status; response was " + response);
        String requestId = response.header("x-amz-request-id");
        assertTrue(requestId != null && !requestId.isBlank(), () -> "x-amz-request-id missing: " + response);
        Map<String, String> fields = errorFields(response);
        for (String field : new String[] {"Code", "Message", "Resource", "RequestId"}) {
            assertTrue(fields.containsKey(field), () -> "error XML lacks <" + field + ">: " + response);
        }
        assertFalse(fields.get("Code").isBlank(), () -> "empty Code: " + response);
        assertTrue(Arrays.asList(codes).contains(fields.get("Code")),
                () -> "code " + fields.get("Code") + " not in " + Arrays.toString(codes) + ": " + response);
        return fields;
    }

    /**
     * Parses an S3 error document.
     *
     * @param response the response
     * @return the child elements of {@code <Error>} by name
     */
    static Map<String, String> errorFields(RawHttp.Response response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
            Element root = document.getDocumentElement();
            assertEquals("Error", root.getTagName(), () -> "not an S3 error document: " + response);
            Map<String, String> fields = new HashMap<>();
            for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    fields.put(element.getTagName(), element.getTextContent());
                }
            }
            return fields;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("error body is not XML: " + response, e);
        }
    }
}
