/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves through a handler but holds the first answer to calls whose path ends with a given operation: its write
 * is neither sent nor completed until {@link #release()}, as with a slow network, so a test can look at the
 * handler while an answer is on its way.
 */
final class HeldAnswers extends Handler.Abstract {

    private static final long WAIT_MS = 30_000;

    private final Handler target;
    private final String op;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holding = true;

    HeldAnswers(Handler target, String op) {
        this.target = target;
        this.op = op;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!holding || !request.getHttpURI().getPath().endsWith(op)) {
            return target.handle(request, response, callback);
        }
        holding = false;
        boolean handled = target.handle(request, new Response.Wrapper(request, response) {
            @Override
            public void write(boolean last, ByteBuffer content, Callback written) {
                Response wrapped = getWrapped();
                Thread sender = new Thread(() -> {
                    awaitRelease();
                    wrapped.write(last, content, written);
                }, "held-answer");
                sender.setDaemon(true);
                sender.start();
            }
        }, callback);
        held.countDown();
        return handled;
    }

    /** Waits until the handler returned from the held call (its answer not yet written). */
    void awaitHeld() throws InterruptedException {
        if (!held.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no " + op + " call arrived");
        }
    }

    /** Lets the held answer go out. */
    void release() {
        released.countDown();
    }

    private void awaitRelease() {
        try {
            released.await(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
