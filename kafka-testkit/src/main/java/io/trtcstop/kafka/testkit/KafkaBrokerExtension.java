package io.trtcstop.kafka.testkit;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link KafkaBroker} into constructors, {@code @BeforeAll}/{@code @BeforeEach} and test methods
 * of a class annotated {@code @ExtendWith(KafkaBrokerExtension.class)}.
 *
 * <p>One broker serves the whole test JVM: started on first use, shared by every test class, and stopped
 * when the run ends. Chosen in this order: {@code KAFKA_BOOTSTRAP_SERVERS} set - that external cluster;
 * else a Testcontainers container if Docker is available; else a {@link LocalKafkaBroker} child process in
 * a temporary directory that is deleted at the end. Tests sharing it should use their own topic and group
 * names; tests that crash it call {@code Assumptions.assumeTrue(broker.supportsCrashTesting())} first.
 * {@code KAFKA_TESTKIT_BROKER=cluster} makes that broker a {@link KafkaCluster}.
 *
 * <p>A parameter of type {@link KafkaCluster} always gets a 3-node child-process cluster, also shared by the whole
 * JVM (and the same one the {@code KafkaBroker} parameters get in cluster mode), whatever the other settings say:
 * tests that kill nodes need one.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaBroker.class || type == KafkaCluster.class;
    }

    @Override
    public KafkaBroker resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Map<String, String> env = System.getenv();
        if (parameterContext.getParameter().getType() == KafkaCluster.class) {
            return cluster(extensionContext, env);
        }
        ExtensionContext.Store store = extensionContext.getRoot().getStore(NAMESPACE);
        BrokerKind kind = store.computeIfAbsent(BrokerKind.class,
                key -> SharedKafkaBroker.kind(env),
                BrokerKind.class);
        if (kind == BrokerKind.CLUSTER) {
            return cluster(extensionContext, env);
        }
        return store.computeIfAbsent(Startup.class, key -> Startup.attempt(() -> SharedKafkaBroker.start(kind, env)),
                Startup.class).broker();
    }

    private static KafkaCluster cluster(ExtensionContext context, Map<String, String> env) {
        return (KafkaCluster) context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(KafkaCluster.class,
                        key -> Startup.attempt(() -> SharedKafkaBroker.start(BrokerKind.CLUSTER, env)), Startup.class)
                .broker();
    }

    /**
     * The one attempt to start the shared broker. A failure is kept too, so that every later test fails at
     * once with the same cause instead of waiting for another broker that will not come up either.
     */
    private record Startup(SharedKafkaBroker shared, RuntimeException failure) implements AutoCloseable {

        static Startup attempt(Supplier<SharedKafkaBroker> start) {
            try {
                return new Startup(start.get(), null);
            } catch (RuntimeException e) {
                return new Startup(null, e);
            }
        }

        KafkaBroker broker() {
            if (failure != null) {
                throw new IllegalStateException("the shared Kafka broker did not start: " + failure.getMessage(), failure);
            }
            return shared.broker();
        }

        @Override
        public void close() {
            if (shared != null) {
                shared.close();
            }
        }
    }
}
