package com.pitcrew.intent;

import java.util.Optional;

/**
 * The skip flag as the control plane reads it, for one user; {@code rollout.SkipFlag} evaluates it with Unleash.
 * Implementations are shared by every request and must be thread-safe.
 */
@FunctionalInterface
public interface SkipFlagSource {

    State evaluate(String userId, Optional<String> teamId, Optional<String> channelId);

    /**
     * Whether Phase 1.1 (the pattern intent's handler started while the LLM validates) is on for this user; off
     * unless the source says otherwise.
     */
    default boolean parallelValidation(String userId, Optional<String> teamId, Optional<String> channelId) {
        return false;
    }

    /** This user's flag state: on or off, and the variant's threshold when it carries one. */
    record State(boolean enabled, Optional<Double> threshold) {
    }
}
