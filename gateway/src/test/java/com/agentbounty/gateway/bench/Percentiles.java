package com.agentbounty.gateway.bench;

import java.util.Arrays;

/** Exact percentiles of recorded durations in nanoseconds (nearest-rank method), reported in milliseconds. */
final class Percentiles {

    private long[] values = new long[1024];
    private int size;
    private boolean sorted;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
        sorted = false;
    }

    void addAll(long[] nanos, int count) {
        for (int i = 0; i < count; i++) {
            add(nanos[i]);
        }
    }

    void addAll(Percentiles other) {
        addAll(other.values, other.size);
    }

        int count() {
        return size;
    }

    /** The p-th percentile (0 &lt; p &le; 100) in milliseconds; NaN without samples. */
    double millis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return values[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return millis(100);
    }
}
