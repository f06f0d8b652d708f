/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The head of a browser form, read before any credential is checked: what a client that sends its fields and then
 * stalls can make the node hold.
 */
class FormHeadTest {

    private static final String BOUNDARY = "b0undary";

    /**
     * Fields beyond the limit end the head at once with S3's {@code MaxPostPreDataLengthExceeded}, although the
     * client has not sent the rest: a stalled form holds at most {@link FormHead#LIMIT} (about S3's 20 KB of
     * fields plus room for a large policy; it used to be 1 MiB and 64 KiB).
     */
    @Test
    void aStalledFormHoldsAtMostTheLimit() {
        assertTrue(FormHead.LIMIT <= 64 << 10, "a stalled form holds at most 64 KiB");
        byte[] part = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"x-amz-meta-a\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        AsyncContent body = new AsyncContent();
        AtomicReference<FormHead> done = new AtomicReference<>();
        FormHead.start(body, BOUNDARY, done::set);
        body.write(false, ByteBuffer.wrap(part), Callback.NOOP);
        int sent = part.length;
        byte[] chunk = new byte[1024];
        java.util.Arrays.fill(chunk, (byte) 'v');
        while (done.get() == null && sent <= FormHead.LIMIT + chunk.length) {
            body.write(false, ByteBuffer.wrap(chunk), Callback.NOOP);
            sent += chunk.length;
        }
        FormHead head = done.get();
        assertTrue(head != null, "the head ended before its limit was passed by a whole chunk; sent " + sent);
        assertEquals(S3Error.MAX_POST_PRE_DATA_LENGTH_EXCEEDED, head.error());
        assertTrue(sent <= FormHead.LIMIT + chunk.length, "sent " + sent);
    }

    /** A form whose fields fit ends its head at the file part's headers, with nothing to report. */
    @Test
    void theHeadEndsAtTheFilePartsHeaders() {
        String form = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n";
        AsyncContent body = new AsyncContent();
        AtomicReference<FormHead> done = new AtomicReference<>();
        FormHead.start(body, BOUNDARY, done::set);
        body.write(false, ByteBuffer.wrap(form.getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
        assertTrue(done.get() != null, "the head ended");
        assertNull(done.get().error());
    }
}
