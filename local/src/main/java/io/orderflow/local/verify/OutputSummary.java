package io.orderflow.local.verify;

import io.orderflow.schemas.OrderLine;

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

    OutputSummary(
            long occurredAt,
            long amount,
            List<OrderLine> lines,
            boolean backordered,
            long fieldsFingerprint,
            UnaryOperator<String> interner) {
        this.occurredAt = occurredAt;
        this.amount = amount;
        this.backordered = backordered;
        this.fieldsFingerprint = fieldsFingerprint;
        int n = lines == null ? 0 : lines.size();
        skus = new String[n];
        quantities = new long[n];
        unitPrices = new long[n];
        for (int i = 0; i < n; i++) {
            OrderLine line = lines.get(i);
            skus[i] = interner.apply(line.sku());
            quantities[i] = line.quantity();
            unitPrices[i] = line.unitPrice();
        }
    }

    /** The sum of quantity * unitPrice, or null when it overflows a long. */
    static Long sumOfLines(List<OrderLine> lines) {
        long sum = 0;
        if (lines == null) {
            return 0L;
        }
        try {
            for (OrderLine line : lines) {
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
