package com.agentbounty.gateway.live;

import com.agentbounty.gateway.error.ApiError;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the server sends on the socket: {@code type} ({@code bounty.changed}, {@code submission.changed},
 * {@code leaderboard.changed}, {@code subscribed}, {@code unsubscribed}, {@code pong}, {@code error}), the topic it
 * concerns, and a change's payload or an error in the API's error shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LiveMessage(String type, String topic, Object payload, ApiError.Body error) {

    static LiveMessage of(String type, String topic) {
        return new LiveMessage(type, topic, null, null);
    }

    static LiveMessage error(String topic, String code, String message) {
        return new LiveMessage("error", topic, null, ApiError.of(code, message, null).error());
    }
}
