package io.trtcstop.worker.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar trtc-stop-worker.jar <command>}. */
@Command(name = "trtc-stop-worker", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Stops TRTC cloud transcription tasks on command from Kafka.",
        subcommands = {RunCommand.class, DlqCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a usage error is one line on stderr and exit code 2. */
    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line whose {@code run} reads its configuration from {@code environment}. */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == RunCommand.class ? type.cast(new RunCommand(environment))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        return new CommandLine(new Main(), factory).setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see --help)");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'run'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"trtc-stop-worker " + (v == null ? "(development build)" : v)};
        }
    }
}
