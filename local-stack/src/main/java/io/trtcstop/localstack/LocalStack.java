package io.trtcstop.localstack;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.LocalKafkaBroker;
import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.ReplayConfig;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.kafka.StopWorker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole product on one machine without Docker: a real Kafka broker (child JVM), the TRTC emulator with some
 * running tasks, the worker, a handful of sample commands, and a live, readable view of every outcome and dead
 * letter. Lines typed on standard input are sent as stop commands. Ctrl-C stops everything cleanly.
 */
@Command(name = "local-stack", mixinStandardHelpOptions = true,
        description = "Runs Kafka, the TRTC emulator and the worker locally, feeds sample commands, shows outcomes.")
public final class LocalStack implements java.util.concurrent.Callable<Integer> {

    static final String SECRET_ID = "AKIDlocalstackEXAMPLE";
    static final String SECRET_KEY = "local-stack-secret-key";
    static final long SDK_APP_ID = 1400000001L;
    static final String STOP = "transcription.stop";
    static final String OUTCOME = "transcription.stop.outcome";
    static final String DLQ = "transcription.stop.dlq";
    static final String LEDGER = ReplayConfig.DEFAULT_LEDGER_TOPIC;

    @Option(names = "--data-dir", description = "Where Kafka keeps its data and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("target", "local-stack");

    @Option(names = "--emulator-port", description = "Port of the TRTC emulator (default: ${DEFAULT-VALUE}).")
    int emulatorPort = 8089;

    @Option(names = "--no-samples", description = "Do not send the sample commands.")
    boolean noSamples;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStack()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        say("starting Kafka (its data and broker.log go to " + dataDir.toAbsolutePath().resolve("kafka") + ") ...");
        LocalKafkaBroker kafka = LocalKafkaBroker.start(dataDir.resolve("kafka"));
        kafka.createTopics(6, STOP, OUTCOME);
        kafka.createTopics(3, DLQ);
        ReplayTools.createLedgerTopic(kafka.admin(), LEDGER);
        TrtcEmulator emulator = TrtcEmulator.builder().port(emulatorPort).credentials(SECRET_ID, SECRET_KEY)
                .build().start();
        say("Kafka at " + kafka.bootstrapServers() + "; TRTC emulator at " + emulator.endpoint()
                + "; worker log in " + dataDir.toAbsolutePath().resolve("worker.log"));

        StopWorker worker = WorkerWiring.start(WorkerConfig.fromEnvironment(workerEnv(kafka, emulator)));
        OutcomeView view = OutcomeView.start(kafka.bootstrapServers(), OUTCOME, DLQ, System.out);
        KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs this hook: everything stops in the order that loses nothing, worker first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping: worker (graceful), outcome view, emulator, Kafka ...");
            worker.stop();
            try {
                worker.awaitStopped(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(2));
            view.close();
            emulator.close();
            kafka.close();
            say("stopped.");
            stopped.countDown();
        }, "local-stack-stop"));

        String failingTask = noSamples ? null : sendSamples(emulator, producer);
        Path tools = ReplayTools.writeShellSetup(dataDir, kafka.bootstrapServers(), emulator.endpoint().toString(),
                failingTask);
        ReplayTools.printHints(tools);
        say("type a stop command as JSON and press Enter to send it, e.g. {\"SdkAppId\":" + SDK_APP_ID
                + ",\"TaskId\":\"" + emulator.createTask(SDK_APP_ID, "typed-room")
                + "\"}  (that task was just started); Ctrl-C stops everything");
        Thread.ofPlatform().daemon().name("stdin-commands").start(() -> sendTypedCommands(producer));
        stopped.await();
        return 0;
    }

    private static Map<String, String> workerEnv(LocalKafkaBroker kafka, TrtcEmulator emulator) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("TRTC_ENDPOINT", emulator.endpoint().toString());
        env.put("TRTC_REGION", "ap-singapore");
        env.put("TENCENTCLOUD_SECRET_ID", SECRET_ID);
        env.put("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        env.put("WORKER_INSTANCE_ID", "local-worker-0");
        env.put("RETRY_INITIAL_BACKOFF", "100ms");
        env.put("RETRY_MAX_BACKOFF", "1s");
        env.put("SHUTDOWN_GRACE", "10s");
        return env;
    }

    /** One command of each kind the README promises: normal, duplicate, already ended, invalid, permanent failure. */
    /** Returns the TaskId of the permanently failing sample, whose dead letter the replay runbook uses. */
    private static String sendSamples(TrtcEmulator emulator, KafkaProducer<String, String> producer) {
        String running = emulator.createTask(SDK_APP_ID, "room-1001");
        String flaky = emulator.createTask(SDK_APP_ID, "room-1002");
        emulator.faults().scriptStopAnswers(flaky, "InternalError", "HTTP_503");
        String forbidden = emulator.createTask(SDK_APP_ID, "room-1003");
        emulator.faults().scriptStopAnswersForever(forbidden, "FailedOperation.CTUnsupportMethod");
        List<String[]> samples = List.of(
                new String[] {"normal stop", running, stop(running, "cmd-1")},
                new String[] {"duplicate of the first", running, stop(running, "cmd-2")},
                new String[] {"task that already ended", "ended-task-0001", stop("ended-task-0001", "cmd-3")},
                new String[] {"transient errors, then success", flaky, stop(flaky, "cmd-4")},
                new String[] {"invalid command (SdkAppId is a string)", "bad-1",
                        "{\"SdkAppId\":\"abc\",\"TaskId\":\"bad-1\",\"CommandId\":\"cmd-5\"}"},
                new String[] {"permanent API error", forbidden, stop(forbidden, "cmd-6")});
        for (String[] s : samples) {
            say("sending sample: " + s[0] + " -> " + s[2]);
            producer.send(new ProducerRecord<>(STOP, s[1], s[2]));
        }
        producer.flush();
        return forbidden;
    }

    private static String stop(String taskId, String commandId) {
        return "{\"SdkAppId\":" + SDK_APP_ID + ",\"TaskId\":\"" + taskId + "\",\"CommandId\":\"" + commandId + "\"}";
    }

    private static void sendTypedCommands(KafkaProducer<String, String> producer) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    producer.send(new ProducerRecord<>(STOP, null, line.trim()));
                    producer.flush();
                    say("sent: " + line.trim());
                }
            }
        } catch (Exception e) {
            // standard input closed or the producer is shutting down: nothing more to send
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static void say(String line) {
        System.out.println("[local-stack] " + line);
    }
}
