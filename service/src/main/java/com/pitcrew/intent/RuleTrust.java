package com.pitcrew.intent;

/**
 * What production traffic says of each rule, as an immutable view read without blocking or querying, so the
 * request path pays nothing for it. Implementations refresh the view in the background and must be thread-safe.
 */
@FunctionalInterface
public interface RuleTrust {

    /** The latest view; cheap, never blocks. */
    RuleTrustView view();

    /** Trusts every rule's calibration as is: for callers with no production labels. */
    RuleTrust NONE = () -> RuleTrustView.EMPTY;
}
