package com.pitcrew.observability;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives every HTTP request a correlation id (the caller's, when it sends a well-formed one) for the MDC and the
 * {@code X-Correlation-Id} response header.
 */
public final class CorrelationIdFilter implements Filter {

    /** Request attribute under which resources find the id. */
    public static final String ATTRIBUTE = CorrelationIdFilter.class.getName();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String incoming = request instanceof HttpServletRequest http ? http.getHeader(CorrelationId.HEADER) : null;
        String id = CorrelationId.isValid(incoming) ? incoming : CorrelationId.generate();
        request.setAttribute(ATTRIBUTE, id);
        if (response instanceof HttpServletResponse http) {
            http.setHeader(CorrelationId.HEADER, id);
        }
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(id)) {
            chain.doFilter(request, response);
        }
    }
}
