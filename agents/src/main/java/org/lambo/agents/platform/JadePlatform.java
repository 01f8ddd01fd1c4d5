package org.lambo.agents.platform;

import jade.core.Profile;
import jade.core.ProfileImpl;
import jade.core.Runtime;
import jade.wrapper.AgentContainer;
import jade.wrapper.AgentController;
import jade.wrapper.ControllerException;
import jade.wrapper.StaleProxyException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A JADE container in this JVM: either a platform's main container with no MTP (no HTTP port 7778), its files in a
 * folder of our choosing; or a peripheral container joined to a running platform ({@link #join}). Every container
 * speaks the IMTP over TLS with the trial's secret ({@link TrialTlsPeer}, {@link TrialSecret}; see docs/SECURITY.md),
 * listens on one address only ({@link HostAddress}) and on a pinned port, and writes JADE's own log to {@code jade.log}
 * in its folder (the console gets our one-line messages only). {@link #close()} kills the whole platform (AMS and DF
 * included; killing only the main container leaves their threads alive), and never exits the JVM.
 */
public final class JadePlatform implements AutoCloseable {
    /**
     * JADE's root logger. java.util.logging stays here on purpose: JADE itself logs through it
     * ({@code jade.util.Logger} is a JUL logger), and these handles send its records to the platform's
     * {@code jade.log}; our own lines go through SLF4J ({@link #LOG}). Kept in a field so that the level set below is
     * not garbage-collected.
     */
    private static final Logger JADE_LOG = Logger.getLogger("jade");
    /**
     * JADE's DF and AMS log under their agents' names, outside the "jade" tree, and a JADE service under its own name.
     */
    private static final Logger[] JADE_AGENT_LOGS = {
        jade.util.Logger.getMyLogger("df"),
        jade.util.Logger.getMyLogger("ams"),
        jade.util.Logger.getMyLogger(DropoutTolerantMonitoring.NAME)
    };

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.lambo.platform");

    /** The platform's name (the part after the @ of every agent's full name). */
    public static final String PLATFORM_NAME = "lambo";

    /** The DF's cap on search results (JADE's own parameter name). */
    static final String DF_MAX_RESULTS = "jade_domain_df_maxresult";

    /**
     * JADE's pool of threads that deliver a container's messages to other containers (its own parameter name; JADE 4.3
     * has 5 unless told, and takes at most 100). Each delivery to another container is one synchronous IMTP round trip,
     * so with 5 threads a slot's fan-out (slot-starts, decisions, results to 50 UEs) crossed a slow link 5 at a time:
     * 10 round trips instead of one.
     */
    static final String DELIVERY_POOL = "jade_core_messaging_MessageManager_poolsize";

    /**
     * The size of that pool in every container of a trial. Not JADE's maximum of 100: JADE's IMTP keeps at most 50
     * connections per JVM (JICPPeer's pool, all destinations together) and serves at most 50 at once (a server answers
     * the 51st and closes it), so deliveries beyond them each opened a connection of their own and paid a TLS handshake
     * (at 10,000 UEs in four JVMs the handshakes swamped the containers, whose heartbeats failed and which were
     * removed; docs/BENCHMARKS.md, "Scale out"). 16 threads keep the connections pooled with three containers
     * delivering into one; on a slow link a fan-out to 50 UEs takes 4 round trips, about what the 50 handshakes beyond
     * the pool cost before.
     */
    static final int DELIVERY_THREADS = 16;

    /**
     * How long the main container keeps a peripheral container whose connection broke before it removes it, unless told
     * otherwise ({@code lambo trial --dropout-ms}): a WiFi dropout of up to this long removes nothing; a container
     * whose JVM was killed, or whose host vanished silently, is removed this long after it last answered a heartbeat
     * (at most a second before the loss). See {@link DropoutTolerantMonitoring}.
     */
    public static final long DEFAULT_DROPOUT_MS = 15_000;

    /** How many ports above the main container's a peripheral container tries when not given one. */
    public static final int CONTAINER_PORTS = 10;

    /** How long {@link #close()} waits for the platform's threads to end. */
    private static final long CLOSE_WAIT_S = 15;

    /**
     * How long a main container's {@link #close()} waits for its peripheral containers to confirm that they heard of
     * the trial's end ({@link TrialEnd}) before it kills the platform; a container that confirms sooner is not waited
     * for.
     */
    public static final long TRIAL_END_WAIT_MS = 5_000;

    private final AgentContainer main;
    private final int port;
    private final CountDownLatch terminated;
    private final boolean isMain;
    private final String secretId;
    private final Handler logFile;
    private final List<ContainerDropout> dropouts;
    private final String dropoutsId;
    private volatile String mainLost;
    /** Set when the trial's main container said the trial has ended ({@link TrialEnd}); peripheral containers. */
    private volatile boolean trialEnded;
    /** The main container's {@link TrialInfoAgent}, once {@link #publish}ed. */
    private volatile AgentController trialInfo;

    private boolean closed;

    private JadePlatform(
            AgentContainer main,
            int port,
            CountDownLatch terminated,
            boolean isMain,
            String secretId,
            Handler logFile,
            List<ContainerDropout> dropouts,
            String dropoutsId) {
        this.main = main;
        this.port = port;
        this.terminated = terminated;
        this.isMain = isMain;
        this.secretId = secretId;
        this.logFile = logFile;
        this.dropouts = dropouts;
        this.dropoutsId = dropoutsId;
        // before any agent of ours is born here: the container's own table loses rows of agents created at once
        AgentTable.guardLocal(main);
    }

    /**
     * Boots a main container on 127.0.0.1 with a throwaway secret (no other JVM can join it).
     *
     * @param fileDir where JADE writes its files (created when missing)
     * @param port the IMTP port; 0 picks a free one
     * @param gui whether to start JADE's RMA GUI (needs a display)
     */
    public static JadePlatform start(Path fileDir, int port, boolean gui) throws IOException {
        return start(fileDir, "127.0.0.1", port, gui, null);
    }

    /** As {@link #start(Path, String, int, boolean, TrialSecret)} with a throwaway secret. */
    public static JadePlatform start(Path fileDir, String host, int port, boolean gui) throws IOException {
        return start(fileDir, host, port, gui, null);
    }

    /**
     * Boots a main container listening on {@code host} only (127.0.0.1 for a trial in one JVM; an address that the
     * other machines reach when peripheral containers join from them).
     *
     * @param secret the trial's secret, which joining containers must hold; null: a throwaway one
     * @throws IOException when {@code host} is not an address of this machine, or the port is taken
     */
    public static JadePlatform start(Path fileDir, String host, int port, boolean gui, TrialSecret secret)
            throws IOException {
        return start(fileDir, host, port, gui, secret, DEFAULT_DROPOUT_MS);
    }

    /**
     * As {@link #start(Path, String, int, boolean, TrialSecret)}, keeping a peripheral container whose connection broke
     * for {@code dropoutMs} before removing it ({@link DropoutTolerantMonitoring}).
     */
    public static JadePlatform start(
            Path fileDir, String host, int port, boolean gui, TrialSecret secret, long dropoutMs) throws IOException {
        if (dropoutMs <= 0) throw new IllegalArgumentException("dropoutMs must be > 0, got " + dropoutMs);
        Files.createDirectories(fileDir);
        HostAddress listen = HostAddress.local("--host", host);
        if (listen.warning() != null) LOG.warn(listen.warning());
        if (port > 0) return start(fileDir, listen, port, gui, secret, dropoutMs);
        // a free port we picked can be taken by another process before JADE binds it: pick again, a few times
        for (int attempt = 1; ; attempt++) {
            try {
                return start(fileDir, listen, freePort(listen.address()), gui, secret, dropoutMs);
            } catch (IOException e) {
                if (attempt == PICKED_PORT_TRIES) throw e;
                LOG.warn(e.getMessage() + "; trying another free port");
            }
        }
    }

    /** How many free ports {@link #start} tries when it picks the port itself. */
    private static final int PICKED_PORT_TRIES = 3;

    private static JadePlatform start(
            Path fileDir, HostAddress listen, int p, boolean gui, TrialSecret secret, long dropoutMs)
            throws IOException {
        Handler logFile = logToFile(fileDir);
        jade.core.HeapTimerDispatcher
                .install(); // JADE's own inserts a timer in O(timers due in the same ms): see there
        Runtime rt = Runtime.instance();
        rt.setCloseVM(false);
        // JADE's runtime cannot start a platform while the last one is still shutting down: close() waits for this
        CountDownLatch terminated = new CountDownLatch(1);
        onTermination(rt, terminated);
        String secretId = TrialTlsPeer.register(secret != null ? secret : TrialSecret.generate());
        Profile profile = new ProfileImpl(true);
        profile.setParameter(Profile.LOCAL_HOST, listen.address());
        profile.setParameter(Profile.LOCAL_PORT, Integer.toString(p));
        secure(profile);
        profile.setParameter(TrialTlsPeer.SECRET_ID, secretId);
        // one name for every platform: JADE keeps the platform name in a static, so a second platform in the same JVM
        // must share it
        profile.setParameter(Profile.PLATFORM_ID, PLATFORM_NAME);
        profile.setParameter(Profile.NO_MTP, "true");
        profile.setParameter(Profile.FILE_DIR, fileDir.toAbsolutePath() + "/");
        profile.setParameter(Profile.GUI, Boolean.toString(gui));
        // the DF answers at most 100 results unless told otherwise, whatever the search asks for
        profile.setParameter(DF_MAX_RESULTS, Integer.toString(1_000_000));
        // a container whose connection breaks is kept for dropoutMs, not removed after one more ping
        profile.setParameter(
                Profile.SERVICES,
                profile.getParameter(Profile.SERVICES, Profile.DEFAULT_SERVICES) + ";"
                        + DropoutTolerantMonitoring.class.getName());
        profile.setParameter(DropoutTolerantMonitoring.TOLERANCE, Long.toString(dropoutMs));
        List<ContainerDropout> dropouts = new CopyOnWriteArrayList<>();
        String dropoutsId = DropoutTolerantMonitoring.register(dropouts);
        profile.setParameter(DropoutTolerantMonitoring.RECORD, dropoutsId);
        JadePlatform[] made = {null}; // the platform, once made: a removal before it has nothing to tell
        DropoutTolerantMonitoring.onRemoved(dropoutsId, (container, addresses) -> {
            JadePlatform platform = made[0];
            if (platform != null) platform.tellRemoved(container, addresses);
        });
        TrialTlsPeer.takeLastFailure();
        AgentContainer main = rt.createMainContainer(profile);
        if (main == null) {
            TrialTlsPeer.unregister(secretId);
            DropoutTolerantMonitoring.unregister(dropoutsId);
            closeLog(logFile);
            String why = TrialTlsPeer.takeLastFailure();
            throw new IOException("JADE could not start a main container on " + listen.address() + ":" + p + ": "
                    + (why != null ? why : "see " + fileDir.resolve("jade.log")));
        }
        // before any agent of ours is born: JADE's table of where agents live loses rows while it grows (AgentTable)
        AgentTable.guard(main);
        JadePlatform platform = new JadePlatform(main, p, terminated, true, secretId, logFile, dropouts, dropoutsId);
        made[0] = platform;
        return platform;
    }

    /**
     * Tells the peripheral containers that listen ({@link #listenForTrialEnd}) that the main container removed
     * {@code container}, at {@code addresses}: each cuts its connections to it ({@link TrialEnd#REMOVED_CONVERSATION}).
     * Nothing before {@link #publish}.
     */
    void tellRemoved(String container, List<String> addresses) {
        AgentController info = trialInfo;
        if (info == null) {
            LOG.warn("the containers cannot be told that " + container + " was removed: no trial info published yet");
            return;
        }
        try {
            info.putO2AObject(new TrialEnd.Removed(container, List.copyOf(addresses)), AgentController.ASYNC);
            LOG.info("telling the other containers that " + container + " (" + String.join(", ", addresses)
                    + ") was removed");
        } catch (StaleProxyException | RuntimeException e) {
            LOG.warn("the containers could not be told that " + container + " was removed: " + e);
        }
    }

    /**
     * What a peripheral container needs to join a trial's platform.
     *
     * @param fileDir where JADE writes its files and {@code jade.log}
     * @param mainHost the main container's host
     * @param mainPort the main container's port
     * @param localHost the address the other containers reach this one at (null: the address of the route to the main
     *     host)
     * @param localPort the port this container listens on (0: the first free one of main port + 1 .. +
     *     {@link #CONTAINER_PORTS})
     * @param name the container's name
     * @param timeoutMs how long to keep trying to reach the main container
     * @param secretFile the trial's secret file
     * @param mainLostMs how long the main container may not answer (a lossy link) before this container gives up; a
     *     main container that refuses connections (its JVM is gone, the machine is up) is given up after 3 s
     */
    public record Join(
            Path fileDir,
            String mainHost,
            int mainPort,
            String localHost,
            int localPort,
            String name,
            long timeoutMs,
            Path secretFile,
            long mainLostMs) {
        public Join {
            if (mainPort < 1 || mainPort > 65535)
                throw new IllegalArgumentException("main port must be in 1..65535, got " + mainPort);
            if (localPort < 0 || localPort > 65535)
                throw new IllegalArgumentException("local port must be in 0..65535, got " + localPort);
            if (secretFile == null) throw new IllegalArgumentException("a secret file is required");
            if (timeoutMs <= 0 || mainLostMs <= 0) throw new IllegalArgumentException("timeouts must be > 0");
        }
    }

    /**
     * Joins a running platform as a peripheral container, trying again every half second until the main container
     * answers or the join's timeout has passed. A secret the main container does not share, a port that is taken or an
     * address that is not this machine's ends it at once.
     *
     * @throws IOException with one line saying why this container could not join
     */
    public static JadePlatform join(Join j) throws IOException, InterruptedException {
        Files.createDirectories(j.fileDir());
        TrialSecret.read(j.secretFile()); // a missing or bad file is said here, in one line
        HostAddress local = j.localHost() != null
                ? HostAddress.local("--local-host", j.localHost())
                : HostAddress.towards(j.mainHost(), j.mainPort());
        if (local.warning() != null) LOG.warn(local.warning());
        jade.core.HeapTimerDispatcher
                .install(); // JADE's own inserts a timer in O(timers due in the same ms): see there
        Runtime rt = Runtime.instance();
        rt.setCloseVM(false);
        Handler logFile = logToFile(j.fileDir());
        String where = j.mainHost() + ":" + j.mainPort();
        long deadline = System.currentTimeMillis() + j.timeoutMs();
        try {
            while (true) {
                if (!listening(j.mainHost(), j.mainPort())) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IOException(
                                "no JADE main container answered at " + where + " within " + j.timeoutMs() + " ms");
                    }
                    Thread.sleep(250);
                    continue;
                }
                int localPort = j.localPort() > 0 ? j.localPort() : j.mainPort() + 1;
                if (localPort > 65535)
                    throw new IOException("main port " + j.mainPort() + " + 1 is not a port: give --local-port");
                CountDownLatch terminated = new CountDownLatch(1);
                onTermination(rt, terminated);
                Profile profile = new ProfileImpl(false);
                profile.setParameter(Profile.MAIN_HOST, j.mainHost());
                profile.setParameter(Profile.MAIN_PORT, Integer.toString(j.mainPort()));
                profile.setParameter(Profile.LOCAL_HOST, local.address());
                profile.setParameter(Profile.LOCAL_PORT, Integer.toString(localPort));
                profile.setParameter(TrialTlsPeer.PORTS, Integer.toString(j.localPort() > 0 ? 1 : CONTAINER_PORTS));
                secure(profile);
                profile.setParameter(
                        TrialTlsPeer.SECRET_FILE,
                        j.secretFile().toAbsolutePath().toString());
                profile.setParameter(Profile.CONTAINER_NAME, j.name());
                profile.setParameter(Profile.FILE_DIR, j.fileDir().toAbsolutePath() + "/");
                TrialTlsPeer.takeLastFailure();
                AgentContainer c = rt.createAgentContainer(profile);
                if (c != null) {
                    JadePlatform joined =
                            new JadePlatform(c, j.mainPort(), terminated, false, null, logFile, List.of(), null);
                    joined.watch(j.mainHost(), j.mainPort(), j.mainLostMs());
                    return joined;
                }
                String why = TrialTlsPeer.takeLastFailure();
                if (why != null) throw new IOException("could not join the trial at " + where + ": " + why);
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("could not join the trial at " + where + " within " + j.timeoutMs()
                            + " ms (see " + j.fileDir().resolve("jade.log") + ")");
                }
                Thread.sleep(500);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            closeLog(logFile);
            throw e;
        }
    }

    /** The JICP settings every container of a trial shares: TLS with the secret, one address, one port. */
    private static void secure(Profile profile) {
        profile.setParameter("icps", TrialTlsPeer.class.getName());
        // listen on the given address only (JADE's name for it), and do not second-guess it: HostAddress checked it
        profile.setParameter("jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly", "true");
        profile.setParameter("jade_imtp_leap_JICP_JICPServer_unchecklocalhost", "true");
        // no LEAP front ends (split containers) may attach
        profile.setParameter("jade_imtp_leap_JICP_JICPServer_acceptmediators", "false");
        // deliveries to different agents in other containers go out in parallel, not 5 at a time
        profile.setParameter(DELIVERY_POOL, Integer.toString(DELIVERY_THREADS));
    }

    /**
     * Watches the main container ({@link MainWatchdog}): when it is gone, this container's wait ends
     * ({@link #awaitTermination()} returns, {@link #mainLost()} says why).
     */
    private void watch(String host, int mainPort, long lostMs) {
        MainWatchdog.start(host, mainPort, lostMs, () -> terminated.getCount() > 0, this::lost);
    }

    private void lost(String why) {
        // told that the trial has ended, the main container's port closing (or its link dropping) is that end, even
        // when JADE's shutdown has not reached this container
        if (!trialEnded) mainLost = why;
        terminated.countDown();
    }

    /**
     * Why this peripheral container stopped waiting for its main container; null while it has not, and when it had
     * heard that the trial ended ({@link #trialEnded()}) before it lost the main container.
     */
    public String mainLost() {
        return mainLost;
    }

    /**
     * Subscribes this peripheral container to the trial's end ({@link TrialEnd}): from when its main container says the
     * trial has ended, a main container that stops answering (its port closes before JADE's shutdown reaches this
     * container) ends this container's wait as the trial's end ({@link #trialEnded()}), not as a main container that is
     * gone ({@link #mainLost()} stays null). Starts agent {@code trial-end-NAME} here, which asks the trial's
     * {@value TrialInfoAgent#NAME} (again each second, for a minute) until it takes the subscription; waits for
     * nothing. Call it once the trial's info is here ({@link #trialInfo}).
     *
     * @return completed once the subscription is taken
     */
    public CompletableFuture<Void> listenForTrialEnd() throws ControllerException {
        if (isMain) throw new IllegalStateException("a main container ends the trial itself");
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        startAgent(
                TrialEndListener.nameIn(main.getContainerName()),
                TrialEndListener.class,
                (Runnable) () -> trialEnded = true,
                subscribed);
        return subscribed;
    }

    /** Whether the trial's main container said that the trial has ended ({@link #listenForTrialEnd}). */
    public boolean trialEnded() {
        return trialEnded;
    }

    /**
     * Tells the peripheral containers that listen ({@link #listenForTrialEnd}) that the trial has ended, and waits
     * until each has confirmed or could not be reached, at most {@code waitMs}; main container only, once
     * {@link #publish}ed (else nothing to do). {@link #close()} does so before it kills the platform.
     *
     * @return how many containers confirmed
     */
    public int tellTrialEnded(long waitMs) throws InterruptedException {
        AgentController info = trialInfo;
        if (!isMain || info == null || terminated.getCount() == 0) return 0;
        CompletableFuture<Integer> confirmed = new CompletableFuture<>();
        try {
            info.putO2AObject(new TrialEnd.Announce(waitMs, confirmed), AgentController.ASYNC);
            return confirmed.get(waitMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (StaleProxyException | ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("the containers could not be told that the trial has ended: " + e);
            return 0;
        }
    }

    /**
     * Publishes the trial's scenario and seed for joining containers to check ({@link #trialInfo}); main container
     * only.
     */
    public void publish(TrialInfo info) throws StaleProxyException {
        trialInfo = startAgent(TrialInfoAgent.NAME, TrialInfoAgent.class, info);
    }

    /**
     * The trial's scenario and seed as its main container published them, or null when it published none within
     * {@code timeoutMs}. Asks the DF through a short-lived agent of this container.
     */
    public TrialInfo trialInfo(long timeoutMs) throws InterruptedException {
        CompletableFuture<TrialInfo> info = new CompletableFuture<>();
        try {
            startAgent(
                    "trial-probe-" + main.getContainerName(),
                    TrialInfoProbe.class,
                    info,
                    System.currentTimeMillis() + timeoutMs);
            return info.get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
        } catch (ControllerException | ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Waits until the container ends (for a peripheral one: when the main container kills the platform or is gone). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * The times this main container lost a peripheral container so far, in the order they ended (kept, removed, or,
     * once {@link #close()}d, still not answering); empty for a peripheral container.
     */
    public List<ContainerDropout> dropouts() {
        return List.copyOf(dropouts);
    }

    /** The IMTP port that peripheral containers join on. */
    public int port() {
        return port;
    }

    public AgentContainer container() {
        return main;
    }

    /** Creates and starts an agent in the main container. */
    public AgentController startAgent(String name, Class<?> type, Object... args) throws StaleProxyException {
        AgentController a = main.createNewAgent(name, type.getName(), args);
        a.start();
        return a;
    }

    /** Whether an agent of this name lives in this container. */
    public boolean hasAgent(String name) {
        try {
            main.getAgent(name);
            return true;
        } catch (ControllerException | RuntimeException e) {
            return false;
        }
    }

    /** Kills one agent of this container (e.g. to inject a fault); false when it is not here. */
    public boolean killAgent(String name) {
        try {
            main.getAgent(name).kill();
            return true;
        } catch (ControllerException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Ends the platform's record of an agent this container created but no longer holds, as JADE ends an agent whose
     * thread is over (its container's {@code handleEnd}): the main container lets its name go and the AMS tells of its
     * death. For an agent that JADE lost from this container's table (see {@code AgentTable#guardLocal}): it cannot be
     * killed (this container finds no such agent) and its name stays taken for good otherwise. False when an agent of
     * that name lives in this container (kill it instead) or the record could not be ended (said in the log).
     */
    public boolean endLostAgent(String name) {
        if (hasAgent(name)) return false;
        try {
            Object impl = AgentTable.containerImpl(main);
            java.lang.reflect.Method end = impl.getClass().getMethod("handleEnd", jade.core.AID.class);
            end.setAccessible(true);
            end.invoke(impl, new jade.core.AID(name + "@" + main.getPlatformName(), jade.core.AID.ISGUID));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the platform's record of " + name + " could not be ended: " + e);
            return false;
        }
    }

    /**
     * Kills the platform (every container, the AMS and the DF) when this is the main container, or this container alone
     * when it joined one; then waits until it is gone. A main container first tells the peripheral containers that
     * listen that the trial has ended ({@link #tellTrialEnded}, at most {@link #TRIAL_END_WAIT_MS}). Idempotent. A
     * peripheral container whose main container is gone is left as it is (the JVM's exit ends it).
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (mainLost != null) return;
            if (isMain) {
                // before the kill: a container may lose its link before JADE's notice of the kill reaches it
                try {
                    tellTrialEnded(TRIAL_END_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                if (terminated.getCount() > 0) {
                    if (isMain) main.getPlatformController().kill();
                    else main.kill();
                }
            } catch (ControllerException | RuntimeException e) {
                // already gone
            }
            try {
                if (!terminated.await(CLOSE_WAIT_S, TimeUnit.SECONDS)) {
                    LOG.warn("the JADE platform on port " + port + " did not terminate within " + CLOSE_WAIT_S + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            TrialTlsPeer.unregister(secretId);
            DropoutTolerantMonitoring.unregister(dropoutsId);
            closeLog(logFile);
        }
    }

    /** The thread that ran the last platform's termination callbacks (JADE's terminator, which then clears them). */
    private static volatile Thread lastTerminator;

    /**
     * Counts {@code terminated} down when this JVM's JADE runtime ends. JADE runs its termination callbacks in a thread
     * of its own and clears the list after them: a platform started right after the last one closed registered its
     * callback before that clear and lost it, and its close waited {@value #CLOSE_WAIT_S} s in vain. So the last
     * terminator is waited for (a few ms) before registering.
     */
    private static void onTermination(Runtime rt, CountDownLatch terminated) {
        Thread last = lastTerminator;
        if (last != null && last != Thread.currentThread()) {
            try {
                last.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rt.invokeOnTermination(() -> {
            lastTerminator = Thread.currentThread();
            terminated.countDown();
        });
    }

    /** Sends JADE's log (and its stack traces) to {@code dir/jade.log} instead of the console. */
    private static Handler logToFile(Path dir) throws IOException {
        FileHandler h = new FileHandler(
                dir.resolve("jade.log").toAbsolutePath().toString().replace("%", "%%"), true);
        h.setFormatter(new SimpleFormatter());
        h.setLevel(Level.ALL);
        synchronized (JADE_LOG) {
            for (Handler old : JADE_LOG.getHandlers()) {
                JADE_LOG.removeHandler(old);
                old.close();
            }
            JADE_LOG.addHandler(h);
            JADE_LOG.setUseParentHandlers(false);
            JADE_LOG.setLevel(Level.INFO);
            for (Logger l : JADE_AGENT_LOGS) {
                for (Handler old : l.getHandlers()) l.removeHandler(old);
                l.addHandler(h);
                l.setUseParentHandlers(false);
            }
        }
        return h;
    }

    private static void closeLog(Handler h) {
        synchronized (JADE_LOG) {
            JADE_LOG.removeHandler(h);
            for (Logger l : JADE_AGENT_LOGS) l.removeHandler(h);
            h.close();
            // the last platform's file gone: JADE's records go where the JVM's other records go again (lambo's run
            // log), not nowhere (a second command in the same JVM lost them: RunLogTest after a trial in-process)
            if (JADE_LOG.getHandlers().length == 0) {
                JADE_LOG.setUseParentHandlers(true);
                for (Logger l : JADE_AGENT_LOGS) if (l.getHandlers().length == 0) l.setUseParentHandlers(true);
            }
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        }
    }
}
