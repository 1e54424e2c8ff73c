package io.trtcstop.worker.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain transactional producers for the kafka package's tests, as a worker instance's would be identified. */
final class TransactionalProducers {

    private TransactionalProducers() {
    }

    /** A producer with {@code transactionalId}, not yet initialised; the caller closes it. */
    static KafkaProducer<byte[], byte[]> open(String bootstrapServers, String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}
