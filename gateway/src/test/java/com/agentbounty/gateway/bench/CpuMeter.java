package com.agentbounty.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CPU goes during a measured window: this JVM per thread group (Tomcat workers, the tracking processors,
 * the Kafka broker, the benchmark's own clients...) and the PostgreSQL server (postmaster and backends, from
 * {@code /proc}). Linux only. A diagnostic: it explains the figures, it is not one of them.
 */
final class CpuMeter {

    private static final long TICK_NANOS = 10_000_000; // USER_HZ is 100 on Linux
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long postmasterPid;

    /** @param postmasterPid the embedded PostgreSQL's postmaster, or -1 to leave PostgreSQL out */
    CpuMeter(long postmasterPid) {
        this.postmasterPid = postmasterPid;
    }

    /** The embedded PostgreSQL's postmaster, from the first line of postmaster.pid in the data directory {@code connection} reports. */
    static long postmasterPid(Connection connection) throws SQLException, IOException {
        try (Statement statement = connection.createStatement(); ResultSet directory = statement.executeQuery("SHOW data_directory")) {
            directory.next();
            return Long.parseLong(Files.readAllLines(Path.of(directory.getString(1), "postmaster.pid")).get(0).trim());
        }
    }

    Snapshot snapshot() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    names.put(info.getThreadId(), group(info.getThreadName()));
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return new Snapshot(System.nanoTime(), names, cpu, processCpuNanos(ProcessHandle.current().pid(), false), postgresNanos());
    }

    /** Thread names without their numbers, so that 200 Tomcat workers are one line. */
    static String group(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }

    private long postgresNanos() {
        if (postmasterPid < 0) {
            return 0;
        }
        // The postmaster's own time plus that of the backends it has reaped, plus the live backends.
        long total = processCpuNanos(postmasterPid, true);
        for (ProcessHandle backend : ProcessHandle.of(postmasterPid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += processCpuNanos(backend.pid(), false);
        }
        return total;
    }

    private static long processCpuNanos(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ... utime=11 stime=12 cutime=13 cstime=14
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * TICK_NANOS;
        } catch (Exception goneAlready) {
            return 0;
        }
    }

    record Snapshot(long at, Map<Long, String> names, Map<Long, Long> threadCpu, long jvmCpu, long postgresCpu) {

        /** A readable account of the CPU used between {@code earlier} and this snapshot. */
        String since(Snapshot earlier, long operations, int cores) {
            double seconds = (at - earlier.at) / 1e9;
            double jvm = (jvmCpu - earlier.jvmCpu) / 1e9;
            double postgres = (postgresCpu - earlier.postgresCpu) / 1e9;
            Map<String, Long> byGroup = new HashMap<>();
            threadCpu.forEach((id, nanos) -> byGroup.merge(names.get(id), nanos - earlier.threadCpu.getOrDefault(id, 0L), Long::sum));
            List<Map.Entry<String, Long>> top = new ArrayList<>(byGroup.entrySet());
            top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            var text = new StringBuilder("      CPU in the window: JVM %.1f s + PostgreSQL %.1f s of %.1f s available (%d cores x %.1f s) = %.0f%% busy; per operation JVM %.2f ms, PostgreSQL %.2f ms%n"
                    .formatted(jvm, postgres, cores * seconds, cores, seconds, 100 * (jvm + postgres) / (cores * seconds),
                            1000 * jvm / Math.max(1, operations), 1000 * postgres / Math.max(1, operations)));
            text.append("      JVM threads:");
            top.stream().limit(24).forEach(e -> text.append(" %s %.1f s;".formatted(e.getKey(), e.getValue() / 1e9)));
            return text.append('\n').toString();
        }
    }
}
