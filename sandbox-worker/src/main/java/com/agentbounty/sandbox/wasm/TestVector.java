package com.agentbounty.sandbox.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One acceptance test for a WebAssembly submission: call an exported function with arguments and compare
 * what it returns. The bounty's tests are a JSON array of these (docs/sandbox.md, "WebAssembly"):
 * <pre>[{"name": "adds", "function": "add", "args": [1, 2], "expect": 3}]</pre>
 * {@code expect} is a number for one result, an array for several, and absent when the call only has to
 * return without trapping. Floats may be written as "NaN", "Infinity" or "-Infinity".
 */
record TestVector(String name, String function, List<JsonNode> args, JsonNode expect) {

    static final int MAX_VECTORS = 1000;

    static final class InvalidVectors extends Exception {
        InvalidVectors(String message) {
            super(message);
        }
    }

    static List<TestVector> parse(byte[] json, ObjectMapper mapper) throws InvalidVectors {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new InvalidVectors("the test vectors are not JSON");
        }
        if (root == null || !root.isArray()) {
            throw new InvalidVectors("the test vectors must be a JSON array");
        }
        if (root.size() > MAX_VECTORS) {
            throw new InvalidVectors("more than " + MAX_VECTORS + " test vectors");
        }
        List<TestVector> vectors = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.isObject() || !node.path("function").isTextual()) {
                throw new InvalidVectors("test vector " + i + " needs a \"function\" name");
            }
            JsonNode args = node.path("args");
            if (!args.isMissingNode() && !args.isArray()) {
                throw new InvalidVectors("test vector " + i + ": \"args\" must be an array");
            }
            List<JsonNode> arguments = new ArrayList<>();
            args.forEach(arguments::add);
            String function = node.get("function").asText();
            String name = node.path("name").isTextual() ? node.get("name").asText() : function + " #" + (i + 1);
            JsonNode expect = node.has("expect") ? node.get("expect") : null;
            vectors.add(new TestVector(name, function, List.copyOf(arguments), expect));
        }
        return vectors;
    }
}
