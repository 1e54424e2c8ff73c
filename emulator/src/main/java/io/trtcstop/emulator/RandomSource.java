package io.trtcstop.emulator;

import java.util.random.RandomGenerator;

/**
 * The injected random generator, shared by concurrent requests. Most {@link RandomGenerator}s are not
 * thread-safe, so every draw goes through one lock; with a seeded generator and sequential calls the emulator's
 * choices are reproducible.
 */
final class RandomSource {

    private final RandomGenerator generator;

    RandomSource(RandomGenerator generator) {
        this.generator = generator;
    }

    /** Uniform in [0, 1). */
    synchronized double nextDouble() {
        return generator.nextDouble();
    }

    /** Uniform in [0, bound]; 0 when bound is 0. */
    synchronized long nextLongInclusive(long bound) {
        return bound <= 0 ? 0 : generator.nextLong(bound + 1);
    }

    synchronized int nextInt(int bound) {
        return generator.nextInt(bound);
    }

    synchronized void nextBytes(byte[] bytes) {
        generator.nextBytes(bytes);
    }
}
