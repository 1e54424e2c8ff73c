package io.trtcstop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What the DLQ replay runbook ({@code ops/runbook-dlq-replay.md}) needs from the local stack: the compacted ledger
 * topic, and a shell file that points {@code dlq ...} at this stack's broker (its port changes on every start).
 */
final class ReplayTools {

    static final String SHELL_FILE = "dlq.sh";

    private ReplayTools() {
    }

    /** As ops/topics.md says: compacted, so an entry never expires and its dead letter is never replayed twice. */
    static void createLedgerTopic(Admin admin, String name) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the replay ledger topic " + name, e.getCause());
            }
        }
    }

    static Path writeShellSetup(Path dataDir, String bootstrap, String emulator, String failingTask) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        StringBuilder s = new StringBuilder();
        s.append("# Written by bin/local-stack on every start: source it in another terminal at the repository root.\n");
        s.append("export KAFKA_BOOTSTRAP_SERVERS=").append(bootstrap).append('\n');
        s.append("export STOP_TOPIC=").append(LocalStack.STOP).append('\n');
        s.append("export OUTCOME_TOPIC=").append(LocalStack.OUTCOME).append('\n');
        s.append("export DLQ_TOPIC=").append(LocalStack.DLQ).append('\n');
        s.append("export DLQ_REPLAY_LEDGER_TOPIC=").append(LocalStack.LEDGER).append('\n');
        s.append("export TRTC_EMULATOR=").append(emulator).append('\n');
        if (failingTask != null) {
            s.append("# The 'permanent API error' sample: its stop calls fail until its emulator script is removed.\n");
            s.append("export SAMPLE_FAILING_TASK='").append(failingTask).append("'\n");
        }
        s.append("# dlq inspect | dlq replay ...: the worker jar's DLQ tools, with the JDK the stack runs on.\n");
        s.append("dlq() { '").append(java).append("' -jar worker/target/trtc-stop-worker.jar dlq \"$@\"; }\n");
        Path file = dataDir.resolve(SHELL_FILE);
        Files.writeString(file, s.toString());
        return file;
    }

    static void printHints(Path shellFile) {
        LocalStack.say("dead letters: inspect and replay them from another terminal (ops/runbook-dlq-replay.md):");
        LocalStack.say("  . " + shellFile + "    # points dlq at this broker");
        LocalStack.say("  dlq inspect");
        LocalStack.say("  dlq replay --dry-run");
    }
}
