/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Endpoint;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * The reconnect of a peer's drives when the transport reports the peer online: at once, only that peer's drives
 * held offline, and folded so that a flapping peer costs a bounded number of attempts. The executor records what is
 * scheduled and the test runs it, on a fake clock.
 */
class PeerReconnectorTest {

    private static final String DEPLOYMENT = "11111111-2222-3333-4444-555555555555";
    private static final String B = "127.0.0.1:9002";
    private static final String C = "127.0.0.1:9003";

    @TempDir
    Path dir;

    private final LocalDriveFactory local = new LocalDriveFactory();
    private final Set<String> down = new HashSet<>();
    /** Nodes whose transport fails with an unchecked exception, as a bug or a stopping transport may. */
    private final Set<String> broken = new HashSet<>();
    /** Per endpoint, the attempts that found the node down. */
    private final Map<String, Integer> refused = new HashMap<>();
    /** Per endpoint, the attempts that opened the drive. */
    private final Map<String, Integer> opens = new HashMap<>();
    private final AtomicLong clockMs = new AtomicLong(1_000_000L);
    private final RecordingExecutor executor = new RecordingExecutor();
    private List<ReconnectingDrive> drives;
    private PeerReconnector reconnector;

    /** One set: a local drive, two drives of node B and one of node C, the remote ones held offline. */
    @BeforeEach
    void drives() throws Exception {
        drives = new ArrayList<>();
        drives.add(slot(dir.resolve("a1").toString(), 0, true));
        drives.add(slot("http://" + B + dir.resolve("b1").toAbsolutePath(), 1, false));
        drives.add(slot("http://" + B + dir.resolve("b2").toAbsolutePath(), 2, false));
        drives.add(slot("http://" + C + dir.resolve("c1").toAbsolutePath(), 3, false));
        reconnector = new PeerReconnector(List.of(List.of(List.copyOf(drives))), executor, clockMs::get);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aPeerReportedOnlineHasItsOfflineDrivesReopenedAtOnceAndNoOtherDrive() {
        reconnector.peerChanged(B, false);
        assertEquals(List.of(), executor.delaysMs, "a peer going offline schedules nothing");

        reconnector.peerChanged(B, true);
        assertEquals(List.of(0L), executor.delaysMs, "one attempt, without delay");
        executor.runAll();

        assertTrue(drives.get(1).diskInfo().online());
        assertTrue(drives.get(2).diskInfo().online());
        assertFalse(drives.get(3).diskInfo().online(), "node C was not reported: its drive waits for its own turn");
        assertEquals(Map.of(drives.get(1).endpoint(), 1, drives.get(2).endpoint(), 1), opens);
        assertEquals(List.of(), executor.delaysMs, "every drive is back: no follow-up");

        // Once back, the drives reopen themselves on a peer restart: a new report tries nothing.
        clockMs.addAndGet(PeerReconnector.MIN_SPACING_MS);
        reconnector.peerChanged(B, true);
        executor.runAll();
        assertEquals(Map.of(drives.get(1).endpoint(), 1, drives.get(2).endpoint(), 1), opens);
    }

    @Test
    void aFlappingPeerCostsOneAttemptPerDrivePerSpacing() {
        for (int i = 0; i < 50; i++) {
            reconnector.peerChanged(B, true);
            reconnector.peerChanged(B, false);
        }
        assertEquals(List.of(0L), executor.delaysMs, "reports while an attempt is pending are folded");

        // The peer is down again when the attempt runs: its drives stay offline, tried once each.
        down.add(B);
        executor.runAll();
        assertFalse(drives.get(1).diskInfo().online());
        assertEquals(Map.of(drives.get(1).endpoint(), 1, drives.get(2).endpoint(), 1), refused);
        assertEquals(Map.of(), opens);

        clockMs.addAndGet(300L);
        for (int i = 0; i < 50; i++) {
            reconnector.peerChanged(B, true);
        }
        assertEquals(List.of(PeerReconnector.MIN_SPACING_MS - 300L), executor.delaysMs,
                "the next attempt waits for the spacing");
        down.remove(B);
        clockMs.addAndGet(PeerReconnector.MIN_SPACING_MS - 300L);
        executor.runAll();
        assertTrue(drives.get(1).diskInfo().online());
        assertTrue(drives.get(2).diskInfo().online());
        assertEquals(Map.of(drives.get(1).endpoint(), 1, drives.get(2).endpoint(), 1), opens);
    }

    @Test
    void aPeerThatAnswersBeforeItServesItsDrivesIsTriedAgainAFewTimes() {
        // A restarting node answers probes before its storage bundle serves its drives.
        down.add(B);
        reconnector.peerChanged(B, true);
        for (int i = 0; i < PeerReconnector.FOLLOW_UPS; i++) {
            executor.runAll();
            assertEquals(List.of(PeerReconnector.MIN_SPACING_MS), executor.delaysMs, "follow-up " + (i + 1));
            clockMs.addAndGet(PeerReconnector.MIN_SPACING_MS);
        }
        executor.runAll();
        assertEquals(List.of(), executor.delaysMs, "the follow-ups are bounded; the periodic loop takes over");
        assertEquals(Map.of(drives.get(1).endpoint(), PeerReconnector.FOLLOW_UPS + 1, drives.get(2).endpoint(),
                PeerReconnector.FOLLOW_UPS + 1), refused);

        // Served after the second try of a new report.
        reconnector.peerChanged(B, true);
        executor.runAll();
        down.remove(B);
        clockMs.addAndGet(PeerReconnector.MIN_SPACING_MS);
        executor.runAll();
        assertTrue(drives.get(1).diskInfo().online());
        assertTrue(drives.get(2).diskInfo().online());
        assertEquals(List.of(), executor.delaysMs);
    }

    @Test
    void aPeerThatAnnouncesItServesItsDrivesHasThemTriedAtOnceWithinTheSpacing() {
        // The peer answered probes before it served its drives: the first attempt failed, a follow-up waits.
        down.add(B);
        reconnector.peerChanged(B, true);
        executor.runAll();
        assertEquals(List.of(PeerReconnector.MIN_SPACING_MS), executor.delaysMs);

        // It serves them now and says so, 100 ms later: tried at once, not when the follow-up is due.
        down.remove(B);
        clockMs.addAndGet(100L);
        reconnector.peerReturned(B);
        assertEquals(List.of(PeerReconnector.MIN_SPACING_MS, 0L), executor.delaysMs);
        executor.runDueNow();
        assertTrue(drives.get(1).diskInfo().online());
        assertTrue(drives.get(2).diskInfo().online());
        assertFalse(drives.get(3).diskInfo().online(), "node C did not announce anything");
        assertEquals(Map.of(drives.get(1).endpoint(), 1, drives.get(2).endpoint(), 1), opens);
        assertEquals(List.of(PeerReconnector.MIN_SPACING_MS), executor.delaysMs, "only the old follow-up is left");
        clockMs.addAndGet(PeerReconnector.MIN_SPACING_MS);
        executor.runAll();
        assertEquals(List.of(), executor.delaysMs, "every drive is back: no further follow-up");
        assertEquals(Map.of(drives.get(1).endpoint(), 1, drives.get(2).endpoint(), 1), opens);

        // An announcement of a node without drives here, or after the layer stopped, does nothing.
        reconnector.peerReturned("127.0.0.1:9999");
        executor.shutdown();
        reconnector.peerReturned(B);
        assertEquals(List.of(), executor.delaysMs);
    }

    @Test
    void aReturnedPeerWhoseDrivesStillRefuseIsFollowedUp() {
        down.add(B);
        reconnector.peerReturned(B);
        executor.runAll();
        assertEquals(List.of(PeerReconnector.MIN_SPACING_MS), executor.delaysMs, "left to the follow-ups");
        down.remove(B);
        clockMs.addAndGet(PeerReconnector.MIN_SPACING_MS);
        executor.runAll();
        assertTrue(drives.get(1).diskInfo().online());
        assertTrue(drives.get(2).diskInfo().online());
    }

    @Test
    void noFollowUpOnceThePeerIsReportedOfflineAgain() {
        down.add(B);
        reconnector.peerChanged(B, true);
        executor.runAll();
        assertEquals(List.of(PeerReconnector.MIN_SPACING_MS), executor.delaysMs);
        reconnector.peerChanged(B, false);
        executor.runAll();
        assertEquals(List.of(), executor.delaysMs, "an offline peer waits for its next report or the periodic loop");
    }

    @Test
    void reportsOfUnknownNodesAndAfterTheLayerStoppedAreIgnored() {
        reconnector.peerChanged("127.0.0.1:9999", true);
        assertEquals(List.of(), executor.delaysMs);

        executor.shutdown();
        reconnector.peerChanged(B, true);
        assertEquals(List.of(), executor.delaysMs, "a stopped executor takes no attempt, and nothing throws");
    }

    @Test
    void aDriveWhoseReopeningThrowsAnUncheckedExceptionStaysOfflineAndTheRoundGoesOn() {
        broken.add(B);
        int back = Bootstrap.reconnect(List.of(List.of(List.copyOf(drives))));
        assertEquals(1, back, "node C's drive, after node B's, came back in the same round");
        assertTrue(drives.get(3).diskInfo().online());
        assertFalse(drives.get(1).diskInfo().online());
        assertTrue(drives.get(1).offlineReason().contains("transport is stopping"), drives.get(1).offlineReason());
        broken.clear();
        assertEquals(2, Bootstrap.reconnect(List.of(List.of(List.copyOf(drives)))));
    }

    /** Formats a drive folder and puts a slot for it, a remote one held offline as a reconnect round leaves it. */
    private ReconnectingDrive slot(String endpoint, int position, boolean isLocal) throws DriveException {
        FormatInfo format = new FormatInfo(FormatInfo.CURRENT_VERSION, DEPLOYMENT, "drive-" + position, 0, 0,
                position, 1, 4);
        Drive opened = local.open(path(endpoint), format);
        Drive initial = isLocal ? opened : new OfflineDrive(endpoint, "peer is offline");
        return new ReconnectingDrive(isLocal ? local : new FakeRemoteFactory(), endpoint, format, initial, isLocal);
    }

    private static String path(String endpoint) {
        Endpoint e = Endpoint.parse(endpoint);
        return e.isUrl() ? e.path() : endpoint;
    }

    /** Remote drives are local folders, unreachable while their node is in {@link #down}; counts the calls. */
    private final class FakeRemoteFactory implements DriveFactory {
        @Override
        public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
            if (broken.contains(Endpoint.parse(endpoint).node())) {
                throw new IllegalStateException("the transport is stopping");
            }
            if (down.contains(Endpoint.parse(endpoint).node())) {
                refused.merge(endpoint, 1, Integer::sum);
                throw new DriveException(DriveException.Reason.OFFLINE, Endpoint.parse(endpoint).node()
                        + " is offline");
            }
            return local.readFormat(path(endpoint));
        }

        @Override
        public Drive open(String endpoint, FormatInfo expected) throws DriveException {
            opens.merge(endpoint, 1, Integer::sum);
            return local.open(path(endpoint), expected);
        }
    }

    /** Records the one-shot tasks scheduled on it; {@link #runAll()} runs them in the test's thread. */
    private static final class RecordingExecutor extends ScheduledThreadPoolExecutor {
        final List<Long> delaysMs = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();

        RecordingExecutor() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (isShutdown()) {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            }
            delaysMs.add(unit.toMillis(delay));
            tasks.add(command);
            return null;
        }

        /** Runs the tasks scheduled without delay, keeping the others. */
        void runDueNow() {
            List<Runnable> due = new ArrayList<>();
            for (int i = tasks.size() - 1; i >= 0; i--) {
                if (delaysMs.get(i) == 0L) {
                    due.add(0, tasks.remove(i));
                    delaysMs.remove(i);
                }
            }
            due.forEach(Runnable::run);
        }

        void runAll() {
            List<Runnable> due = List.copyOf(tasks);
            tasks.clear();
            delaysMs.clear();
            due.forEach(Runnable::run);
        }
    }
}
