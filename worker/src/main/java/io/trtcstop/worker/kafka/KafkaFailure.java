package io.trtcstop.worker.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What an exception from the transactional producer (or the consumer's group calls) means under the kafka-clients
 * 4.x contract, and so what the worker does about it.
 */
enum KafkaFailure {
    /**
     * A timed-out {@code initTransactions}, {@code sendOffsetsToTransaction}, {@code commitTransaction} or
     * {@code abortTransaction} (the coordinator is moving or unreachable for longer than {@code max.block.ms}): the
     * same call may be retried (commit and abort must be: nothing else is allowed until they complete); a
     * sendOffsets that keeps timing out leaves its transaction in doubt, so that one is aborted.
     */
    RETRY_SAME_CALL,
    /** The transaction cannot commit (a refused record, a rebalance): abort it and try its content again later. */
    ABORT_AND_RETRY,
    /** Another live instance took our transactional id or group instance id: stop, and say which id. */
    FENCED,
    /** The client is unusable (authorization, protocol, interrupted): stop; a restart starts clean. */
    FATAL;

    static KafkaFailure of(RuntimeException e) {
        // InvalidProducerEpochException is abortable since KIP-588; only these two mean another owner of our id.
        if (e instanceof ProducerFencedException || e instanceof FencedInstanceIdException) {
            return FENCED;
        }
        if (e instanceof TimeoutException) {
            return RETRY_SAME_CALL;
        }
        if (e instanceof TransactionalIdAuthorizationException || e instanceof AuthenticationException
                || e instanceof UnsupportedVersionException || e instanceof OutOfOrderSequenceException
                || e instanceof InterruptException || e instanceof IllegalStateException) {
            return FATAL;
        }
        if (e instanceof AuthorizationException) {
            // A missing write ACL on a topic fails the transaction, not the producer: retrying after an operator
            // fixes the ACL commits everything; meanwhile nothing is lost.
            return ABORT_AND_RETRY;
        }
        if (e instanceof KafkaException) {
            return ABORT_AND_RETRY;
        }
        return FATAL;
    }

    /** Ends the poll loop; {@link #fenced()} tells the command line which exit code to use. */
    static final class Stop extends RuntimeException {
        private final boolean fenced;

        Stop(String message, RuntimeException cause, boolean fenced) {
            super(message, cause);
            this.fenced = fenced;
        }

        boolean fenced() {
            return fenced;
        }
    }
}
