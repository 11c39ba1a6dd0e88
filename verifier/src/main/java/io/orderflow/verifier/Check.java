package io.orderflow.verifier;

/**
 * One part of the contract's invariants, checked over everything the {@link InvariantChecker} was
 * fed. Each check reads {@link Observations} and adds what it finds; none changes them, so the
 * checks run in any order and {@link InvariantChecker#check()} may run again after more input.
 *
 * <p>To check another invariant (say 6, the order-status topic of CONTRACT.md section 7): give
 * {@link VerifyOptions} its topic, read it in {@link Verifier} into a new {@code accept...} method
 * of the checker that keeps what it needs in {@link Observations} (per order, as {@link
 * OrderSummary} does), add its {@link ViolationKind}s and its line in {@link Report#INVARIANTS},
 * and add a {@code StatusCheck} to the checker's list of checks.
 */
interface Check {

    void check(Observations seen, Violations found);
}
