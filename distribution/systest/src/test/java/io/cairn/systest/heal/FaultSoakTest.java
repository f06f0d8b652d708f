/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A fault soak of a four-node cluster (one drive per node, EC 2+2), run by hand and skipped otherwise:
 * {@code -Dcairn.soak.minutes=10 -Dcairn.soak.seed=N}. Four clients PUT, overwrite, GET, DELETE and LIST shared keys
 * through every node while seeded faults hit one node at a time (kill -9, SIGSTOP, a wiped drive, a flipped shard
 * byte). Every answer is checked against what was acknowledged ({@link SoakHistory}); at the end every node must
 * read every key alike and, once a deep heal ran, every drive must hold every object.
 */
class FaultSoakTest {

    private static final long MINUTES = Long.getLong("cairn.soak.minutes", 0L);
    private static final long SEED = Long.getLong("cairn.soak.seed", 1L);
    private static final int CLIENTS = Integer.getInteger("cairn.soak.clients", 4);
    /**
     * How long a client waits for an answer: shorter than the longest SIGSTOP, so that a request caught in a frozen
     * node fails on the client while the node may still carry it out once resumed.
     */
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
    private static final String HEAL = "freshDriveCheckMs = 1000\nmrfRetryMs = 1000\nmrfRetryMaxMs = 5000\n";

    @Test
    void acknowledgedWritesSurviveSeededFaults() throws Exception {
        assumeTrue(MINUTES > 0, "a soak runs only when -Dcairn.soak.minutes is given");
        try (Cluster cluster = Cluster.builder("soak").conf("io.cairn.heal.cfg", HEAL).start().awaitReady()) {
            String bucket = S3Server.bucketName("soak");
            SoakFaults faults = new SoakFaults(cluster, bucket, SEED);
            faults.awaitEveryDriveOnline();
            cluster.client(0).createBucket(b -> b.bucket(bucket));
            List<S3Client> clients = new ArrayList<>();
            for (int i = 0; i < cluster.size(); i++) {
                clients.add(cluster.newClient(i, CALL_LIMIT));
            }
            SoakHistory history = new SoakHistory(System.nanoTime());
            SoakClients load = new SoakClients(bucket, history, clients::get, faults::healthy, faults::cut);
            long end = System.nanoTime() + Duration.ofMinutes(MINUTES).toNanos();
            try (load) {
                load.start(CLIENTS, SEED);
                while (System.nanoTime() < end) {
                    faults.next();
                }
            }
            faults.awaitEveryDriveOnline();
            System.out.println("soak seed " + SEED + ", " + MINUTES + " min: faults " + faults.counts()
                    + "\nrequests " + load.counts() + "\noperations " + history.outcomes()
                    + "\nunexpected answers " + load.unexpected().size() + ": " + load.unexpected()
                    + "\nfault notes " + faults.notes());
            Map<String, Long> finals = converge(cluster, bucket, history, clients, faults);
            clients.forEach(S3Client::close);
            assertEquals(List.of(), load.violations(), "seed " + SEED);
            assertEquals(List.of(), load.unexpected(), "seed " + SEED);
            assertEquals(List.of(), faults.notes(), "seed " + SEED);
            System.out.println("soak seed " + SEED + ": " + finals.size() + " keys settled, every drive holds them");
        }
    }

