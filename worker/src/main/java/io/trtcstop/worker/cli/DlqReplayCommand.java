package io.trtcstop.worker.cli;

import io.trtcstop.worker.config.ReplayConfig;
import io.trtcstop.worker.replay.DlqReplay;
import io.trtcstop.worker.replay.InstantArgument;
import io.trtcstop.worker.replay.ReplayFilter;
import io.trtcstop.worker.replay.ReplayOptions;
import io.trtcstop.worker.replay.ReplayTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dlq replay [filters] [options]}. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-publish matching dead letters (key and value unchanged, dlq.replay.count",
                "raised) to the command topic (STOP_TOPIC), exactly once: what was replayed is recorded",
                "in the ledger topic in the same transaction as the replayed records.",
                "Filters combine (AND); a repeated filter matches any of its values.",
                "Interrupted or killed, run the same command again: nothing is replayed twice."})
final class DlqReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--code", paramLabel = "CODE",
            description = "dlq.error.code, exact or a prefix ending in '.' (AuthFailure.); repeatable")
    List<String> codes = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND",
            description = "INVALID_COMMAND, PERMANENT_API_ERROR or RETRIES_EXHAUSTED; repeatable")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
            description = "dead-lettered at or after TIME (ISO-8601, e.g. 2026-01-31T08:00:00Z; no offset: UTC)")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class,
            description = "dead-lettered before TIME")
    Instant until;

    @Option(names = "--sdk-app-id", paramLabel = "N", description = "the command's SdkAppId")
    Long sdkAppId;

    @Option(names = "--task-id", paramLabel = "ID", description = "the command's TaskId")
    String taskId;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0",
            description = "replay at most N (the oldest first); 0: no limit (default)")
    long max;

    @Option(names = "--to", paramLabel = "TOPIC",
            description = "replay to TOPIC instead of STOP_TOPIC (never the DLQ, outcome or ledger topic; "
                    + "dlq.original.topic is not obeyed)")
    String to;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "10",
            description = "records per second at most (default: ${DEFAULT-VALUE}, half the API quota, so live "
                    + "commands keep flowing); 0: no pacing")
    double rate;

    @Option(names = "--dry-run", description = "show what would be replayed, grouped by kind and code; write nothing")
    boolean dryRun;

    @Option(names = "--max-replays", paramLabel = "N", defaultValue = "3",
            description = "skip dead letters already replayed N times (default: ${DEFAULT-VALUE})")
    int maxReplays;

    @Option(names = "--force", description = "replay even dead letters replayed --max-replays times")
    boolean force;

    @Option(names = "--include-invalid", description = "replay INVALID_COMMAND dead letters too (they fail again "
            + "unless the worker's validation changed)")
    boolean includeInvalid;

    @Override
    public Integer call() throws Exception {
        ReplayOptions options = options();
        return DlqCommand.execute(spec, () -> {
            ReplayConfig config = DlqCommand.config();
            ReplayTarget.of(config, to); // a refused --to is one line and exit code 2, before anything else
            System.err.println("dlq replay: " + config + " transactional.id=" + config.transactionalId());
            AtomicBoolean stop = new AtomicBoolean();
            if (!dryRun) {
                StopSignals.onTermination(() -> stop.set(true));
            }
            DlqReplay.Result result = new DlqReplay(config, Clock.systemUTC(), Duration.ofSeconds(5))
                    .run(options, System.out, System.err, stop::get);
            System.out.flush();
            return result.stoppedEarly() ? RunCommand.EXIT_FAILED : ExitCode.OK.code();
        });
    }

    /** The options as one value; a contradiction among them is a usage error (exit 2). */
    ReplayOptions options() {
        try {
            ReplayFilter filter = new ReplayFilter(codes, new HashSet<>(kinds), since, until, sdkAppId, taskId);
            return new ReplayOptions(filter, max, to, rate, dryRun, maxReplays, force, includeInvalid);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return InstantArgument.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
