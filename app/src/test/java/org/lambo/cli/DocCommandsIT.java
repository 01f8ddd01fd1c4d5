package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docs that run: every command of every {@code ```bash} block of README.md and docs/*.md is either run here, scaled
 * down, through the real command line ({@code org.lambo.cli.Lambo} in a child JVM, the way
 * {@code testbed-scripts/lambo} runs it), or listed with the reason it is not run here (a real host, a real Pi, a
 * timing benchmark) or the test that covers it. {@link #TABLE} is the one place that says which: a doc command that is
 * not in it fails the test, so a new or changed doc command must be added (and so is checked); a command run here must
 * exit 0.
 *
 * <p>The scaling rewrites the doc's arguments: {@code with(flag, value)} replaces the flag's value or adds the flag,
 * {@code drop(token)} removes a token; every {@code runs/...} path goes into one temporary folder per doc file, so that
 * a doc's commands see each other's output in the order written (README's {@code generate} then {@code solve};
 * {@code trial} then {@code trial --resume}).
 */
class DocCommandsIT {
    /** How a doc command is treated here. */
    sealed interface How permits Run, Script, NotRun {}

    /**
     * Run as written by bash, in the doc's folder under the temporary one (a testbed script's dry run, a
     * here-document).
     */
    record Script() implements How {}

    /** Run through {@code Lambo} with these rewrites, in order. */
    record Run(List<String[]> rewrites) implements How {}

    /** Not run here, for this reason (or: covered by that test). */
    record NotRun(String reason) implements How {}

    private static Run run(String[]... rewrites) {
        return new Run(List.of(rewrites));
    }

    private static String[] with(String flag, String value) {
        return new String[] {"with", flag, value};
    }

    private static String[] replace(String token, String by) {
        return new String[] {"replace", token, by};
    }

    private static String[] drop(String token) {
        return new String[] {"drop", token};
    }

    /**
     * A figure the doc quotes beside the command: the doc must hold {@code figure} and the command's output
     * {@code printed + figure}.
     */
    private static String[] expect(String printed, String figure) {
        return new String[] {"expect", printed, figure};
    }

    /** Kill the command (SIGKILL) once its {@code --out} folder's slot-times.csv records this many slots. */
    private static String[] killAfterSlots(int slots) {
        return new String[] {"kill-after-slots", Integer.toString(slots)};
    }

    private static Script script() {
        return new Script();
    }

    private static NotRun notRun(String reason) {
        return new NotRun(reason);
    }

    private static NotRun coveredBy(String test) {
        return new NotRun("covered by " + test);
    }

    // the scaled-down knobs shared by many rows
    private static final String[] TINY = with("--scenario", "tiny");
    private static final String[] TWO_SLOTS = with("--slots", "2");
    private static final String[] ONE_INSTANCE = with("--instances", "1");
    private static final String[] FAST_DE = with("--option", "de.timeLimitMs=20");
    private static final String[] ONE_WARMUP = with("--warmup", "0");
    // the scaled train runs 2 steps: its last snapshot stands for the doc's step 25
    private static final String[] STEP_2 = replace(
            "aed.checkpoint=runs/imit-s/snapshots/step-000025", "aed.checkpoint=runs/imit-s/snapshots/step-000002");
    private static final String[] FINETUNE = new String[] {"finetune-scale"};
    private static final String TIMING =
            "not run: a timing benchmark (its figures are measured by hand on a quiet machine, docs/BENCHMARKS.md)";
    private static final String BUILD = "not run: a Maven build step (CI's own build runs it)";

    /**
     * Every doc command (continuation lines joined, trailing comment removed) and how it runs here. Keys are the
     * commands exactly as the docs write them.
     */
    static final Map<String, How> TABLE = new LinkedHashMap<>();

    static {
        // README.md
        TABLE.put("./testbed-scripts/lambo trial --scenario paper --slots 20 --out runs/trial", run(TINY, TWO_SLOTS));
        TABLE.put("./testbed-scripts/test", notRun("it is CI's own entry point (every test)"));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 20 --policies mip,aed,de,greedy,droo,nearest,local --out runs/bench",
                run(TINY, ONE_INSTANCE, FAST_DE));
        TABLE.put(
                "./testbed-scripts/lambo generate --scenario paper --instances 20 --seed 7 --out runs/paper.jsonl",
                run(TINY, with("--instances", "2")));
        TABLE.put("./testbed-scripts/lambo solve --instance runs/paper.jsonl --policy mip --prompt min-latency", run());
        TABLE.put(
                "./testbed-scripts/lambo bench --instances measured.jsonl --policies mip,de,greedy --out runs/measured",
                run(with("--instances", "runs/paper.jsonl"), FAST_DE));
        TABLE.put(
                "./testbed-scripts/lambo evaluate --instance measured.jsonl --decisions labels.jsonl --reference mip --out runs/labels",
                coveredBy("BringYourOwnDataTest (needs the user's own labels.jsonl)"));
        TABLE.put(
                "./testbed-scripts/lambo train --scenario paper --model lambo-m --imitate min-latency=de,min-energy=mip --imitation-slots 512"
                        + " --imitation-epochs 16 --steps 100 --batch 8 --samples 4 --lr 5e-5 --eval-every 25 --checkpoint-every 25 --seed 1 --out runs/aed-m",
                run(
                        TINY,
                        with("--imitation-slots", "4"),
                        with("--imitation-epochs", "1"),
                        with("--steps", "2"),
                        with("--batch", "2"),
                        with("--samples", "2"),
                        with("--eval-every", "2"),
                        with("--checkpoint-every", "2"),
                        with("--no-progress", null)));
        TABLE.put(
                "./testbed-scripts/lambo droo-train --scenario paper --frames 20000 --out runs/droo",
                run(TINY, with("--frames", "40")));
        TABLE.put(
                "./testbed-scripts/lambo are-train --scenario paper --seed 1 --out runs/are",
                run(
                        TINY,
                        with("--pretrain-slots", "3"),
                        with("--stream-slots", "4"),
                        with("--validation", "2"),
                        with("--eval-every", "2"),
                        FAST_DE));
        // docs/ARE.md (after its are-train, the line above)
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --policies mip,greedy,are,local --instances 10 --seed 777"
                        + " --option are.checkpoint=runs/are/checkpoint --out runs/bench-are",
                run(TINY, ONE_INSTANCE));
        TABLE.put(
                "./testbed-scripts/lambo figures --instances 10 --runs 5 --out runs/figures",
                run(TINY, ONE_INSTANCE, with("--runs", "2"), FAST_DE, with("--no-progress", null)));
        // stopped by SIGKILL once 2 of its 30 slots are recorded (30, so that a fast machine cannot end it first),
        // so that the next line has a trial to resume
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario drift-half-capacity --slots 30 --policy greedy --out runs/drift",
                run(killAfterSlots(2)));
        TABLE.put("./testbed-scripts/lambo trial --resume runs/drift", run());
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario paper --slots 20 --remote ues --host H --port 1099 --out runs/split",
                coveredBy("TrialAcrossJvmsIT (a trial waiting for its UEs from another JVM)"));
        TABLE.put(
                "./testbed-scripts/lambo container --main-host H --main-port 1099 --agents ues --scenario paper --secret-file runs/split/trial.secret",
                coveredBy(
                        "TrialAcrossJvmsIT and SecretJoinIT (joins a trial started with --remote, holding its secret)"));
        // the README's devices on one machine: a broker, emulated devices and a device-backed trial, each in its own
        // JVM
        TABLE.put("./testbed-scripts/lambo broker --port 1883", coveredBy("BrokerCommandIT"));
        TABLE.put(
                "./testbed-scripts/lambo device --role ue --id pi --broker tcp://127.0.0.1:1883 --emulate 2 --scale 0.1",
                coveredBy("BrokerCommandIT"));
        TABLE.put("mkdir -p runs && printf 'pi-1 ue\\npi-2 ue\\n' > runs/devices.txt", coveredBy("BrokerCommandIT"));
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario small --slots 10 --policy greedy --devices runs/devices.txt"
                        + " --broker tcp://127.0.0.1:1883 --device-scale 0.1 --out runs/dev",
                coveredBy("BrokerCommandIT"));
        TABLE.put(
                "./testbed-scripts/deploy --hosts hosts --scenario paper --slots 20 --out runs/cluster --dry-run",
                coveredBy("DeployScriptTest"));
        TABLE.put(
                "./testbed-scripts/devices trial --hosts lab.hosts --broker ssl://edge.lab:8883 --start-broker runs/broker --scenario small --out runs/lab",
                coveredBy("DevicesIT (real Pis and Jetsons here; network namespaces there)"));

        // docs/AGENTS.md
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario paper --slots 20 --out runs/trial --policy aed",
                run(TINY, TWO_SLOTS));
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario small --slots 10 --out runs/dev --policy greedy"
                        + " --devices configs/mosquitto/devices.example --emulate-devices --device-scale 1e-4",
                run(TWO_SLOTS));
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario small --slots 10 --out runs/dev --policy greedy"
                        + " --devices devices.txt --broker tcp://edge.lab:1883 --device-testbed lab1 --device-scale 1e-3",
                notRun("real devices on a lab broker; DeviceTrialIT runs a trial on a real mosquitto"));
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario paper --slots 20 --out runs/trial --policy aed"
                        + " --host 10.0.0.1 --port 1099 --remote ues,servers --secret-file runs/trial.secret",
                coveredBy("TrialAcrossJvmsIT and SecretJoinIT (three hosts here, three JVMs on loopback there)"));
        TABLE.put(
                "./testbed-scripts/lambo container --main-host 10.0.0.1 --main-port 1099 --agents ues --scenario paper --local-host 10.0.0.2 --secret-file trial.secret",
                coveredBy("TrialAcrossJvmsIT and SecretJoinIT"));
        TABLE.put(
                "./testbed-scripts/lambo container --main-host 10.0.0.1 --main-port 1099 --agents servers --scenario paper --local-host 10.0.0.3 --secret-file trial.secret",
                coveredBy("TrialAcrossJvmsIT and SecretJoinIT"));
        TABLE.put(
                "cat > hosts <<'H'\n# HOST      SSH_USER  ROLE     LOCAL_ADDRESS (what the other hosts reach it at)\nedge-main   lambo     main     10.0.0.1\n"
                        + "edge-ues    lambo     ues      10.0.0.2\nedge-srv    lambo     servers  10.0.0.3\nH",
                script());
        TABLE.put(
                "./testbed-scripts/deploy --hosts hosts --scenario paper --slots 20 --policy aed --out runs/cluster --dry-run",
                script());
        TABLE.put(
                "./testbed-scripts/deploy --hosts hosts --scenario paper --slots 20 --policy aed --out runs/cluster -- --collect-ms 10000",
                coveredBy("DeployIT (ssh to named lab hosts here; network namespaces with their own sshd there)"));
        TABLE.put(
                "java -cp 'lambo.jar:lib/*' jade.Boot -container -host 10.0.0.1 -port 1099 -local-host 10.0.0.3 -local-port 1101"
                        + " -icps org.lambo.agents.platform.TrialTlsPeer -lambo_secret_file trial.secret"
                        + " -jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly true -container-name boot-servers"
                        + " -agents 'server-1:org.lambo.agents.server.EdgeServerAgent(paper,1,1);server-2:org.lambo.agents.server.EdgeServerAgent(paper,1,2);"
                        + "server-3:org.lambo.agents.server.EdgeServerAgent(paper,1,3);server-4:org.lambo.agents.server.EdgeServerAgent(paper,1,4)'",
                coveredBy(
                        "BootJoinsIT (a main host at 10.0.0.1 here; every server of the scenario started by jade.Boot on loopback there)"));

        // docs/ALEF.md
        TABLE.put(
                "./testbed-scripts/lambo finetune --checkpoint checkpoints/aed-general-lambo-s --scenario drift-half-capacity"
                        + " --from-slot 10 --pool 100 --labels 200 --rounds 4 --expert mip --seed 1 --out runs/alef-general-s",
                run(FINETUNE));
        TABLE.put(
                "./testbed-scripts/lambo finetune --checkpoint builtin:aed-general-lambo-s --scenario"
                        + " drift-slow-servers-light-uploads --from-slot 10 --pool 100 --held-out 20 --labels 200 --rounds 4"
                        + " --expert mip --seed 3 --threads 1 --out runs/alef-slow-light",
                run(FINETUNE));
        TABLE.put(
                "lambo finetune --checkpoint CKPT --scenario drift-half-capacity --from-slot 10 --pool 100 --held-out 20"
                        + " --labels 200 --rounds 4 --expert mip --seed 1 --out OUT --no-progress --threads 1 [variant flags]",
                run(
                        with("--checkpoint", "checkpoints/aed-paper-lambo-s"),
                        with("--out", "runs/alef-s"),
                        drop("[variant"),
                        drop("flags]"),
                        FINETUNE));

        // docs/BENCHMARKS.md
        TABLE.put(
                "./testbed-scripts/lambo figures --scenario paper --instances 10 --runs 5 --seed 777 --out runs/figures",
                run(TINY, ONE_INSTANCE, with("--runs", "2"), FAST_DE, with("--no-progress", null)));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 20 --seed 1 --prompts min-latency,min-energy"
                        + " --policies mip,de,greedy,nearest,random,local --out runs/bench-paper-20",
                run(TINY, ONE_INSTANCE, FAST_DE));
        TABLE.put("mvn -q -B -o -pl policy -am test-compile", notRun(BUILD));
        TABLE.put(
                "mvn -q -B -o -pl policy -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt"
                        + " -Dmdep.includeScope=test",
                notRun(BUILD));
        TABLE.put(
                "java -cp policy/target/classes:policy/target/test-classes:$(cat policy/cp.txt) org.lambo.expert.mip.MipBenchmark paper 5 1 1e-4 60 1",
                notRun(TIMING));
        TABLE.put(
                "mvn -B -o -pl broker,mqtt -am test -Dtest=LoopbackBenchmark -Dsurefire.failIfNoSpecifiedTests=false",
                notRun(TIMING));
        TABLE.put(
                "mvn -B -o -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt",
                notRun(BUILD));
        TABLE.put(
                "java -cp benchmarks/target/classes:$(cat /tmp/cp.txt) org.lambo.bench.MqttCommandBench"
                        + " --exchanges 5000 --warmup 1000 --rate 5000 --seconds 5",
                notRun(TIMING));
        TABLE.put("java -cp benchmarks/target/benchmarks.jar org.lambo.bench.MqttCommandBench", notRun(TIMING));
        TABLE.put(
                "java -jar device/target/lambo-device.jar work --cycles 1e10 --scale 1e-3",
                notRun(TIMING + "; DeviceCommandTest runs the device jar's commands"));
        TABLE.put(
                "./testbed-scripts/lambo droo-train --scenario paper --frames 20000 --eval-every 1000 --validation 50 --seed 1 --out runs/droo",
                run(TINY, with("--frames", "40"), with("--eval-every", "20"), with("--validation", "2")));
        TABLE.put(
                "./testbed-scripts/lambo droo-train --scenario paper --frames 60000 --eval-every 2000 --validation 50 --seed 1 --out runs/droo --resume",
                run(TINY, with("--frames", "60"), with("--eval-every", "20"), with("--validation", "2")));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --policies mip,greedy,droo,local --instances 10 --seed 777"
                        + " --option droo.checkpoint=runs/droo/checkpoint --out runs/bench-droo",
                run(TINY, ONE_INSTANCE));
        TABLE.put(
                "./testbed-scripts/lambo train --scenario paper --model lambo-s --steps 600 --batch 8 --samples 4 --lr 1e-4"
                        + " --imitate min-latency=de,min-energy=mip --imitation-slots 512 --imitation-epochs 30"
                        + " --eval-every 25 --checkpoint-every 25 --seed 1 --threads 2 --no-progress --out runs/imit-s",
                run(
                        TINY,
                        with("--imitation-slots", "4"),
                        with("--imitation-epochs", "1"),
                        with("--steps", "2"),
                        with("--batch", "2"),
                        with("--samples", "2"),
                        with("--eval-every", "1"),
                        with("--checkpoint-every", "1"),
                        with("--threads", "1")));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 10 --seed 777 --policies mip,aed,de,greedy"
                        + " --option de.timeLimitMs=20 --option de.generations=100000000"
                        + " --option aed.checkpoint=runs/imit-s/snapshots/step-000025 --warmup 1 --no-progress --out runs/bench-imit-s",
                run(TINY, ONE_INSTANCE, ONE_WARMUP, STEP_2));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario configs/sizes/paper-n20.yaml --instances 5 --seed 777"
                        + " --policies mip,aed,greedy --option aed.checkpoint=runs/imit-s/snapshots/step-000025 --out runs/gen-n20",
                run(ONE_INSTANCE, STEP_2));
        TABLE.put(
                "./testbed-scripts/lambo train --scenario paper --model lambo-s --steps 1000 --batch 16 --seed 1 --lr 3e-4"
                        + " --eval-every 25 --checkpoint-every 25 --threads 2 --no-progress --out runs/aed-s",
                run(
                        TINY,
                        with("--steps", "2"),
                        with("--batch", "2"),
                        with("--eval-every", "1"),
                        with("--checkpoint-every", "1"),
                        with("--threads", "1")));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --policies mip,aed,greedy,local --instances 10 --seed 777 --out runs/bench-aed",
                run(TINY, ONE_INSTANCE));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 10 --seed 777 --policies mip,aed,de,greedy,droo"
                        + " --option de.timeLimitMs=20 --option de.generations=100000000 --option droo.learn=false --warmup 1"
                        + " --no-progress --out runs/bench-same-time",
                run(TINY, ONE_INSTANCE, ONE_WARMUP));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 20 --seed 777 --policies aed,greedy --warmup 5 --out runs/speed-s",
                notRun(TIMING));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 20 --seed 777 --policies aed,greedy --warmup 5"
                        + " --option aed.checkpoint=builtin:aed-paper-lambo-m --out runs/speed-m",
                run(TINY, ONE_INSTANCE, ONE_WARMUP));
        TABLE.put(
                "java -cp \"policy/target/classes:policy/target/test-classes:app/target/lib/*\" -Dai.djl.offline=true"
                        + " org.lambo.aed.AedInferenceBenchmark paper lambo-s lambo-m",
                notRun(TIMING));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --pareto --policies mip,aed,de,greedy,nearest,local"
                        + " --instances 5 --seed 90001 --out runs/pareto-paper",
                run(TINY, ONE_INSTANCE, FAST_DE));
        TABLE.put(
                "/usr/bin/time -v java -Xmx1g -cp \"policy/target/classes:policy/target/test-classes:app/target/lib/*\""
                        + " org.lambo.aed.AedLargeSlotBenchmark 2000 min-latency 2048",
                notRun(TIMING + "; ChunkedAttentionTest and AedPolicyTest cover what it shows"));
        TABLE.put(
                "java -cp \"policy/target/classes:policy/target/test-classes:app/target/lib/*\" -Dai.djl.offline=true"
                        + " org.lambo.aed.AedDecodeScalingBenchmark 50 300 1000 2000",
                notRun(TIMING
                        + "; DecodingUnchangedTest covers that the faster decoder decides the same, bit for bit"));
        TABLE.put(
                "./testbed-scripts/lambo bench --scenario paper --instances 20 --seed 777 --policies aed --reference none --warmup 40"
                        + " --option aed.checkpoint=builtin:aed-paper-lambo-m --out runs/speed-m-alone",
                notRun(TIMING));
        TABLE.put(
                "./testbed-scripts/lambo finetune --checkpoint CKPT --scenario drift-half-capacity --from-slot 10 --pool 100"
                        + " --held-out 20 --labels 200 --rounds 4 --expert mip --seed 1 --threads 1 --out runs/alef",
                run(with("--checkpoint", "checkpoints/aed-paper-lambo-s"), FINETUNE));
        TABLE.put("mvn -q -B -DskipTests -Pjmh -pl benchmarks -am package", notRun(BUILD));
        TABLE.put(
                "java -jar benchmarks/target/benchmarks.jar ModelBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1", notRun(TIMING));
        TABLE.put(
                "mvn -B -o -pl agents -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dit.test=DeviceTrialIT -Dfailsafe.failIfNoSpecifiedTests=false",
                coveredBy("DeviceTrialIT itself (CI's verify runs it)"));
        TABLE.put(
                "java -jar app/target/lambo.jar trial --scenario tiny --slots 5 --policy nearest --devices D --emulate-devices"
                        + " --device-scale S --server-ms 20000 --out runs/hil-S",
                run(
                        with("--devices", "configs/mosquitto/devices.example"),
                        with("--device-scale", "1e-4"),
                        with("--out", "runs/hil"),
                        TWO_SLOTS));
        TABLE.put(
                "LAMBO_JAVA_OPTS=-Xmx2g ./testbed-scripts/lambo trial --scenario small --slots 10 --out runs/compare --policy aed --compare mip",
                run(expect("mean gap of aed to mip ", "0.038 %")));
        TABLE.put(
                "./testbed-scripts/lambo trial --scenario tiny --slots 16 --out runs/online-alef --policy aed --online-alef"
                        + " --alef-entropy 0.05 --alef-batch 4 --alef-expert exhaustive --collect-ms 3000 --decision-ms 10000 --server-ms 3000",
                run(with("--slots", "5")));
        TABLE.put("mvn -q -B -o -DskipTests -Pjmh -pl benchmarks -am package", notRun(BUILD));
        TABLE.put(
                "nice java -jar benchmarks/target/benchmarks.jar AclCodecBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1",
                notRun(TIMING));
        TABLE.put(
                "nice java -jar benchmarks/target/benchmarks.jar AclCodecBenchmark -f 1 -wi 10 -i 5 -w 1 -r 1",
                notRun(TIMING));
        TABLE.put(
                "nice -n 15 java -cp benchmarks/target/benchmarks.jar org.lambo.bench.EnvelopeCodecCpu",
                notRun(TIMING));
        TABLE.put(
                "nice -n 15 java -jar benchmarks/target/benchmarks.jar EnvelopeCodecBench -f 1 -wi 5 -i 5 -w 1 -r 1",
                notRun(TIMING));
        TABLE.put(
                "nice -n 15 java -jar benchmarks/target/benchmarks.jar EnvelopeCodecBench -f 1 -wi 5 -i 5 -w 1 -r 1 -prof gc",
                notRun(TIMING));
        TABLE.put(
                "nice -n 15 ./testbed-scripts/lambo bench-trial --ues 10,50,200,1000 --jvms 1,2 --slots 12 --warmup 2 --out runs/bench-trial",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it"));
        TABLE.put(
                "nice -n 15 ./testbed-scripts/lambo bench-trial --ues 10,50,100 --jvms 1 --slots 20 --warmup 3 --realtime --out runs/bt-rt",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it, TrialRunnerTest a real-time trial"));
        TABLE.put(
                "nice -n -10 ./testbed-scripts/lambo bench-trial --ues 100,200,300 --jvms 1 --slots 60 --warmup 10 --realtime --out runs/bt-rt2",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it, TrialRunnerTest a real-time trial"));
        TABLE.put(
                "nice -n -10 ./testbed-scripts/lambo bench-trial --ues 400,500 --jvms 1 --slots 60 --warmup 10 --realtime --out runs/bt-rt3",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it, TrialRunnerTest a real-time trial"));
        TABLE.put(
                "nice -n 15 ./testbed-scripts/lambo bench-trial --ues 10000 --ues-per-server 100 --jvms 4 --slots 2 --warmup 0 --heap 2g --run-timeout-s 480 --out runs/bt-10k",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it"));
        TABLE.put(
                "nice -n 5 ./testbed-scripts/lambo bench-trial --ues 10000 --ues-per-server 100 --jvms 4 --slots 2 --warmup 0 --heap 2g --run-timeout-s 480 --out runs/bt-10k-a",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it"));
        TABLE.put(
                "nice -n 5 ./testbed-scripts/lambo bench-trial --ues 10000 --ues-per-server 100 --jvms 4 --slots 5 --warmup 1 --heap 2g --run-timeout-s 540 --out runs/bt-10k-b",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it"));
        TABLE.put(
                "nice -n 15 ./testbed-scripts/lambo bench-trial --ues 1000 --jvms 2 --slots 6 --warmup 1 --heap 3g --run-timeout-s 540 --out runs/bt-1000",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it"));
        TABLE.put(
                "java -Xmx2g -jar app/target/lambo.jar bench-trial --ues 50 --jvms 1 --slots 300 --warmup 100 --out runs/bt50-steady",
                notRun(TIMING + "; BenchTrialIT runs a tiny sweep of it"));

        // docs/DEPLOY.md (ssh to named lab hosts; the network-namespace hosts and deploy itself: DeployIT)
        TABLE.put(
                "cat > hosts <<'H'\n# HOST      SSH_USER  ROLE     LOCAL_ADDRESS (what the other hosts reach it at)\nedge-main   lambo     main     10.0.0.1\n"
                        + "edge-ues    lambo     ues      edge-ues\nedge-srv    lambo     servers  auto\nH",
                script());
        TABLE.put(
                "./testbed-scripts/deploy --hosts hosts --scenario paper --slots 20 --policy aed --out runs/cluster --check",
                coveredBy("DeployIT"));
        TABLE.put(
                "./testbed-scripts/deploy --hosts hosts --scenario paper --slots 20 --policy aed --out runs/cluster",
                coveredBy("DeployIT"));
        TABLE.put(
                "./testbed-scripts/deploy --hosts hosts --scenario paper --slots 20 --out runs/wifi --wifi",
                coveredBy("DeployIT"));
        TABLE.put("./testbed-scripts/deploy --hosts hosts --scenario paper --out runs/x --dry-run", script());
        TABLE.put(
                "./testbed-scripts/deploy --verdict runs/cluster --accept-failures",
                coveredBy("DeployIT (its lossy run judged again), DeployScriptTest"));
        TABLE.put(
                "testbed-scripts/deploy --no-build --ssh-config /tmp/netns-hosts/NAME/ssh_config --hosts HOSTS"
                        + " --scenario S --slots N --policy greedy --out DIR [WIFI]",
                coveredBy("DeployIT (this is its command)"));
        TABLE.put(
                "testbed-scripts/deploy --no-build --ssh-config /tmp/netns-hosts/dme/ssh_config --hosts HOSTS"
                        + " --policy greedy --seed 3 --out DIR --scenario S --slots 3 [--wifi]",
                coveredBy("DeployIT (its lossy-link trials); a timing benchmark"));
        TABLE.put(
                "sudo testbed-scripts/testing/netns-hosts up --subnet 10.231.7 demo main ues srv",
                coveredBy("DeployIT (NetnsHosts)"));
        TABLE.put("ssh -F /tmp/netns-hosts/demo/ssh_config ues hostname", coveredBy("DeployIT (NetnsHosts)"));
        TABLE.put(
                "printf 'main lambo main main\\nues lambo ues ues\\nsrv lambo servers srv\\n' > /tmp/demo.hosts",
                coveredBy("DeployIT"));
        TABLE.put(
                "sudo testbed-scripts/deploy --hosts /tmp/demo.hosts --ssh-config /tmp/netns-hosts/demo/ssh_config --scenario tiny --slots 3 --out /tmp/demo-run",
                coveredBy("DeployIT"));
        TABLE.put("sudo testbed-scripts/testing/netns-hosts down demo", coveredBy("DeployIT (NetnsHosts)"));
        TABLE.put(
                "sudo testbed-scripts/testing/netns-hosts up --subnet 10.231.8 --behind-link ues wifi main ues srv",
                coveredBy("DeployIT (NetnsHosts)"));
        TABLE.put("mvn -q -pl app -am test-compile", notRun(BUILD));
        TABLE.put(
                "sudo ip netns exec lbt-wifi-link java -cp app/target/test-classes org.lambo.cli.LossyLink"
                        + " --ports 22,1099-1101 --delay-ms 50 --loss 0.1 --loss-delay-ms 200-400 &",
                coveredBy("DeployIT (the WiFi run, LossyLink)"));

        // docs/EXPERTS.md
        // its three lines are BENCHMARKS.md's first three (above)

        // docs/INSTANCE_FORMAT.md (the user's own files)
        TABLE.put(
                "lambo evaluate --instance measured.jsonl --decisions labels.jsonl --reference mip --out runs/labels",
                coveredBy("BringYourOwnDataTest"));
        TABLE.put(
                "lambo bench --instances measured.jsonl --policies mip,de,greedy,local --out runs/measured",
                coveredBy("InstanceFileBenchTest"));
        TABLE.put("lambo bench --instances lab/ --out runs/lab", coveredBy("InstanceFileBenchTest"));

        // docs/MQTT.md (mosquitto, lab hosts, real Pis: DevicesIT and DevicesScriptTest)
        TABLE.put(
                "testbed-scripts/broker setup --devices configs/mosquitto/devices.example --dir runs/broker --host edge.lab",
                coveredBy("DevicesIT"));
        TABLE.put("testbed-scripts/broker start --dir runs/broker", coveredBy("DevicesIT"));
        TABLE.put("testbed-scripts/broker --dry-run setup --devices ...", coveredBy("DevicesScriptTest"));
        TABLE.put(
                "java -jar lambo-device.jar --role server --id jetson-01 --broker ssl://edge.lab:8883 --tls-ca ca.crt"
                        + " --username jetson-01 --password-file jetson-01.pw --testbed lab1 --scale 1e-3",
                coveredBy("DevicesIT (a lab broker here)"));
        TABLE.put(
                "java -jar lambo-device.jar --role ue --id pi --broker tcp://127.0.0.1:1883 --emulate 10",
                coveredBy("DeviceCommandIT (needs a running broker)"));
        TABLE.put("testbed-scripts/devices map --hosts lab.hosts > lab.devices", coveredBy("DevicesScriptTest"));
        TABLE.put(
                "testbed-scripts/broker setup --devices lab.devices --dir runs/broker --host edge.lab",
                coveredBy("DevicesIT"));
        TABLE.put(
                "testbed-scripts/devices install --hosts lab.hosts --broker ssl://edge.lab:8883 --tls-ca runs/broker/ca.crt"
                        + " --credentials runs/broker/credentials --testbed lab1 --scale 1",
                coveredBy("DevicesIT"));
        TABLE.put("testbed-scripts/devices --dry-run install ...", coveredBy("DevicesScriptTest"));
        TABLE.put("testbed-scripts/devices --ssh-config lab.ssh_config ...", coveredBy("DevicesIT"));
        TABLE.put(
                "testbed-scripts/devices trial --hosts lab.hosts --broker ssl://edge.lab:8883 --start-broker runs/broker"
                        + " --testbed lab1 --scale 1 --scenario small --slots 20 --policy aed --out runs/lab1-aed",
                coveredBy("DevicesIT"));

        // docs/SECURITY.md
        TABLE.put(
                "keytool -genkeypair -alias lambo-trial -keyalg EC -groupname secp256r1 -storetype PKCS12"
                        + " -keystore trial.secret -storepass lambo-trial-secret -dname CN=lambo -validity 3650",
                coveredBy("SecretJoinIT"));
        TABLE.put(
                "java -cp 'lambo.jar:lib/*' jade.Boot -container -host 10.0.0.1 -port 1099 -local-host 10.0.0.3 -local-port 1101"
                        + " -icps org.lambo.agents.platform.TrialTlsPeer -lambo_secret_file /home/lambo/trial.secret"
                        + " -jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly true -lambo_exit_when_main_gone true"
                        + " -container-name boot-servers -agents 'server-1:org.lambo.agents.server.EdgeServerAgent(paper,1,1)'",
                coveredBy("BootJoinsIT and MainGoneIT (a main host at 10.0.0.1 here)"));
    }

    private static final Set<String> COMMAND_PREFIXES =
            Set.of("./testbed-scripts/lambo", "lambo", "testbed-scripts/lambo");

    /** What the command's output must hold (from {@link #expect}), or none. */
    static List<String> expected(Run run) {
        return run.rewrites().stream()
                .filter(r -> r[0].equals("expect"))
                .map(r -> r[1] + r[2])
                .toList();
    }

    @TempDir
    Path tmp;

    /** A doc command: where it is, and its text with continuations joined and the trailing comment cut. */
    record DocCommand(String file, int line, String text) {}

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))))
            p = p.getParent();
        if (p == null)
            throw new IllegalStateException(
                    "no README.md and docs/ above " + Path.of("").toAbsolutePath());
        return p;
    }

    static List<Path> docs(Path root) throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static final Pattern HEREDOC = Pattern.compile("<<\\s*'?(\\w+)'?");

    /** The commands of every ```bash block of one doc, in order. */
    static List<DocCommand> commands(Path root, Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        String name = root.relativize(doc).toString();
        List<DocCommand> out = new ArrayList<>();
        boolean in = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!in) {
                in = l.strip().equals("```bash");
                continue;
            }
            if (l.strip().startsWith("```")) {
                in = false;
                continue;
            }
            if (l.isBlank() || l.strip().startsWith("#")) continue;
            int start = i + 1;
            Matcher h = HEREDOC.matcher(l);
            if (h.find()) {
                StringBuilder b = new StringBuilder(l.strip());
                while (++i < lines.size() && !lines.get(i).strip().equals(h.group(1)))
                    b.append('\n').append(lines.get(i));
                b.append('\n').append(h.group(1));
                out.add(new DocCommand(name, start, b.toString()));
                continue;
            }
            StringBuilder b = new StringBuilder();
            String cur = stripComment(l);
            while (cur.endsWith("\\") && i + 1 < lines.size()) {
                b.append(cur, 0, cur.length() - 1).append(' ');
                cur = stripComment(lines.get(++i));
            }
            b.append(cur);
            out.add(new DocCommand(name, start, b.toString().strip().replaceAll("\\s+", " ")));
        }
        return out;
    }

    /** Cuts a trailing {@code # comment} that is outside quotes (and not part of a word such as {@code a#b}). */
    static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1))))
                return line.substring(0, i).stripTrailing();
        }
        return line.stripTrailing();
    }

    /** Splits a command into words: whitespace, single and double quotes (no expansion). */
    static List<String> words(String command) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean single = false;
        boolean dbl = false;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (c == '\'' && !dbl) {
                single = !single;
                any = true;
            } else if (c == '"' && !single) {
                dbl = !dbl;
                any = true;
            } else if (Character.isWhitespace(c) && !single && !dbl) {
                if (any) w.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) w.add(cur.toString());
        return w;
    }

    /**
     * The doc command's arguments to {@code Lambo}, scaled down by {@code run}'s rewrites, runs/ under {@code runs}.
     */
    static List<String> scaled(String command, Run run, Path runs) {
        List<String> w = new ArrayList<>(words(command));
        while (!w.isEmpty() && w.get(0).matches("[A-Z_]+=.*")) w.remove(0); // LAMBO_JAVA_OPTS=...
        if (w.size() >= 3
                && w.get(0).equals("java")
                && w.get(1).equals("-jar")
                && w.get(2).equals("app/target/lambo.jar")) {
            w.subList(0, 3).clear();
            w.add(0, "lambo");
        }
        if (w.isEmpty() || !COMMAND_PREFIXES.contains(w.get(0)))
            throw new IllegalArgumentException("not a lambo command: " + command);
        w.remove(0);
        for (String[] r : run.rewrites()) {
            if (r[0].equals("expect") || r[0].equals("kill-after-slots")) continue;
            if (r.length == 1 && r[0].equals("finetune-scale")) {
                for (String[] f : List.of(
                        with("--pool", "2"),
                        with("--held-out", "1"),
                        with("--labels", "2"),
                        with("--rounds", "1"),
                        with("--epochs", "1"),
                        with("--no-progress", null))) apply(w, f);
            } else {
                apply(w, r);
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : w) {
            int at = s.startsWith("runs/") ? 0 : s.indexOf("=runs/") + 1; // a path, or KEY=path in an --option
            out.add(
                    at < 0 || at == 0 && !s.startsWith("runs/")
                            ? s
                            : s.substring(0, at) + runs.resolve(s.substring(at + "runs/".length())));
        }
        return out;
    }

    private static void apply(List<String> w, String[] r) {
        if (r[0].equals("replace")) {
            int at = w.indexOf(r[1]);
            if (at < 0)
                throw new IllegalArgumentException(
                        "the table replaces " + r[1] + ", which the command does not have: " + w);
            w.set(at, r[2]);
            return;
        }
        if (r[0].equals("drop")) {
            if (!w.remove(r[1]))
                throw new IllegalArgumentException(
                        "the table drops " + r[1] + ", which the command does not have: " + w);
            return;
        }
        int at = w.indexOf(r[1]);
        if (r[2] == null) {
            if (at < 0) w.add(r[1]);
        } else if (at < 0) {
            w.add(r[1]);
            w.add(r[2]);
        } else if (r[1].equals("--option")) {
            w.add(r[1]);
            w.add(r[2]); // options add up; a later one of the same key wins
        } else {
            w.set(at + 1, r[2]);
        }
    }

    @Test
    void everyDocCommandIsInTheTable() throws IOException {
        Path root = root();
        Set<String> unknown = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (Path doc : docs(root)) {
            for (DocCommand c : commands(root, doc)) {
                seen.add(c.text());
                if (!TABLE.containsKey(c.text())) unknown.add(c.file() + ":" + c.line() + ": " + c.text());
            }
        }
        assertThat(unknown)
                .as(
                        "doc commands that DocCommandsIT.TABLE does not list (add each with how it is scaled, or why it is not run)")
                .isEmpty();
        assertThat(TABLE.keySet())
                .as("table rows whose command no doc has any more")
                .allMatch(seen::contains);
    }

    private static final Pattern TEST_NAME = Pattern.compile("\\b([A-Z]\\w*(?:Test|IT))\\b");

    @Test
    void everyTestTheTableNamesExists() throws IOException {
        Path root = root();
        Set<String> sources = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root, 12)) {
            s.filter(p -> p.toString().contains("/src/test/java/")
                            && p.toString().endsWith(".java"))
                    .forEach(p -> sources.add(p.getFileName().toString().replace(".java", "")));
        }
        Set<String> missing = new TreeSet<>();
        for (How h : TABLE.values()) {
            if (!(h instanceof NotRun n)) continue;
            Matcher m = TEST_NAME.matcher(n.reason());
            while (m.find()) if (!sources.contains(m.group(1))) missing.add(m.group(1));
        }
        assertThat(missing)
                .as("tests the table says cover a doc command, with no source")
                .isEmpty();
    }

    private static final Pattern TEST_METHOD = Pattern.compile("\\b([A-Z]\\w*(?:Test|IT))[#.]([a-z]\\w*)\\b");

    /**
     * docs/RELIABILITY.md's last column names the test that shows each row: every test class it names has a source, and
     * every {@code Class.method} or {@code Class#method} it names is in that source (a renamed test fails here).
     */
    @Test
    void everyTestTheReliabilityTableNamesExists() throws IOException {
        Path root = root();
        Map<String, Path> sources = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root, 12)) {
            s.filter(p -> p.toString().contains("/src/test/java/")
                            && p.toString().endsWith(".java"))
                    .forEach(p -> sources.put(p.getFileName().toString().replace(".java", ""), p));
        }
        Set<String> missing = new TreeSet<>();
        int named = 0;
        for (String line : Files.readAllLines(root.resolve("docs/RELIABILITY.md"))) {
            if (!line.startsWith("|") || line.startsWith("|---")) continue;
            String[] cells = line.split("(?<!\\\\)\\|");
            String tests = cells[cells.length - 1];
            Matcher m = TEST_NAME.matcher(tests);
            while (m.find()) {
                named++;
                if (!sources.containsKey(m.group(1))) missing.add(m.group(1));
            }
            Matcher mm = TEST_METHOD.matcher(tests);
            while (mm.find()) {
                Path src = sources.get(mm.group(1));
                if (src != null && !Files.readString(src).contains(" " + mm.group(2) + "("))
                    missing.add(mm.group(1) + "." + mm.group(2));
            }
        }
        assertThat(named).as("tests named in docs/RELIABILITY.md").isGreaterThan(50);
        assertThat(missing)
                .as("tests docs/RELIABILITY.md names, with no source")
                .isEmpty();
    }

    @Test
    void theTableCatchesANewCommandAndJoinsContinuations() throws IOException {
        Path doc = tmp.resolve("docs").resolve("NEW.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(
                doc,
                "text\n```bash\n# a comment\n./testbed-scripts/lambo trial --scenario tiny \\\n    --slots 3   # three\n"
                        + "cat > f <<'H'\na # b\nH\n```\n```\nnot bash\n```\n");
        List<DocCommand> cs = commands(tmp, doc);
        assertThat(cs)
                .extracting(DocCommand::text)
                .containsExactly("./testbed-scripts/lambo trial --scenario tiny --slots 3", "cat > f <<'H'\na # b\nH");
        assertThat(TABLE).doesNotContainKey(cs.get(0).text());
        assertThat(scaled(cs.get(0).text(), run(TWO_SLOTS, with("--out", "runs/x")), tmp))
                .containsExactly(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--slots",
                        "2",
                        "--out",
                        tmp.resolve("x").toString());
    }

    @Test
    void everyRunnableDocCommandRunsScaledDown() throws Exception {
        Path root = root();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (Path doc : docs(root)) {
            Path runs =
                    tmp.resolve(doc.getFileName().toString().replace(".md", "")).resolve("runs");
            Files.createDirectories(runs);
            for (DocCommand c : commands(root, doc)) {
                if (TABLE.get(c.text()) instanceof Script) {
                    Path log = runs.resolveSibling("cmd-" + c.line() + ".log");
                    ProcessBuilder pb = new ProcessBuilder(
                                    "bash",
                                    "-c",
                                    c.text().replace("./testbed-scripts/", root.resolve("testbed-scripts") + "/"))
                            .directory(runs.getParent().toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
                    Process p = pb.start();
                    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
                    if (!ended) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    ran++;
                    System.out.printf(
                            "DocCommandsIT %s:%d rc=%s: bash -c %s%n",
                            c.file(),
                            c.line(),
                            ended ? p.exitValue() : "timeout",
                            c.text().lines().findFirst().orElse(""));
                    if (!ended || p.exitValue() != 0)
                        failures.add(c.file() + ":" + c.line() + " "
                                + (ended ? "exit " + p.exitValue() : "did not end in 120 s") + ": " + c.text() + "\n"
                                + tail(log));
                    continue;
                }
                if (!(TABLE.get(c.text()) instanceof Run r)) continue;
                List<String> args = scaled(c.text(), r, runs);
                Path log = runs.resolveSibling("cmd-" + c.line() + ".log");
                List<String> cmd = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.awt.headless=true",
                        "-Dai.djl.offline=true",
                        "org.lambo.cli.Lambo"));
                cmd.addAll(args);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().put("DJL_OFFLINE", "true");
                long t0 = System.nanoTime();
                Process p = pb.start();
                int killAfter = r.rewrites().stream()
                        .filter(x -> x[0].equals("kill-after-slots"))
                        .mapToInt(x -> Integer.parseInt(x[1]))
                        .findFirst()
                        .orElse(-1);
                boolean killed = false;
                if (killAfter > 0) {
                    Path slotTimes =
                            Path.of(args.get(args.indexOf("--out") + 1)).resolve("slot-times.csv");
                    long until = System.currentTimeMillis() + 240_000;
                    while (p.isAlive() && System.currentTimeMillis() < until && recordedSlots(slotTimes) < killAfter)
                        Thread.sleep(50);
                    if (p.isAlive() && recordedSlots(slotTimes) >= killAfter) {
                        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                        killed = true;
                    }
                }
                boolean ended = p.waitFor(240, TimeUnit.SECONDS);
                String stall = "";
                if (!ended) {
                    stall = stalled(p, args, log);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                if (killAfter > 0 && !killed) {
                    failures.add(c.file() + ":" + c.line() + " ended before it could be stopped after " + killAfter
                            + " slots (scale it up)\n" + tail(log));
                    continue;
                }
                if (killed) {
                    System.out.printf(
                            "DocCommandsIT %s:%d killed after %d slots: lambo %s%n",
                            c.file(), c.line(), killAfter, String.join(" ", args));
                    continue;
                }
                ran++;
                String tail = tail(log);
                System.out.printf(
                        "DocCommandsIT %s:%d %.1f s rc=%s: lambo %s%n",
                        c.file(),
                        c.line(),
                        (System.nanoTime() - t0) / 1e9,
                        ended ? p.exitValue() : "timeout",
                        String.join(" ", args));
                String output = Files.readString(log, StandardCharsets.UTF_8);
                String docText = Files.readString(doc, StandardCharsets.UTF_8);
                r.rewrites().stream()
                        .filter(x -> x[0].equals("expect") && !docText.contains(x[2]))
                        .forEach(x -> failures.add(
                                c.file() + ":" + c.line() + " quotes no " + x[2] + ", the figure its command prints"));
                for (String e : expected(r)) {
                    if (!output.contains(e))
                        failures.add(c.file() + ":" + c.line() + " prints no \"" + e
                                + "\" (the figure the doc quotes)\n" + tail);
                }
                if (!ended || p.exitValue() != 0) {
                    failures.add(
                            c.file() + ":" + c.line() + " " + (ended ? "exit " + p.exitValue() : "did not end in 240 s")
                                    + ": lambo " + String.join(" ", args) + "\n" + tail + stall);
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " doc commands failed:\n" + String.join("\n\n", failures));
        assertThat(ran).as("doc commands run").isGreaterThanOrEqualTo(10);
    }

    private static long recordedSlots(Path slotTimes) throws IOException {
        if (!Files.exists(slotTimes)) return 0;
        try (Stream<String> l = Files.lines(slotTimes)) {
            return l.filter(x -> !x.isEmpty() && Character.isDigit(x.charAt(0))).count();
        }
    }

    /**
     * What a command that did not end was doing: its threads (jcmd Thread.print, also saved beside its console log) and
     * the end of its run folder's lambo.log, so that a stall seen once in CI can be read afterwards.
     */
    private static String stalled(Process p, List<String> args, Path log) {
        StringBuilder b = new StringBuilder("\n--- threads of the stalled command (pid " + p.pid() + "):\n");
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
            Process d = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(dump.toFile())
                    .start();
            if (!d.waitFor(60, TimeUnit.SECONDS)) d.destroyForcibly();
            String threads = Files.readString(dump, StandardCharsets.UTF_8);
            System.out.println("DocCommandsIT: threads of a stalled command, saved in " + dump + ":\n" + threads);
            b.append(threads.length() > 20_000 ? threads.substring(0, 20_000) + "\n[...]" : threads);
        } catch (IOException | InterruptedException | RuntimeException e) {
            b.append("(no thread dump: ").append(e).append(")");
        }
        int at = args.indexOf("--out") >= 0 ? args.indexOf("--out") : args.indexOf("--resume");
        if (at >= 0 && at + 1 < args.size()) {
            Path runLog = Path.of(args.get(at + 1)).resolve("lambo.log");
            try {
                if (Files.exists(runLog))
                    b.append("\n--- end of ").append(runLog).append(":\n").append(tail(runLog));
            } catch (IOException e) {
                b.append("\n(").append(runLog).append(" unreadable: ").append(e).append(")");
            }
        }
        return b.toString();
    }

    private static String tail(Path log) throws IOException {
        List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
    }
}
