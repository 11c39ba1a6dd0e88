package io.orderflow.testkit.generate;

/**
 * The skus of a generated shop: names, a fixed unit price each, and a Zipf-like popularity so that
 * a few skus sell often and run out while the long tail rarely sells.
 */
final class SkuCatalogue {

    private static final double ZIPF_EXPONENT = 1.0;
    private static final long MIN_PRICE = 199;
    private static final long MAX_PRICE = 49_999;
    private static final int MAX_DISTINCT_TRIES = 32;

    private final String[] names;
    private final long[] prices;
    private final double[] share;
    private final double[] cumulative;

    SkuCatalogue(int size, DeterministicRandom random) {
        names = new String[size];
        prices = new long[size];
        share = new double[size];
        cumulative = new double[size];
        int width = Math.max(5, Integer.toString(size - 1).length());
        double total = 0;
        for (int i = 0; i < size; i++) {
            names[i] = "sku-" + zeroPadded(i, width);
            prices[i] = shopPrice(random.nextDouble());
            share[i] = 1.0 / Math.pow(i + 1, ZIPF_EXPONENT);
            total += share[i];
            cumulative[i] = total;
        }
        for (int i = 0; i < size; i++) {
            share[i] /= total;
            cumulative[i] /= total;
        }
    }

    int size() {
        return names.length;
    }

    String name(int sku) {
        return names[sku];
    }

    long price(int sku) {
        return prices[sku];
    }

    /** The expected share of order lines that name this sku. */
    double share(int sku) {
        return share[sku];
    }

    int pick(DeterministicRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** {@code count} distinct skus (count must not exceed the catalogue size). */
    int[] pickDistinct(DeterministicRandom random, int count) {
        int[] picked = new int[count];
        for (int i = 0; i < count; i++) {
            int sku = pick(random);
            for (int tries = 0; contains(picked, i, sku); tries++) {
                // A very popular sku can win every draw; then walk to the next unused one.
                sku = tries < MAX_DISTINCT_TRIES ? pick(random) : (sku + 1) % names.length;
            }
            picked[i] = sku;
        }
        return picked;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** Log-uniform between the bounds, ending in 99 cents as shop prices do. */
    private static long shopPrice(double u) {
        double raw =
                Math.exp(Math.log(MIN_PRICE) + u * (Math.log(MAX_PRICE) - Math.log(MIN_PRICE)));
        long price = (long) raw / 100 * 100 + 99;
        return Math.max(MIN_PRICE, Math.min(MAX_PRICE, price));
    }

    private static String zeroPadded(int value, int width) {
        String digits = Integer.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
