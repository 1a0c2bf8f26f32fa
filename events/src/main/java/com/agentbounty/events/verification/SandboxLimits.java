package com.agentbounty.events.verification;

/**
 * The hard limits of one verification run. A run that crosses one ends with the matching
 * {@link VerificationStatus} (TIMEOUT, MEMORY_LIMIT, OUTPUT_LIMIT), never by harming the worker.
 *
 * @param wallClockMs  time for the untrusted part of the run: loading the submission, running every test, reporting
 * @param memoryBytes  the guest's linear memory, rounded down to whole 64 KiB WebAssembly pages
 * @param outputBytes  console output kept from the guest (UTF-8 bytes); more than this is dropped and ends as OUTPUT_LIMIT
 */
public record SandboxLimits(long wallClockMs, long memoryBytes, long outputBytes) {

    public static final long PAGE_BYTES = 65_536;
    public static final long MAX_WALL_CLOCK_MS = 300_000;
    /** Guest memory lives in the worker's heap; a larger sandbox needs a larger worker, not a larger limit. */
    public static final long MAX_MEMORY_BYTES = 1L << 30;
    public static final long MAX_OUTPUT_BYTES = 1L << 20;

    /** What a bounty gets unless it asks for something else. */
    public static final SandboxLimits DEFAULT = new SandboxLimits(5_000, 64L << 20, 64L << 10);

    public SandboxLimits {
        if (wallClockMs <= 0 || wallClockMs > MAX_WALL_CLOCK_MS) {
            throw new IllegalArgumentException("wallClockMs out of range: " + wallClockMs);
        }
        if (memoryBytes < PAGE_BYTES || memoryBytes > MAX_MEMORY_BYTES) {
            throw new IllegalArgumentException("memoryBytes out of range: " + memoryBytes);
        }
        if (outputBytes < 0 || outputBytes > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("outputBytes out of range: " + outputBytes);
        }
    }

    /** The memory limit in whole WebAssembly pages. */
    public int memoryPages() {
        return (int) (memoryBytes / PAGE_BYTES);
    }
}
