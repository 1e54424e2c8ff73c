package io.trtcstop.worker.cli;

import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.InvalidConfigException;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.credentials.CredentialsUnavailableException;
import io.trtcstop.worker.kafka.KafkaClients;
import io.trtcstop.worker.kafka.StopWorker;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the worker until SIGTERM or Ctrl-C, then stops gracefully and exits 0. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Consume stop commands and stop transcription tasks.",
                "Configured by environment variables: see the README (KAFKA_BOOTSTRAP_SERVERS is required;",
                "credentials come from TENCENTCLOUD_CREDENTIALS_SOURCE, by default the first configured source)."})
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    static final int EXIT_CONFIG = ExitCode.CONFIG.code();
    static final int EXIT_FAILED = ExitCode.FAILED.code();
    /** Another live instance uses the same WORKER_INSTANCE_ID: restarting would only fence it back. */
    static final int EXIT_FENCED = ExitCode.FENCED.code();

    private final Map<String, String> environment;
    @Spec
    CommandSpec spec;

    RunCommand() {
        this(System.getenv());
    }

    /** @param environment where the configuration is read from (the process environment, or a test's) */
    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnvironment(environment);
        } catch (InvalidConfigException e) {
            // One line per problem, each naming its variable; the reader has made each one printable and short.
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(problem -> err.println(spec.qualifiedName() + ": invalid configuration: " + problem));
            err.flush();
            return EXIT_CONFIG;
        }
        log.info("starting trtc-stop-worker; {}", config);
        for (String endpoint : config.cleartextEndpoints()) {
            log.warn("INSECURE: {} is not https and not a loopback address: credentials and replayable signed requests"
                    + " cross the network in cleartext because ALLOW_CLEARTEXT_ENDPOINTS=true", endpoint);
        }
        StopWorker worker;
        try {
            worker = WorkerWiring.start(config);
        } catch (KafkaClients.StartupException | CredentialsUnavailableException e) {
            log.error("cannot start: {}", e.getMessage());
            return EXIT_CONFIG;
        }
        StopSignals.onTermination(() -> {
            log.info("termination signal received");
            worker.stop();
        });
        while (!worker.awaitStopped(java.time.Duration.ofSeconds(1))) {
            // waiting for the loop to end, by signal or by failure
        }
        if (worker.fenced()) {
            log.error("stopped: another live instance uses WORKER_INSTANCE_ID={}; give every instance its own id "
                    + "(exit code {})", config.instanceId(), EXIT_FENCED);
            return EXIT_FENCED;
        }
        if (worker.failure() != null) {
            log.error("worker stopped on an error: {}", worker.failure().getMessage());
            return EXIT_FAILED;
        }
        return ExitCode.OK.code();
    }
}
