/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyTest {

    private static Topology parse(String... args) {
        return Topology.parse(List.of(args));
    }

    private static LayoutException refused(String... args) {
        return assertThrows(LayoutException.class, () -> parse(args));
    }

    private static String nodes(int nodes, int drives) {
        return "http://node{1..." + nodes + "}:9000/mnt/disk{1..." + drives + "}";
    }

    @Test
    void singleDriveIsASetOfOneWithoutParity() {
        Topology t = parse("/data");
        assertEquals(1, t.pools().size());
        ServerPool pool = t.pools().get(0);
        assertEquals(1, pool.setSize());
        assertEquals(1, pool.sets().size());
        assertEquals(0, pool.defaultParity());
        assertEquals(0, pool.sets().get(0).defaultParity());
        assertFalse(t.usesUrls());
        assertEquals(List.of(), t.nodes());
        Endpoint e = t.endpoints().get(0);
        assertEquals("/data", e.toString());
        assertEquals(0, e.poolIndex());
        assertEquals(0, e.setIndex());
        assertEquals(0, e.driveIndex());
    }

    @ParameterizedTest
    @CsvSource({
        "1,1,1", "2,2,1", "3,3,1", "4,4,1", "5,5,1", "6,6,1", "7,7,1", "8,8,1", "9,9,1", "10,10,1", "12,12,1",
        "16,16,1", "18,9,2", "20,10,2", "24,12,2", "32,16,2", "36,12,3", "48,16,3", "64,16,4", "100,10,10",
        "34,2,17", "289,0,0",
    })
    void localDriveCountsGiveTheLargestFittingSetSize(int drives, int setSize, int sets) {
        if (setSize == 0) {
            refused("/mnt/disk{1..." + drives + "}");
            return;
        }
        Topology t = parse("/mnt/disk{1..." + drives + "}");
        ServerPool pool = t.pools().get(0);
        assertEquals(setSize, pool.setSize());
        assertEquals(sets, pool.sets().size());
        assertEquals(drives, pool.driveCount());
        assertEquals(drives, pool.drivesPerNode());
    }

    @ParameterizedTest
    @CsvSource({
        "17,16,18", "19,18,20", "23,22,24", "29,28,30", "31,30,32", "37,36,38",
    })
    void impossibleLocalCountsSuggestNearbyCounts(int drives, int below, int above) {
        LayoutException e = refused("/mnt/disk{1..." + drives + "}");
        assertEquals("'/mnt/disk{1..." + drives + "}': " + drives + " drives cannot be split into erasure sets of 2 "
                + "to 16 drives; use " + below + " or " + above + " drives", e.getMessage());
    }

    @Test
    void impossibleCountWithoutEllipsesIsRefusedToo() {
        String[] args = new String[17];
        for (int i = 0; i < args.length; i++) {
            args[i] = "/mnt/disk" + (i + 1);
        }
        LayoutException e = refused(args);
        assertTrue(e.getMessage().endsWith("17 drives cannot be split into erasure sets of 2 to 16 drives; "
                + "use 16 or 18 drives"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "1,1,1", "1,4,4", "2,1,2", "4,1,4", "4,2,8", "4,4,16", "3,6,9", "5,2,10", "16,1,16", "6,3,6", "6,4,12",
        "8,4,16", "8,8,16", "2,16,16", "3,1,3", "3,3,9", "32,1,16", "32,2,16", "20,1,10", "18,3,9", "7,7,7",
        "12,3,12", "10,10,10",
    })
    void nodeByDriveLayouts(int nodeCount, int drives, int setSize) {
        Topology t = parse(nodes(nodeCount, drives));
        ServerPool pool = t.pools().get(0);
        assertEquals(setSize, pool.setSize());
        assertEquals(nodeCount * drives / setSize, pool.sets().size());
        assertEquals(nodeCount, pool.nodes().size());
        assertEquals(drives, pool.drivesPerNode());
        assertTrue(t.usesUrls());
        assertSymmetric(pool);
    }

    @Test
    void everyFittingLayoutSpreadsSetsEvenly() {
        for (int n = 1; n <= 40; n++) {
            for (int d = 1; d <= 20; d++) {
                int expected = SetSizes.setSize(n, d);
                if (expected == 0) {
                    refused(nodes(n, d));
                    continue;
                }
                ServerPool pool = parse(nodes(n, d)).pools().get(0);
                assertEquals(expected, pool.setSize(), n + "x" + d);
                assertSymmetric(pool);
            }
        }
    }

    /** Every set takes the same number of drives from each node it uses, and as many nodes as it can. */
    private static void assertSymmetric(ServerPool pool) {
        int nodeCount = pool.nodes().size();
        Map<String, Integer> setsPerNode = new HashMap<>();
        for (ErasureSet set : pool.sets()) {
            Map<String, Integer> perNode = new HashMap<>();
            for (Endpoint e : set.endpoints()) {
                perNode.merge(e.node(), 1, Integer::sum);
            }
            assertEquals(1, new HashSet<>(perNode.values()).size(), "uneven set " + set);
            assertEquals(Math.min(nodeCount, set.size()), perNode.size(), "set not spread: " + set);
            perNode.keySet().forEach(node -> setsPerNode.merge(node, 1, Integer::sum));
        }
        assertEquals(1, new HashSet<>(setsPerNode.values()).size(), "nodes serve unequal numbers of sets");
    }

    @Test
    void fourNodesOfFourDrivesFormOneSetWithFourDrivesPerNode() {
        ServerPool pool = parse("http://node{1...4}:9000/mnt/disk{1...4}").pools().get(0);
        List<Endpoint> set = pool.sets().get(0).endpoints();
        assertEquals("http://node1:9000/mnt/disk1", set.get(0).toString());
        assertEquals("http://node2:9000/mnt/disk1", set.get(1).toString());
        assertEquals("http://node4:9000/mnt/disk1", set.get(3).toString());
        assertEquals("http://node1:9000/mnt/disk2", set.get(4).toString());
        assertEquals("http://node4:9000/mnt/disk4", set.get(15).toString());
        assertEquals(4, pool.defaultParity());
    }

    @Test
    void sixNodesOfThreeDrivesTakeOneDrivePerNodeInEachSet() {
        ServerPool pool = parse("http://node{1...6}:9000/d{1...3}").pools().get(0);
        assertEquals(3, pool.sets().size());
        for (int s = 0; s < 3; s++) {
            for (Endpoint e : pool.sets().get(s).endpoints()) {
                assertTrue(e.path().equals("/d" + (s + 1)), e.toString());
                assertEquals(s, e.setIndex());
            }
        }
        assertEquals(3, pool.defaultParity());
    }

    @Test
    void thirtyTwoNodesGiveTwoSetsOfSixteenDistinctNodes() {
        ServerPool pool = parse("http://node{1...32}:9000/d").pools().get(0);
        assertEquals(2, pool.sets().size());
        assertEquals("http://node1:9000/d", pool.sets().get(0).endpoints().get(0).toString());
        assertEquals("http://node17:9000/d", pool.sets().get(1).endpoints().get(0).toString());
    }

    @Test
    void nodeCountWithoutDivisorIsRefusedWithNodeSuggestion() {
        LayoutException e = refused("http://node{1...17}:9000/d{1...4}");
        assertEquals("'http://node{1...17}:9000/d{1...4}': 17 nodes cannot share erasure sets of 2 to 16 drives "
                + "evenly (a set must take the same number of drives from each node it uses); use 16 or 18 nodes",
                e.getMessage());
    }

    @Test
    void unevenDrivesPerNodeAreRefused() {
        LayoutException e = refused("http://n1:9000/d1", "http://n1:9000/d2", "http://n2:9000/d1");
        assertTrue(e.getMessage().contains("every node of a pool must serve the same number of drives, but "
                + "n1:9000 has 2 and n2:9000 has 1"), e.getMessage());
    }

    @Test
    void nodesAreHostAndPort() {
        Topology t = parse("http://localhost:900{1...4}/d{1...2}");
        assertEquals(List.of("localhost:9001", "localhost:9002", "localhost:9003", "localhost:9004"), t.nodes());
        assertEquals(8, t.pools().get(0).setSize());
    }

    @Test
    void severalEllipsisArgumentsAreSeveralPools() {
        Topology t = parse("http://a{1...4}:9000/d{1...4}", "http://b{1...2}:9000/d{1...3}");
        assertEquals(2, t.pools().size());
        ServerPool first = t.pools().get(0);
        ServerPool second = t.pools().get(1);
        assertEquals(0, first.index());
        assertEquals(1, second.index());
        assertEquals("http://a{1...4}:9000/d{1...4}", first.argument());
        assertEquals(16, first.setSize());
        assertEquals(6, second.setSize());
        assertEquals(22, t.endpoints().size());
        for (Endpoint e : second.endpoints()) {
            assertEquals(1, e.poolIndex());
        }
        assertEquals(List.of("a1:9000", "a2:9000", "a3:9000", "a4:9000", "b1:9000", "b2:9000"), t.nodes());
    }

    @Test
    void localPoolsWithEllipses() {
        Topology t = parse("/mnt/a{1...4}", "/mnt/b{1...8}");
        assertEquals(2, t.pools().size());
        assertEquals(4, t.pools().get(0).setSize());
        assertEquals(8, t.pools().get(1).setSize());
    }

    @Test
    void argumentsWithoutEllipsesFormOnePool() {
        Topology t = parse("/d1", "/d2", "/d3", "/d4");
        assertEquals(1, t.pools().size());
        assertEquals(4, t.pools().get(0).setSize());
        assertEquals("/d1 /d2 /d3 /d4", t.pools().get(0).argument());
        List<Endpoint> drives = t.pools().get(0).sets().get(0).endpoints();
        for (int i = 0; i < 4; i++) {
            assertEquals("/d" + (i + 1), drives.get(i).toString());
            assertEquals(i, drives.get(i).driveIndex());
        }
    }

    @Test
    void mixingEllipsisAndPlainArgumentsIsRefused() {
        LayoutException e = refused("/d{1...4}", "/e1");
        assertTrue(e.getMessage().startsWith("Either every endpoint argument uses ellipses"), e.getMessage());
    }

    @Test
    void mixedLocalAndUrlIsRefused() {
        LayoutException e = refused("/d1", "http://n1:9000/d1");
        assertEquals("Endpoints mix local paths and URLs (/d1 and http://n1:9000/d1); use local paths for a single "
                + "node or http(s):// URLs for every drive", e.getMessage());
        e = refused("http://n{1...4}:9000/d", "/x{1...4}");
        assertTrue(e.getMessage().startsWith("Endpoints mix local paths and URLs (/x1 and http://n1:9000/d)"),
                e.getMessage());
    }

    @Test
    void mixedSchemesAreRefused() {
        LayoutException e = refused("http://n1:9000/d", "https://n2:9000/d");
        assertTrue(e.getMessage().startsWith("Endpoints mix http and https"), e.getMessage());
    }

    @Test
    void duplicateDrivesAreRefused() {
        assertEquals("'/d1' is named twice; every drive may appear only once",
                refused("/d1", "/d2", "/d1").getMessage());
        assertEquals("'/d1' and '/d1/' are the same drive; every drive may appear only once",
                refused("/d1", "/d1/").getMessage());
        assertTrue(refused("/mnt/x/../d1", "/mnt/d1").getMessage().contains("are the same drive"));
        assertTrue(refused("http://n/d1", "http://n:80/d1").getMessage().contains("are the same drive"));
        assertTrue(refused("/d{1...4}", "/d{4...7}").getMessage().contains("'/d4' is named twice"));
        assertTrue(refused("http://n{1...2}:9000/d{1...2}", "http://n{2...3}:9000/d{2...3}").getMessage()
                .contains("'http://n2:9000/d2' is named twice"));
    }

    @Test
    void sameHostOnAnotherPortIsAnotherNode() {
        Topology t = parse("http://n:9000/d1", "http://n:9001/d1");
        assertEquals(2, t.pools().get(0).setSize());
        assertEquals(List.of("n:9000", "n:9001"), t.nodes());
    }

    @Test
    void twoDotsInATopologyArgument() {
        LayoutException e = refused("http://node{1..4}:9000/d");
        assertTrue(e.getMessage().contains("uses two dots; Cairn's ranges use three: {1...4}"), e.getMessage());
    }

    @Test
    void noArguments() {
        assertTrue(refused().getMessage().startsWith("No drives given"));
    }

    @Test
    void endpointsOfANode() {
        Topology t = parse("http://node{1...4}:9000/d{1...2}");
        List<Endpoint> mine = t.endpointsOf("node2", 9000);
        assertEquals(2, mine.size());
        assertEquals("http://node2:9000/d1", mine.get(0).toString());
        assertEquals("http://node2:9000/d2", mine.get(1).toString());
        assertEquals(mine, t.endpointsOf("NODE2", 9000));
        assertEquals(List.of(), t.endpointsOf("node2", 9001));
        assertEquals(List.of(), t.endpointsOf("node5", 9000));
    }

    @Test
    void endpointsOfMatchesHostsExactly() {
        Topology t = parse("http://localhost:9000/d{1...2}");
        assertEquals(2, t.endpointsOf("localhost", 9000).size());
        assertEquals(0, t.endpointsOf("127.0.0.1", 9000).size());
        Topology v6 = parse("http://[::1]:9000/d{1...2}");
        assertEquals(2, v6.endpointsOf("::1", 9000).size());
        assertEquals(2, v6.endpointsOf("[::1]", 9000).size());
    }

    @Test
    void endpointsOfALocalTopologyAreAllDrives() {
        Topology t = parse("/d{1...4}");
        assertEquals(t.endpoints(), t.endpointsOf("anything", 1));
    }

    @Test
    void describeListsPoolsSetsAndDrives() {
        String text = parse("http://n{1...2}:9000/d{1...3}").describe();
        String expected = String.join(System.lineSeparator(),
                "Pool 1: http://n{1...2}:9000/d{1...3}",
                "  2 nodes x 3 drives, 6 drives, 1 erasure set of 6, default parity EC:3",
                "  SET  DRIVE ENDPOINT",
                "  1    1     http://n1:9000/d1",
                "  1    2     http://n2:9000/d1",
                "  1    3     http://n1:9000/d2",
                "  1    4     http://n2:9000/d2",
                "  1    5     http://n1:9000/d3",
                "  1    6     http://n2:9000/d3",
                "");
        assertEquals(expected, text);
        assertEquals(text, parse("http://n{1...2}:9000/d{1...3}").toString());
    }

    @Test
    void describeLocalPools() {
        String text = parse("/a{1...2}", "/b{1...18}").describe();
        assertTrue(text.contains("Pool 1: /a{1...2}"), text);
        assertTrue(text.contains("local drives, 2 drives, 1 erasure set of 2, default parity EC:1"), text);
        assertTrue(text.contains("Pool 2: /b{1...18}"), text);
        assertTrue(text.contains("local drives, 18 drives, 2 erasure sets of 9, default parity EC:4"), text);
        assertTrue(text.contains("  2    9     /b18"), text);
    }

    @Test
    void resultIsImmutable() {
        Topology t = parse("/d{1...4}");
        assertThrows(UnsupportedOperationException.class, () -> t.pools().clear());
        assertThrows(UnsupportedOperationException.class, () -> t.endpoints().clear());
        assertThrows(UnsupportedOperationException.class, () -> t.pools().get(0).sets().get(0).endpoints().clear());
    }

    @Test
    void setsAreNumberedInOrder() {
        ServerPool pool = parse("/d{1...32}").pools().get(0);
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < pool.sets().size(); s++) {
            ErasureSet set = pool.sets().get(s);
            assertEquals(s, set.index());
            assertEquals(0, set.poolIndex());
            for (Endpoint e : set.endpoints()) {
                assertTrue(seen.add(e.toString()));
            }
        }
        assertEquals("/d1", pool.sets().get(0).endpoints().get(0).toString());
        assertEquals("/d17", pool.sets().get(1).endpoints().get(0).toString());
    }
}
