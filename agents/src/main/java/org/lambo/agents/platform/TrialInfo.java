package org.lambo.agents.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * What a trial's world is made of, as the main container publishes it (DF service type {@value #SERVICE_TYPE}) and a
 * joining container checks it before starting any agent: the scenario's name, the fingerprint of the resolved scenario
 * (SHA-256 of its YAML with every default spelled out, the seed left out) and the seed. Two containers with equal infos
 * unroll the same world.
 *
 * @param scenario the scenario's name
 * @param sha the first 12 hex digits of the fingerprint
 * @param seed the world's seed
 */
public record TrialInfo(String scenario, String sha, long seed) {
    /** The DF service type under which the main container publishes its trial's info. */
    public static final String SERVICE_TYPE = "lambo-trial";

    public TrialInfo {
        if (scenario == null || scenario.isBlank()) throw new IllegalArgumentException("scenario must not be blank");
        if (sha == null || !sha.matches("[0-9a-f]{12}"))
            throw new IllegalArgumentException("sha must be 12 hex digits, got " + sha);
    }

    /** The info of {@code scenario} run with {@code seed}. */
    public static TrialInfo of(Scenario scenario, long seed) {
        try {
            byte[] yaml = ScenarioLoader.toYaml(scenario.withSeed(0)).getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(yaml))
                    .substring(0, 12);
            return new TrialInfo(scenario.name(), sha, seed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "small (sha 0123456789ab) seed 5". */
    @Override
    public String toString() {
        return scenario + " (sha " + sha + ") seed " + seed;
    }

    /** Whether a container with this info may join a trial with {@code trial}'s (same world). */
    public boolean sameWorld(TrialInfo trial) {
        return sha.equals(trial.sha) && seed == trial.seed;
    }

    /** "scenario paper (sha ...) seed 7 here, trial has small (sha ...) seed 5". */
    public String mismatch(TrialInfo trial) {
        return "scenario " + this + " here, trial has " + trial;
    }

    /** The DF service name that carries it: "SHA SEED NAME". */
    String encode() {
        return sha + " " + seed + " " + scenario;
    }

    /** The info of a DF service name made by {@link #encode()}, or null when it is not one. */
    static TrialInfo decode(String s) {
        if (s == null) return null;
        String[] p = s.split(" ", 3);
        if (p.length < 3) return null;
        try {
            return new TrialInfo(p[2], p[0], Long.parseLong(p[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
