/**
 * Rapids and rivers (contract section 8) in plain Java, for the rivers Flink job and for {@code
 * ./orderflow rivers check FILE}.
 *
 * <ul>
 *   <li>{@link io.orderflow.rivers.RiverSpec#parse(java.nio.file.Path, String)} reads {@code
 *       --rivers FILE} into {@link io.orderflow.rivers.Rivers}, or throws a {@link
 *       io.orderflow.rivers.RiverSpecException} whose message is the one line to print.
 *   <li>{@link io.orderflow.rivers.River#of(String)} builds the same rivers in code.
 *   <li>{@link io.orderflow.rivers.RapidsJson#decode(byte[], int)} reads a rapids record's value
 *       into an event, or the dead letter's reason and detail.
 *   <li>{@link io.orderflow.rivers.Rivers#route(com.fasterxml.jackson.databind.JsonNode,
 *       io.orderflow.rivers.RecordSource)} says, per river, whether the event is not for it, a
 *       river record, or problems; {@link io.orderflow.rivers.RapidsJson#write} writes a river
 *       record with its numbers exact.
 * </ul>
 */
package io.orderflow.rivers;
