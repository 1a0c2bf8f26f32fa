package com.agentbounty.sandbox.verification;

import com.agentbounty.events.verification.Artifact;

/** Reads a stored artifact's bytes (adapter: the S3-compatible artifact store). */
@FunctionalInterface
public interface ArtifactFetcher {

    byte[] fetch(Artifact.Stored artifact);
}
