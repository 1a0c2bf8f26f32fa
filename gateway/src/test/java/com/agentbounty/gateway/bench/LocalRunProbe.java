package com.agentbounty.gateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the packaged application ({@code java -jar gateway.jar}, mode {@code local}: embedded PostgreSQL with its
 * data in {@code agentbounty.data-dir}, embedded Redis, in-process Kafka) as a separate process, as a developer
 * would, and measures the time until {@code /api/ready} answers 200 and the memory it then holds. Linux only
 * ({@code /proc}).
 */
final class LocalRunProbe {

    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    private static final Pattern STARTED = Pattern.compile("Started GatewayApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

    private LocalRunProbe() {
    }

    /**
     * @param label       names the run's log file (kept in {@code target/bench/})
     * @param settleAfter how long to wait after ready before the second memory reading
     */
    static Measurement startMeasureStop(Path jar, Path dataDirectory, Path workDirectory, String label, Duration settleAfter)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = Path.of("target", "bench", "local-run-" + label + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Dagentbounty.data-dir=" + dataDirectory, "-jar", jar.toString(),
                "--server.port=" + port);
        var builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.environment().remove("AGENTBOUNTY_MODE"); // the default mode, local, is what is measured

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();

        long started = System.nanoTime();
        Process process = builder.start();
        Thread killer = new Thread(process::destroyForcibly, "bench-kill-" + label);
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            long readyNanos = -1;
            int lastStatus = -1;
            while (System.nanoTime() - started < READY_LIMIT.toNanos() && process.isAlive()) {
                try {
                    lastStatus = http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (lastStatus == 200) {
                        readyNanos = System.nanoTime() - started;
                        break;
                    }
                } catch (IOException notListeningYet) {
                    // connection refused until Tomcat has bound the port
                }
                Thread.sleep(50);
            }
            if (readyNanos < 0) {
                throw new IllegalStateException("%s: not ready within %s (alive: %s, last status %d); see %s"
                        .formatted(label, READY_LIMIT, process.isAlive(), lastStatus, log));
            }
            long pid = process.pid();
            long rssAtReady = statusKiB(pid, "VmRSS");
            long treeAtReady = pssKiB(servers(process, dataDirectory));
            Thread.sleep(settleAfter.toMillis());
            long rssSettled = statusKiB(pid, "VmRSS");
            long peak = statusKiB(pid, "VmHWM");
            List<ProcessHandle> servers = servers(process, dataDirectory);
            long treeSettled = pssKiB(servers);
            Optional<double[]> springReported = springReported(log);
            return new Measurement(label, readyNanos / 1e9, springReported.map(s -> s[0]).orElse(Double.NaN),
                    rssAtReady, rssSettled, peak, treeAtReady, treeSettled, servers.size() - 1,
                    stop(process, dataDirectory), log);
        } finally {
            if (process.isAlive()) {
                stop(process, dataDirectory);
            }
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    /** SIGTERM, so Spring closes and the embedded servers stop cleanly; forcibly only after a minute. */
    private static double stop(Process process, Path dataDirectory) throws InterruptedException {
        List<ProcessHandle> descendants = servers(process, dataDirectory);
        long stopping = System.nanoTime();
        process.destroy();
        if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        double stopSeconds = (System.nanoTime() - stopping) / 1e9;
        for (ProcessHandle child : descendants) { // the servers this run started (postgres, redis), nothing else
            if (child.isAlive()) {
                child.destroy();
                child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        }
        return stopSeconds;
    }

    private static Optional<double[]> springReported(Path log) throws IOException {
        Matcher matcher = STARTED.matcher(Files.readString(log));
        return matcher.find()
                ? Optional.of(new double[]{Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2))})
                : Optional.empty();
    }

    /** A {@code kB} field of {@code /proc/<pid>/status}, e.g. VmRSS (resident now) or VmHWM (resident at its peak). */
    static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("No " + field + " for pid " + pid);
    }

    /**
     * The application's JVM and every server process it started: its descendants (Redis) and the PostgreSQL
     * postmaster with its backends. {@code pg_ctl start} detaches the postmaster, so it is no descendant of the JVM;
     * it is found by its {@code -D} data directory, which is this run's own temporary folder.
     */
    static List<ProcessHandle> servers(Process process, Path dataDirectory) {
        var servers = new java.util.LinkedHashSet<ProcessHandle>();
        servers.add(process.toHandle());
        servers.addAll(process.toHandle().descendants().toList());
        String data = dataDirectory.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(data)).orElse(false))
                .filter(p -> p.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .forEach(postmaster -> {
                    servers.add(postmaster);
                    servers.addAll(postmaster.descendants().toList());
                });
        return List.copyOf(servers);
    }

    /**
     * Proportional set size summed over processes: memory several of them share (PostgreSQL's shared buffers,
     * libraries) is counted once in the total, not once per process.
     */
    static long pssKiB(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(p -> pssKiB(p.pid())).sum();
    }

    private static long pssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException goneAlready) {
            // a short-lived child (e.g. a PostgreSQL worker) may exit between listing and reading
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * @param readySeconds         from starting the process to the first 200 from {@code /api/ready}
     * @param springStartedSeconds Spring's own "Started GatewayApplication in" figure, from the log
     */
    record Measurement(String label, double readySeconds, double springStartedSeconds, long jvmRssAtReadyKiB,
                       long jvmRssSettledKiB, long jvmPeakRssKiB, long treePssAtReadyKiB, long treePssSettledKiB,
                       int childProcesses, double stopSeconds, Path log) {
    }
}
