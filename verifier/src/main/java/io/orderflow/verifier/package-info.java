/**
 * An independent verifier of the order-processing job's committed outputs against CONTRACT.md.
 *
 * <p>Independent means it shares no code with the job: it reads Kafka with a plain consumer, reads
 * JSON with its own small readers ({@code InputRules}, {@code OutputEvents}) and derives every rule
 * it checks from the contract, so a mistake in the job's codec or rules cannot hide itself. The
 * build enforces it: the module may not depend on any {@code io.orderflow} artifact.
 *
 * <p>Entry points: {@link io.orderflow.verifier.Verifier#verify} (topic names, bootstrap servers
 * and Kafka client settings in, a {@link io.orderflow.verifier.Report} out) and, for records
 * already in hand, {@link io.orderflow.verifier.InvariantChecker}.
 */
package io.orderflow.verifier;
