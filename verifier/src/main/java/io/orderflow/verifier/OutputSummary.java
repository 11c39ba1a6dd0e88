package io.orderflow.verifier;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The part of one confirmation or refund the checks need, kept small: the lines as arrays, and the
 * customer, currency and causation as one fingerprint, compared with the order's once it is known.
 */
final class OutputSummary {

    final long occurredAt;
    final long amount;
    final String[] skus;
    final long[] quantities;
    final long[] unitPrices;
    final boolean backordered;
    final long fieldsFingerprint;

    OutputSummary(OutputEvents.Decision decision, UnaryOperator<String> interner) {
        this.occurredAt = decision.occurredAt();
        this.amount = decision.amount();
        this.backordered = decision.backordered();
        this.fieldsFingerprint =
                fingerprint(decision.customerId(), decision.currency(), decision.causationId());
        List<Line> lines = decision.lines();
        skus = new String[lines.size()];
        quantities = new long[lines.size()];
        unitPrices = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            skus[i] = interner.apply(line.sku());
            quantities[i] = line.quantity();
            unitPrices[i] = line.unitPrice();
        }
    }

    /** The sum of quantity * unitPrice, or null when it overflows a long. */
    static Long sumOfLines(List<Line> lines) {
        long sum = 0;
        try {
            for (Line line : lines) {
                sum = Math.addExact(sum, Math.multiplyExact(line.quantity(), line.unitPrice()));
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return sum;
    }

    /** A 64-bit FNV-1a fingerprint of the strings, with a separator so that fields cannot shift. */
    static long fingerprint(String... values) {
        long hash = 0xcbf29ce484222325L;
        for (String value : values) {
            String text = value == null ? "\u0000null" : value;
            for (int i = 0; i < text.length(); i++) {
                hash ^= text.charAt(i);
                hash *= 0x100000001b3L;
            }
            hash ^= 0x1F;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
