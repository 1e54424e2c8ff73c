package io.trtcstop.worker.cli;

import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.InvalidConfigException;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.credentials.CredentialsUnavailableException;
import io.trtcstop.worker.kafka.KafkaClients;
import io.trtcstop.worker.kafka.StopWorker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
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
    /** How long a static id the group refuses is tried again: longer than a KIP-848 session (45 s by default). */
    static final Duration INSTANCE_ID_PATIENCE = Duration.ofMinutes(2);
    private static final Duration INSTANCE_ID_RETRY = Duration.ofSeconds(5);

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
        AtomicReference<StopWorker> current = new AtomicReference<>();
        CountDownLatch terminating = new CountDownLatch(1);
        StopSignals.onTermination(() -> {
            log.info("termination signal received");
            terminating.countDown();
            StopWorker running = current.get();
            if (running != null) {
                running.stop();
            }
        });
        StopWorker worker;
        Instant refusedSince = null;
        while (true) {
            try {
                worker = WorkerWiring.start(config);
            } catch (KafkaClients.StartupException | CredentialsUnavailableException e) {
                log.error("cannot start: {}", e.getMessage());
                return EXIT_CONFIG;
            }
            current.set(worker);
            if (terminating.getCount() == 0) {
                worker.stop();
            }
            while (!worker.awaitStopped(Duration.ofSeconds(1))) {
                // waiting for the loop to end, by signal or by failure
            }
            if (terminating.getCount() == 0 || !instanceIdUnreleased(worker)) {
                break;
            }
            refusedSince = refusedSince != null ? refusedSince : Instant.now();
            if (Duration.between(refusedSince, Instant.now()).compareTo(INSTANCE_ID_PATIENCE) >= 0) {
                log.error("stopped: WORKER_INSTANCE_ID={} is still held by another member of the group after {} s: "
                        + "another live instance uses it; give every instance its own id (exit code {})",
                        config.instanceId(), INSTANCE_ID_PATIENCE.toSeconds(), EXIT_FENCED);
                return EXIT_FENCED;
            }
            // KIP-848 refuses a static member whose id a crashed predecessor still holds, until that one's session
            // expires (the broker's group.consumer.session.timeout.ms). Waiting here instead of exiting spares the
            // pod a crash loop and takes the partitions over the moment the id is free.
            log.warn("WORKER_INSTANCE_ID={} is still held by a member that has not left the group (a crashed "
                    + "predecessor whose session has not expired yet): joining again in {} s", config.instanceId(),
                    INSTANCE_ID_RETRY.toSeconds());
            if (terminating.await(INSTANCE_ID_RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                return ExitCode.OK.code();
            }
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

    /** The group refused this instance's static id before it ever got partitions (KIP-848's UNRELEASED_INSTANCE_ID). */
    private static boolean instanceIdUnreleased(StopWorker worker) {
        if (worker.hasBeenAssigned()) {
            return false;
        }
        for (Throwable t = worker.failure(); t != null; t = t.getCause()) {
            if (t instanceof UnreleasedInstanceIdException) {
                return true;
            }
        }
        return false;
    }
}
