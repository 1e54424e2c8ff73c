package io.trtcstop.worker.kafka;

import io.trtcstop.worker.config.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the open transaction of a member that left the group without finishing it (SIGKILL, OOM, node loss).
 *
 * <p>Such a transaction holds back, until the coordinator times it out ({@code transaction.timeout.ms} plus the
 * broker's clean-up interval, 20 to 30 s), every {@code read_committed} reader of the outcome and dead-letter
 * partitions it wrote to, and the committed-offset read of the next owner of its partitions. A replacement that
 * reuses the instance id (a StatefulSet pod) fences it at once through {@code initTransactions}; a dynamic member's
 * replacement has a new id, so nothing would. Every instance therefore remembers the instance ids it has seen in
 * the group, and when one has left the group with a transaction still open after {@link #openFor}, fences its
 * transactional id ({@code Admin.fenceProducers}, KIP-618), which aborts the transaction now.
 *
 * <p>Only ids seen as members of this group are touched (never another group's, whatever its name), and only once
 * they are gone from the group: a member that is merely slow stays listed until its session expires. A live
 * instance that was dropped from the group (a pause longer than its session) and is fenced this way stops on its
 * next commit, as a zombie should. Members are told apart by their {@code client.id}, which the worker sets to
 * its instance id; if an operator overrides it, this instance cannot find itself in the group and does nothing.
 * Runs on its own daemon thread; a failed round is tried again at the next.
 */
public final class AbandonedTransactions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AbandonedTransactions.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** An id not seen for this long is forgotten: a crash-looping Deployment must not grow the set for ever. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** After this many rounds without finding itself among the members, an instance says why it does nothing. */
    private static final int NOT_FOUND_ROUNDS = 30;

    private final Admin admin;
    private final String group;
    private final String ownInstanceId;
    private final Duration openFor;
    private final Clock clock;
    /** Instance id (the member's client.id) -> when last seen in the group. Only touched by the scan thread. */
    private final Map<String, Instant> seen = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "abandoned-transactions");
        t.setDaemon(true);
        return t;
    });
    /** Rounds in a row in which the group had members but not this instance: see {@link #NOT_FOUND_ROUNDS}. */
    private int notFoundRounds;
    private volatile boolean disabled;

    /**
     * @param openFor how long a departed member's transaction must have been open before it is fenced; ours last
     *                well under a second, so a few seconds leaves room for a commit that a failover delays
     */
    public AbandonedTransactions(Admin admin, String group, String ownInstanceId, Duration openFor, Clock clock) {
        this.admin = admin;
        this.group = group;
        this.ownInstanceId = ownInstanceId;
        this.openFor = openFor;
        this.clock = clock;
    }

    public void start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::scanQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String transactionalId(String instanceId) {
        return WorkerConfig.transactionalId(group, instanceId);
    }

    private void scanQuietly() {
        if (disabled) {
            return;
        }
        try {
            scan();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (e.getCause() instanceof AuthorizationException) {
                disabled = true;
                log.warn("cannot look for or abort transactions left open by crashed members of group {} (needs "
                        + "DESCRIBE and WRITE on the group's transactional ids): after a crash, read_committed "
                        + "readers wait for transaction.timeout.ms instead: {}", group, e.getCause().getMessage());
            } else {
                log.debug("cannot check for abandoned transactions now, trying again: {}", e.toString());
            }
        }
    }

    /** One round: learn the members, fence the open transactions of those that left. Returns the ids fenced. */
    Set<String> scan() throws Exception {
        Instant now = clock.instant();
        Set<String> members = new HashSet<>();
        for (MemberDescription member : admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).members()) {
            members.add(member.clientId());
        }
        // Remembered even before this instance is listed itself: a member that joins while a dead one still holds
        // the group's rebalance must know that one, or it could not fence it once it leaves.
        members.forEach(id -> seen.put(id, now));
        seen.values().removeIf(at -> Duration.between(at, now).compareTo(FORGET_AFTER) > 0);
        if (!members.contains(ownInstanceId)) {
            // Not in the group yet, or client.id was overridden: then no member can be told apart by its id.
            if (!members.isEmpty() && ++notFoundRounds == NOT_FOUND_ROUNDS) {
                log.info("this instance ({}) is not among the client ids of group {}'s members {}: is client.id "
                        + "set through KAFKA_CLIENT_CLIENT_ID? Transactions left open by crashed members then wait "
                        + "for transaction.timeout.ms", ownInstanceId, group, members);
            }
            return Set.of();
        }
        notFoundRounds = 0;
        Set<String> departed = new HashSet<>(seen.keySet());
        departed.removeAll(members);
        Set<String> fenced = new HashSet<>();
        for (String instanceId : departed) {
            switch (openTransaction(instanceId, now)) {
                case NONE -> seen.remove(instanceId); // left cleanly, or the coordinator aborted it already
                case YOUNG -> { } // look again next round
                case ABANDONED -> {
                    fence(instanceId);
                    seen.remove(instanceId);
                    fenced.add(instanceId);
                }
            }
        }
        return fenced;
    }

    private enum Open { NONE, YOUNG, ABANDONED }

    private Open openTransaction(String instanceId, Instant now) throws Exception {
        String transactionalId = transactionalId(instanceId);
        TransactionDescription description;
        try {
            description = admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return Open.NONE; // never wrote, or its state expired
            }
            throw e;
        }
        if (description.state() != TransactionState.ONGOING) {
            return Open.NONE; // empty, or committing/aborting on its own
        }
        long startedAt = description.transactionStartTimeMs().orElse(now.toEpochMilli());
        return now.toEpochMilli() - startedAt >= openFor.toMillis() ? Open.ABANDONED : Open.YOUNG;
    }

    private void fence(String instanceId) throws Exception {
        String transactionalId = transactionalId(instanceId);
        admin.fenceProducers(List.of(transactionalId)).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        log.info("aborted the transaction that {} left open when it left group {} (transactional.id {}): readers of "
                + "the outcome topic and the next owner of its partitions go on now, not after transaction.timeout.ms",
                instanceId, group, transactionalId);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
