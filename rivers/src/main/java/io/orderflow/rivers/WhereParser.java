package io.orderflow.rivers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code where} rule, {@code path op literal} (contract section 8). Literals: {@code true}
 * and {@code false} are booleans, {@code "..."} is a JSON string, a bare literal that starts with a
 * digit, {@code +}, {@code -} or {@code .} must be a JSON number, any other bare word is a string;
 * {@code null} is refused, and so is an ordering operator with a literal not a number.
 */
final class WhereParser {

    private static final JsonFactory JSON = new JsonFactory();

    private final String text;
    private int at;

    private WhereParser(String text) {
        this.text = text;
    }

    static WhereRule parse(String rule) {
        if (rule == null) {
            throw new RiverSpecException("a where rule must not be null");
        }
        String text = rule.strip();
        try {
            return new WhereParser(text).rule();
        } catch (RiverSpecException e) {
            throw new RiverSpecException(
                    "where rule \"" + text + "\" does not parse: " + e.getMessage());
        }
    }

    private WhereRule rule() {
        RiverPath path = path();
        skipBlanks();
        WhereRule.Op op = op();
        skipBlanks();
        List<Literal> literals = new ArrayList<>();
        if (op == WhereRule.Op.IN || op == WhereRule.Op.NOT_IN) {
            list(literals);
        } else {
            literals.add(literal());
            if (op.orders() && literals.get(0).kind() != Literal.Kind.NUMBER) {
                throw new RiverSpecException(
                        op.symbol()
                                + " compares numbers only, but "
                                + literals.get(0)
                                + " is a "
                                + kindName(literals.get(0)));
            }
        }
        skipBlanks();
        if (at < text.length()) {
            throw new RiverSpecException("unexpected " + rest() + " after the literal");
        }
        return new WhereRule(text, path, op, literals);
    }

    private RiverPath path() {
        int start = at;
        while (at < text.length()
                && !isBlank(text.charAt(at))
                && "=!<>".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        if (at == start) {
            throw new RiverSpecException(
                    text.isEmpty() ? "the rule is empty" : "it must start with a path");
        }
        return RiverPath.parse(text.substring(start, at));
    }

    private WhereRule.Op op() {
        for (String symbol : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (text.startsWith(symbol, at)) {
                at += symbol.length();
                for (WhereRule.Op op : WhereRule.Op.values()) {
                    if (op.symbol().equals(symbol)) {
                        return op;
                    }
                }
            }
        }
        if (word("in")) {
            return WhereRule.Op.IN;
        }
        if (word("not")) {
            skipBlanks();
            if (word("in")) {
                return WhereRule.Op.NOT_IN;
            }
            throw new RiverSpecException("expected in after not, found " + rest());
        }
        throw new RiverSpecException(
                "expected an operator (== != < <= > >= in, not in) after the path, found "
                        + rest());
    }

    /** Consumes a keyword that ends at a blank, a {@code [} or the end. */
    private boolean word(String keyword) {
        int end = at + keyword.length();
        if (text.startsWith(keyword, at)
                && (end == text.length() || isBlank(text.charAt(end)) || text.charAt(end) == '[')) {
            at = end;
            return true;
        }
        return false;
    }

    private void list(List<Literal> literals) {
        if (at >= text.length() || text.charAt(at) != '[') {
            throw new RiverSpecException("expected a list [a, b, ...], found " + rest());
        }
        at++;
        skipBlanks();
        if (at < text.length() && text.charAt(at) == ']') {
            throw new RiverSpecException("the list is empty");
        }
        while (true) {
            skipBlanks();
            literals.add(literal());
            skipBlanks();
            if (at >= text.length()) {
                throw new RiverSpecException("the list has no closing ]");
            }
            char c = text.charAt(at++);
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw new RiverSpecException("expected , or ] in the list, found " + rest(at - 1));
            }
        }
    }

    private Literal literal() {
        if (at >= text.length()) {
            throw new RiverSpecException("a literal is missing");
        }
        if (text.charAt(at) == '"') {
            return quoted();
        }
        int start = at;
        while (at < text.length()
                && !isBlank(text.charAt(at))
                && ",[]\"".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String bare = text.substring(start, at);
        if (bare.isEmpty()) {
            throw new RiverSpecException("a literal is missing before " + rest());
        }
        switch (bare) {
            case "true":
                return Literal.bool(true);
            case "false":
                return Literal.bool(false);
            case "null":
                throw new RiverSpecException(
                        "null is not a literal (a null value breaks every rule)");
            default:
                break;
        }
        char first = bare.charAt(0);
        if ((first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.') {
            return Literal.jsonNumber(bare);
        }
        return Literal.string(bare);
    }

    /** A {@code "..."} literal, read as a JSON string (so its escapes are JSON's). */
    private Literal quoted() {
        int end = at + 1;
        while (end < text.length() && text.charAt(end) != '"') {
            end += text.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= text.length()) {
            throw new RiverSpecException("a string literal has no closing quote");
        }
        String literal = text.substring(at, end + 1);
        at = end + 1;
        try (JsonParser parser = JSON.createParser(literal)) {
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
                return Literal.string(parser.getText());
            }
        } catch (IOException e) {
            // reported below: a bad escape is a literal that does not parse
        }
        throw new RiverSpecException(literal + " is not a JSON string");
    }

    private static String kindName(Literal literal) {
        return literal.kind().name().toLowerCase(Locale.ROOT);
    }

    private void skipBlanks() {
        while (at < text.length() && isBlank(text.charAt(at))) {
            at++;
        }
    }

    private static boolean isBlank(char c) {
        return Character.isWhitespace(c);
    }

    private String rest() {
        return rest(at);
    }

    private String rest(int from) {
        return from >= text.length() ? "the end" : "\"" + text.substring(from) + "\"";
    }
}
