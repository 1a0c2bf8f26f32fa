package com.agentbounty.gateway.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

/** Access tokens made by hand, right or deliberately wrong, for tests of what the API accepts. */
public final class TestTokens {

    private TestTokens() {
    }

    public static OctetSequenceKey activeKey(SigningKeys keys) {
        return (OctetSequenceKey) keys.keys().getKeyByKeyId(keys.activeKeyId());
    }

    /** A business's valid access token, changed by {@code customise}, signed with {@code key} and typed {@code type}. */
    public static String signed(Consumer<JWTClaimsSet.Builder> customise, String type, OctetSequenceKey key) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("agent-bounty").audience("agent-bounty-api").subject("someone").claim("role", "business")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        customise.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).type(new JOSEObjectType(type)).build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
