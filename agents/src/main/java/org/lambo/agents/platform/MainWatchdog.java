package org.lambo.agents.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Watches a peripheral container's main container: a TCP connection to its port every second (the main container closes
 * it at once without a word). Nothing listening there {@value #REFUSALS} times in a row (the trial's JVM is gone, its
 * machine is up) or no answer for {@code lostMs} (the machine or the link is gone) is reported once, in words, to
 * {@code onLost}; a daemon thread.
 */
final class MainWatchdog {
    /** Refused connections in a row that mean the main container is gone. */
    static final int REFUSALS = 3;

    private MainWatchdog() {}

    /**
     * Starts watching {@code host:port} while {@code alive} says so.
     *
     * @param onLost told why, once, when the main container is gone
     */
    static void start(String host, int port, long lostMs, BooleanSupplier alive, Consumer<String> onLost) {
        Thread t = new Thread(
                () -> {
                    int refused = 0;
                    long lastAnswer = System.currentTimeMillis();
                    while (alive.getAsBoolean()) {
                        try {
                            Thread.sleep(1_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(host, port), 2_000);
                            refused = 0;
                            lastAnswer = System.currentTimeMillis();
                        } catch (ConnectException e) {
                            if (++refused >= REFUSALS && alive.getAsBoolean()) {
                                onLost.accept("the trial's main container at " + host + ":" + port
                                        + " is gone (nothing listens there any more)");
                                return;
                            }
                        } catch (IOException e) {
                            if (System.currentTimeMillis() - lastAnswer > lostMs && alive.getAsBoolean()) {
                                onLost.accept("the trial's main container at " + host + ":" + port
                                        + " has not answered for " + lostMs / 1000 + " s (" + e.getMessage() + ")");
                                return;
                            }
                        }
                    }
                },
                "lambo-main-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
