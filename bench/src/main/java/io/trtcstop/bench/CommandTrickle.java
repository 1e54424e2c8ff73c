package io.trtcstop.bench;

import java.util.List;

/**
 * A steady trickle of commands beside a backlog: one command per second to each of some partitions, sent by its own
 * thread for a number of seconds, at whole seconds from its start.
 */
final class CommandTrickle implements AutoCloseable {

    private final CommandLoader loader;
    private final List<Integer> partitions;
    private final List<String> taskIds;
    private final int seconds;
    private final Thread thread;
    private volatile int sent;

    /** {@code taskIds}: one per command, {@code partitions.size() * seconds} of them. */
    CommandTrickle(CommandLoader loader, List<Integer> partitions, List<String> taskIds, int seconds) {
        if (taskIds.size() < partitions.size() * seconds) {
            throw new IllegalArgumentException("a trickle of " + seconds + " s to " + partitions.size()
                    + " partitions needs " + partitions.size() * seconds + " tasks, got " + taskIds.size());
        }
        this.loader = loader;
        this.partitions = List.copyOf(partitions);
        this.taskIds = taskIds;
        this.seconds = seconds;
        this.thread = Thread.ofPlatform().name("command-trickle").daemon().unstarted(this::send);
    }

    /** How many commands one trickle sends. */
    static int commands(int partitions, int seconds) {
        return partitions * seconds;
    }

    CommandTrickle start() {
        thread.start();
        return this;
    }

    private void send() {
        long start = System.currentTimeMillis();
        int next = 0;
        try {
            for (int second = 0; second < seconds; second++) {
                long due = start + second * 1000L;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                for (int partition : partitions) {
                    loader.send(taskIds.get(next++), partition);
                }
                sent = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int sent() {
        return sent;
    }

    /** Waits until the trickle has sent everything (or {@code timeoutMillis} passed), then until the broker has it. */
    void awaitEnd(long timeoutMillis) throws InterruptedException {
        thread.join(Math.max(1, timeoutMillis));
        loader.flush();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
