package org.lambo.agents.platform;

import jade.core.Profile;
import jade.core.ProfileImpl;
import jade.core.Runtime;
import jade.wrapper.AgentContainer;
import jade.wrapper.AgentController;
import jade.wrapper.ControllerException;
import jade.wrapper.StaleProxyException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A JADE container in this JVM: either a platform's main container with no MTP (no HTTP port 7778),
 * its files in a folder of our choosing, and the IMTP on a free loopback port unless told otherwise;
 * or a peripheral container joined to a running platform ({@link #join}). {@link #close()}
 * kills the whole platform (AMS and DF included; killing only the main container leaves their threads
 * alive), and never exits the JVM.
 */
public final class JadePlatform implements AutoCloseable {
    /** JADE logs through java.util.logging; kept here so the level set below is not garbage-collected. */
    private static final Logger JADE_LOG = Logger.getLogger("jade");

    /** The platform's name (the part after the @ of every agent's full name). */
    public static final String PLATFORM_NAME = "lambo";

    /** The DF's cap on search results (JADE's own parameter name). */
    static final String DF_MAX_RESULTS = "jade_domain_df_maxresult";

    /** How long {@link #close()} waits for the platform's threads to end. */
    private static final long CLOSE_WAIT_S = 15;

    private final AgentContainer main;
    private final int port;
    private final CountDownLatch terminated;
    private final boolean isMain;
    private boolean closed;

    private JadePlatform(AgentContainer main, int port, CountDownLatch terminated, boolean isMain) {
        this.main = main;
        this.port = port;
        this.terminated = terminated;
        this.isMain = isMain;
    }

    /**
     * Boots a main container.
     *
     * @param fileDir where JADE writes its files (created when missing)
     * @param port    the IMTP port; 0 picks a free one
     * @param gui     whether to start JADE's RMA GUI (needs a display)
     */
    public static JadePlatform start(Path fileDir, int port, boolean gui) throws IOException {
        return start(fileDir, "127.0.0.1", port, gui);
    }

    /**
     * Boots a main container listening on {@code host} (127.0.0.1 for a trial in one JVM; an address
     * that the other machines reach when peripheral containers join from them).
     */
    public static JadePlatform start(Path fileDir, String host, int port, boolean gui) throws IOException {
        JADE_LOG.setLevel(Level.WARNING);
        Files.createDirectories(fileDir);
        int p = port > 0 ? port : freePort();
        Runtime rt = Runtime.instance();
        rt.setCloseVM(false);
        // JADE's runtime cannot start a platform while the last one is still shutting down: close() waits for this
        CountDownLatch terminated = new CountDownLatch(1);
        rt.invokeOnTermination(terminated::countDown);
        Profile profile = new ProfileImpl(true);
        profile.setParameter(Profile.LOCAL_HOST, host);
        profile.setParameter(Profile.LOCAL_PORT, Integer.toString(p));
        // one name for every platform: JADE keeps the platform name in a static, so a second platform in the same JVM must share it
        profile.setParameter(Profile.PLATFORM_ID, PLATFORM_NAME);
        profile.setParameter(Profile.NO_MTP, "true");
        profile.setParameter(Profile.FILE_DIR, fileDir.toAbsolutePath() + "/");
        profile.setParameter(Profile.GUI, Boolean.toString(gui));
        // the DF answers at most 100 results unless told otherwise, whatever the search asks for
        profile.setParameter(DF_MAX_RESULTS, Integer.toString(1_000_000));
        AgentContainer main = rt.createMainContainer(profile);
        if (main == null) throw new IOException("JADE could not start a main container on port " + p + " (see the log above)");
        return new JadePlatform(main, p, terminated, true);
    }

    /**
     * Joins a running platform as a peripheral container, trying again every half second until the
     * main container answers or {@code timeoutMs} has passed.
     *
     * @param localHost the address the main container reaches this one at (null: JADE's choice)
     * @param name      the container's name
     */
    public static JadePlatform join(Path fileDir, String mainHost, int mainPort, String localHost, String name, long timeoutMs)
            throws IOException, InterruptedException {
        Files.createDirectories(fileDir);
        Runtime rt = Runtime.instance();
        rt.setCloseVM(false);
        long deadline = System.currentTimeMillis() + timeoutMs;
        // a main container that is not up yet is expected: JADE's complaints about it are silenced while trying
        JADE_LOG.setLevel(Level.OFF);
        while (true) {
            if (!listening(mainHost, mainPort)) {
                // JADE prints a stack trace for every refused attempt: wait until the main container's port answers
                if (System.currentTimeMillis() > deadline) {
                    JADE_LOG.setLevel(Level.WARNING);
                    throw new IOException("no JADE main container answered at " + mainHost + ":" + mainPort + " within " + timeoutMs + " ms");
                }
                Thread.sleep(250);
                continue;
            }
            CountDownLatch terminated = new CountDownLatch(1);
            rt.invokeOnTermination(terminated::countDown);
            Profile profile = new ProfileImpl(false);
            profile.setParameter(Profile.MAIN_HOST, mainHost);
            profile.setParameter(Profile.MAIN_PORT, Integer.toString(mainPort));
            if (localHost != null) profile.setParameter(Profile.LOCAL_HOST, localHost);
            profile.setParameter(Profile.LOCAL_PORT, Integer.toString(freePort()));
            profile.setParameter(Profile.CONTAINER_NAME, name);
            profile.setParameter(Profile.FILE_DIR, fileDir.toAbsolutePath() + "/");
            AgentContainer c = rt.createAgentContainer(profile);
            if (c != null) {
                JADE_LOG.setLevel(Level.WARNING);
                return new JadePlatform(c, mainPort, terminated, false);
            }
            if (System.currentTimeMillis() > deadline) {
                JADE_LOG.setLevel(Level.WARNING);
                throw new IOException("no JADE main container answered at " + mainHost + ":" + mainPort + " within " + timeoutMs + " ms");
            }
            Thread.sleep(500);
        }
    }

    /** Waits until the container ends (for a peripheral one: when the main container kills the platform). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
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
     * Kills the platform (every container, the AMS and the DF) when this is the main container, or
     * this container alone when it joined one; then waits until it is gone. Idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
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
                JADE_LOG.warning("the JADE platform on port " + port + " did not terminate within " + CLOSE_WAIT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean listening(String host, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
