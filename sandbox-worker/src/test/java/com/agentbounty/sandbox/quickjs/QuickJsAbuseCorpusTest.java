package com.agentbounty.sandbox.quickjs;

import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.verification.Sandboxes;
import com.agentbounty.sandbox.verification.VerificationService;
import com.agentbounty.sandbox.verification.WorkerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static com.agentbounty.events.verification.VerificationStatus.ERROR;
import static com.agentbounty.events.verification.VerificationStatus.FAILED;
import static com.agentbounty.events.verification.VerificationStatus.MEMORY_LIMIT;
import static com.agentbounty.events.verification.VerificationStatus.OUTPUT_LIMIT;
import static com.agentbounty.events.verification.VerificationStatus.PASSED;
import static com.agentbounty.events.verification.VerificationStatus.TIMEOUT;
import static com.agentbounty.sandbox.verification.JobFixtures.ADD;
import static com.agentbounty.sandbox.verification.JobFixtures.ROOMY;
import static com.agentbounty.sandbox.verification.JobFixtures.SMALL;
import static com.agentbounty.sandbox.verification.JobFixtures.javascript;
import static com.agentbounty.sandbox.verification.JobFixtures.normalJavascript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Hostile submissions end with the status their abuse earns, never with a verdict they did not earn, and
 * the same worker then runs a normal job correctly, in a realm with nothing left of the hostile one.
 * Limits: 16 MiB of memory and 4 KiB of output; 500 ms of wall clock where a timeout is expected
 * ({@link com.agentbounty.sandbox.verification.JobFixtures#SMALL}), 10 s elsewhere.
 */
class QuickJsAbuseCorpusTest {

    /** Tests that only pass if the submission's {@code add} works. */
    private static final String ADD_TEST = "test(\"adds\", () => assertEqual(add(1, 2), 3));";

    private static VerificationService worker;

    @BeforeAll
    static void worker() {
        worker = new VerificationService(List.of(Sandboxes.quickJs()), new WorkerSettings(false), stored -> {
            throw new AssertionError("no stored artifacts here");
        });
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                // CPU
                arguments("an endless loop", "while (true) {}", ADD_TEST, TIMEOUT),
                arguments("an endless loop that swallows exceptions", "while (true) { try { for (;;) {} } catch (e) {} }", ADD_TEST, TIMEOUT),
                arguments("an endless loop in finally", "try { throw 1; } finally { while (true) {} }", ADD_TEST, TIMEOUT),
                arguments("an endless loop in a promise job", "Promise.resolve().then(() => { while (true) {} });", ADD_TEST, TIMEOUT),
                arguments("promise jobs that schedule each other forever", "(function spin() { Promise.resolve().then(spin); })();", ADD_TEST, TIMEOUT),
                arguments("an endless loop when the tests call it", "function add(a, b) { for (;;) {} }", ADD_TEST, TIMEOUT),
                arguments("an endless loop inside a value the harness prints",
                        "function add() { return { toJSON() { for (;;) {} } }; }", ADD_TEST, TIMEOUT),
                arguments("catastrophic regex backtracking", "/^(a+)+$/.test('a'.repeat(40) + 'b');" + ADD, ADD_TEST, TIMEOUT),
                // memory
                arguments("an array that grows forever", "const hoard = []; while (true) hoard.push(new Float64Array(1 << 19));", ADD_TEST, MEMORY_LIMIT),
                arguments("a memory bomb that catches its out-of-memory error",
                        "try { globalThis.hoard = 'x'.repeat(2 ** 28); } catch (e) {}" + ADD, ADD_TEST, MEMORY_LIMIT),
                arguments("an array growing until it catches its out-of-memory error",
                        "try { const hoard = []; while (true) hoard.push(new Float64Array(1 << 19)); } catch (e) {}" + ADD, ADD_TEST, MEMORY_LIMIT),
                arguments("a half-gigabyte string", "'x'.repeat(2 ** 29);" + ADD, ADD_TEST, MEMORY_LIMIT),
                arguments("a string doubled until it cannot be", "let s = 'x'; while (true) s = s.repeat(2);", ADD_TEST, MEMORY_LIMIT),
                arguments("a gigabyte ArrayBuffer", "new ArrayBuffer(1 << 30);" + ADD, ADD_TEST, MEMORY_LIMIT),
                arguments("deep recursion", "function down(n) { return down(n + 1) + 1; } down(0);", ADD_TEST, MEMORY_LIMIT),
                arguments("deep recursion inside try/catch", "function down(n) { try { return down(n + 1); } catch (e) { return down(n + 1); } } down(0);", ADD_TEST, MEMORY_LIMIT),
                arguments("deeply nested JSON", "JSON.parse('['.repeat(100000) + ']'.repeat(100000));" + ADD, ADD_TEST, MEMORY_LIMIT),
                // strings beyond QuickJS's own length limit are refused without allocating
                arguments("a string longer than QuickJS allows", "'x'.repeat(2 ** 30);" + ADD, ADD_TEST, ERROR),
                // output
                arguments("a console flood", "for (let i = 0; i < 2000; i++) console.log('flood flood flood flood');" + ADD, ADD_TEST, OUTPUT_LIMIT),
                arguments("one enormous console line", "console.error('y'.repeat(1 << 20));" + ADD, ADD_TEST, OUTPUT_LIMIT),
                arguments("an endless console flood", "while (true) console.log('x');", ADD_TEST, TIMEOUT),
                // host objects: the tests pass only if nothing of the host is reachable
                arguments("reaching for host objects", ADD + """
                        function reach() {
                            return [typeof Java, typeof process, typeof require, typeof std, typeof os, typeof Javy,
                                    typeof java_invoke, typeof WebAssembly, typeof fetch, typeof setTimeout, typeof plugin].join();
                        }""", """
                        test("nothing of the host", () => assertEqual(reach(), "undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined"));
                        """, PASSED),
                arguments("reaching for the global through constructors", ADD + """
                        function reach() {
                            const g = globalThis.constructor.constructor("return this")();
                            const viaProto = Object.getPrototypeOf(async function () {}).constructor("return this");
                            return [g === globalThis, typeof g.Javy, typeof g.java_invoke,
                                    Object.getOwnPropertyNames(g).filter((n) => /javy|java|plugin/i.test(n)).length];
                        }""", """
                        test("the same global, without doors", () => assertEqual(reach(), [true, "undefined", "undefined", 0]));
                        """, PASSED),
                // the harness
                arguments("claiming the test API from the submission", "const api = __ab_claim(); api.test('fake', () => {});" + ADD, ADD_TEST, ERROR),
                arguments("claiming the test API from a promise job",
                        "Promise.resolve().then(() => __ab_claim().test('fake', () => {}));" + ADD, ADD_TEST, ERROR),
                arguments("writing a report before the tests ran", "__ab_report();" + ADD, ADD_TEST, ERROR),
                arguments("writing a report from inside a test", "function add(a, b) { __ab_report(); return a + b; }", ADD_TEST, ERROR),
                arguments("replacing the harness's entry points",
                        "Object.defineProperty(globalThis, '__ab_report', { value: () => {} });" + ADD, ADD_TEST, ERROR),
                arguments("rewriting built-ins the assertions could rely on", """
                        Object.is = () => true;
                        JSON.stringify = () => "3";
                        Array.isArray = () => true;
                        Object.keys = () => [];
                        Object.defineProperty(Promise.prototype, "then", { value() {} });
                        function add(a, b) { return a - b; }""", ADD_TEST, FAILED),
                arguments("throwing a value that explodes when described",
                        "function add() { throw new Proxy({}, { get() { throw new Error('boom'); } }); }", ADD_TEST, FAILED),
                // leftovers: the normal job that follows checks that none of this survived
                arguments("polluting the realm for the next job", """
                        globalThis.leak = 42;
                        Object.prototype.polluted = true;
                        Array.prototype.push = function () { return 0; };
                        JSON.stringify = undefined;
                        Object.is = () => true;
                        function add(a, b) { return a + b; }""", ADD_TEST, PASSED)
        );
    }

    @ParameterizedTest(name = "{0} ends as {3}")
    @MethodSource("corpus")
    void abuseEndsWithItsStatusAndTheWorkerThenRunsANormalJob(String abuse, String code, String tests, VerificationStatus expected) {
        SandboxLimits limits = expected == TIMEOUT ? SMALL : ROOMY;
        VerificationResult result = worker.verify(javascript(code, tests, limits));

        assertThat(result.status()).as(abuse + ": " + result.detail()).isEqualTo(expected);
        if (!expected.isVerdict()) {
            assertThat(result.score()).isZero();
        }
        if (expected == TIMEOUT) {
            assertThat(result.durationMs()).isLessThan(SMALL.wallClockMs() + QuickJsRuntime.STOP_GRACE_MS);
        }

        VerificationResult next = worker.verify(normalJavascript());
        assertThat(next.status()).as("the normal job after " + abuse + ": " + next.detail() + " " + next.tests()).isEqualTo(PASSED);
        assertThat(next.score()).isEqualTo(100);
    }

    @Test
    void floodedLogsAreCutAtTheOutputLimitAndSaySo() {
        VerificationResult result = worker.verify(javascript(
                "for (let i = 0; i < 2000; i++) console.log('é flood ' + i);" + ADD, ADD_TEST));

        assertThat(result.status()).isEqualTo(OUTPUT_LIMIT);
        assertThat(result.logsTruncated()).isTrue();
        assertThat(result.logs().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo((int) SMALL.outputBytes());
        assertThat(result.logs()).startsWith("é flood 0\né flood 1\n");
        assertThat(result.tests()).hasSize(1);
    }

    @Test
    void aTimeoutReportsTheStageItStoppedIn() {
        VerificationResult result = worker.verify(javascript("function add() { while (true) {} }", ADD_TEST, SMALL));

        assertThat(result.status()).isEqualTo(TIMEOUT);
        assertThat(result.detail()).isEqualTo("the run exceeded its wall clock of 500 ms while running the acceptance tests");
    }

    @AfterAll
    static void noGuestThreadOutlivedItsInterruption() {
        assertThat(Sandboxes.quickJs().stuckGuests()).isZero();
    }
}
