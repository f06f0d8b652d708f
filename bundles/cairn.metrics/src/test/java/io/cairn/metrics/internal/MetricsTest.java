/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.api.heal.SetDrive;
import io.cairn.metrics.internal.Metrics.Scope;

class MetricsTest {

    private static final long GIB = 1L << 30;

    private final Metrics metrics = new Metrics("node1:9000");
    private final Fakes.Storage storage = new Fakes.Storage();
    private final Fakes.Heal heal = new Fakes.Heal();

    @AfterEach
    void close() {
        metrics.close();
    }

    /** The sample lines of a scrape (no HELP or TYPE lines), sorted. */
    private List<String> samples(Scope scope) {
        return Arrays.stream(metrics.scrape(scope).split("\n")).filter(l -> !l.startsWith("#") && !l.isEmpty())
                .sorted().collect(Collectors.toList());
    }

    private void fourDrivesOneOffline() {
        storage.drives = List.of(Fakes.online("/d1", 0, 10 * GIB, 4 * GIB), Fakes.online("/d2", 1, 10 * GIB, 6 * GIB),
                Fakes.offline("/d3", 2), Fakes.online("/d4", 3, 20 * GIB, 5 * GIB));
        storage.bitrot = 7;
    }

    @Test
    void clusterEndpointRendersDriveCountsAndCapacity() {
        fourDrivesOneOffline();
        metrics.bind(storage);
        assertEquals(List.of(
                "minio_cluster_capacity_raw_free_bytes{server=\"node1:9000\"} 1.610612736E10",
                "minio_cluster_capacity_raw_total_bytes{server=\"node1:9000\"} 4.294967296E10",
                "minio_cluster_drive_offline_total{server=\"node1:9000\"} 1.0",
                "minio_cluster_drive_online_total{server=\"node1:9000\"} 3.0",
                "minio_cluster_drive_total{server=\"node1:9000\"} 4.0"), samples(Scope.CLUSTER));
        String text = metrics.scrape(Scope.CLUSTER);
        assertTrue(text.contains("# TYPE minio_cluster_drive_online_total gauge\n"), text);
        assertTrue(text.contains("# HELP minio_cluster_drive_online_total Total drives online in this cluster.\n"),
                text);
    }

    @Test
    void nodeEndpointRendersEveryDriveAndTheBitrotCounter() {
        fourDrivesOneOffline();
        metrics.bind(storage);
        assertEquals(List.of(
                "cairn_storage_bitrot_errors_total{server=\"node1:9000\"} 7.0",
                "minio_node_drive_free_bytes{drive=\"/d1\",server=\"node1:9000\"} 4.294967296E9",
                "minio_node_drive_free_bytes{drive=\"/d2\",server=\"node1:9000\"} 6.442450944E9",
                "minio_node_drive_free_bytes{drive=\"/d4\",server=\"node1:9000\"} 5.36870912E9",
                "minio_node_drive_offline_total{server=\"node1:9000\"} 1.0",
                "minio_node_drive_online_total{server=\"node1:9000\"} 3.0",
                "minio_node_drive_online{drive=\"/d1\",server=\"node1:9000\"} 1.0",
                "minio_node_drive_online{drive=\"/d2\",server=\"node1:9000\"} 1.0",
                "minio_node_drive_online{drive=\"/d3\",server=\"node1:9000\"} 0.0",
                "minio_node_drive_online{drive=\"/d4\",server=\"node1:9000\"} 1.0",
                "minio_node_drive_total_bytes{drive=\"/d1\",server=\"node1:9000\"} 1.073741824E10",
                "minio_node_drive_total_bytes{drive=\"/d2\",server=\"node1:9000\"} 1.073741824E10",
                "minio_node_drive_total_bytes{drive=\"/d4\",server=\"node1:9000\"} 2.147483648E10",
                "minio_node_drive_total{server=\"node1:9000\"} 4.0",
                "minio_node_drive_used_bytes{drive=\"/d1\",server=\"node1:9000\"} 6.442450944E9",
                "minio_node_drive_used_bytes{drive=\"/d2\",server=\"node1:9000\"} 4.294967296E9",
                "minio_node_drive_used_bytes{drive=\"/d4\",server=\"node1:9000\"} 1.610612736E10"),
                samples(Scope.NODE));
        assertTrue(metrics.scrape(Scope.NODE).contains("# TYPE cairn_storage_bitrot_errors_total counter\n"));
    }

