/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * Local drives whose file streams count the bytes the drive wrote and read, and can stall once, so that tests
 * can see how far a transfer's sender runs ahead of its receiver.
 */
final class InstrumentedDrives implements DriveFactory {

    final AtomicLong written = new AtomicLong();
    final AtomicLong read = new AtomicLong();
    private final LocalDriveFactory local = new LocalDriveFactory();
    private final long stallWriteAtBytes;
    private final long stallMs;

    InstrumentedDrives(long stallWriteAtBytes, long stallMs) {
        this.stallWriteAtBytes = stallWriteAtBytes;
        this.stallMs = stallMs;
    }

    @Override
    public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
        return local.readFormat(endpoint);
    }

    @Override
    public Drive open(String endpoint, FormatInfo expected) throws DriveException {
        Drive drive = local.open(endpoint, expected);
        return (Drive) Proxy.newProxyInstance(Drive.class.getClassLoader(), new Class<?>[] {Drive.class},
            (proxy, method, args) -> {
                Object result;
                try {
                    result = method.invoke(drive, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (result instanceof OutputStream out) {
                    return new CountingOut(out);
                }
                if (result instanceof InputStream in) {
                    return new CountingIn(in);
                }
                return result;
            });
    }

    /** Counts written bytes and stalls once when the count passes the threshold. */
    private final class CountingOut extends FilterOutputStream {
        private boolean stalled;

        CountingOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (written.addAndGet(len) >= stallWriteAtBytes && !stalled) {
                stalled = true;
                stall();
            }
        }
    }

    /** Counts read bytes. */
    private final class CountingIn extends FilterInputStream {
        CountingIn(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }
    }

    private void stall() throws IOException {
        try {
            // A deliberately slow disk: the fault this test injects, not a wait for a condition.
            Thread.sleep(stallMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
