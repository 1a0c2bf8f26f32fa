package com.agentbounty.sandbox.jobs;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.sandbox.verification.ArtifactFetcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The artifact-store port for the worker's Kafka tests: keeps artifacts in memory and remembers when each was asked for. */
final class InMemoryArtifactStore implements ArtifactFetcher {

    private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> fetches = new ConcurrentHashMap<>();

    Artifact.Stored put(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        artifacts.put(key, bytes);
        return reference(key, bytes);
    }

    /** A reference to an artifact that this store does not have (lost, or never uploaded). */
    static Artifact.Stored missing(String key) {
        return reference(key, key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] fetch(Artifact.Stored artifact) {
        fetches.computeIfAbsent(artifact.key(), key -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        byte[] bytes = artifacts.get(artifact.key());
        if (bytes == null) {
            throw new NoSuchElementException("no artifact " + artifact.key() + " in the store");
        }
        return bytes;
    }

    /** When each fetch of {@code key} happened ({@link System#nanoTime()}), in order. */
    List<Long> fetchesOf(String key) {
        return List.copyOf(fetches.getOrDefault(key, List.of()));
    }

    private static Artifact.Stored reference(String key, byte[] bytes) {
        try {
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new Artifact.Stored(key, sha256, bytes.length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
