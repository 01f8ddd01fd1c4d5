package org.lambo.agents.platform;

import jade.core.Profile;
import jade.imtp.leap.ICP;
import jade.imtp.leap.ICPException;
import jade.imtp.leap.JICP.Connection;
import jade.imtp.leap.JICP.ConnectionFactory;
import jade.imtp.leap.JICP.JICPConnection;
import jade.imtp.leap.JICP.JICPPacket;
import jade.imtp.leap.JICP.JICPPeer;
import jade.imtp.leap.JICP.JICPProtocol;
import jade.mtp.TransportAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JADE's JICP transport (the IMTP between containers) over TLS 1.3 with mutual authentication by the trial's secret
 * ({@link TrialSecret}). Every container of a trial runs it in place of JADE's plain {@code JICPPeer} ({@code -icps
 * org.lambo.agents.platform.TrialTlsPeer}): its server socket accepts a connection only after a handshake in which the
 * peer presents the trial's certificate, and it connects to the other containers the same way. It also listens on the
 * given host address alone (JADE passes it with {@code jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly}) and on the
 * given port, or the next ones of a range ({@value #PORTS}), never on a random one when they are busy.
 *
 * <p>Profile parameters: {@value #SECRET_FILE} (the secret file's path) or, inside one JVM, {@value #SECRET_ID} (a
 * secret handed over by {@link #register}); {@value #PORTS}. See docs/SECURITY.md.
 */
public final class TrialTlsPeer extends JICPPeer {
    /** Profile parameter: the path of the trial's secret file. */
    public static final String SECRET_FILE = "lambo_secret_file";
    /**
     * Profile parameter: how many ports from the local port on to try when it is busy. Absent, a peripheral container
     * tries its port and then any free one (JADE's own behaviour, for jade.Boot).
     */
    public static final String PORTS = "lambo_local_ports";
    /**
     * Profile parameter: "true" makes a peripheral container's JVM exit (code 3, one line on stderr) within seconds of
     * its main container being gone ({@link MainWatchdog}); for jade.Boot, whose containers would run on for ever.
     * {@code lambo container} watches by itself.
     */
    public static final String EXIT_WHEN_MAIN_GONE = "lambo_exit_when_main_gone";
    /** Profile parameter: the id of a secret registered in this JVM. */
    public static final String SECRET_ID = "lambo_secret_id";

    private static final Logger LOG = LoggerFactory.getLogger("org.lambo.platform");
    private static final int CONNECT_MS = 10_000;
    private static final int HANDSHAKE_MS = 10_000;
    /** Handshakes at once in all. */
    static final int HANDSHAKES = 64;
    /**
     * Handshakes at once from one address (the next ones wait for them): a peer that opens connections and stays silent
     * cannot starve the containers of other addresses.
     */
    static final int HANDSHAKES_PER_ADDRESS = 4;
    /** Connections from one address that may wait for a handshake; more are closed. */
    static final int WAITING_PER_ADDRESS = 64;

    private static final Map<String, TrialSecret> REGISTERED = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    /** Why the last outgoing connection or the last bind failed (for a one-line join error). */
    private static final AtomicReference<String> LAST_FAILURE = new AtomicReference<>();
    /** Refused incoming connections, and when one was last written to the log (at most one line in 10 s). */
    private static final AtomicLong REFUSED = new AtomicLong();

    private static final AtomicLong LAST_LOGGED = new AtomicLong();
    private static final AtomicReference<String> LAST_REFUSAL = new AtomicReference<>();

    private SSLContext ctx;
    private String profilePorts;

    /** Hands a secret to the containers of this JVM under a fresh id (for {@value #SECRET_ID}). */
    public static String register(TrialSecret secret) {
        String id = "secret-" + IDS.incrementAndGet();
        REGISTERED.put(id, secret);
        return id;
    }

    /** Forgets a secret handed over by {@link #register}. */
    public static void unregister(String id) {
        if (id != null) REGISTERED.remove(id);
    }

    /** Why the last outgoing TLS connection or server socket of this JVM failed, or null; clears it. */
    static String takeLastFailure() {
        return LAST_FAILURE.getAndSet(null);
    }

    /**
     * How long a delivery waits for the other container's answer before it gives its connection up: the other side
     * answers as soon as it has handed the message to its agent (milliseconds; seconds behind a slow link), so only a
     * connection that died without a word (a NAT that dropped it, a host frozen or unplugged) waits this long; JADE
     * then tries once more on a fresh connection and else tells the sender the message could not be delivered. Without
     * it such a read waited until TCP gave up (about 15 minutes), holding one of the container's delivery threads.
     */
    static final int DELIVERY_ANSWER_MS = 120_000;

    /**
     * How long a new connection to a removed container fails at once ({@link #cutOff}), unless a container joins at
     * that address again before ({@link #reopen}).
     */
    static final long REMOVED_MS = 60_000;

    /** Outgoing connections open now, by the address they go to ({@code host:port}). */
    private static final Map<String, Set<OutgoingConnection>> OPEN = new ConcurrentHashMap<>();

    /** Addresses of containers removed from the platform, and when ({@link #cutOff}). */
    private static final Map<String, Long> REMOVED = new ConcurrentHashMap<>();

    /**
     * The main container removed the container at these addresses ({@code host:port}): every connection of this JVM to
     * it still open is cut, so that a delivery thread waiting for its answer is freed now (a frozen or unplugged host
     * never answers, and JADE delivers through a few threads shared by every receiver: one such host held them all, and
     * the whole trial stood still for as long as the host stayed frozen); and for {@value #REMOVED_MS} ms, or until a
     * container joins at the address again, a new connection to it fails at once instead of waiting for a TCP
     * connection and a handshake that a frozen host never completes. What was being delivered fails back to its sender,
     * whose agents treat it as any undelivered message.
     *
     * @return how many open connections were cut
     */
    static int cutOff(Collection<String> addresses) {
        int cut = 0;
        long now = System.currentTimeMillis();
        for (String a : addresses) {
            REMOVED.put(a, now);
            Set<OutgoingConnection> open = OPEN.get(a);
            if (open == null) continue;
            for (OutgoingConnection c : open.toArray(OutgoingConnection[]::new)) {
                c.cut();
                cut++;
            }
        }
        return cut;
    }

    /** A container joined at these addresses: connections to them are made again ({@link #cutOff}). */
    static void reopen(Collection<String> addresses) {
        for (String a : addresses) REMOVED.remove(a);
    }

    /** Outgoing connections of this JVM open now to {@code address} ({@code host:port}). */
    static int openConnections(String address) {
        Set<OutgoingConnection> open = OPEN.get(address);
        return open == null ? 0 : open.size();
    }

    /** Whether a new connection to {@code address} fails at once ({@link #cutOff}). */
    static boolean isCutOff(String address) {
        return removedReason(address) != null;
    }

    /** Why a new connection to {@code address} fails at once, or null when it may be made. */
    private static String removedReason(String address) {
        Long at = REMOVED.get(address);
        if (at == null) return null;
        long ago = System.currentTimeMillis() - at;
        if (ago >= REMOVED_MS) {
            REMOVED.remove(address, at);
            return null;
        }
        return "the container at " + address + " was removed from the platform " + ago + " ms ago";
    }

    /** How many incoming connections this JVM refused for want of the trial's secret. */
    public static long refusedConnections() {
        return REFUSED.get();
    }

    /** Why the last incoming connection was refused, or null. */
    static String lastRefusal() {
        return LAST_REFUSAL.get();
    }

    @Override
    public TransportAddress activate(ICP.Listener l, String peerID, Profile p) throws ICPException {
        String id = p.getParameter(SECRET_ID, null);
        String file = p.getParameter(SECRET_FILE, null);
        TrialSecret secret;
        if (id != null) {
            secret = REGISTERED.get(id);
            if (secret == null) throw new ICPException("no trial secret registered as " + id);
        } else if (file != null) {
            try {
                secret = TrialSecret.read(Path.of(file));
            } catch (IOException e) {
                LAST_FAILURE.set(e.getMessage());
                throw new ICPException(e.getMessage());
            }
        } else {
            String why = "no trial secret: give the container -" + SECRET_FILE + " FILE (the file lambo trial wrote)";
            LAST_FAILURE.set(why);
            throw new ICPException(why);
        }
        ctx = secret.sslContext();
        profilePorts = p.getParameter(PORTS, null);
        TransportAddress address = super.activate(l, peerID, p);
        if (!p.getBooleanProperty(Profile.MAIN, true) && p.getBooleanProperty(EXIT_WHEN_MAIN_GONE, false)) {
            String host = p.getParameter(Profile.MAIN_HOST, "localhost");
            int port;
            try {
                port = Integer.parseInt(p.getParameter(Profile.MAIN_PORT, "1099"));
            } catch (NumberFormatException e) {
                throw new ICPException(
                        "-" + Profile.MAIN_PORT + " is not a port: " + p.getParameter(Profile.MAIN_PORT, null));
            }
            java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
            listenForTrialEnd(p, ended);
            MainWatchdog.start(host, port, 60_000, () -> true, why -> {
                if (ended.get()) {
                    // told that the trial has ended: its main container's port closing is that end
                    System.exit(0);
                }
                System.err.println("lambo: " + why + "; exiting");
                System.err.flush();
                System.exit(3);
            });
        }
        return address;
    }

    /** How many seconds a jade.Boot container asks to hear of the trial's end before it gives up (one warning). */
    static final int BOOT_SUBSCRIPTION_TRIES = 10;

    /**
     * Subscribes a jade.Boot container that leaves with its main container to the trial's end ({@link TrialEnd}), as
     * {@code lambo container} does: adds agent {@code trial-end-NAME} ({@link TrialEndListener}) to the container's
     * start-up agents, which JADE starts once the container has joined. Told that the trial has ended, it says so in
     * one line and {@code ended} is set: the main's port closing then ends the JVM with 0, not 3. A subscription not
     * taken within {@value #BOOT_SUBSCRIPTION_TRIES} s is given up with one warning (the old behaviour stays).
     */
    private static void listenForTrialEnd(Profile p, java.util.concurrent.atomic.AtomicBoolean ended)
            throws ICPException {
        if (!(p instanceof jade.core.ProfileImpl profile)) return;
        try {
            jade.util.leap.List agents = profile.getSpecifiers(Profile.AGENTS);
            jade.core.Specifier listener = new jade.core.Specifier();
            listener.setName(TrialEndListener.PREFIX + "%C"); // JADE puts the container's name in place of %C
            listener.setClassName(TrialEndListener.class.getName());
            Runnable onEnded = () -> {
                if (!ended.getAndSet(true)) {
                    System.err.println("lambo: " + TrialEnd.CONTENT);
                    System.err.flush();
                }
            };
            java.util.function.Consumer<String> givenUp = why -> {
                System.err.println("lambo: may not hear of the trial's end (" + why + ")");
                System.err.flush();
            };
            listener.setArgs(new Object[] {onEnded, new CompletableFuture<Void>(), BOOT_SUBSCRIPTION_TRIES, givenUp});
            agents.add(listener);
            profile.setSpecifiers(Profile.AGENTS, agents);
        } catch (jade.core.ProfileException e) {
            throw new ICPException("-" + Profile.AGENTS + ": " + e.getMessage());
        }
    }

    /**
     * A command that asks for a fresh connection: JADE's node pings. The heartbeat's short ping
     * ({@code PING_NODE_NONBLOCKING}, each second per container, {@link DropoutTolerantMonitor}) goes over a connection
     * kept for the heartbeat alone ({@link #ping}); the hanging ping ({@code PING_NODE_BLOCKING}, held in the container
     * until it exits) and anything else over a connection of its own, closed after the answer. Neither goes to JADE's
     * pool: asked for a fresh connection, it first closes every pooled connection to that container, so every message
     * after each heartbeat paid a new TLS handshake (about half the CPU of both JVMs in a 1000-UE trial,
     * docs/BENCHMARKS.md, "Scale out"); and a one-shot connection per heartbeat was itself a handshake a second per
     * container (36 % of the trial JVM's CPU samples at 10,000 UEs).
     */
    @Override
    public byte[] deliverCommand(TransportAddress ta, byte[] payload, boolean requireFreshConnection)
            throws ICPException {
        if (!requireFreshConnection) return super.deliverCommand(ta, payload, false);
        if (commandCode(payload) == PING_NODE_NONBLOCKING) return ping(ta, payload);
        OutgoingConnection c = connect(ta);
        try {
            return exchange(c, ta, payload, true);
        } catch (IOException e) {
            throw new ICPException("I/O error sending/receiving data to " + ta.getHost() + ":" + ta.getPort(), e);
        } finally {
            quietlyClose(c);
        }
    }

    /** JADE's code of a node's short ping (a heartbeat), {@code jade.imtp.leap.Command.PING_NODE_NONBLOCKING}. */
    static final int PING_NODE_NONBLOCKING = jade.imtp.leap.Command.PING_NODE_NONBLOCKING;

    /** A serialized JADE command's code: its first four bytes (big-endian), or -1 when it has none. */
    static int commandCode(byte[] payload) {
        if (payload == null || payload.length < 4) return -1;
        return ((payload[0] & 0xff) << 24)
                | ((payload[1] & 0xff) << 16)
                | ((payload[2] & 0xff) << 8)
                | (payload[3] & 0xff);
    }

    /**
     * How long a heartbeat waits for its answer on a kept connection before it gives the connection up (and fails: a
     * one-shot ping to a silent host waited at most as long for its connection and handshake).
     */
    static final int PING_ANSWER_MS = CONNECT_MS;

    /** Connections kept for heartbeats, idle between two, by the container's address; a ping takes one out. */
    private final Map<String, java.util.Deque<OutgoingConnection>> idlePings = new ConcurrentHashMap<>();
    /** How many idle heartbeat connections are kept per container (more pings at once each open their own). */
    static final int IDLE_PINGS_PER_CONTAINER = 2;
    /** Heartbeats sent, and TLS connections opened for them, in this JVM (for tests and the log). */
    private static final AtomicLong PINGS = new AtomicLong();

    private static final AtomicLong PING_CONNECTIONS = new AtomicLong();

    /** Incoming connections this JVM accepted (their handshake with the trial's secret done). */
    private static final AtomicLong ACCEPTED = new AtomicLong();

    /** Incoming connections this JVM accepted, each a TLS handshake. */
    static long acceptedConnections() {
        return ACCEPTED.get();
    }

    /** Heartbeat pings this JVM sent. */
    static long pings() {
        return PINGS.get();
    }

    /** TLS connections this JVM opened for heartbeat pings. */
    static long pingConnections() {
        return PING_CONNECTIONS.get();
    }

    /**
     * A heartbeat over a kept connection to the container: one handshake for many pings, not one each. The connection
     * is the ping's alone while it waits for the answer (a ping held by a silent host holds its connection, the next
     * pings open others, as one-shot pings did), kept for the next when the container answered and did not say it
     * closes it. A kept connection that fails at once (closed by the container, cut under it) is given up and the ping
     * goes again over a fresh one, so that a container is found dead or alive as by a one-shot ping: a refused or
     * failed fresh connection, or no answer within {@value #PING_ANSWER_MS} ms, fails the ping.
     */
    private byte[] ping(TransportAddress ta, byte[] payload) throws ICPException {
        PINGS.incrementAndGet();
        String key = ta.getHost() + ":" + ta.getPort() + "/" + ta.getFile();
        java.util.Deque<OutgoingConnection> idle =
                idlePings.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        OutgoingConnection kept = idle.pollFirst();
        if (kept != null) {
            try {
                byte[] answer = exchange(kept, ta, payload, false);
                keep(idle, kept);
                return answer;
            } catch (java.net.SocketTimeoutException e) {
                quietlyClose(kept);
                throw new ICPException(
                        "no answer to a ping from " + ta.getHost() + ":" + ta.getPort() + " within " + PING_ANSWER_MS
                                + " ms",
                        e);
            } catch (IOException | ICPException e) {
                // closed or cut under it since the last ping: a fresh connection says whether the container is there
                quietlyClose(kept);
            }
        }
        OutgoingConnection c = connect(ta);
        PING_CONNECTIONS.incrementAndGet();
        try {
            byte[] answer = exchange(c, ta, payload, false);
            keep(idle, c);
            return answer;
        } catch (IOException e) {
            quietlyClose(c);
            throw new ICPException("I/O error sending/receiving data to " + ta.getHost() + ":" + ta.getPort(), e);
        } catch (ICPException e) {
            quietlyClose(c);
            throw e;
        }
    }

    /** Keeps a heartbeat connection for the next ping, unless the container said it closes it or enough are kept. */
    private void keep(java.util.Deque<OutgoingConnection> idle, OutgoingConnection c) {
        if (c.closing || closing || idle.size() >= IDLE_PINGS_PER_CONTAINER) {
            quietlyClose(c);
            return;
        }
        idle.addFirst(c);
        if (closing && idle.remove(c)) quietlyClose(c); // deactivated meanwhile
    }

    private volatile boolean closing;

    @Override
    public void deactivate() throws ICPException {
        closing = true;
        for (java.util.Deque<OutgoingConnection> idle : idlePings.values()) {
            OutgoingConnection c;
            while ((c = idle.pollFirst()) != null) quietlyClose(c);
        }
        super.deactivate();
    }

    private OutgoingConnection connect(TransportAddress ta) throws ICPException {
        try {
            return new OutgoingConnection(ta, ctx);
        } catch (IOException e) {
            throw new ICPException("Error creating connection. " + e.getMessage(), e);
        }
    }

    /**
     * Sends one command over {@code c} and reads its answer: {@code last} tells the container to close the connection
     * after it; an answer that says the container closes it marks the connection so
     * ({@link OutgoingConnection#closing}).
     */
    private static byte[] exchange(OutgoingConnection c, TransportAddress ta, byte[] payload, boolean last)
            throws IOException, ICPException {
        byte info = last ? JICPProtocol.TERMINATED_INFO : JICPProtocol.DEFAULT_INFO;
        c.answerWithin(last ? 0 : PING_ANSWER_MS);
        c.writePacket(new JICPPacket(JICPProtocol.COMMAND_TYPE, info, ta.getFile(), payload));
        JICPPacket r = c.readPacket();
        if ((r.getInfo() & JICPProtocol.TERMINATED_INFO) != 0) c.closing = true;
        if (r.getType() == JICPProtocol.ERROR_TYPE) {
            c.closing = true;
            throw new ICPException(new String(r.getData(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.getData();
    }

    private static void quietlyClose(OutgoingConnection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return new ConnectionFactory() {
            @Override
            public Connection createConnection(Socket s) {
                return new JICPConnection(s); // already authenticated by AuthenticatingServerSocket
            }

            @Override
            public Connection createConnection(TransportAddress ta) throws IOException {
                return new OutgoingConnection(ta, ctx);
            }
        };
    }

    @Override
    protected ServerSocket getServerSocket(String host, int port, boolean changePortIfBusy) throws ICPException {
        // JADE would take any free port when this one is busy (changePortIfBusy): a pinned port is tried, or the next
        // ones of the
        // range; only a container started without lambo_local_ports (jade.Boot without -lambo_local_ports) falls back
        // to a free one
        int count = 1;
        try {
            count = profilePorts == null ? 1 : Math.max(1, Integer.parseInt(profilePorts));
        } catch (NumberFormatException e) {
            // one port
        }
        boolean anyPort = profilePorts == null && changePortIfBusy;
        IOException last = null;
        for (int k = 0; k < count + (anyPort ? 1 : 0); k++) {
            int p = k < count ? port + k : 0;
            if (p > 65535) break;
            ServerSocket s = null;
            try {
                s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(host == null ? null : InetAddress.getByName(host), p), 50);
                return new AuthenticatingServerSocket(s, ctx);
            } catch (IOException e) {
                last = e;
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // nothing bound
                    }
                }
            }
        }
        String ports = count == 1 ? "port " + port : "ports " + port + ".." + Math.min(65535, port + count - 1);
        String why = "cannot listen on " + (host == null ? "every interface" : host) + " " + ports + ": "
                + (last == null ? "no port" : last.getMessage());
        LAST_FAILURE.set(why);
        throw new ICPException(why);
    }

    private static void refused(Socket s, Exception e) {
        String why = reason(e);
        if (why.startsWith(BROKE_OFF)) {
            // the peer went away mid-handshake: one that refused our certificate, or one that died (the trial's JVM
            // killed)
            LOG.debug("a connection from " + s.getRemoteSocketAddress() + " ended in its handshake: " + why);
            return;
        }
        REFUSED.incrementAndGet();
        LAST_REFUSAL.set(why);
        long now = System.currentTimeMillis();
        long last = LAST_LOGGED.get();
        if (now - last >= 10_000 && LAST_LOGGED.compareAndSet(last, now)) {
            LOG.warn("refused a connection from " + s.getRemoteSocketAddress() + ": " + why + " (" + REFUSED.get()
                    + " refused so far)");
        }
    }

    private static final String BROKE_OFF = "the peer broke off the handshake";

    /** A handshake failure in words, the innermost cause first named. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        if (m.contains(TrialSecret.NOT_OURS)) return m;
        if (m.contains("bad_certificate") || m.contains("certificate_unknown") || m.contains("certificate_required")) {
            return "the other side does not accept this trial secret (" + m + ")";
        }
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext")) {
            return "it does not speak TLS (a container without the trial's secret: " + m + ")";
        }
        if (m.contains("Empty client certificate chain") || m.contains("Empty server certificate chain")) {
            return TrialSecret.NOT_OURS + " (" + m + ")";
        }
        if (m.contains("Broken pipe") || m.contains("Connection reset") || m.contains("Remote host terminated")) {
            return BROKE_OFF + " (" + m + "): it holds another trial's secret, or none, or it died";
        }
        return m;
    }

    /**
     * The JICP server's socket: it hands JADE only connections whose TLS handshake (with the trial's secret, within
     * {@value #HANDSHAKE_MS} ms) succeeded. Handshakes run on their own threads (at most {@value #HANDSHAKES} at once,
     * {@value #HANDSHAKES_PER_ADDRESS} from one address, the next {@value #WAITING_PER_ADDRESS} from there waiting
     * their turn, more closed), so a peer that connects and stays silent, or a port probe, never reaches JADE, whose
     * handler would print a stack trace for it, nor holds up the containers of other addresses.
     */
    static final class AuthenticatingServerSocket extends ServerSocket {
        private final ServerSocket plain;
        private final SSLContext ctx;
        private final BlockingQueue<Socket> ready = new LinkedBlockingQueue<>();
        /** Handshakes under way, and connections waiting for one, by address (guarded by this). */
        private final Map<InetAddress, Integer> running = new java.util.HashMap<>();

        private final Map<InetAddress, java.util.ArrayDeque<Socket>> waiting = new java.util.HashMap<>();
        private final ThreadPoolExecutor handshakes;
        private volatile boolean closed;

        AuthenticatingServerSocket(ServerSocket plain, SSLContext ctx) throws IOException {
            this.plain = plain;
            this.ctx = ctx;
            this.handshakes =
                    new ThreadPoolExecutor(0, HANDSHAKES, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "lambo-tls-handshake-" + plain.getLocalPort());
                        t.setDaemon(true);
                        return t;
                    });
            Thread acceptor = new Thread(this::acceptLoop, "lambo-tls-accept-" + plain.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!closed) {
                Socket s;
                try {
                    s = plain.accept();
                } catch (IOException e) {
                    if (closed) return;
                    continue;
                }
                admit(s);
            }
        }

        /**
         * Starts the connection's handshake, or queues it behind the ones under way from its address, or refuses it.
         */
        private synchronized void admit(Socket s) {
            InetAddress from = s.getInetAddress();
            int n = running.getOrDefault(from, 0);
            if (n < HANDSHAKES_PER_ADDRESS) {
                running.put(from, n + 1);
                handshake(s, from);
                return;
            }
            java.util.ArrayDeque<Socket> q = waiting.computeIfAbsent(from, a -> new java.util.ArrayDeque<>());
            if (q.size() < WAITING_PER_ADDRESS) {
                q.add(s);
            } else {
                refused(
                        s,
                        new IOException("too many connections at once from " + from.getHostAddress() + " ("
                                + HANDSHAKES_PER_ADDRESS + " in handshakes, " + WAITING_PER_ADDRESS + " waiting)"));
                quietlyClose(s);
            }
        }

        private void handshake(Socket s, InetAddress from) {
            try {
                handshakes.execute(() -> {
                    try {
                        secure(s);
                    } finally {
                        next(from);
                    }
                });
            } catch (RejectedExecutionException e) {
                refused(s, new IOException("too many handshakes at once (" + HANDSHAKES + ")"));
                quietlyClose(s);
                next(from);
            }
        }

        /** A handshake from {@code from} is over: the next waiting connection from there takes its place. */
        private synchronized void next(InetAddress from) {
            java.util.ArrayDeque<Socket> q = waiting.get(from);
            Socket s = q == null ? null : q.poll();
            if (q != null && q.isEmpty()) waiting.remove(from);
            if (s != null && !closed) {
                handshake(s, from);
                return;
            }
            if (s != null) quietlyClose(s);
            running.computeIfPresent(from, (a, n) -> n > 1 ? n - 1 : null);
        }

        private void secure(Socket plainSocket) {
            try {
                plainSocket.setSoTimeout(HANDSHAKE_MS);
                plainSocket.setTcpNoDelay(true);
                InputStream in = plainSocket.getInputStream();
                int first = in.read();
                if (first < 0) {
                    quietlyClose(plainSocket); // a port probe (a watchdog's, a scanner's): nothing to refuse
                    return;
                }
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory()
                        .createSocket(plainSocket, new ByteArrayInputStream(new byte[] {(byte) first}), true);
                tls.setUseClientMode(false);
                tls.setNeedClientAuth(true);
                tls.setEnabledProtocols(TrialSecret.PROTOCOLS);
                try {
                    tls.startHandshake();
                } catch (IOException e) {
                    refused(plainSocket, e);
                    quietlyClose(tls);
                    return;
                }
                tls.setSoTimeout(0);
                if (closed) {
                    quietlyClose(tls);
                } else {
                    ACCEPTED.incrementAndGet();
                    ready.add(tls);
                }
            } catch (IOException e) {
                quietlyClose(plainSocket);
            }
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                if (closed) throw new SocketException("the server socket is closed");
                try {
                    Socket s = ready.poll(500, TimeUnit.MILLISECONDS);
                    if (s != null) return s;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while accepting");
                }
            }
        }

        @Override
        public int getLocalPort() {
            return plain.getLocalPort();
        }

        @Override
        public InetAddress getInetAddress() {
            return plain.getInetAddress();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            handshakes.shutdownNow();
            synchronized (this) {
                for (java.util.ArrayDeque<Socket> q : waiting.values()) for (Socket s : q) quietlyClose(s);
                waiting.clear();
            }
            try {
                plain.close();
            } finally {
                for (Socket s; (s = ready.poll()) != null; ) quietlyClose(s);
                super.close();
            }
        }
    }

    private static void quietlyClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /**
     * A connection to another container: TCP connect, then the TLS handshake, each with a deadline; then each answer
     * within {@value #DELIVERY_ANSWER_MS} ms unless {@link #answerWithin} says otherwise. Listed in {@link #OPEN} while
     * open, so that {@link #cutOff} can cut it.
     */
    private static final class OutgoingConnection extends JICPConnection {
        /** The container said it closes this connection after its answer (or answered with an error). */
        volatile boolean closing;

        private final String address;
        private final Socket plain;

        /** How long a read waits for the answer (0: for ever). */
        void answerWithin(int ms) throws IOException {
            sc.setSoTimeout(ms);
        }

        OutgoingConnection(TransportAddress ta, SSLContext ctx) throws IOException {
            String host = ta.getHost();
            int port = Integer.parseInt(ta.getPort());
            address = host + ":" + port;
            String removed = removedReason(address);
            if (removed != null) throw new IOException(removed);
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), CONNECT_MS);
                socket.setSoTimeout(HANDSHAKE_MS);
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, host, port, true);
                tls.setUseClientMode(true);
                tls.setEnabledProtocols(TrialSecret.PROTOCOLS);
                tls.startHandshake();
                tls.setSoTimeout(DELIVERY_ANSWER_MS);
                sc = tls;
                is = tls.getInputStream();
                os = getOutputStream();
            } catch (SSLException e) {
                String r = reason(e);
                String why = r.startsWith(TrialSecret.NOT_OURS)
                        ? "the container at " + host + ":" + port + " holds another trial's secret than this one"
                                + r.substring(TrialSecret.NOT_OURS.length())
                        : "the container at " + host + ":" + port + " refused the TLS handshake: " + r;
                LAST_FAILURE.set(why);
                socket.close();
                throw new IOException(why, e);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            this.plain = socket;
            OPEN.compute(address, (a, set) -> {
                Set<OutgoingConnection> open = set == null ? ConcurrentHashMap.newKeySet() : set;
                open.add(this);
                return open;
            });
            String late = removedReason(address); // removed while this one was made: not missed by cutOff
            if (late != null) {
                cut();
                throw new IOException(late);
            }
        }

        /**
         * Closes the TCP socket under the TLS one: a thread blocked reading the answer gets an exception at once
         * (closing the TLS socket would first wait for that thread's read lock).
         */
        void cut() {
            forget();
            try {
                plain.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        /**
         * Closes the connection. The TCP socket first: closing the TLS socket waits for a thread that reads an answer
         * (a frozen container's, up to {@value #DELIVERY_ANSWER_MS} ms), and JADE closes its pool so when its container
         * exits, which then waited as long; without it the TLS layer cannot say goodbye, which the other side does not
         * need (it reads the end of the stream).
         */
        @Override
        public void close() throws IOException {
            forget();
            try {
                plain.close();
            } finally {
                super.close();
            }
        }

        private void forget() {
            OPEN.computeIfPresent(address, (a, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }

        @Override
        public JICPPacket readPacket() throws IOException {
            try {
                return super.readPacket();
            } catch (SSLException e) {
                // TLS 1.3: a server that refuses the client's certificate says so after the client's handshake is done
                LAST_FAILURE.set("the container at " + sc.getRemoteSocketAddress() + " refused this one: " + reason(e));
                throw e;
            }
        }
    }
}
