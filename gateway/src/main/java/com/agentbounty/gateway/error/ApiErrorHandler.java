package com.agentbounty.gateway.error;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.query.bounty.InvalidListingQueryException;
import com.agentbounty.gateway.security.RequestSizeLimitFilter;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns every failure of a request into the standard error body with the status that fits. Spring MVC's own
 * exceptions (unsupported media type, unknown route, wrong method...) arrive through {@link #handleExceptionInternal}.
 */
@RestControllerAdvice
public class ApiErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> handleAny(Exception exception) {
        // Axon and CompletableFuture wrap what a handler threw; the innermost known failure decides the answer.
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return respond(api.status(), api.code(), api.getMessage(), api.details());
            }
            if (cause instanceof RuleViolation rule) {
                HttpStatus status = switch (rule.kind()) {
                    case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
                    case CONFLICT -> HttpStatus.CONFLICT;
                    case FORBIDDEN -> HttpStatus.FORBIDDEN;
                };
                return respond(status, rule.code(), rule.getMessage(), null);
            }
            if (cause instanceof AccessDeniedException) {
                return respond(HttpStatus.FORBIDDEN, "FORBIDDEN", "You may not do this", null);
            }
            if (cause instanceof InvalidListingQueryException invalid) {
                return respond(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", invalid.getMessage(), invalid.details());
            }
            if (cause instanceof ConcurrencyException) {
                return respond(HttpStatus.CONFLICT, "CONCURRENT_MODIFICATION", "Someone else changed this resource at the same time; retry", null);
            }
        }
        log.error("Request failed", exception);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "An unexpected error occurred", null);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Map<String, String> details = exception.getBindingResult().getFieldErrors().stream()
                .collect(Collectors.toMap(FieldError::getField, error -> String.valueOf(error.getDefaultMessage()), (a, b) -> a, LinkedHashMap::new));
        return invalid("The request body is invalid", details);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        Map<String, String> details = new LinkedHashMap<>();
        exception.getParameterValidationResults().forEach(result -> details.put(
                String.valueOf(result.getMethodParameter().getParameterName()),
                result.getResolvableErrors().get(0).getDefaultMessage()));
        return invalid("The request parameters are invalid", details);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = exception.getCause();
        for (Throwable inner = cause; inner != null; inner = inner.getCause()) {
            if (inner instanceof RequestSizeLimitFilter.PayloadTooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(ApiError.of("PAYLOAD_TOO_LARGE", tooLarge.getMessage(), null));
            }
            if (inner instanceof StreamConstraintsException limit) {
                return invalid("The request body is nested too deeply or too large to parse", Map.of());
            }
        }
        if (cause instanceof JsonParseException && !(cause instanceof InputCoercionException)) {
            return invalid("The request body is not well-formed JSON", Map.of());
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return invalid("The request body has a field this endpoint does not know", Map.of(path(unknown), "unknown field"));
        }
        if (cause instanceof JsonMappingException mapping) {
            return invalid("The request body has a value of the wrong type or out of range", Map.of(path(mapping), "wrong type or out of range"));
        }
        if (cause instanceof InputCoercionException) {
            return invalid("The request body has a number out of range", Map.of());
        }
        return invalid("The request body is missing or unreadable", Map.of());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException exception, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = exception instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : String.valueOf(exception.getPropertyName());
        return invalid("A request parameter has the wrong type", Map.of(name, "wrong type"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String code = known == null ? "HTTP_" + status.value() : codeFor(known);
        String message = known == null ? "Request failed" : known.getReasonPhrase();
        return ResponseEntity.status(status).headers(headers).body(ApiError.of(code, message, null));
    }

    static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "VALIDATION_ERROR";
            case INTERNAL_SERVER_ERROR -> "INTERNAL_ERROR";
            default -> status.name();
        };
    }

    /** The JSON path of the offending value, such as {@code reward.amount} or {@code tags[2]}; "body" for the whole. */
    private static String path(JsonMappingException exception) {
        if (exception.getPath().isEmpty()) {
            return "body";
        }
        return exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static ResponseEntity<Object> invalid(String message, Map<String, ?> details) {
        return ResponseEntity.badRequest().body(ApiError.of("VALIDATION_ERROR", message, details));
    }

    private static ResponseEntity<ApiError> respond(HttpStatus status, String code, String message, Map<String, ?> details) {
        return ResponseEntity.status(status).body(ApiError.of(code, message, details));
    }
}
