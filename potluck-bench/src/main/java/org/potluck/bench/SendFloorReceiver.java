package org.potluck.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving ends of the send floor's sockets, in a child JVM when one process cannot hold both ends (two
 * descriptors per connection against a 20,000 limit). It accepts and holds; it never reads, so it uses no CPU while the
 * rounds run (on loopback the receiver's TCP work is done in the sender's syscall anyway). Started by {@link SendFloor};
 * prints {@code READY <port>}, then {@code ACCEPTED <n>} once all have connected, and exits when stdin closes.
 *
 * <p>Arguments: connections
 */
public final class SendFloorReceiver {
    private SendFloorReceiver() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SendFloorReceiver connections");
            System.exit(2);
        }
        int connections = Integer.parseInt(args[0]);
        List<SocketChannel> held = new ArrayList<>(connections);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
            System.out.println("READY " + ((InetSocketAddress) listener.getLocalAddress()).getPort());
            System.out.flush();
            while (held.size() < connections) {
                held.add(listener.accept());
            }
            System.out.println("ACCEPTED " + held.size());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the sockets until the parent is done (or gone)
            }
        } finally {
            for (SocketChannel s : held) {
                s.close();
            }
        }
        System.exit(0);
    }
}
