package org.potluck.pool;

import java.net.InetAddress;
import java.util.List;

/**
 * The operator's hold on connected miners, with no protocol objects: the admin API lists and kicks through this, and a
 * protocol server (Stratum v1 today) implements it over its own connections. A kicked miner's connection is closed;
 * whether it may come back is for the ban lists to say.
 */
public interface ConnectedMiners {
    /** The miners connected now. */
    List<ConnectedMiner> list();

    /** Closes the connection with this id; false when there is none. */
    boolean kick(String id);

    /** Closes every connection from {@code ip}; how many there were. */
    int kickFrom(InetAddress ip);

    /** Closes every connection authorized to pay {@code address}; how many there were. */
    int kickPaying(String address);
}
