package io.trtcstop.worker.cli;

import io.trtcstop.worker.config.InvalidConfigException;
import io.trtcstop.worker.config.ReplayConfig;
import io.trtcstop.worker.replay.ReplayException;
import io.trtcstop.worker.replay.ReplaySetupException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlq inspect} and {@code dlq replay}: the dead-letter topic's operator tools. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Inspect the dead-letter topic and replay dead letters, exactly once.",
                "Configured by the environment variables of 'run' (KAFKA_BOOTSTRAP_SERVERS,",
                "DLQ_TOPIC, KAFKA_CLIENT_*, ...) and DLQ_REPLAY_LEDGER_TOPIC; no Tencent Cloud",
                "credentials are needed.",
                "Exit codes: 0 done, 1 failed (running again is safe), 2 bad arguments or",
                "configuration."},
        subcommands = {DlqInspectCommand.class, DlqReplayCommand.class})
final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: inspect or replay");
    }

    /** Reads the configuration, runs the tool, and turns its failures into an exit code and one line each. */
    static int execute(CommandLine.Model.CommandSpec spec, Callable<Integer> tool) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return tool.call();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> err.println("dlq: " + p));
            return RunCommand.EXIT_CONFIG;
        } catch (ReplaySetupException e) {
            err.println("dlq: " + e.getMessage());
            return RunCommand.EXIT_CONFIG;
        } catch (ReplayException e) {
            err.println("dlq: failed: " + e.getMessage());
            return RunCommand.EXIT_FAILED;
        } finally {
            err.flush();
        }
    }

    static ReplayConfig config() {
        ToolLogging.toStandardError();
        return ReplayConfig.fromEnvironment(System.getenv());
    }
}
