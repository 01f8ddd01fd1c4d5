package org.lambo.cli;

import org.lambo.device.DeviceMain;
import picocli.CommandLine.Command;

/**
 * {@code lambo device}: the device runtime of {@code lambo-device.jar}, run from the testbed's own command line, for a
 * machine that has the whole testbed (a lab PC standing in for a Pi, or a demo on one host). It is {@link DeviceMain}
 * under another name: the same flags, checks and runtime, so the two can never drift apart; the small standalone jar
 * stays what is deployed to a Raspberry Pi or a Jetson.
 */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        // --role, --id and --broker are required to run a device (DeviceMain checks them), but not by calibrate and
        // work
        customSynopsis = {
            "lambo device --role=ue|server --id=ID --broker=URL [OPTIONS]",
            "       lambo device (calibrate | work) [OPTIONS]"
        },
        description = {
            "Run a UE or edge-server device on the testbed's MQTT broker until stopped (SIGTERM: clean close).",
            "--role, --id and --broker are required to run a device. The same runtime and flags as `java -jar lambo-device.jar`, "
                    + "e.g. (a broker of one's own: `lambo broker`, or testbed-scripts/broker):",
            "  lambo device --role ue --id pi --broker tcp://127.0.0.1:1883 --emulate 4",
            "  lambo device --role server --id jetson-01 --broker ssl://edge.lab:8883 \\",
            "      --tls-ca ca.crt --username jetson-01 --password-file jetson-01.pw"
        })
// the flags and the subcommands calibrate and work are DeviceMain's, inherited
public final class DeviceCommand extends DeviceMain {}
