package com.pitcrew.rolloutpage;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Cross-site request forgery defence for the page's forms: a random token made once per process and embedded in
 * every form, compared in constant time, and a browser's own word on where the request came from (Sec-Fetch-Site
 * must say same-origin, Origin must be this host). A page on another site cannot read the token (same-origin policy)
 * and its forms carry a foreign Origin. No cookie is involved. Immutable: thread-safe.
 */
final class FormGuard {

    private final String token;

    FormGuard() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    String token() {
        return token;
    }

    /** Why {@code request} is refused, or nothing when it is a form this process served, posted from this site. */
    Optional<String> problem(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !"same-origin".equals(fetchSite)) {
            return Optional.of("refused: a cross-site form post (Sec-Fetch-Site: " + fetchSite + ")");
        }
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin != null && (host == null || !origin.equals(request.getScheme() + "://" + host))) {
            return Optional.of("refused: the form was posted from another origin (" + origin + ")");
        }
        String given = request.getParameter("token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("refused: the form token is missing or stale (reload /rollout and submit again)");
        }
        return Optional.empty();
    }
}
