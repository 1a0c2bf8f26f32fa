package com.agentbounty.sandbox.jobs;

import com.agentbounty.sandbox.quickjs.QuickJsRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;

/**
 * Warms the QuickJS engine up (about a second of class loading and JIT) on a thread of its own, then starts taking
 * jobs: the application starts without waiting, and no job is judged on a cold engine.
 */
class QuickJsWarmUp implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(QuickJsWarmUp.class);

    private final QuickJsRuntime quickJs;
    private final MessageListenerContainer jobs;
    private final WorkerMetrics metrics;
    private Thread thread;
    private boolean running;

    QuickJsWarmUp(QuickJsRuntime quickJs, MessageListenerContainer jobs, WorkerMetrics metrics) {
        this.quickJs = quickJs;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::warmUpThenConsume, "sandbox-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void warmUpThenConsume() {
        long started = System.nanoTime();
        try {
            quickJs.warmUp();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.warmUp(took);
            LOG.info("QuickJS warmed up in {} ms; taking verification jobs", took.toMillis());
        } catch (RuntimeException e) {
            // Jobs are still taken: a cold engine is slow, not wrong, and a broken one fails its jobs visibly.
            LOG.error("QuickJS warm-up failed; taking verification jobs anyway", e);
        }
        synchronized (this) {
            if (running) {
                jobs.start();
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (jobs.isRunning()) {
            jobs.stop();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
