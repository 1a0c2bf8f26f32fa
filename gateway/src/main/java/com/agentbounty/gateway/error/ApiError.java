package com.agentbounty.gateway.error;

import java.util.Map;

/** The one error body of the API: {@code {"error":{"code","message","details"}}}. Never a stack trace. */
public record ApiError(Body error) {

    public record Body(String code, String message, Map<String, ?> details) {
    }

    public static ApiError of(String code, String message, Map<String, ?> details) {
        return new ApiError(new Body(code, message, details == null ? Map.of() : details));
    }
}