    /** Heals deeply and waits until every node reads every key alike and every drive holds every object. */
    private static Map<String, Long> converge(Cluster cluster, String bucket, SoakHistory history,
            List<S3Client> clients, SoakFaults faults) throws Exception {
        Map<String, Long> finals = new TreeMap<>();
        long now = System.nanoTime();
        for (String key : history.keys()) {
            List<Long> possible = history.possibleAt(key, now);
            long seed = read(clients.get(0), bucket, key);
            if (!possible.contains(seed)) {
                throw new AssertionError(key + " reads as " + seed + " after the soak; possible: " + possible);
            }
            finals.put(key, seed);
        }
        Distribution.Result heal = cluster.node(0).admin("heal", "start", bucket, "--deep", "--force");
        assertEquals(0, heal.status(), heal.out() + heal.err());
        AtomicReference<String> last = new AtomicReference<>("");
        Set<String> orphans = new TreeSet<>();
        try {
            HealTestSupport.await("every node reads every key alike and every drive holds it", SoakFaults.HEAL_LIMIT,
                    () -> {
                        orphans.clear();
                        last.set(differences(bucket, finals, clients, faults, orphans));
                        return last.get().isEmpty();
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + last.get(), e);
        }
        System.out.println("soak seed " + SEED + ": data directories no metadata names, left to the scanner: "
                + orphans);
        return finals;
    }

    private static String differences(String bucket, Map<String, Long> finals, List<S3Client> clients,
            SoakFaults faults, Set<String> orphans) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : finals.entrySet()) {
            for (int node = 0; node < clients.size(); node++) {
                long seed = read(clients.get(node), bucket, e.getKey());
                if (seed != e.getValue()) {
                    out.append(e.getKey()).append(" reads as ").append(seed).append(" via node ").append(node + 1)
                            .append(", as ").append(e.getValue()).append(" via node 1\n");
                }
            }
            List<Map<String, Long>> copies = new ArrayList<>();
            for (int node = 0; node < clients.size(); node++) {
                copies.add(copy(faults.drive(node).resolve(bucket), e.getKey(), orphans));
            }
            for (int node = 0; node < copies.size(); node++) {
                boolean has = copies.get(node).containsKey(HealTestSupport.META);
                if (has != (e.getValue() != SoakHistory.ABSENT)) {
                    out.append(e.getKey()).append(has ? " still on" : " missing on").append(" drive of node ")
                            .append(node + 1).append('\n');
                }
                if (!copies.get(node).equals(copies.get(0))) {
                    out.append(e.getKey()).append(": drive of node ").append(node + 1).append(" holds ")
                            .append(copies.get(node)).append(", drive of node 1 ").append(copies.get(0)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * The copy of a key on one drive: its metadata file (size -1, as it may differ between drives) and the shard
     * files of the data directories the metadata names. Other data directories of the key (a write cut by a kill
     * after its data directory moved in, before its metadata did) are added to {@code orphans}: the scanner
     * removes them once they are old enough, which a soak does not wait for.
     */
    private static Map<String, Long> copy(Path bucketDir, String key, Set<String> orphans) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        Path dir = bucketDir.resolve(key);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        Path meta = dir.resolve(HealTestSupport.META);
        String named = Files.exists(meta) ? new String(Files.readAllBytes(meta), StandardCharsets.ISO_8859_1) : "";
        if (Files.exists(meta)) {
            files.put(HealTestSupport.META, -1L);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path data : entries.filter(Files::isDirectory).toList()) {
                String name = data.getFileName().toString();
                if (!named.contains(name.substring(name.lastIndexOf('.') + 1))) {
                    orphans.add(bucketDir.relativize(data).toString());
                    continue;
                }
                try (Stream<Path> parts = Files.list(data)) {
                    for (Path part : parts.toList()) {
                        files.put(name + "/" + part.getFileName(), Files.size(part));
                    }
                }
            }
        }
        return files;
    }

    /** Reads a key whole and checks its bytes; returns its seed, {@link SoakHistory#ABSENT} when not found. */
    private static long read(S3Client s3, String bucket, String key) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            long seed = Long.parseLong(in.response().metadata().get(SoakClients.SEED_META));
            String got = SeededContent.digest("SHA-256", in);
            String want = new SeededContent(seed, in.response().contentLength()).digest("SHA-256");
            if (!got.equals(want)) {
                throw new AssertionError("WRONG DATA " + key + " (seed " + seed + ")");
            }
            return seed;
        } catch (NoSuchKeyException e) {
            return SoakHistory.ABSENT;
        }
    }
}
