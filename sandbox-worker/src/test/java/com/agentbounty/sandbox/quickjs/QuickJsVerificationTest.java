package com.agentbounty.sandbox.quickjs;

import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.sandbox.verification.Sandboxes;
import com.agentbounty.sandbox.verification.VerificationService;
import com.agentbounty.sandbox.verification.WorkerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.agentbounty.events.verification.VerificationStatus.ERROR;
import static com.agentbounty.events.verification.VerificationStatus.FAILED;
import static com.agentbounty.events.verification.VerificationStatus.PASSED;
import static com.agentbounty.sandbox.verification.JobFixtures.ADD;
import static com.agentbounty.sandbox.verification.JobFixtures.javascript;
import static org.assertj.core.api.Assertions.assertThat;

/** How JavaScript acceptance tests run and score (docs/sandbox.md, "JavaScript"). */
class QuickJsVerificationTest {

    private static VerificationService worker;

    @BeforeAll
    static void worker() {
        worker = new VerificationService(List.of(Sandboxes.quickJs()), new WorkerSettings(false), stored -> {
            throw new AssertionError("no stored artifacts here");
        });
    }

    @Test
    void aSubmissionPassingEveryTestPassesWithScore100() {
        VerificationResult result = worker.verify(javascript(ADD, """
                test("adds small numbers", () => assertEqual(add(1, 2), 3));
                test("adds negatives", () => assertEqual(add(-4, 1), -3));
                """));

        assertThat(result.status()).isEqualTo(PASSED);
        assertThat(result.tests()).containsExactly(TestOutcome.passed("adds small numbers"), TestOutcome.passed("adds negatives"));
        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.score()).isEqualTo(100);
        assertThat(result.durationMs()).isLessThan(5_000);
    }

    @Test
    void aSubmissionFailingSomeTestsFailsWithItsShareAsScore() {
        VerificationResult result = worker.verify(javascript("function add(a, b) { return a > 0 ? a + b : 0; }", """
                test("adds positives", () => assertEqual(add(1, 2), 3));
                test("adds negatives", () => assertEqual(add(-4, 1), -3));
                test("adds zero", () => assertEqual(add(5, 0), 5));
                """));

        assertThat(result.status()).isEqualTo(FAILED);
        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.total()).isEqualTo(3);
        assertThat(result.score()).isEqualTo(66);
        assertThat(result.tests().get(1)).isEqualTo(TestOutcome.failed("adds negatives", "expected -3 but got 0"));
    }

    @Test
    void assertEqualComparesArraysAndPlainObjectsByValue() {
        VerificationResult result = worker.verify(javascript("""
                function sortDesc(xs) { return [...xs].sort((a, b) => b - a); }
                const Stack = class { constructor() { this.items = []; } };
                function point(x, y) { return { x, y, tags: ["a"] }; }
                function stack() { return new Stack(); }
                """, """
                test("arrays", () => assertEqual(sortDesc([1, 3, 2]), [3, 2, 1]));
                test("objects", () => assertEqual(point(1, 2), { y: 2, x: 1, tags: ["a"] }));
                test("object with a missing key", () => assertEqual(point(1, 2), { x: 1, y: 2 }));
                test("class instances are not plain objects", () => assertEqual(stack(), { items: [] }));
                test("NaN equals NaN", () => assertEqual(0 / 0, NaN));
                """));

        assertThat(result.tests()).extracting(TestOutcome::passed).containsExactly(true, true, false, false, true);
        assertThat(result.tests().get(2).message()).isEqualTo("expected {\"x\":1,\"y\":2} but got {\"x\":1,\"y\":2,\"tags\":[\"a\"]}");
    }

    @Test
    void assertAndAssertThrowsReportTheAuthorsMessage() {
        VerificationResult result = worker.verify(javascript("""
                function parse(text) { if (text === "") throw new TypeError("empty"); return Number(text); }
                """, """
                test("refuses empty input", () => assertThrows(() => parse("")));
                test("parses numbers", () => assert(parse("42") === 42, "42 should parse"));
                test("refuses letters", () => assertThrows(() => parse("x"), "letters must throw"));
                test("a thrown error fails the test", () => parse(""));
                """));

        assertThat(result.tests()).containsExactly(
                TestOutcome.passed("refuses empty input"),
                TestOutcome.passed("parses numbers"),
                TestOutcome.failed("refuses letters", "letters must throw"),
                TestOutcome.failed("a thrown error fails the test", "TypeError: empty"));
        assertThat(result.score()).isEqualTo(50);
    }

    @Test
    void asyncTestsAreAwaitedAndAPromiseThatNeverSettlesFails() {
        VerificationResult result = worker.verify(javascript("""
                async function fetchScore(id) { await null; return id * 10; }
                """, """
                test("awaits the result", async () => assertEqual(await fetchScore(4), 40));
                test("a rejected promise fails", async () => assertEqual(await fetchScore(4), 41));
                test("never settles", () => new Promise(() => {}));
                """));

        assertThat(result.status()).isEqualTo(FAILED);
        assertThat(result.tests()).containsExactly(
                TestOutcome.passed("awaits the result"),
                TestOutcome.failed("a rejected promise fails", "expected 41 but got 40"),
                TestOutcome.failed("never settles", "the test's promise never settled"));
    }

    @Test
    void topLevelFunctionsAndVarsOfTheSubmissionAreGlobalsButConstNeedsGlobalThis() {
        VerificationResult result = worker.verify(javascript("""
                var rate = 3;
                const hidden = 1;
                const triple = (n) => n * rate;
                globalThis.triple = triple;
                function quadruple(n) { return n * 4; }
                """, """
                test("var", () => assertEqual(rate, 3));
                test("function declaration", () => assertEqual(quadruple(2), 8));
                test("const exported through globalThis", () => assertEqual(triple(2), 6));
                test("const stays private", () => assertEqual(typeof hidden, "undefined"));
                """));

        assertThat(result.status()).isEqualTo(PASSED);
    }

    @Test
    void consoleOutputIsReturnedAsLogs() {
        VerificationResult result = worker.verify(javascript("""
                function add(a, b) { console.log("adding", a, b, { a }); console.error("careful"); return a + b; }
                """, "test(\"adds\", () => assertEqual(add(1, 2), 3));"));

        assertThat(result.status()).isEqualTo(PASSED);
        assertThat(result.logs()).isEqualTo("adding 1 2 {\"a\":1}\n[error] careful\n");
        assertThat(result.logsTruncated()).isFalse();
    }

    @Test
    void aSubmissionThatDoesNotParseIsAnErrorNamingTheSyntaxError() {
        VerificationResult result = worker.verify(javascript("function add(a, b) { return a + ; }", "test(\"adds\", () => assertEqual(add(1, 2), 3));"));

        assertThat(result.status()).isEqualTo(ERROR);
        assertThat(result.detail()).startsWith("the submission failed to load: SyntaxError");
        assertThat(result.score()).isZero();
    }

    @Test
    void aSubmissionThrowingWhileLoadingIsAnError() {
        VerificationResult result = worker.verify(javascript("throw new Error('not today')", "test(\"adds\", () => assertEqual(add(1, 2), 3));"));

        assertThat(result.status()).isEqualTo(ERROR);
        assertThat(result.detail()).isEqualTo("the submission failed to load: Error: not today");
    }

    @Test
    void testsThatDoNotCompileAreAnErrorThatDoesNotQuoteTheHiddenTests() {
        VerificationResult result = worker.verify(javascript(ADD, "test(\"secret expectation 12345\", () => assertEqual(add(1, 2), 3)"));

        assertThat(result.status()).isEqualTo(ERROR);
        assertThat(result.detail()).startsWith("the acceptance tests do not compile: ").doesNotContain("12345");
    }

    @Test
    void testsThatThrowOutsideATestAreAnErrorKeepingTheOutcomesSoFar() {
        VerificationResult result = worker.verify(javascript(ADD, """
                test("adds", () => assertEqual(add(1, 2), 3));
                multiply(2, 3);
                """));

        assertThat(result.status()).isEqualTo(ERROR);
        assertThat(result.detail()).isEqualTo("the acceptance tests stopped early: ReferenceError: multiply is not defined");
        assertThat(result.tests()).containsExactly(TestOutcome.passed("adds"));
        assertThat(result.score()).isZero();
    }

    @Test
    void testsDefiningNoTestAreAnError() {
        VerificationResult result = worker.verify(javascript(ADD, "// nothing to check"));

        assertThat(result.status()).isEqualTo(ERROR);
        assertThat(result.total()).isZero();
    }

    @Test
    void compiledTestsAreReusedAcrossRunsWhileEachRunGetsAFreshRealm() {
        String tests = "test(\"counts from one\", () => assertEqual(next(), 1));";
        String counter = "var count = 0; function next() { count += 1; return count; }";

        VerificationResult first = worker.verify(javascript(counter, tests));
        VerificationResult second = worker.verify(javascript(counter, tests));

        assertThat(first.status()).isEqualTo(PASSED);
        assertThat(second.status()).isEqualTo(PASSED);
    }
}
