/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerClient;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerListener;
import io.cairn.api.rpc.PeerTransport;
import io.cairn.api.rpc.ServerInfo;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.Topology;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * The distributed bootstrap against an in-process stand-in for the peer transport: four nodes of one drive, each
 * drive a local directory reached through a "remote" factory that fails {@code OFFLINE} while its node is down.
 */
class DistributedBootstrapTest {

    private static final DistributedBootstrap.Timing FAST = new DistributedBootstrap.Timing(1L, 60_000L, 0L);

    @TempDir
    Path dir;

    private final List<String> nodes = List.of("127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003",
            "127.0.0.1:9004");
    private final Set<String> down = new HashSet<>();
    private final Map<String, PeerException> failures = new HashMap<>();
    private final Map<String, List<String>> peerArguments = new HashMap<>();
    private final LocalDriveFactory local = new LocalDriveFactory();
    private List<String> arguments;
    private Topology topology;

    @BeforeEach
    void topology() {
        arguments = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            arguments.add("http://" + nodes.get(i) + dir.resolve("n" + (i + 1)).toAbsolutePath());
        }
        topology = Topology.parse(arguments);
    }

    @Test
    void onlyTheFirstNodeFormatsAndTheOthersJoinItsDeployment() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        DistributedBootstrap waiting = bootstrap(nodes.get(1), () -> polls.incrementAndGet() > 3, FAST);
        assertThrows(InterruptedException.class, waiting::run, "node 2 must wait for node 1 to format");
        for (int i = 1; i <= nodes.size(); i++) {
            assertFalse(Files.exists(dir.resolve("n" + i).resolve(".cairn.format.json")), "n" + i + " formatted");
        }

        Bootstrap.Result first = bootstrap(nodes.get(0), () -> false, FAST).run();
        assertEquals(4, first.online());
        Bootstrap.Result second = bootstrap(nodes.get(1), () -> false, FAST).run();
        assertEquals(first.deploymentId(), second.deploymentId());
        assertEquals(4, second.online());
    }

    @Test
    void aJoiningNodeWaitsBoundedlyForTheFirstNodeToFinishFormatting() throws Exception {
        String id = "11111111-2222-3333-4444-555555555555";
        local.open(dir.resolve("n1").toString(), new FormatInfo(FormatInfo.CURRENT_VERSION, id, "drive-1", 0, 0, 0,
                1, 4));
        AtomicInteger polls = new AtomicInteger();
        DistributedBootstrap.Timing patient = new DistributedBootstrap.Timing(1L, 60_000L, 60_000L);
        assertThrows(InterruptedException.class,
                () -> bootstrap(nodes.get(1), () -> polls.incrementAndGet() > 3, patient).run(),
                "three drives are still empty: node 1 may be formatting them");

        Bootstrap.Result joined = bootstrap(nodes.get(1), () -> false, FAST).run();
        assertEquals(id, joined.deploymentId());
        assertEquals(2, joined.online(), "its own drive and node 1's (which holds no object yet); the others are"
                + " left to their nodes");
        assertFalse(Files.exists(dir.resolve("n3").resolve(".cairn.format.json")));
    }

    @Test
    void aDriveWipedWhileItsNodeWasDownIsFormattedAndMarkedForHealingOnlyByItsNode() throws Exception {
        String id = bootstrap(nodes.get(0), () -> false, FAST).run().deploymentId();
        Path wiped = dir.resolve("n4");
        deleteTree(wiped);
        Files.createDirectories(wiped);

        Bootstrap.Result peer = bootstrap(nodes.get(1), () -> false, FAST).run();
        assertEquals(3, peer.online());
        assertFalse(Files.exists(wiped.resolve(".cairn.format.json")), "a peer formats no drive of another node");
        assertEquals(0, Bootstrap.reconnect(peer.pools()), "the reconnect loop formats no empty drive either");

        Bootstrap.Result own = bootstrap(nodes.get(3), () -> false, FAST).run();
        assertEquals(id, own.deploymentId());
        assertEquals(4, own.online());
        assertTrue(Files.exists(wiped.resolve(Drive.SYSTEM_VOLUME).resolve(ClusterHealer.STATE_DIR
                + DriveInventory.FRESH_DRIVE_STATE)), "marked for a drive heal");
        assertEquals(1, Bootstrap.reconnect(peer.pools()), "the peer takes the drive once its node formatted it");
    }

    /**
     * A node restarted with an empty drive in a formatted deployment joins as soon as its peers answer: only its own
     * drive is empty, which nobody but itself formats, so there is no first node to wait for.
     */
    @Test
    void aNodeWhoseOwnDriveIsTheOnlyEmptyOneDoesNotWaitForFormatting() throws Exception {
        String id = bootstrap(nodes.get(0), () -> false, FAST).run().deploymentId();
        Path wiped = dir.resolve("n3");
        deleteTree(wiped);
        Files.createDirectories(wiped);
        AtomicInteger polls = new AtomicInteger();
        DistributedBootstrap.Timing patient = new DistributedBootstrap.Timing(1L, 60_000L, 60_000L);

        Bootstrap.Result own = bootstrap(nodes.get(2), () -> polls.incrementAndGet() > 3, patient).run();
        assertEquals(id, own.deploymentId());
        assertEquals(4, own.online());
        assertTrue(Files.exists(wiped.resolve(Drive.SYSTEM_VOLUME).resolve(ClusterHealer.STATE_DIR
                + DriveInventory.FRESH_DRIVE_STATE)), "marked for a drive heal");
    }

    /**
     * Three drives of a set that holds objects found empty (unmounted disks): one formatted drive is no read quorum,
     * so a node formats not even its own empty drive.
     */
    @Test
    void aNodeLeavesItsEmptyDriveUnformattedWhileItsSetLacksAReadQuorumOfFormattedDrives() throws Exception {
        bootstrap(nodes.get(0), () -> false, FAST).run();
        Files.createDirectories(dir.resolve("n1").resolve("bucket").resolve("key"));
        for (int i = 2; i <= 4; i++) {
            deleteTree(dir.resolve("n" + i));
            Files.createDirectories(dir.resolve("n" + i));
        }

        Bootstrap.Result own = bootstrap(nodes.get(1), () -> false, FAST).run();
        assertEquals(1, own.online());
        assertFalse(Files.exists(dir.resolve("n2").resolve(".cairn.format.json")), "nothing is written to it");
        assertTrue(own.pools().get(0).get(0).get(1).diskInfo().error().contains("read quorum"),
                own.pools().get(0).get(0).get(1).diskInfo().error());
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aPeerWithDifferentArgumentsIsLeftOutAndTheOthersStart() throws Exception {
        List<String> other = new ArrayList<>(arguments);
        other.set(2, "http://127.0.0.1:9003/elsewhere");
        peerArguments.put(nodes.get(2), other);
        Bootstrap.Result result = bootstrap(nodes.get(0), () -> false, FAST).run();
        assertEquals(4, result.online() + result.offline());
        assertFalse(result.deploymentId().isEmpty());
    }

    @Test
    void theNodeStartedWithDifferentArgumentsIsRefusedNamingTheDifference() {
        List<String> other = new ArrayList<>(arguments);
        other.set(2, "http://127.0.0.1:9003/elsewhere");
        DistributedBootstrap.RefusedException e = assertThrows(DistributedBootstrap.RefusedException.class,
                () -> bootstrap(nodes.get(2), other, () -> false, FAST).run());
        assertTrue(e.getMessage().contains("was started with other endpoint arguments"), e.getMessage());
        assertTrue(e.getMessage().contains("argument 3"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:9003/elsewhere"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("n1").resolve(".cairn.format.json")), "the refused node formats nothing");
    }

    @Test
    void twoNodesWithDifferentArgumentsBothRefuse() {
        List<String> ours = arguments.subList(0, 2);
        List<String> theirs = List.of(arguments.get(0), "http://127.0.0.1:9002/elsewhere");
        peerArguments.put(nodes.get(1), theirs);
        DistributedBootstrap.RefusedException e = assertThrows(DistributedBootstrap.RefusedException.class,
                () -> bootstrap(nodes.get(0), ours, () -> false, FAST).run());
        assertTrue(e.getMessage().contains("argument 2"), e.getMessage());
    }

    @Test
    void aNodeNotInTheEndpointsIsRefused() {
        assertThrows(DistributedBootstrap.RefusedException.class,
                () -> bootstrap("127.0.0.1:9999", () -> false, FAST).run());
    }

    @Test
    void aWriteQuorumOfNodesIsEnoughOnceTheGracePeriodIsOver() throws Exception {
        String id = bootstrap(nodes.get(0), () -> false, FAST).run().deploymentId();
        down.add(nodes.get(3));
        Bootstrap.Result restarted = bootstrap(nodes.get(1), () -> false, FAST).run();
        assertEquals(id, restarted.deploymentId());
        assertEquals(3, restarted.online());
        assertEquals(1, restarted.offline());

        down.clear();
        assertEquals(1, Bootstrap.reconnect(restarted.pools()), "the drive of the node that came back");
    }

    @Test
    void withoutAQuorumOfNodesOrWithRefusedCredentialsTheNodeKeepsWaiting() {
        down.add(nodes.get(2));
        down.add(nodes.get(3));
        AtomicInteger polls = new AtomicInteger();
        assertThrows(InterruptedException.class,
                () -> bootstrap(nodes.get(0), () -> polls.incrementAndGet() > 3, FAST).run());

        down.clear();
        for (String node : nodes.subList(1, 4)) {
            failures.put(node, new PeerException(PeerException.Reason.UNAUTHORIZED, "bad signature"));
        }
        AtomicInteger more = new AtomicInteger();
        assertThrows(InterruptedException.class,
                () -> bootstrap(nodes.get(0), () -> more.incrementAndGet() > 3, FAST).run());
        assertFalse(Files.exists(dir.resolve("n1").resolve(".cairn.format.json")));
    }

    private DistributedBootstrap bootstrap(String self, BooleanSupplier stopped,
            DistributedBootstrap.Timing timing) {
        return bootstrap(self, arguments, stopped, timing);
    }

    private DistributedBootstrap bootstrap(String self, List<String> ownArguments, BooleanSupplier stopped,
            DistributedBootstrap.Timing timing) {
        PeerTransport transport = new FakeTransport(self);
        return new DistributedBootstrap(Topology.parse(ownArguments), ownArguments, local, new FakeRemoteFactory(),
                () -> transport, stopped, timing, n -> FormatQuorum.readQuorum(-1, n));
    }

    /** Remote drives are the local directories, unreachable while their node is down. */
    private final class FakeRemoteFactory implements DriveFactory {
        @Override
        public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
            return local.readFormat(reach(endpoint));
        }

        @Override
        public Drive open(String endpoint, FormatInfo expected) throws DriveException {
            return local.open(reach(endpoint), expected);
        }

        private String reach(String url) throws DriveException {
            Endpoint e = Endpoint.parse(url);
            if (down.contains(e.node())) {
                throw new DriveException(DriveException.Reason.OFFLINE, e.node() + " is down");
            }
            return e.path();
        }
    }

    /** Answers server info for the nodes that are up. */
    private final class FakeTransport implements PeerTransport {
        private final String self;

        FakeTransport(String self) {
            this.self = self;
        }

        @Override
        public String localNode() {
            return self;
        }

        @Override
        public List<String> peers() {
            return nodes.stream().filter(n -> !n.equals(self)).toList();
        }

        @Override
        public PeerClient peer(String node) {
            return new FakeClient(node);
        }

        @Override
        public boolean isOnline(String node) {
            return !down.contains(node);
        }

        @Override
        public void addListener(PeerListener listener) {
            // The bootstrap polls; it registers no listener.
        }

        @Override
        public void removeListener(PeerListener listener) {
            // See addListener.
        }
    }

    /** One peer as the fake transport sees it. */
    private final class FakeClient implements PeerClient {
        private final String node;

        FakeClient(String node) {
            this.node = node;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public boolean isOnline() {
            return !down.contains(node);
        }

        @Override
        public ServerInfo serverInfo() throws PeerException {
            if (down.contains(node)) {
                throw new PeerException(PeerException.Reason.OFFLINE, node + " is down");
            }
            PeerException failure = failures.get(node);
            if (failure != null) {
                throw failure;
            }
            return new ServerInfo(node, 1, peerArguments.getOrDefault(node, arguments), "", "fingerprint",
                    Instant.EPOCH, Instant.now());
        }

        @Override
        public List<DiskInfo> driveStatus() {
            return List.of();
        }

        @Override
        public LockServer locks() {
            throw new UnsupportedOperationException("the bootstrap takes no locks");
        }
    }
}
