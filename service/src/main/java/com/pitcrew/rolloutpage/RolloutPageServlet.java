package com.pitcrew.rolloutpage;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin port: {@code GET /rollout} (the page), {@code GET /rollout/labels.jsonl} (the human labels as corpus JSON
 * lines), {@code POST /rollout/kill-switch} (action, reason, by) and {@code POST /rollout/label} (id, intent, by).
 * Thin: {@link RolloutPage} does the work, {@link FormGuard} refuses forged posts. A refused post answers 4xx with the
 * reason as text and counts {@code pitcrew.rollout.page.refused}; a success answers 303 back to the page.
 * Thread-safe: its fields are.
 */
public final class RolloutPageServlet extends HttpServlet {

    public static final String PATH = "/rollout";

    private static final Logger LOG = LoggerFactory.getLogger(RolloutPageServlet.class);

    private final transient RolloutPage page;
    private final transient FormGuard forms = new FormGuard();
    private final transient MetricRegistry metrics;

    public RolloutPageServlet(RolloutPage page, MetricRegistry metrics) {
        this.page = page;
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        headers(response);
        try {
            if ("/".equals(path)) {
                String html = page.render(forms.token());
                response.setContentType("text/html; charset=utf-8");
                response.getWriter().write(html);
            } else if ("/labels.jsonl".equals(path)) {
                // text/plain, so a browser shows the lines instead of downloading them.
                response.setContentType("text/plain; charset=utf-8");
                try (Writer writer = response.getWriter()) {
                    page.exportLabels(writer);
                }
            } else {
                text(response, HttpServletResponse.SC_NOT_FOUND, "no page " + PATH + path);
            }
        } catch (RuntimeException e) {
            failed(response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        headers(response);
        if (!"/kill-switch".equals(path) && !"/label".equals(path)) {
            refuse(response, new RolloutPage.Refusal(HttpServletResponse.SC_NOT_FOUND, "no form " + PATH + path));
            return;
        }
        Optional<String> forged = forms.problem(request);
        if (forged.isPresent()) {
            refuse(response, new RolloutPage.Refusal(HttpServletResponse.SC_FORBIDDEN, forged.get()));
            return;
        }
        try {
            Optional<RolloutPage.Refusal> refusal = "/kill-switch".equals(path)
                    ? page.killSwitch(parameter(request, "action"), parameter(request, "reason"),
                            parameter(request, "by"))
                    : page.label(parameter(request, "id"), parameter(request, "intent"), parameter(request, "by"));
            if (refusal.isPresent()) {
                refuse(response, refusal.get());
                return;
            }
        } catch (RuntimeException e) {
            failed(response, e);
            return;
        }
        metrics.counter("/kill-switch".equals(path) ? "pitcrew.rollout.page.kill_switch_changed"
                : "pitcrew.rollout.page.labelled").inc();
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", PATH);
    }

    private static Optional<String> parameter(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name));
    }

    /** No caching, no framing, no referrer off-site, nothing loaded from anywhere: the page is self-contained. */
    private static void headers(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        // Not no-referrer: under it a browser posts the forms with "Origin: null", which FormGuard refuses.
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    private void refuse(HttpServletResponse response, RolloutPage.Refusal refusal) throws IOException {
        metrics.counter("pitcrew.rollout.page.refused").inc();
        text(response, refusal.status(), refusal.reason());
    }

    private void failed(HttpServletResponse response, RuntimeException e) throws IOException {
        metrics.counter("pitcrew.rollout.page.failed").inc();
        LOG.warn("The rollout page could not read or write the database", e);
        text(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "the rollout page could not reach the database; see the service log");
    }

    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().println(message);
    }
}
