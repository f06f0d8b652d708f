/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * How {@link SelfNode} learns what host names mean. The system implementation asks the name service; tests give
 * a fixed table, so that the matching itself stays a pure function.
 */
public interface HostNames {

    /**
     * @param host a host name or address as written in an endpoint or option, without brackets
     * @return true when the host names an address of this machine (loopback, wildcard or an interface's)
     */
    boolean isThisMachine(String host);

    /**
     * @param a a host name or address, without brackets
     * @param b another one
     * @return true when both resolve to at least one common address
     */
    boolean sameAddress(String a, String b);

    /** @return host names as the system's name service resolves them; a name that does not resolve matches nothing */
    static HostNames system() {
        return new HostNames() {
            @Override
            public boolean isThisMachine(String host) {
                try {
                    for (InetAddress a : InetAddress.getAllByName(host)) {
                        if (a.isLoopbackAddress() || a.isAnyLocalAddress()
                                || NetworkInterface.getByInetAddress(a) != null) {
                            return true;
                        }
                    }
                } catch (UnknownHostException | SocketException e) {
                    return false;
                }
                return false;
            }

            @Override
            public boolean sameAddress(String a, String b) {
                try {
                    Set<InetAddress> first = Set.of(InetAddress.getAllByName(a));
                    return List.of(InetAddress.getAllByName(b)).stream().anyMatch(first::contains);
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        };
    }
}
