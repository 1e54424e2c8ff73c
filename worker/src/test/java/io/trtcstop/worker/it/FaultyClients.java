package io.trtcstop.worker.it;

import io.trtcstop.worker.WorkerWiring;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * Deterministic fault injection over the real Kafka clients: the Nth call of a named method of the consumer or the
 * producer throws a chosen exception (before the real call, so the client's own state stays what the contract
 * describes), or stalls for a while first. Everything else goes to the real client unchanged. It also counts the
 * rebalance callbacks the worker receives, and records what the real clients threw ({@link #realFailures}), so a
 * test that drives the real client into a state (a paused coordinator) can show which call failed and how.
 */
final class FaultyClients implements WorkerWiring.KafkaClientDecorator {

    enum Side { CONSUMER, PRODUCER }

    private record Fault(Side side, String method, int nth, boolean everyCallFromNth, Supplier<RuntimeException> error,
                         Duration stall, boolean countFromAssignment) {}

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
    private final Map<String, List<String>> realFailures = new ConcurrentHashMap<>();
    final AtomicInteger partitionsLost = new AtomicInteger();
    private final AtomicInteger partitionsAssigned = new AtomicInteger();
    private final AtomicInteger pollsSinceAssigned = new AtomicInteger();

    /** The {@code nth} call (1-based) of {@code method} throws {@code error}. */
    FaultyClients failOnce(Side side, String method, int nth, Supplier<RuntimeException> error) {
        faults.add(new Fault(side, method, nth, false, error, Duration.ZERO, false));
        return this;
    }

    /** Every call of {@code method} from the {@code nth} on throws {@code error}. */
    FaultyClients failFrom(Side side, String method, int nth, Supplier<RuntimeException> error) {
        faults.add(new Fault(side, method, nth, true, error, Duration.ZERO, false));
        return this;
    }

    /**
     * The {@code nth} consumer {@code poll} after the worker was first given partitions blocks for {@code stall}
     * before going through (a wedged loop, while commands are in flight).
     */
    FaultyClients stallPollAfterAssignment(int nth, Duration stall) {
        faults.add(new Fault(Side.CONSUMER, "poll", nth, false, null, stall, true));
        return this;
    }

    /** The {@code nth} call of {@code method} blocks for {@code stall} before going through (a frozen process). */
    FaultyClients stallOnce(Side side, String method, int nth, Duration stall) {
        faults.add(new Fault(side, method, nth, false, null, stall, false));
        return this;
    }

    /** How many injected faults of {@code method} have fired. */
    int fired(Side side, String method) {
        return fired.computeIfAbsent(side + "." + method, k -> new AtomicInteger()).get();
    }

    /** The simple class names of the exceptions the real client's {@code method} threw, in order. */
    List<String> realFailures(Side side, String method) {
        return List.copyOf(realFailures.getOrDefault(side + "." + method, List.of()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Consumer<byte[], byte[]> consumer(Consumer<byte[], byte[]> real) {
        return (Consumer<byte[], byte[]>) proxy(Consumer.class, real, Side.CONSUMER);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> real) {
        return (Producer<byte[], byte[]>) proxy(Producer.class, real, Side.PRODUCER);
    }

    private Object proxy(Class<?> type, Object real, Side side) {
        InvocationHandler handler = (self, method, args) -> {
            String key = side + "." + method.getName();
            int n = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            int sinceAssigned = partitionsAssigned.get() > 0 && method.getName().equals("poll")
                    ? pollsSinceAssigned.incrementAndGet() : 0;
            for (Fault f : faults) {
                int count = f.countFromAssignment ? sinceAssigned : n;
                if (f.side == side && f.method.equals(method.getName())
                        && (f.everyCallFromNth ? count >= f.nth : count == f.nth)) {
                    fired.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    if (!f.stall.isZero()) {
                        Thread.sleep(f.stall.toMillis()); // the fault itself: a wedged client call
                    }
                    if (f.error != null) {
                        throw f.error.get();
                    }
                }
            }
            Object[] actual = args;
            if (side == Side.CONSUMER && method.getName().equals("subscribe") && args != null && args.length == 2
                    && args[1] instanceof ConsumerRebalanceListener listener) {
                actual = new Object[] {args[0], counting(listener)};
            }
            try {
                return method.invoke(real, actual);
            } catch (InvocationTargetException e) {
                realFailures.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                        .add(e.getCause().getClass().getSimpleName());
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private ConsumerRebalanceListener counting(ConsumerRebalanceListener inner) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                inner.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    partitionsAssigned.incrementAndGet();
                }
                inner.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                partitionsLost.incrementAndGet();
                inner.onPartitionsLost(partitions);
            }
        };
    }
}
