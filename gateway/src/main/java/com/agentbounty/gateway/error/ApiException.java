package com.agentbounty.gateway.error;

import org.springframework.http.HttpStatus;

import java.util.Map;

/** An error a handler decided on, answered as the standard error body with its status. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, ?> details;

    public ApiException(HttpStatus status, String code, String message, Map<String, ?> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public static ApiException notFound(String resource, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "No " + resource + " with id " + id, Map.of("id", id));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, ?> details() {
        return details;
    }
}
