package com.pitcrew.intent;

/**
 * Whether skipping is stopped everywhere, as the control plane reads it; {@code rollout.KillSwitch} keeps it in the
 * database. Implementations are shared by every request and must be thread-safe.
 */
@FunctionalInterface
public interface KillSwitchSource {

    boolean engaged();
}
