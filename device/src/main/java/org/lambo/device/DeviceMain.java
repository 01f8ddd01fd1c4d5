package org.lambo.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.cpu.CpuCalibrator;
import org.lambo.device.cpu.Execution;
import org.lambo.device.cpu.Workload;
import org.lambo.device.energy.EnergyModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code lambo-device.jar}, the runtime a Raspberry Pi or a Jetson runs. This first version
 * has the device's measuring core: {@code calibrate} and {@code work}; the MQTT runtime
 * ({@code --role ue|server --id ID --broker URL}) joins when the ontology's messages land.
 * Every result is one JSON object on standard output.
 */
@Command(name = "lambo-device", mixinStandardHelpOptions = true, version = "lambo-device 0.1.0",
        description = "The LAMBO device runtime for a Raspberry Pi or a Jetson.",
        subcommands = {DeviceMain.Calibrate.class, DeviceMain.Work.class})
public final class DeviceMain implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DeviceMain());
        // bad flags: one line naming the flag, and the usage; never a stack trace
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("lambo-device: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("lambo-device: " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ObjectNode calibrationJson(Calibration c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("cyclesPerSecond", c.cyclesPerSecond());
        n.put("iterationsPerSecond", c.iterationsPerSecond());
        n.put("trials", c.trials());
        n.put("iterationsPerTrial", c.iterationsPerTrial());
        n.put("spread", c.spread());
        return n;
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true,
            description = "Measure this CPU's speed in task cycles per second (median of timed trials of the integer kernel).")
    static final class Calibrate implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--trials", defaultValue = "7", description = "timed trials (default ${DEFAULT-VALUE})")
        int trials;

        @Option(names = "--trial-ms", defaultValue = "50", description = "least duration of one trial, ms (default ${DEFAULT-VALUE})")
        long trialMs;

        @Override
        public Integer call() throws Exception {
            if (trials < 1 || trials > 1000) throw new CommandLine.ParameterException(spec.commandLine(), "--trials must be in [1, 1000], got " + trials);
            if (trialMs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--trial-ms must be >= 1, got " + trialMs);
            Calibration c = CpuCalibrator.builder().trials(trials).trialTime(Duration.ofMillis(trialMs)).build().calibrate();
            spec.commandLine().getOut().println(JSON.writeValueAsString(calibrationJson(c)));
            return 0;
        }
    }

    @Command(name = "work", mixinStandardHelpOptions = true,
            description = "Calibrate, then really execute a task of --cycles (scaled by --scale) and report its times and energy.")
    static final class Work implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--cycles", required = true, description = "the task's CPU cycles F_i, e.g. 1e10")
        double cycles;

        @Option(names = "--scale", defaultValue = "1", description = "run cycles x scale, in (0, 1] (default ${DEFAULT-VALUE})")
        double scale;

        @Option(names = "--power", defaultValue = "1", description = "P_L, watts while computing (default ${DEFAULT-VALUE})")
        double power;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            if (!(cycles >= 0) || !Double.isFinite(cycles)) throw new CommandLine.ParameterException(cl, "--cycles must be a finite number >= 0, got " + cycles);
            if (!(scale > 0 && scale <= 1)) throw new CommandLine.ParameterException(cl, "--scale must be in (0, 1], got " + scale);
            if (!(power > 0) || !Double.isFinite(power)) throw new CommandLine.ParameterException(cl, "--power must be a finite number > 0, got " + power);
            Calibration c = CpuCalibrator.builder().build().calibrate();
            Execution e = new Workload(scale).execute(cycles);
            EnergyModel energy = new EnergyModel(power, 1.0);
            ObjectNode n = JSON.createObjectNode();
            n.set("calibration", calibrationJson(c));
            n.put("cycles", e.cycles());
            n.put("scale", e.scale());
            n.put("iterations", e.iterations());
            n.put("wallSeconds", e.wallNanos() / 1e9);
            n.put("cpuSeconds", e.cpuNanos() / 1e9);
            n.put("busySecondsFullSize", e.busySeconds());
            n.put("modelSeconds", e.cycles() / c.cyclesPerSecond());
            n.put("energyJoules", energy.computeJoules(e));
            n.put("checksum", Long.toHexString(e.checksum()));
            cl.getOut().println(JSON.writeValueAsString(n));
            return 0;
        }
    }
}
