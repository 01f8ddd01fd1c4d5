package org.lambo.jmh;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lambo.ontology.ChannelInfo;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.UeState;
import org.lambo.ontology.jade.LamboAcl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LAMBO message through {@link LamboAcl} in each content language: what an agent pays per message to build the ACL
 * message it sends and to read the record back out of the one it receives.
 *
 * <p>Two messages: an {@code offloading-request} (a UE asks the orchestrator for a decision, once per UE and slot) and
 * a {@code label-request} with two servers and one request (the orchestrator asks the experts for a label). They are
 * the ontology tests' samples ({@code Samples.everyType()}), rebuilt here because those live in the ontology module's
 * test scope. The languages are {@code lambo-json} (the agents' default) and {@code fipa-sl} (for outside JADE agents);
 * both are agent actions, so the SL form wraps them in {@code (action <orchestrator> ...)}.
 *
 * <p>{@link #setUp} checks that each message reads back equal to its record and prints the content's size in chars,
 * which {@code docs/BENCHMARKS.md} reports beside the times.
 *
 * <p>Ten warm-up seconds by default: on the shared 2-core VM the JIT needs 6 or 7 before the times settle (FIPA-SL's
 * parser most of all), and three leave the measurement still falling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AclCodecBenchmark {
    @Param({"offloading-request", "label-request"})
    public String message;

    @Param({"JSON", "SL"})
    public LamboAcl.Language language;

    /** The actor of the SL agent actions: the testbed's orchestrator on its platform {@code lambo}. */
    private final AID orchestrator = new AID("orchestrator@lambo", AID.ISGUID);

    private LamboMessage content;
    private Class<? extends LamboMessage> type;
    /** A message built once, for {@link #read}. */
    private ACLMessage built;

    @Setup
    public void setUp() {
        content = switch (message) {
            case "offloading-request" -> offloadingRequest();
            case "label-request" -> labelRequest();
            default ->
                throw new IllegalArgumentException(
                        "message must be offloading-request or label-request, got '" + message + "'");
        };
        type = content.getClass();
        built = build();
        LamboMessage back = LamboAcl.read(built, type);
        if (!back.equals(content)) {
            throw new IllegalStateException(
                    message + " in " + language + " reads back as " + back + ", not " + content);
        }
        System.out.println(message + " in " + built.getLanguage() + ": "
                + built.getContent().length() + " chars");
    }

    /** Builds the ACL message and reads the record back: one send plus one receive. */
    @Benchmark
    public LamboMessage buildAndRead() {
        return LamboAcl.read(build(), type);
    }

    /** Builds the ACL message (encodes the content). */
    @Benchmark
    public ACLMessage build() {
        return LamboAcl.build(
                language, ACLMessage.REQUEST, FIPANames.InteractionProtocol.FIPA_REQUEST, content, orchestrator);
    }

    /** Reads the record out of an ACL message built once (decodes and checks the content). */
    @Benchmark
    public LamboMessage read() {
        return LamboAcl.read(built, type);
    }

    private static UeState ue() {
        return new UeState("ue-3", 3, 12.5, 40.0 / 3, 1e9, 1.0, 1.0, List.of(1.0 / 7, 3.2e-4));
    }

    private static ServerState server(int number) {
        return new ServerState("server-" + number, number, 4, 10.0 * number, 0.1, 1.5e10, true, 0.25, 2);
    }

    private static OffloadingRequest offloadingRequest() {
        return new OffloadingRequest(4, ue(), new TaskDescription("t4-ue3", 2.1e8, 1.3e10, 15.6));
    }

    private static LabelRequest labelRequest() {
        return new LabelRequest(
                "r1",
                4,
                org.lambo.io.PromptId.MIN_LATENCY,
                new ChannelInfo(1e6, 1e-12, 1, 2),
                List.of(server(1), server(2)),
                List.of(offloadingRequest()));
    }
}
