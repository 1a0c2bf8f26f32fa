package com.agentbounty.gateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * A closed-loop load: {@code threads} platform threads, each running its own {@link Worker} back to back (the next
 * operation starts when the previous one has answered), first for a warm-up that is not counted, then for a fixed
 * measured window. An operation counts when it completes inside the window. Bounded in time: every worker stops at
 * the end of the window, however many operations that was.
 */
final class ClosedLoopLoad {

    /** One client: a connection, a statement, an HTTP client... and the operation it repeats. */
    interface Worker extends AutoCloseable {
        /** Performs one operation; returns {@link #DONE} or {@link #LATE}, throws on failure. */
        int call() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** The operation did what it was asked. */
    static final int DONE = 0;
    /** The operation succeeded but not in the expected way (e.g. HTTP 202 instead of 201: the read model lagged). */
    static final int LATE = 1;

    /** At most this many latencies are kept per worker; more would only cost memory, not precision. */
    private static final int MAX_SAMPLES_PER_WORKER = 1 << 20;

    private ClosedLoopLoad() {
    }

    /**
     * @param duringWindow runs on the calling thread while the window is open (given the window's end in
     *                     {@link System#nanoTime()} units) and must return by then; null just waits
     */
    static Result run(int threads, Duration warmup, Duration window, Callable<Worker> workerFactory,
                      LongConsumer duringWindow, CpuMeter cpu) throws InterruptedException {
        var ready = new CountDownLatch(threads);
        var go = new CountDownLatch(1);
        var state = new State();
        List<Thread> running = new ArrayList<>();
        List<long[]> samples = new ArrayList<>();
        List<int[]> sampleCounts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long[] latencies = new long[MAX_SAMPLES_PER_WORKER];
            int[] count = new int[1];
            samples.add(latencies);
            sampleCounts.add(count);
            Thread thread = new Thread(() -> work(workerFactory, ready, go, state, latencies, count), "bench-client-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            state.stop = true;
            go.countDown();
            throw new IllegalStateException("Clients did not get ready within 60 s: " + state.firstError.get());
        }
        go.countDown();
        Thread.sleep(warmup.toMillis());
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + window.toNanos();
        CpuMeter.Snapshot cpuAtStart = cpu.snapshot();
        state.measuring = true;
        if (duringWindow != null) {
            duringWindow.accept(windowEnd);
        }
        long rest = windowEnd - System.nanoTime();
        if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
        }
        state.measuring = false;
        long measuredNanos = System.nanoTime() - windowStart;
        CpuMeter.Snapshot cpuAtEnd = cpu.snapshot();
        state.stop = true;
        for (Thread thread : running) {
            thread.join(60_000);
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
        var all = new Percentiles();
        for (int i = 0; i < threads; i++) {
            all.addAll(samples.get(i), sampleCounts.get(i)[0]);
        }
        long operations = state.done.sum() + state.late.sum();
        return new Result(threads, state.done.sum(), state.late.sum(), state.errors.sum(), state.errorsInWarmup.sum(),
                measuredNanos / 1e9, all, state.firstError.get(),
                cpuAtEnd.since(cpuAtStart, operations, Runtime.getRuntime().availableProcessors()));
    }

    private static void work(Callable<Worker> workerFactory, CountDownLatch ready, CountDownLatch go, State state,
                             long[] latencies, int[] count) {
        try (Worker worker = workerFactory.call()) {
            ready.countDown();
            go.await();
            while (!state.stop) {
                long started = System.nanoTime();
                int outcome;
                try {
                    outcome = worker.call();
                } catch (Exception e) {
                    state.firstError.compareAndSet(null, e);
                    (state.measuring ? state.errors : state.errorsInWarmup).increment();
                    Thread.sleep(10); // never spin on a failing server
                    continue;
                }
                long elapsed = System.nanoTime() - started;
                if (state.measuring) {
                    (outcome == DONE ? state.done : state.late).increment();
                    if (count[0] < latencies.length) {
                        latencies[count[0]++] = elapsed;
                    }
                }
            }
        } catch (Exception e) {
            state.firstError.compareAndSet(null, e);
            ready.countDown();
        }
    }

    private static final class State {
        volatile boolean measuring;
        volatile boolean stop;
        final LongAdder done = new LongAdder();
        final LongAdder late = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder errorsInWarmup = new LongAdder();
        final AtomicReference<Exception> firstError = new AtomicReference<>();
    }

    record Result(int threads, long done, long late, long errors, long errorsInWarmup, double seconds,
                  Percentiles latency, Exception firstError, String cpu) {

        /** Successful operations (done and late) per second of the measured window. */
        double perSecond() {
            return (done + late) / seconds;
        }

        /** Both windows as one: counts and seconds added, latencies pooled (for phases measured in turns). */
        Result plus(Result other) {
            var latencies = new Percentiles();
            latencies.addAll(latency);
            latencies.addAll(other.latency);
            return new Result(threads, done + other.done, late + other.late, errors + other.errors, errorsInWarmup + other.errorsInWarmup,
                    seconds + other.seconds, latencies, firstError != null ? firstError : other.firstError, cpu + "; " + other.cpu);
        }
    }
}