    @Test
    void valuesAreReadAtEveryScrapeOncePerScrape() {
        fourDrivesOneOffline();
        metrics.bind(storage);
        metrics.scrape(Scope.CLUSTER);
        assertEquals(1, storage.reads);
        storage.drives = List.of(Fakes.online("/d1", 0, GIB, GIB));
        storage.bitrot = 8;
        assertTrue(samples(Scope.CLUSTER).contains("minio_cluster_drive_total{server=\"node1:9000\"} 1.0"));
        List<String> node = samples(Scope.NODE);
        assertTrue(node.contains("cairn_storage_bitrot_errors_total{server=\"node1:9000\"} 8.0"), node.toString());
        assertFalse(node.stream().anyMatch(l -> l.contains("/d4")), node.toString());
        assertEquals(3, storage.reads);
    }

    @Test
    void onlyThisNodesDrivesAreNodeMetrics() {
        fourDrivesOneOffline();
        Fakes.Inventory inventory = new Fakes.Inventory();
        inventory.drives = List.of(new SetDrive("/d1", 0, 0, 0, true, SetDrive.State.ONLINE),
                new SetDrive("/d2", 0, 0, 1, false, SetDrive.State.ONLINE),
                new SetDrive("/d3", 0, 0, 2, true, SetDrive.State.OFFLINE),
                new SetDrive("/d4", 0, 0, 3, false, SetDrive.State.ONLINE));
        metrics.bind(storage);
        metrics.bind(inventory);
        List<String> node = samples(Scope.NODE);
        assertTrue(node.contains("minio_node_drive_total{server=\"node1:9000\"} 2.0"), node.toString());
        assertTrue(node.contains("minio_node_drive_online_total{server=\"node1:9000\"} 1.0"), node.toString());
        assertTrue(node.contains("minio_node_drive_online{drive=\"/d3\",server=\"node1:9000\"} 0.0"), node.toString());
        assertFalse(node.stream().anyMatch(l -> l.contains("/d2") || l.contains("/d4")), node.toString());
        assertTrue(samples(Scope.CLUSTER).contains("minio_cluster_drive_total{server=\"node1:9000\"} 4.0"));
        metrics.unbind(inventory);
        assertTrue(samples(Scope.NODE).contains("minio_node_drive_total{server=\"node1:9000\"} 4.0"));
    }

