// Agent-Bounty verification harness for QuickJS (docs/sandbox.md).
//
// Runs first in every fresh engine, before any untrusted code. It closes the plugin's doors to the host
// (Javy.IO, java_invoke), replaces the console with one that collects output inside the guest under the
// job's byte budget, and keeps the test API, the results and the only way to write to the host in this
// closure. Everything it uses after untrusted code has run was captured here first, so a submission that
// rewrites built-ins cannot change how results are recorded or reported.
//
// The host then runs, each as its own unit: __ab_load(outputBytes, submissionSource) which evaluates the
// submission as a global script; the acceptance tests, prefixed with `const {...} = __ab_claim();`; and
// __ab_report(), which writes one JSON line to stdout. Any misuse of these (a second claim, a claim before
// the submission loaded, a second load or report) is recorded as tampering and ends the run as ERROR.
(() => {
    "use strict";
    const G = globalThis;
    const defineProperty = Object.defineProperty;
    const freeze = Object.freeze;
    const getPrototypeOf = Object.getPrototypeOf;
    const objectKeys = Object.keys;
    const objectIs = Object.is;
    const isArray = Array.isArray;
    const apply = Reflect.apply;
    const hasOwn = Object.prototype.hasOwnProperty;
    const stringify = JSON.stringify;
    const StringOf = String;
    const charCodeAt = String.prototype.charCodeAt;
    const sliceString = String.prototype.slice;
    const promiseThen = Promise.prototype.then;
    const PromiseProto = Promise.prototype;
    const ObjectProto = Object.prototype;
    const ErrorCtor = Error;
    const WeakSetCtor = WeakSet;
    const weakSetAdd = WeakSet.prototype.add;
    const weakSetHas = WeakSet.prototype.has;
    const indirectEval = G.eval;
    const writeLine = G.console.log; // native; after this closure, nothing in the guest can reach stdout

    const MAX_TESTS = 1000;
    const MAX_NAME = 200;
    const MAX_MESSAGE = 1000;
    const MAX_DEPTH = 100;

    let outputBudget = 0;
    let outputUsed = 0;
    let logs = "";
    let outputExceeded = false;
    let loadCalled = false;
    let loaded = false;
    let loadError = null;
    let claimed = false;
    let tampered = null;
    let crash = null;
    let reported = false;
    const tests = { __proto__: null };
    let testCount = 0;
    const failures = new WeakSetCtor();

    for (const door of ["Javy", "java_invoke", "plugin"]) {
        delete G[door]; // strict mode: throws if the property cannot be removed, which fails the job closed
    }

    function tamper(what) {
        if (tampered === null) {
            tampered = what;
        }
    }

    function cut(text, max) {
        return text.length <= max ? text : apply(sliceString, text, [0, max - 1]) + "…";
    }

    function describe(thrown) {
        if (thrown !== null && typeof thrown === "object" && apply(weakSetHas, failures, [thrown])) {
            return thrown.message;
        }
        try {
            if (thrown !== null && (typeof thrown === "object" || typeof thrown === "function")) {
                const name = thrown.name;
                const message = thrown.message;
                if (message !== undefined) {
                    return cut(StringOf(name === undefined ? "Error" : name) + ": " + StringOf(message), MAX_MESSAGE);
                }
            }
            return cut(StringOf(thrown), MAX_MESSAGE);
        } catch (_) {
            return "a thrown value that cannot be described";
        }
    }

    function show(value) {
        try {
            if (typeof value === "string") {
                return cut(stringify(value), 200);
            }
            if (value !== null && typeof value === "object") {
                const text = stringify(value);
                if (typeof text === "string") {
                    return cut(text, 200);
                }
            }
            return cut(StringOf(value), 200);
        } catch (_) {
            return "(a value that cannot be shown)";
        }
    }

    // ---- console: output stays in the guest, counted in UTF-8 bytes, cut at the job's budget ----
    function appendLog(text) {
        const remaining = outputBudget - outputUsed;
        const length = text.length;
        let used = 0;
        let end = length;
        for (let i = 0; i < length; i++) {
            const unit = apply(charCodeAt, text, [i]);
            const bytes = unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
            if (used + bytes > remaining) {
                end = i;
                break;
            }
            used += bytes;
        }
        logs += end === length ? text : apply(sliceString, text, [0, end]);
        outputUsed += used;
        if (end !== length) {
            outputExceeded = true;
        }
    }

    function formatArgument(value) {
        if (typeof value === "string") {
            return value;
        }
        try {
            if (value !== null && typeof value === "object") {
                const text = stringify(value);
                if (typeof text === "string") {
                    return text;
                }
            }
            return StringOf(value);
        } catch (_) {
            return "(unprintable)";
        }
    }

    function consoleMethod(prefix) {
        return function (...values) {
            if (outputExceeded) {
                return;
            }
            let line = prefix;
            for (let i = 0; i < values.length; i++) {
                line += (i > 0 ? " " : "") + formatArgument(values[i]);
            }
            appendLog(line + "\n");
        };
    }

    // ---- the test API, handed only to the acceptance tests ----
    function fail(message) {
        const failure = freeze({ __proto__: null, message: cut(message, MAX_MESSAGE) });
        apply(weakSetAdd, failures, [failure]);
        throw failure;
    }

    function isPlainObject(value) {
        const proto = getPrototypeOf(value);
        return proto === ObjectProto || proto === null;
    }

    function equal(actual, expected, depth) {
        if (objectIs(actual, expected) || (typeof actual === "number" && actual === expected)) {
            return true;
        }
        if (actual === null || expected === null || typeof actual !== "object" || typeof expected !== "object") {
            return false;
        }
        if (depth > MAX_DEPTH) {
            fail("values nested deeper than " + MAX_DEPTH + " levels");
        }
        const actualIsArray = isArray(actual);
        if (actualIsArray !== isArray(expected)) {
            return false;
        }
        if (actualIsArray) {
            const length = actual.length;
            if (length !== expected.length) {
                return false;
            }
            for (let i = 0; i < length; i++) {
                if (!equal(actual[i], expected[i], depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (!isPlainObject(actual) || !isPlainObject(expected)) {
            return false; // other objects (Map, Date, class instances) are equal only when identical
        }
        const actualKeys = objectKeys(actual);
        const expectedKeys = objectKeys(expected);
        if (actualKeys.length !== expectedKeys.length) {
            return false;
        }
        for (let i = 0; i < expectedKeys.length; i++) {
            const key = expectedKeys[i];
            if (!apply(hasOwn, actual, [key]) || !equal(actual[key], expected[key], depth + 1)) {
                return false;
            }
        }
        return true;
    }

    function settle(record, message) {
        if (record.state === "pending") {
            record.state = message === null ? "passed" : "failed";
            record.message = message;
        }
    }

    function test(name, body) {
        if (testCount >= MAX_TESTS) {
            if (crash === null) {
                crash = "more than " + MAX_TESTS + " tests";
            }
            return;
        }
        const record = { __proto__: null, name: cut(StringOf(name), MAX_NAME), state: "pending", message: null };
        tests[testCount] = record;
        testCount++;
        if (typeof body !== "function") {
            settle(record, "the test body is not a function");
            return;
        }
        let result;
        try {
            result = body();
        } catch (thrown) {
            settle(record, describe(thrown));
            return;
        }
        if (result !== null && typeof result === "object" && getPrototypeOf(result) === PromiseProto) {
            try {
                apply(promiseThen, result, [() => settle(record, null), (thrown) => settle(record, describe(thrown))]);
            } catch (thrown) {
                settle(record, "the test's promise could not be awaited: " + describe(thrown));
            }
            return; // pending until it settles; still pending at the report means it never did
        }
        settle(record, null);
    }

    const api = freeze({
        __proto__: null,
        test,
        assert(condition, message) {
            if (!condition) {
                fail(message === undefined ? "assertion failed" : StringOf(message));
            }
        },
        assertEqual(actual, expected, message) {
            if (!equal(actual, expected, 0)) {
                fail((message === undefined ? "" : StringOf(message) + ": ")
                    + "expected " + show(expected) + " but got " + show(actual));
            }
        },
        assertThrows(body, message) {
            let threw = false;
            try {
                body();
            } catch (_) {
                threw = true;
            }
            if (!threw) {
                fail(message === undefined ? "expected an exception" : StringOf(message));
            }
        },
    });

    // ---- the host's entry points ----
    function load(outputBytes, source) {
        if (loadCalled) {
            tamper("the submission loader was called again");
            return;
        }
        loadCalled = true;
        outputBudget = outputBytes;
        try {
            indirectEval(source); // a global script: its function and var declarations become globals
        } catch (thrown) {
            loadError = describe(thrown);
        }
        loaded = true;
    }

    function claim() {
        if (claimed || !loaded) {
            tamper(claimed ? "the test API was claimed twice" : "the test API was claimed before the tests ran");
            throw new ErrorCtor("the test API belongs to the acceptance tests");
        }
        claimed = true;
        return api;
    }

    function crashed(thrown) {
        if (crash === null) {
            crash = describe(thrown);
        }
    }

    function text(value) {
        return value === null ? "null" : stringify(value);
    }

    function report() {
        if (reported) {
            tamper("the report was requested again");
            return;
        }
        reported = true;
        let out = '{"loaded":' + (loaded ? "true" : "false")
            + ',"claimed":' + (claimed ? "true" : "false")
            + ',"loadError":' + text(loadError)
            + ',"tampered":' + text(tampered)
            + ',"crash":' + text(crash)
            + ',"outputExceeded":' + (outputExceeded ? "true" : "false")
            + ',"logs":' + text(logs)
            + ',"tests":[';
        for (let i = 0; i < testCount; i++) {
            const record = tests[i];
            out += (i > 0 ? "," : "") + '{"name":' + text(record.name) + ',"state":"' + record.state
                + '","message":' + text(record.message) + "}";
        }
        writeLine(out + "]}");
    }

    function install(name, value) {
        defineProperty(G, name, { value, writable: false, enumerable: false, configurable: false });
    }

    install("console", freeze({
        log: consoleMethod(""),
        info: consoleMethod(""),
        debug: consoleMethod(""),
        warn: consoleMethod("[warn] "),
        error: consoleMethod("[error] "),
    }));
    install("__ab_load", load);
    install("__ab_claim", claim);
    install("__ab_crashed", crashed);
    install("__ab_report", report);
})();
