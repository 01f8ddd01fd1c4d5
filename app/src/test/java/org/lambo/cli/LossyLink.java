package org.lambo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slow, lossy link in user space (this kernel has no netem): a TCP relay that holds every chunk it forwards for
 * {@code --delay-ms} in each direction, and a fraction {@code --loss} of chunks for an extra {@code --loss-delay-ms} (a
 * lost segment as TCP sees it: retransmitted after a timeout, and the stream behind it waits). Chunks keep their order.
 * Commands on stdin: {@code stall MS} holds all traffic for MS (a dropout: nothing is lost, everything arrives late),
 * {@code cut} closes every open connection (a dropout that resets), {@code down MS} closes every open connection and
 * resets every new one for MS (a dropout during which nothing gets through: what was on its way is lost), {@code hold
 * PORT MS} holds, for MS, every chunk on its way to port PORT (from the side that dialled it to the side that listens
 * on it; chunks not yet written included), while the other direction and the other ports flow: a request held back
 * while its answers and the rest of the traffic still come (a container's messages to the main container, which listens
 * on PORT, arrive MS late; the main container's pings of the container, over connections it dials to the container's
 * own port, are answered), {@code stats}, {@code quit}.
 *
 * <p>Transparent: it listens on {@code --ports} on every address of its network namespace and, for a connection from C
 * to L:p, connects from C to L:p on the other side, so that both ends see each other's real addresses.
 * {@code testbed-scripts/testing/netns-hosts up --behind-link H} builds the namespace it runs in ({@code ip netns exec
 * lbt-NAME-link java ... LossyLink ...}).
 *
 * <pre>LossyLink --ports 22,1099-1101 --delay-ms 50 --loss 0.1 --loss-delay-ms 200-400 --seed 1</pre>
 */
public final class LossyLink {
    private final long delayMs;
    private final double loss;
    private final long lossMin;
    private final long lossMax;
    private final Random random;
    private volatile long stallUntil;
    private volatile long downUntil;
    /** By port: until when chunks on their way to it are held ({@code hold}). */
    private final java.util.Map<Integer, Long> holdUntil = new ConcurrentHashMap<>();

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    LossyLink(long delayMs, double loss, long lossMin, long lossMax, long seed) {
        this.delayMs = delayMs;
        this.loss = loss;
        this.lossMin = lossMin;
        this.lossMax = lossMax;
        this.random = new Random(seed);
    }

