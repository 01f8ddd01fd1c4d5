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
 * A JADE platform booted in this JVM: a main container with no MTP (no HTTP port 7778), its files in a
 * folder of our choosing, and the IMTP on a free loopback port unless told otherwise. {@link #close()}
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
    private boolean closed;

    private JadePlatform(AgentContainer main, int port, CountDownLatch terminated) {
        this.main = main;
        this.port = port;
        this.terminated = terminated;
    }

    /**
     * Boots a main container.
     *
     * @param fileDir where JADE writes its files (created when missing)
     * @param port    the IMTP port; 0 picks a free one
     * @param gui     whether to start JADE's RMA GUI (needs a display)
     */
    public static JadePlatform start(Path fileDir, int port, boolean gui) throws IOException {
        JADE_LOG.setLevel(Level.WARNING);
        Files.createDirectories(fileDir);
        int p = port > 0 ? port : freePort();
        Runtime rt = Runtime.instance();
        rt.setCloseVM(false);
        // JADE's runtime cannot start a platform while the last one is still shutting down: close() waits for this
        CountDownLatch terminated = new CountDownLatch(1);
        rt.invokeOnTermination(terminated::countDown);
        Profile profile = new ProfileImpl(true);
        profile.setParameter(Profile.LOCAL_HOST, "127.0.0.1");
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
        return new JadePlatform(main, p, terminated);
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

    /** Kills the platform (every container, the AMS and the DF) and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            main.getPlatformController().kill();
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
