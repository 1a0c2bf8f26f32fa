package com.agentbounty.gateway.security;

import com.agentbounty.gateway.error.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Refuses request bodies over {@code agentbounty.security.max-request-bytes} with 413, before anything parses them:
 * at once when the declared length is too large, and mid-stream when a chunked body grows past the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    /** Thrown while reading a body that turned out too large; the error handler answers 413. */
    public static class PayloadTooLarge extends IOException {
        PayloadTooLarge(long limit) {
            super("The request body exceeds " + limit + " bytes");
        }
    }

    private final long maxBytes;
    private final ObjectMapper json;

    public RequestSizeLimitFilter(@Value("${agentbounty.security.max-request-bytes}") long maxBytes, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ApiError.of("PAYLOAD_TOO_LARGE",
                    "The request body exceeds " + maxBytes + " bytes", Map.of("maxBytes", maxBytes)));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream body = super.getInputStream();
                limited = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int next = body.read();
                        if (next >= 0 && ++read > maxBytes) {
                            throw new PayloadTooLarge(maxBytes);
                        }
                        return next;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int count = body.read(buffer, offset, length);
                        if (count > 0 && (read += count) > maxBytes) {
                            throw new PayloadTooLarge(maxBytes);
                        }
                        return count;
                    }

                    @Override
                    public boolean isFinished() {
                        return body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }
}