    /**
     * Starts a link in {@code namespace} ({@code ip netns exec}) with these arguments, on this test's class path; its
     * output goes to {@code log}, its commands to the process's stdin. Waits until it listens (up to 60 s).
     */
    static Process start(String namespace, Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LossyLink.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitLine(p, log, "lossy link ready on ");
        } catch (AssertionError | IOException | InterruptedException e) {
            stop(p);
            throw e;
        }
        return p;
    }

    /** The first line of the link's log that starts with {@code prefix}, waiting for it up to 60 s. */
    static String awaitLine(Process link, Path log, String prefix) throws IOException, InterruptedException {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < end; Thread.sleep(100)) {
            var hit = Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst();
            if (hit.isPresent()) return hit.get();
            if (!link.isAlive()) throw new AssertionError("the lossy link is not running: " + Files.readString(log));
        }
        throw new AssertionError(
                "no line '" + prefix + "...' from the lossy link within 60 s: " + Files.readString(log));
    }

    /** Ends a link started by {@link #start}. */
    static void stop(Process link) throws InterruptedException {
        link.destroy();
        if (!link.waitFor(10, TimeUnit.SECONDS)) link.destroyForcibly();
    }

    public static void main(String[] args) throws Exception {
        List<Integer> ports = new ArrayList<>();
        long delay = 50;
        double loss = 0;
        long lossMin = 200;
        long lossMax = 400;
        long seed = 1;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--ports" -> {
                    for (String p : v.split(",")) {
                        String[] r = p.split("-");
                        int lo = Integer.parseInt(r[0]);
                        int hi = r.length > 1 ? Integer.parseInt(r[1]) : lo;
                        for (int q = lo; q <= hi; q++) ports.add(q);
                    }
                }
                case "--delay-ms" -> delay = Long.parseLong(v);
                case "--loss" -> loss = Double.parseDouble(v);
                case "--loss-delay-ms" -> {
                    String[] r = v.split("-");
                    lossMin = Long.parseLong(r[0]);
                    lossMax = Long.parseLong(r.length > 1 ? r[1] : r[0]);
                }
                case "--seed" -> seed = Long.parseLong(v);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + " (of " + Arrays.toString(args) + ")");
            }
        }
        if (ports.isEmpty() || ports.size() > 1000) throw new IllegalArgumentException("--ports: 1 to 1000 ports");
        LossyLink link = new LossyLink(delay, loss, lossMin, lossMax, seed);
        for (int port : ports) link.listen(port);
        System.out.println("lossy link ready on " + ports.size() + " ports: delay " + delay + " ms, loss " + loss
                + " (+" + lossMin + "-" + lossMax + " ms)");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "stall" -> link.stallUntil = System.currentTimeMillis() + Long.parseLong(w[1]);
                case "cut" -> link.cutAll();
                case "down" -> {
                    link.downUntil = System.currentTimeMillis() + Long.parseLong(w[1]);
                    link.cutAll();
                    System.out.println("down for " + w[1] + " ms");
                }
                case "hold" -> {
                    int port = w.length == 3 && w[1].matches("\\d{1,5}") ? Integer.parseInt(w[1]) : -1;
                    long ms = w.length == 3 && w[2].matches("\\d{1,6}") ? Long.parseLong(w[2]) : -1;
                    if (!ports.contains(port) || ms < 0 || ms > 600_000) {
                        System.out.println("hold PORT MS: PORT one of --ports, MS 0..600000, got '" + line + "'");
                    } else {
                        link.holdUntil.put(port, System.currentTimeMillis() + ms);
                        System.out.println("holding what goes to port " + port + " for " + ms + " ms");
                    }
                }
                case "stats" -> System.out.println(link.stats());
                case "quit" -> {
                    System.out.println(link.stats());
                    System.exit(0);
                }
                default -> System.out.println("unknown command: " + line);
            }
            System.out.flush();
        }
        System.out.println(link.stats());
        System.exit(0);
    }

    String stats() {
        return "stats: " + connections.get() + " connections, " + chunks.get() + " chunks, " + held.get()
                + " held back as lost";
    }

    void cutAll() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we want
            }
        }
    }

    private void listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port), 100);
        Thread t = new Thread(
                () -> {
                    while (true) {
                        try {
                            Socket client = server.accept();
                            connect(client, port);
                        } catch (IOException e) {
                            System.err.println("lossy link: port " + port + ": " + e.getMessage());
                        }
                    }
                },
                "accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void connect(Socket client, int port) {
        if (System.currentTimeMillis() < downUntil) { // down: the connection is reset, as by a link that is gone
            try {
                client.setSoLinger(true, 0);
                client.close();
            } catch (IOException ignored) {
                // closing is all we want
            }
            return;
        }
        Thread t = new Thread(
                () -> {
                    Socket server = new Socket();
                    try {
                        server.bind(new InetSocketAddress(client.getInetAddress(), 0));
                        server.connect(new InetSocketAddress(client.getLocalAddress(), port), 10_000);
                    } catch (IOException e) {
                        System.err.println("lossy link: "
                                + client.getInetAddress().getHostAddress() + " -> "
                                + client.getLocalAddress().getHostAddress() + ":" + port + ": " + e.getMessage());
                        try {
                            client.setSoLinger(true, 0); // a reset, as the far end's refusal would be
                        } catch (IOException ignored) {
                            // closing is all that is left
                        }
                        close(client, server);
                        return;
                    }
                    connections.incrementAndGet();
                    open.add(client);
                    open.add(server);
                    try {
                        client.setTcpNoDelay(true);
                        server.setTcpNoDelay(true);
                        pump(client, server, port); // on its way to the port
                        pump(server, client, -1);
                    } catch (IOException e) {
                        close(client, server);
                    }
                },
                "connect-" + port);
        t.setDaemon(true);
        t.start();
    }

    private record Chunk(byte[] data, long due) {}

    /**
     * Reads chunks from {@code from}, holds each until its due time (and while a {@code hold} of {@code toPort} lasts;
     * -1: the answering direction, never held so), writes them to {@code to} in order.
     */
    private void pump(Socket from, Socket to, int toPort) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Chunk eof = new Chunk(new byte[0], 0);
        Thread reader = new Thread(
                () -> {
                    long lastDue = 0;
                    byte[] buf = new byte[64 * 1024];
                    try {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            if (n == 0) continue;
                            long extra = 0;
                            synchronized (random) {
                                if (loss > 0 && random.nextDouble() < loss) {
                                    extra = lossMin
                                            + (lossMax > lossMin
                                                    ? (long) (random.nextDouble() * (lossMax - lossMin))
                                                    : 0);
                                    held.incrementAndGet();
                                }
                            }
                            chunks.incrementAndGet();
                            lastDue = Math.max(lastDue, System.currentTimeMillis() + delayMs + extra);
                            queue.add(new Chunk(Arrays.copyOf(buf, n), lastDue));
                        }
                    } catch (IOException ignored) {
                        // the connection ended
                    }
                    queue.add(eof);
                },
                "read");
        Thread writer = new Thread(
                () -> {
                    try {
                        while (true) {
                            Chunk c = queue.take();
                            if (c == eof) {
                                to.shutdownOutput();
                                return;
                            }
                            for (long wait;
                                    (wait = Math.max(Math.max(c.due(), stallUntil), holdUntil.getOrDefault(toPort, 0L))
                                                    - System.currentTimeMillis())
                                            > 0; ) Thread.sleep(Math.min(wait, 100));
                            out.write(c.data());
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        close(from, to);
                    }
                },
                "write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void close(Socket a, Socket b) {
        for (Socket s : List.of(a, b)) {
            open.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we want
            }
        }
    }
}
