package io.orderflow.verifier;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The latest status record of one order (CONTRACT.md section 7), kept small for {@link
 * StatusCheck}.
 */
final class StatusSummary {

    /** No reservedAt on the line. */
    static final long NOT_RESERVED = Long.MIN_VALUE;

    final long seq;
    final String status;
    final long occurredAt;
    final long confirmedAmount;
    final long refundedAmount;
    final long fieldsFingerprint;
    final String[] skus;
    final long[] quantities;
    final long[] unitPrices;
    final String[] states;
    final long[] reservedAt;

    /**
     * Lines that this or an earlier record of the order showed reserved: a cancellation releases
     * them.
     */
    final boolean[] everReserved;

    /** {@code previous}: the order's record before this one, or null. */
    StatusSummary(OutputEvents.Status s, StatusSummary previous, UnaryOperator<String> interner) {
        seq = s.seq();
        status = interner.apply(s.status());
        occurredAt = s.occurredAt();
        confirmedAmount = s.confirmedAmount();
        refundedAmount = s.refundedAmount();
        fieldsFingerprint = OutputSummary.fingerprint(s.customerId(), s.currency());
        List<OutputEvents.StatusLine> lines = s.lines();
        skus = new String[lines.size()];
        quantities = new long[lines.size()];
        unitPrices = new long[lines.size()];
        states = new String[lines.size()];
        reservedAt = new long[lines.size()];
        everReserved = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            OutputEvents.StatusLine line = lines.get(i);
            skus[i] = interner.apply(line.sku());
            quantities[i] = line.quantity();
            unitPrices[i] = line.unitPrice();
            states[i] = interner.apply(line.state());
            reservedAt[i] = line.reservedAt() == null ? NOT_RESERVED : line.reservedAt();
            everReserved[i] =
                    reservedAt[i] != NOT_RESERVED
                            || (previous != null
                                    && i < previous.everReserved.length
                                    && previous.everReserved[i]);
        }
    }
}
