package io.orderflow.verifier;

import java.util.Map;
import java.util.Objects;

/**
 * The dead-letter half of invariant 4 (CONTRACT.md sections 4 and 5): every input record that calls
 * for a DeadLetter has exactly one, with its reason, its key cut to 1 KiB, its original value (by
 * length and SHA-256, so a cut value still matches), its coordinates and timestamp; and no other
 * record has one.
 */
final class DeadLetterCheck implements Check {

    private final Observations observations;

    DeadLetterCheck(Observations seen) {
        this.observations = seen;
    }

    /** A dead letter read from Kafka: its key must be the input's key, its timestamp occurredAt. */
    void accept(OutputEvents.WrittenDeadLetter letter, String kafkaKey, long kafkaTimestamp) {
        if (!Objects.equals(letter.key(), kafkaKey)) {
            observations.atIntake.record(
                    ViolationKind.WRONG_FIELDS,
                    letter.eventId(),
                    "dead letter has Kafka key " + kafkaKey + ", not " + letter.key());
        }
        if (letter.occurredAt() != kafkaTimestamp) {
            observations.atIntake.record(
                    ViolationKind.WRONG_FIELDS,
                    letter.eventId(),
                    "dead letter has Kafka timestamp "
                            + Instants.format(kafkaTimestamp)
                            + ", not its occurredAt "
                            + Instants.format(letter.occurredAt()));
        }
        if (!letter.occurredAtInOutputForm()) {
            observations.atIntake.record(
                    ViolationKind.WRONG_FIELDS,
                    letter.eventId(),
                    "dead letter occurredAt is not written with exactly three fraction digits");
        }
        accept(letter);
    }

    /** A dead letter whose Kafka key and timestamp are not known or already checked. */
    void accept(OutputEvents.WrittenDeadLetter letter) {
        observations.writtenByReason.merge(letter.reason(), 1L, Long::sum);
        Observations.SeenDeadLetter earlier = observations.seenDeadLetters.get(letter.eventId());
        if (earlier != null) {
            earlier.count++;
            return;
        }
        String coordinates =
                letter.sourceTopic() + "/" + letter.sourcePartition() + "/" + letter.sourceOffset();
        boolean sourceMatches =
                letter.eventId().equals(coordinates)
                        && letter.sourceTimestamp() == letter.occurredAt();
        observations.seenDeadLetters.put(
                letter.eventId(),
                new Observations.SeenDeadLetter(
                        letter.reason(),
                        DeadLetterEvidence.of(letter),
                        DeadLetterEvidence.inconsistency(letter),
                        letter.occurredAt(),
                        sourceMatches));
    }

    @Override
    public void check(Observations seen, Violations found) {
        seen.expectedDeadLetters.forEach(
                (eventId, expected) -> {
                    Observations.SeenDeadLetter written = seen.seenDeadLetters.get(eventId);
                    if (written == null) {
                        found.record(
                                ViolationKind.UNACCOUNTED_INPUT,
                                eventId,
                                "expected a "
                                        + expected.reason()
                                        + " dead letter (key "
                                        + expected.evidence().key()
                                        + "), found none");
                        return;
                    }
                    compare(eventId, expected, written, found);
                    if (written.count > 1) {
                        found.record(
                                ViolationKind.DUPLICATE_OUTPUT,
                                eventId,
                                "dead letter written " + written.count + " times");
                    }
                });
        for (Map.Entry<String, Observations.SeenDeadLetter> entry :
                seen.seenDeadLetters.entrySet()) {
            if (!seen.expectedDeadLetters.containsKey(entry.getKey())) {
                found.record(
                        ViolationKind.UNEXPECTED_DEAD_LETTER,
                        entry.getKey(),
                        entry.getValue().reason
                                + " dead letter, but no record read there should be one");
            }
        }
    }

    private static void compare(
            String eventId,
            Observations.ExpectedDeadLetter expected,
            Observations.SeenDeadLetter written,
            Violations found) {
        DeadLetterEvidence wanted = expected.evidence();
        if (written.reason != expected.reason()) {
            found.record(
                    ViolationKind.WRONG_DEAD_LETTER,
                    eventId,
                    "reason " + written.reason + ", expected " + expected.reason());
        } else if (!Objects.equals(written.evidence.key(), wanted.key())) {
            found.record(
                    ViolationKind.WRONG_DEAD_LETTER,
                    eventId,
                    "key "
                            + written.evidence.key()
                            + ", but the record's key (cut to 1 KiB) is "
                            + wanted.key());
        } else if (!written.evidence.equals(wanted)) {
            found.record(
                    ViolationKind.WRONG_DEAD_LETTER,
                    eventId,
                    "value differs from the record's original value (valueBytes "
                            + written.evidence.valueBytes()
                            + ", valueSha256 "
                            + written.evidence.valueSha256()
                            + "; the record has "
                            + wanted.valueBytes()
                            + " bytes, SHA-256 "
                            + wanted.valueSha256()
                            + ")");
        } else if (written.inconsistency != null) {
            found.record(ViolationKind.WRONG_DEAD_LETTER, eventId, written.inconsistency);
        } else if (!written.sourceMatches || written.occurredAt != expected.timestamp()) {
            found.record(
                    ViolationKind.WRONG_DEAD_LETTER,
                    eventId,
                    "source or occurredAt differ from the record's coordinates and timestamp "
                            + Instants.format(expected.timestamp()));
        }
    }
}