    @Test
    void healMetricsAndTasks() {
        heal.status = Fakes.status(List.of(Fakes.task("t1", "drive", "/d2", true, 120),
                Fakes.task("t0", "manual", "photos/2024", false, -1)), 11, Fakes.totals(42, 2));
        metrics.bind(heal);
        assertEquals(List.of(), samples(Scope.CLUSTER));
        String s = "server=\"node1:9000\"";
        String t1 = "kind=\"drive\",scope=\"/d2\"," + s + ",task=\"t1\"";
        String t0 = "kind=\"manual\",scope=\"photos/2024\"," + s + ",task=\"t0\"";
        assertEquals(List.of(
                "cairn_heal_copies_found_total{" + s + ",state=\"corrupt\"} 3.0",
                "cairn_heal_copies_found_total{" + s + ",state=\"missing\"} 4.0",
                "cairn_heal_copies_found_total{" + s + ",state=\"stale\"} 5.0",
                "cairn_heal_dangling_found_total{" + s + "} 7.0",
                "cairn_heal_dangling_removed_total{" + s + "} 8.0",
                "cairn_heal_deletes_applied_total{" + s + "} 6.0",
                "cairn_heal_drive_copies_written_total{" + s + "} 84.0",
                "cairn_heal_queued_objects{" + s + "} 11.0",
                "cairn_heal_scanner_commits_finished_total{" + s + "} 12.0",
                "cairn_heal_scanner_cycles_total{" + s + "} 9.0",
                "cairn_heal_scanner_objects_total{" + s + "} 900.0",
                "cairn_heal_task_bytes_done{" + t0 + "} 10000.0",
                "cairn_heal_task_bytes_done{" + t1 + "} 4000.0",
                "cairn_heal_task_bytes_per_second{" + t0 + "} 512.5",
                "cairn_heal_task_bytes_per_second{" + t1 + "} 512.5",
                "cairn_heal_task_bytes{" + t0 + "} 10000.0",
                "cairn_heal_task_bytes{" + t1 + "} 10000.0",
                "cairn_heal_task_objects_done{" + t0 + "} 100.0",
                "cairn_heal_task_objects_done{" + t1 + "} 40.0",
                "cairn_heal_task_objects_failed{" + t0 + "} 1.0",
                "cairn_heal_task_objects_failed{" + t1 + "} 1.0",
                "cairn_heal_task_objects{" + t0 + "} 100.0",
                "cairn_heal_task_objects{" + t1 + "} 100.0",
                "cairn_heal_task_running{" + t0 + "} 0.0",
                "cairn_heal_task_running{" + t1 + "} 1.0",
                "cairn_heal_task_seconds_remaining{" + t1 + "} 120.0",
                "cairn_heal_written_bytes_total{" + s + "} 42000.0",
                "minio_heal_objects_errors_total{" + s + "} 2.0",
                "minio_heal_objects_heal_total{" + s + "} 42.0").stream().sorted().toList(), samples(Scope.NODE));
    }

    @Test
    void tasksComeAndGoBetweenScrapes() {
        heal.status = Fakes.status(List.of(Fakes.task("t1", "drive", "/d2", true, 120)), 0, Fakes.totals(1, 0));
        metrics.bind(heal);
        assertTrue(samples(Scope.NODE).stream().anyMatch(l -> l.contains("task=\"t1\"")));
        heal.status = Fakes.status(List.of(Fakes.task("t2", "manual", "b", true, -1)), 0, Fakes.totals(5, 0));
        List<String> node = samples(Scope.NODE);
        assertFalse(node.stream().anyMatch(l -> l.contains("task=\"t1\"")), node.toString());
        assertTrue(node.stream().anyMatch(l -> l.startsWith("cairn_heal_task_objects_done{") && l.contains("t2")));
        assertFalse(node.stream().anyMatch(l -> l.startsWith("cairn_heal_task_seconds_remaining")), node.toString());
        assertTrue(node.contains("minio_heal_objects_heal_total{server=\"node1:9000\"} 5.0"), node.toString());
        heal.status = Fakes.status(List.of(), 0, Fakes.totals(5, 0));
        assertFalse(samples(Scope.NODE).stream().anyMatch(l -> l.startsWith("cairn_heal_task_")));
    }

    @Test
    void metersLeaveWithTheirService() {
        fourDrivesOneOffline();
        metrics.bind(storage);
        metrics.bind(heal);
        assertFalse(samples(Scope.CLUSTER).isEmpty());
        metrics.unbind(new Fakes.Storage());
        assertFalse(samples(Scope.CLUSTER).isEmpty());
        metrics.unbind(storage);
        metrics.unbind(heal);
        assertEquals(List.of(), samples(Scope.CLUSTER));
        assertEquals(List.of(), samples(Scope.NODE));
        metrics.bind(storage);
        assertEquals(5, samples(Scope.CLUSTER).size());
    }

    @Test
    void aReplacementServiceTakesOverItsMeters() {
        fourDrivesOneOffline();
        metrics.bind(storage);
        Fakes.Storage other = new Fakes.Storage();
        other.drives = List.of(Fakes.online("/x", 0, GIB, GIB));
        metrics.bind(other);
        metrics.unbind(storage);
        assertTrue(samples(Scope.CLUSTER).contains("minio_cluster_drive_total{server=\"node1:9000\"} 1.0"));
    }
}
