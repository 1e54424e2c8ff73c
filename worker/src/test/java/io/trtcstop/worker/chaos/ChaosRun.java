package io.trtcstop.worker.chaos;

import static org.awaitility.Awaitility.await;

import io.trtcstop.kafka.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One chaos run: fresh topics and group, the emulator, the command loader, the worker processes, the committed
 * output and the report. Worker logs stay in {@code target/chaos-logs/<run>-<time>/} for a look after a failure.
 */
final class ChaosRun implements AutoCloseable {

    final ChaosTopics topics;
    final ChaosApi api;
    final WorkerFleet fleet;
    final CommandLoad load;
    final CommittedOutput output;
    final ChaosReport report;
    private final long startedNanos = System.nanoTime();

    private ChaosRun(ChaosTopics topics, ChaosApi api, WorkerFleet fleet, String title) {
        this.topics = topics;
        this.api = api;
        this.fleet = fleet;
        this.load = new CommandLoad(topics, api);
        this.output = new CommittedOutput(topics);
        this.report = new ChaosReport(title);
    }

    /** @param name short, for topic names and the log directory; {@code title} heads the report */
    static ChaosRun start(KafkaBroker broker, String name, String title, int partitions, ChaosApi api) {
        Path logs = Path.of("target", "chaos-logs",
                name + "-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")));
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChaosRun run = new ChaosRun(new ChaosTopics(broker, name, partitions), api, new WorkerFleet(logs), title);
        run.report.figure("settings", "scale %d, group protocol %s, %d command partitions, API limit %s, logs %s",
                ChaosSettings.scale(), ChaosSettings.groupProtocol(), partitions,
                api.emulator().rateLimitPerSecond() == 0 ? "off" : api.emulator().rateLimitPerSecond() + "/s",
                logs.toAbsolutePath());
        return run;
    }

    /** A worker's environment for this run; null leaves WORKER_INSTANCE_ID unset. */
    Map<String, String> env(String instanceId) {
        return topics.workerEnv(api, instanceId);
    }

    int outcomesSoFar() {
        return output.outcomes().size();
    }

    void awaitOutcomes(int atLeast, Duration timeout) {
        await("at least " + atLeast + " committed outcomes").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .failFast("every worker process has ended: " + fleet.logDir().toAbsolutePath(), fleet::noneAlive)
                .until(() -> outcomesSoFar() >= atLeast);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Waits until everything sent is settled, checks every invariant (also that no worker run ended unless the test
     * ended it) and adds the common figures.
     */
    ExactlyOnceAudit.Counts settleAndCheck(Duration timeout) {
        List<SentRecord> sent = load.acknowledged();
        ExactlyOnceAudit.awaitSettled(topics, sent, output, timeout, fleet::noneAlive, report);
        report.figure("elapsed", "%.1f s from the first command to the last outcome committed",
                elapsed().toMillis() / 1000.0);
        ExactlyOnceAudit.Counts counts = ExactlyOnceAudit.check(sent, output, api, report);
        List<String> exits = fleet.unexpectedExits();
        report.figure("worker runs", "%d started, %d killed by the test, %d ended on their own",
                fleet.everyRun().size(), fleet.crashes(), exits.size());
        report.check(exits.isEmpty(), "worker run(s) ended although nobody stopped them: %s", exits);
        return counts;
    }

    @Override
    public void close() {
        report.printIfAborted(fleet.unexpectedExits());
        fleet.close();
        output.close();
        load.close();
    }
}
