package io.orderflow.functions;

/**
 * Orders strings by Unicode code point, the order the contract's tie-breaks mean (and that UTF-8
 * bytes sort in). {@link String#compareTo} differs only when surrogate pairs meet high BMP chars.
 */
public final class CodePoints {

    private CodePoints() {}

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
