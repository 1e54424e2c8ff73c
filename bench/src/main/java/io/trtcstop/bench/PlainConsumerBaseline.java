package io.trtcstop.bench;

import io.trtcstop.worker.trtc.Credentials;
import io.trtcstop.worker.trtc.CredentialsProvider;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.TrtcClient;
import io.trtcstop.worker.trtc.TrtcClientConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simplest correct consumer, as the yardstick for scenario 2: per partition one thread that polls one record,
 * calls the API (with the worker's own {@link TrtcClient}), and commits its offset, one record at a time. It
 * writes no outcome events, so it does strictly less Kafka work per command than the worker.
 */
final class PlainConsumerBaseline {

    /** Commands finished after warm-up, per second, and how they were answered. */
    record Result(double commandsPerSecond, long finished, long failed) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlainConsumerBaseline() {
    }

    static Result run(String bootstrap, ScenarioTopics topics, URI endpoint, Duration duration, Duration warmUp)
            throws InterruptedException {
        TrtcClientConfig config = TrtcClientConfig.defaults().withEndpoint(endpoint);
        TrtcClient client = new TrtcClient(config,
                CredentialsProvider.fixed(Credentials.of(BenchStack.SECRET_ID, BenchStack.SECRET_KEY)),
                TrtcClient.defaultHttpClient(config), Clock.systemUTC());
        long start = System.currentTimeMillis();
        long measureFrom = start + warmUp.toMillis();
        long end = start + duration.toMillis();
        AtomicLong measured = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < topics.partitions(); p++) {
            TopicPartition tp = new TopicPartition(topics.stop(), p);
            threads.add(Thread.ofPlatform().name("baseline-" + p).start(() -> {
                try (KafkaConsumer<String, String> consumer = consumer(bootstrap, topics.group())) {
                    consumer.assign(List.of(tp));
                    while (System.currentTimeMillis() < end) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            JsonNode command = JSON.readTree(r.value());
                            DeleteResult answer = client.deleteCloudTranscription(command.path("SdkAppId").asLong(),
                                    command.path("TaskId").asString(), BenchStack.REGION);
                            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
                            long now = System.currentTimeMillis();
                            finished.incrementAndGet();
                            if (answer instanceof DeleteResult.Failed) {
                                failed.incrementAndGet();
                            }
                            if (now >= measureFrom && now < end) {
                                measured.incrementAndGet();
                            }
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (end - measureFrom) / 1000.0;
        return new Result(measured.get() / seconds, finished.get(), failed.get());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
