package org.lambo.agents.platform;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The address a container listens on, from a host name or address given by the user. JADE itself refuses a name that
 * resolves to an address no interface carries (the Debian default of {@code 127.0.1.1} for the machine's own name) and
 * otherwise listens on every interface; here the name is resolved once, to an address of this machine, and the
 * container listens on that alone.
 *
 * @param address the IP address to listen on and to tell the other containers
 * @param warning a line for the user when the address is usable but probably not what was meant (a loopback address for
 *     a machine name: other machines cannot reach it), or null
 */
public record HostAddress(String address, String warning) {
    /**
     * Resolves {@code host} (given as {@code flag}) to an address of this machine: a non-loopback one when it has one,
     * a loopback one otherwise (with a warning unless the name is a loopback name).
     *
     * @throws IOException naming the flag, the host and its addresses when none is this machine's
     */
    public static HostAddress local(String flag, String host) throws IOException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IOException(flag + " " + host + ": no such host (it resolves to no address here)");
        }
        // JADE writes addresses as jicp://HOST:PORT, which an IPv6 address would break: IPv4 only
        List<InetAddress> candidates = new ArrayList<>();
        for (InetAddress a : all) if (a instanceof Inet4Address) candidates.add(a);
        if (candidates.isEmpty()) {
            throw new IOException(
                    flag + " " + host + " resolves to " + addresses(all) + " (IPv6 only): JADE's container addresses "
                            + "take IPv4; give an IPv4 address" + machineAddresses());
        }
        InetAddress loopback = null;
        for (InetAddress a : candidates) {
            if (a.isLoopbackAddress()) {
                if (loopback == null) loopback = a;
            } else if (isLocal(a)) {
                return new HostAddress(a.getHostAddress(), null);
            }
        }
        if (loopback != null) {
            boolean literal = host.equals(loopback.getHostAddress()) || host.equalsIgnoreCase("localhost");
            String warning = literal
                    ? null
                    : flag + " " + host + " resolves to " + loopback.getHostAddress()
                            + " here, a loopback address (the Debian default for the "
                            + "machine's own name in /etc/hosts): only containers on this machine can reach it; give an address the other machines reach"
                            + machineAddresses();
            return new HostAddress(loopback.getHostAddress(), warning);
        }
        throw new IOException(flag + " " + host + " resolves to " + addresses(all) + ", not an address of this machine"
                + machineAddresses());
    }

    /**
     * The address of this machine that packets to {@code remoteHost} leave from (the interface of the route to it):
     * what a peripheral container tells the main container when not told otherwise.
     */
    public static HostAddress towards(String remoteHost, int port) throws IOException {
        InetAddress remote;
        try {
            remote = InetAddress.getByName(remoteHost);
        } catch (UnknownHostException e) {
            throw new IOException("--main-host " + remoteHost + ": no such host (it resolves to no address here)");
        }
        if (remote.isLoopbackAddress()) return new HostAddress("127.0.0.1", null);
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(remote, port)); // no packet is sent: this only picks the route
            InetAddress a = s.getLocalAddress();
            if (a != null && !a.isAnyLocalAddress()) return new HostAddress(a.getHostAddress(), null);
        } catch (SocketException e) {
            // no route: said below
        }
        throw new IOException("--main-host " + remoteHost + " (" + remote.getHostAddress()
                + "): this machine has no route to it; give --local-host" + machineAddresses());
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static String addresses(InetAddress[] all) {
        List<String> s = new ArrayList<>();
        for (InetAddress a : all) s.add(a.getHostAddress());
        return String.join(", ", s);
    }

    /** " (this machine's addresses: ...)" listing the non-loopback IPv4 addresses, or "" when it has none. */
    static String machineAddresses() {
        List<String> s = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!n.isUp()) continue;
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) s.add(a.getHostAddress());
                }
            }
        } catch (SocketException e) {
            return "";
        }
        return s.isEmpty() ? "" : " (this machine's addresses: " + String.join(", ", s) + ")";
    }
}
