/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.rpc.PeerClient;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * A transport or handler stopped (bundle update) while a transfer is in flight lets that transfer finish, and
 * refuses new calls cleanly with {@code OFFLINE} instead of hanging or breaking them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HotSwapTest {

    private static final long SEED = 42L;
    /** Bytes per write, as the erasure writer hands out shards. */
    private static final int CHUNK_BYTES = 64 << 10;

    @TempDir
    Path tmp;

    @Test
    void stoppingTransportDrainsTheTransferInFlight() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of("drainTimeoutMs", 60_000L))) {
            HttpPeerTransport old = cluster.transports.get(1);
            Drive remote = old.open(cluster.endpoint(0, 0, tmp), new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            byte[] data = write(remote, 4 << 20);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread stopper;
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "f", 0, -1)) {
                received.write(in.readNBytes(1 << 20));
                stopper = new Thread(old::deactivate, "stopper");
                stopper.start();
                DeadlineTest.awaitTrue(old::stopping, "transport stopping");
                DriveException refused = assertThrows(DriveException.class, remote::listVolumes);
                assertEquals(Reason.OFFLINE, refused.reason());
                assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
                assertTrue(stopper.isAlive(), "the stop waits for the transfer in flight");
                in.transferTo(received);
            }
            stopper.join();
            assertArrayEquals(data, received.toByteArray());
            cluster.transports.remove(old);
        }
    }

    @Test
    void stoppingHandlerDrainsTheTransferInFlight() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of("drainTimeoutMs", 60_000L))) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            byte[] data = write(remote, 4 << 20);
            RpcHandler handler = cluster.handlers.get(0);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread stopper;
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "f", 0, -1)) {
                received.write(in.readNBytes(1 << 20));
                stopper = new Thread(handler::deactivate, "stopper");
                stopper.start();
                DeadlineTest.awaitTrue(handler::stopping, "handler stopping");
                DriveException refused = assertThrows(DriveException.class, remote::listVolumes);
                assertEquals(Reason.OFFLINE, refused.reason(), refused.getMessage());
                in.transferTo(received);
            }
            stopper.join();
            assertArrayEquals(data, received.toByteArray());
        }
    }

    /**
     * A unary answer is written after the handler returned: the call stays in flight, and the handler's stop waits
     * for it, until the answer is completely written.
     */
    @Test
    void stoppingHandlerWaitsForTheAnswerBeingWritten() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of("drainTimeoutMs", 60_000L))) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            remote.makeVolume("v");
            RpcHandler handler = cluster.handlers.get(0);
            HeldAnswers held = new HeldAnswers(handler, "drive/listVolumes");
            cluster.nodes.get(0).serve(held);
            AtomicReference<Object> answer = new AtomicReference<>();
            Thread caller = new Thread(() -> answer.set(listVolumes(remote)), "caller");
            caller.start();
            held.awaitHeld();
            assertEquals(1, handler.callsInFlight(), "the call is in flight until its answer is written");
            Thread stopper = new Thread(handler::deactivate, "stopper");
            stopper.start();
            DeadlineTest.awaitTrue(handler::stopping, "handler stopping");
            stopper.join(200);
            assertTrue(stopper.isAlive(), "the stop waits for the answer being written");
            held.release();
            stopper.join();
            caller.join();
            assertEquals(0, handler.callsInFlight());
            assertTrue(answer.get() instanceof List<?> volumes
                    && volumes.stream().anyMatch(v -> ((VolumeInfo) v).name().equals("v")),
                    String.valueOf(answer.get()));
        }
    }

    /**
     * A call that raced the peer's router dropping the old handler reaches that handler while it stops: the handler
     * refuses it, and the caller sends it again at once, to the successor, instead of counting the drive offline.
     * Downloads, unary drive calls and peer calls alike.
     */
    @Test
    void callsRefusedByAStoppingHandlerReachItsSuccessor() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            RpcHandler old = cluster.handlers.get(0);
            old.deactivate();
            RpcHandler successor = new RpcHandler(cluster.config(cluster.nodes.get(0), TestCluster.USER,
                    TestCluster.PASSWORD));
            successor.setLocalDrives(new LocalDriveFactory());
            Handoff router = new Handoff(old, successor);
            cluster.nodes.get(0).serve(router);
            router.routeNextToSuccessor();
            byte[] data = write(remote, 100_000);
            remote.makeVolume("v");
            router.routeNextToOld();
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "f", 0, -1)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            router.routeNextToOld();
            assertTrue(remote.listVolumes().stream().anyMatch(v -> v.name().equals("v")));
            router.routeNextToOld();
            PeerClient peer = cluster.transports.get(1).peer(cluster.nodes.get(0).node());
            assertEquals(cluster.nodes.get(0).node(), peer.serverInfo().node());
            assertEquals(3, router.refused.get(), "each call went to the stopping handler first");
        }
    }

    /**
     * An upload that raced the peer's router dropping the old handler is refused by it, stopping, before a byte of
     * it is read: the sender starts it over on the successor (opening the drive there first) with the bytes it kept,
     * whether the refusal arrives at {@code close()} (a small file) or while it writes (a file larger than the
     * peer's stream window), so no shard write fails during a transport swap.
     */
    @Test
    void uploadsRefusedByAStoppingHandlerReachItsSuccessor() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            RpcHandler old = cluster.handlers.get(0);
            old.deactivate();
            RpcHandler successor = new RpcHandler(cluster.config(cluster.nodes.get(0), TestCluster.USER,
                    TestCluster.PASSWORD));
            successor.setLocalDrives(new LocalDriveFactory());
            Handoff router = new Handoff(old, successor);
            cluster.nodes.get(0).serve(router);
            int refused = 0;
            for (int size : new int[] {100_000, 8 << 20}) {
                router.routeNextToOld();
                byte[] data = write(remote, size);
                refused++;
                assertEquals(refused, router.refused.get(), "the upload of " + size + " went to the old handler");
                try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "f", 0, -1)) {
                    assertArrayEquals(data, in.readAllBytes(), "file of " + size + " bytes");
                }
            }
        }
    }

    /**
     * The peer's handler replaced (a newer transport bundle) has opened no drive yet and refuses uploads with
     * {@code NOT_OPEN} before reading them: the remote drive opens the drive again and starts the upload over,
     * both when the refusal arrives at {@code close()} (a small file) and during the writes (a large one).
     */
    @Test
    void uploadsToAReplacedHandlerSucceed() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            write(remote, 1 << 20);
            for (int size : new int[] {100_000, 8 << 20}) {
                RpcHandler replacement = new RpcHandler(cluster.config(cluster.nodes.get(0), TestCluster.USER,
                        TestCluster.PASSWORD));
                replacement.setLocalDrives(new LocalDriveFactory());
                cluster.nodes.get(0).serve(replacement);
                byte[] data = write(remote, size);
                try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "f", 0, -1)) {
                    assertArrayEquals(data, in.readAllBytes(), "file of " + size + " bytes");
                }
            }
        }
    }

    /**
     * Sends the next call to the old handler, as a router that picked it just before dropping it, and the rest to
     * its successor.
     */
    private static final class Handoff extends Handler.Abstract {
        final AtomicInteger refused = new AtomicInteger();
        private final Handler old;
        private final Handler successor;
        private final AtomicBoolean toOld = new AtomicBoolean(true);

        Handoff(Handler old, Handler successor) {
            this.old = old;
            this.successor = successor;
        }

        void routeNextToOld() {
            toOld.set(true);
        }

        void routeNextToSuccessor() {
            toOld.set(false);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!request.getHttpURI().getPath().endsWith("/peer/ping") && toOld.compareAndSet(true, false)) {
                refused.incrementAndGet();
                return old.handle(request, response, callback);
            }
            return successor.handle(request, response, callback);
        }
    }

    private static Object listVolumes(Drive drive) {
        try {
            return drive.listVolumes();
        } catch (DriveException e) {
            return e;
        }
    }

    private static byte[] write(Drive drive, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(SEED + size).nextBytes(data);
        try (OutputStream out = drive.createFile(Drive.TEMP_VOLUME, "f")) {
            for (int off = 0; off < size; off += CHUNK_BYTES) {
                out.write(data, off, Math.min(CHUNK_BYTES, size - off));
            }
        }
        return data;
    }
}
