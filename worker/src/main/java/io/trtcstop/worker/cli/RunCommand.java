package io.trtcstop.worker.cli;

import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.InvalidConfigException;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.credentials.CredentialsUnavailableException;
import io.trtcstop.worker.kafka.KafkaClients;
import io.trtcstop.worker.kafka.StopWorker;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

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

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnvironment(System.getenv());
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        log.info("starting trtc-stop-worker; {}", config);
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
            if (config.staticMembership()) {
                log.error("stopped: another live instance uses WORKER_INSTANCE_ID={}; give every instance its own id "
                        + "(exit code {})", config.instanceId(), EXIT_FENCED);
            } else {
                // A dynamic id is unique to the process: only a member that saw this one leave the group fences it.
                log.error("stopped: this instance ({}) was dropped from the group (paused longer than its session) "
                        + "and another member aborted its open transaction; restart it (exit code {})",
                        config.instanceId(), EXIT_FENCED);
            }
            return EXIT_FENCED;
        }
        if (worker.failure() != null) {
            log.error("worker stopped on an error: {}", worker.failure().getMessage());
            return EXIT_FAILED;
        }
        return ExitCode.OK.code();
    }
}
