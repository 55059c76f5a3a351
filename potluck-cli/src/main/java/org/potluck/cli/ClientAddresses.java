package org.potluck.cli;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The hosts a miner on the network can type to reach a listening socket. A socket bound to the wildcard address
 * ("0.0.0.0", "::") is reachable on every address of the machine, but "0.0.0.0" itself is no address a miner can use.
 */
final class ClientAddresses {
    private ClientAddresses() {}

    /**
     * {@code host} itself unless it is a wildcard; then the machine's non-loopback addresses that the wildcard covers
     * (IPv4 for "0.0.0.0", IPv4 and global IPv6 for "::"), IPv4 first, or loopback when the machine has no other.
     */
    static List<String> forClients(String host) {
        InetAddress bound;
        try {
            bound = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return List.of(host);
        }
        if (!bound.isAnyLocalAddress()) {
            return List.of(host);
        }
        boolean ipv6Too = bound instanceof Inet6Address;
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    // Link-local IPv6 needs a zone a miner's settings page cannot take.
                    if (a instanceof Inet4Address || (ipv6Too && !a.isLinkLocalAddress())) {
                        found.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            found.clear();
        }
        if (found.isEmpty()) {
            return List.of("127.0.0.1");
        }
        found.sort(Comparator.comparing((InetAddress a) -> a instanceof Inet6Address));
        return found.stream().map(ClientAddresses::literal).distinct().toList();
    }

    /** An address as it goes into a URL: IPv6 in brackets, without a zone. */
    static String literal(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return a instanceof Inet6Address ? "[" + s + "]" : s;
    }

    /** "scheme://A:port" for each address, joined with " or ". */
    static String urls(String scheme, String host, int port, String path) {
        return String.join(
                " or ",
                forClients(host).stream()
                        .map(h -> scheme + "://" + h + ":" + port + path)
                        .toList());
    }
}
