package io.orderflow.verifier;

/** One order line: {@code {sku, quantity, unitPrice}} (money in the currency's minor unit). */
record Line(String sku, long quantity, long unitPrice) {

    @Override
    public String toString() {
        return sku + " x" + quantity + " @" + unitPrice;
    }
}
