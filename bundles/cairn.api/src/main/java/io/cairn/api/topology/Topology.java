/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The drive layout of a deployment: server pools made of erasure sets made of endpoints, computed from the
 * {@code cairn server} endpoint arguments by {@link #parse(List)}.
 *
 * <p><b>Pools.</b> When every argument uses ellipses, each argument is one server pool (MinIO's pool expansion:
 * {@code cairn server http://a{1...4}/d{1...4} http://b{1...4}/d{1...4}}). When no argument does, all arguments
 * together are one pool ({@code cairn server /d1 /d2 /d3 /d4}). Mixing the two styles is refused.
 *
 * <p><b>Checks.</b> All endpoints are local paths or all are URLs, URLs all use one scheme, and no drive is named
 * twice (same {@code host:port} and normalised path, or same absolute normalised local path). Within a pool, the
 * drives of a URL endpoint belong to the node {@code host:port}; every node must serve the same number of drives.
 *
 * <p><b>Set size.</b> See {@link SetSizes}: the largest size in 2…16 dividing the pool's drive count such that sets
 * take the same number of drives from the nodes they use. A count no size fits is refused with nearby counts that
 * work.
 *
 * <p><b>Placement.</b> A pool's drives are ordered drive-major: the first drive of every node (nodes in order of
 * first appearance), then the second drive of every node, and so on; consecutive runs of {@code setSize} drives form
 * the sets. A set therefore takes its drives from as many nodes as possible and the same number from each, so
 * losing one node costs every set the fewest drives. Indexes (pool, set, drive) count from 0; {@link #describe()}
 * numbers from 1 for people. Instances are immutable.
 */
public final class Topology {

    /** Smallest erasure set of more than one drive. */
    public static final int MIN_SET_SIZE = 2;
    /** Largest erasure set. */
    public static final int MAX_SET_SIZE = 16;

    /** How far {@link #parse(List)} searches for a drive or node count to suggest instead of a refused one. */
    private static final int SUGGESTION_RANGE = 64;

    private final List<ServerPool> pools;

    private Topology(List<ServerPool> pools) {
        this.pools = List.copyOf(pools);
    }

    /**
     * Expands, checks and lays out the endpoint arguments of {@code cairn server}.
     *
     * @param arguments the endpoint arguments, possibly with ellipses
     * @return the topology
     * @throws LayoutException with an operator-facing message when the arguments or the layout are refused
     */
    public static Topology parse(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new LayoutException("No drives given; name at least one, e.g. cairn server /mnt/data");
        }
        List<List<String>> groups = poolArguments(arguments);
        List<List<Endpoint>> expanded = new ArrayList<>();
        for (List<String> group : groups) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (String argument : group) {
                for (String text : Ellipses.expand(argument)) {
                    endpoints.add(Endpoint.parse(text));
                }
            }
            expanded.add(endpoints);
        }
        checkKinds(expanded);
        checkDuplicates(expanded);
        List<ServerPool> pools = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            pools.add(layOut(i, String.join(" ", groups.get(i)), expanded.get(i)));
        }
        return new Topology(pools);
    }

    private static List<List<String>> poolArguments(List<String> arguments) {
        long withEllipses = arguments.stream().filter(Ellipses::hasEllipses).count();
        if (withEllipses == 0) {
            return List.of(List.copyOf(arguments));
        }
        if (withEllipses < arguments.size()) {
            throw new LayoutException("Either every endpoint argument uses ellipses (one server pool per argument, "
                    + "e.g. /mnt/disk{1...4} /mnt/disk{5...8}) or none does (one pool, e.g. /mnt/disk1 /mnt/disk2); "
                    + "got " + String.join(" ", arguments));
        }
        List<List<String>> groups = new ArrayList<>();
        for (String argument : arguments) {
            groups.add(List.of(argument));
        }
        return groups;
    }

    private static void checkKinds(List<List<Endpoint>> pools) {
        Endpoint first = pools.get(0).get(0);
        for (List<Endpoint> pool : pools) {
            for (Endpoint e : pool) {
                if (e.isUrl() != first.isUrl()) {
                    Endpoint url = e.isUrl() ? e : first;
                    Endpoint local = e.isUrl() ? first : e;
                    throw new LayoutException("Endpoints mix local paths and URLs (" + local + " and " + url
                            + "); use local paths for a single node or http(s):// URLs for every drive");
                }
                if (e.isUrl() && !e.scheme().equals(first.scheme())) {
                    throw new LayoutException("Endpoints mix http and https (" + first + " and " + e
                            + "); every node must use the same scheme");
                }
            }
        }
    }

    private static void checkDuplicates(List<List<Endpoint>> pools) {
        Map<String, Endpoint> seen = new HashMap<>();
        for (List<Endpoint> pool : pools) {
            for (Endpoint e : pool) {
                Endpoint earlier = seen.putIfAbsent(e.driveKey(), e);
                if (earlier != null) {
                    String same = earlier.toString().equals(e.toString()) ? "'" + e + "' is named twice"
                            : "'" + earlier + "' and '" + e + "' are the same drive";
                    throw new LayoutException(same + "; every drive may appear only once");
                }
            }
        }
    }

    private static ServerPool layOut(int poolIndex, String argument, List<Endpoint> endpoints) {
        Map<String, List<Endpoint>> byNode = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            byNode.computeIfAbsent(e.isUrl() ? e.node() : "", k -> new ArrayList<>()).add(e);
        }
        List<List<Endpoint>> nodeDrives = new ArrayList<>(byNode.values());
        List<String> nodeNames = new ArrayList<>(byNode.keySet());
        int drivesPerNode = nodeDrives.get(0).size();
        for (int n = 1; n < nodeDrives.size(); n++) {
            if (nodeDrives.get(n).size() != drivesPerNode) {
                throw new LayoutException("'" + argument + "': every node of a pool must serve the same number of "
                        + "drives, but " + nodeNames.get(0) + " has " + drivesPerNode + " and " + nodeNames.get(n)
                        + " has " + nodeDrives.get(n).size());
            }
        }
        int nodes = nodeDrives.size();
        int setSize = SetSizes.setSize(nodes, drivesPerNode);
        if (setSize == 0) {
            throw new LayoutException("'" + argument + "': " + refusal(nodes, drivesPerNode, endpoints.get(0).isUrl()));
        }
        List<ErasureSet> sets = new ArrayList<>();
        List<Endpoint> current = new ArrayList<>();
        for (int d = 0; d < drivesPerNode; d++) {
            for (List<Endpoint> drives : nodeDrives) {
                current.add(drives.get(d).withPosition(poolIndex, sets.size(), current.size()));
                if (current.size() == setSize) {
                    sets.add(new ErasureSet(poolIndex, sets.size(), current));
                    current = new ArrayList<>();
                }
            }
        }
        List<String> names = endpoints.get(0).isUrl() ? nodeNames : List.of();
        return new ServerPool(poolIndex, argument, names, drivesPerNode, sets);
    }

    private static String refusal(int nodes, int drivesPerNode, boolean urls) {
        String sizes = "erasure sets of " + MIN_SET_SIZE + " to " + MAX_SET_SIZE + " drives";
        if (nodes == 1) {
            return plural(drivesPerNode, "drive") + (urls ? " on one node" : "") + " cannot be split into " + sizes
                    + "; use " + nearby(drivesPerNode, n -> SetSizes.setSize(1, n) > 0, "drive");
        }
        return plural(nodes, "node") + " cannot share " + sizes + " evenly (a set must take the same number of "
                + "drives from each node it uses); use " + nearby(nodes, n -> SetSizes.setSize(n, drivesPerNode) > 0,
                "node");
    }

    private static String nearby(int count, IntPredicate fits, String noun) {
        int below = 0;
        for (int n = count - 1; n >= 1 && n >= count - SUGGESTION_RANGE; n--) {
            if (fits.test(n)) {
                below = n;
                break;
            }
        }
        int above = 0;
        for (int n = count + 1; n <= count + SUGGESTION_RANGE; n++) {
            if (fits.test(n)) {
                above = n;
                break;
            }
        }
        if (below > 0 && above > 0) {
            return below + " or " + plural(above, noun);
        }
        return plural(below > 0 ? below : above, noun);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** @return the server pools in argument order */
    public List<ServerPool> pools() {
        return pools;
    }

    /** @return every drive of every pool, pool by pool and set by set */
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        for (ServerPool pool : pools) {
            out.addAll(pool.endpoints());
        }
        return List.copyOf(out);
    }

    /** @return true when the drives are given as URLs (a deployment of nodes), false for local paths */
    public boolean usesUrls() {
        return pools.get(0).sets().get(0).endpoints().get(0).isUrl();
    }

    /** @return every node ({@code host:port}) of every pool in order of first appearance; empty for local paths */
    public List<String> nodes() {
        List<String> out = new ArrayList<>();
        for (ServerPool pool : pools) {
            for (String node : pool.nodes()) {
                if (!out.contains(node)) {
                    out.add(node);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns the drives a node serves. For URL endpoints the host must match exactly, ignoring case (no name
     * resolution: {@code localhost} and {@code 127.0.0.1} are different hosts), and an IPv6 host may be given with
     * or without brackets. For local paths every drive belongs to the one node, so all are returned.
     *
     * @param host the node's host as written in the endpoints
     * @param port the node's port
     * @return the node's drives in topology order; empty when it serves none
     */
    public List<Endpoint> endpointsOf(String host, int port) {
        if (!usesUrls()) {
            return endpoints();
        }
        String wanted = host.toLowerCase(Locale.ROOT);
        if (wanted.contains(":") && !wanted.startsWith("[")) {
            wanted = "[" + wanted + "]";
        }
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (e.host().equals(wanted) && e.port() == port) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Describes the layout for people ({@code cairn:info}): a summary line per pool and a table of its drives.
     * Pools, sets and drives are numbered from 1 here.
     *
     * @return the multi-line description
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ServerPool pool : pools) {
            out.append(String.format(Locale.ROOT, "Pool %d: %s%n", pool.index() + 1, pool.argument()));
            String nodes = pool.nodes().isEmpty() ? "local drives"
                    : plural(pool.nodes().size(), "node") + " x " + plural(pool.drivesPerNode(), "drive");
            out.append(String.format(Locale.ROOT, "  %s, %s, %s of %d, default parity EC:%d%n", nodes,
                    plural(pool.driveCount(), "drive"), plural(pool.sets().size(), "erasure set"), pool.setSize(),
                    pool.defaultParity()));
            out.append(String.format(Locale.ROOT, "  %-4s %-5s %s%n", "SET", "DRIVE", "ENDPOINT"));
            for (ErasureSet set : pool.sets()) {
                for (Endpoint e : set.endpoints()) {
                    out.append(String.format(Locale.ROOT, "  %-4d %-5d %s%n", set.index() + 1, e.driveIndex() + 1, e));
                }
            }
        }
        return out.toString();
    }

    /** @return the same as {@link #describe()} */
    @Override
    public String toString() {
        return describe();
    }
}
