package io.orderflow.jobs.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Command-line options of the form {@code --name value} or {@code --name=value}. Each command declares
 * the options it knows; anything else is a {@link UsageException} that names it. Typed getters name
 * the option and its rule when a value is bad.
 */
public final class Args {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final boolean help;

    private Args(boolean help) {
        this.help = help;
    }

    /**
     * Parses {@code argv}. {@code valued} are options that take a value, {@code flags} those that do
     * not. {@code --help} and {@code -h} are always known.
     */
    public static Args parse(List<String> argv, Set<String> valued, Set<String> flags) {
        boolean help = argv.contains("--help") || argv.contains("-h");
        Args args = new Args(help);
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                continue;
            }
            if (!a.startsWith("--")) {
                args.positional.add(a);
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                args.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = argv.get(++i);
                }
                args.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (!help) {
                throw new UsageException("unknown option " + name + " (see --help)");
            }
        }
        return args;
    }

    public boolean help() {
        return help;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The single value of {@code name}, or {@code fallback}; given twice is a usage error. */
    public String get(String name, String fallback) {
        List<String> v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.size() > 1) {
            throw new UsageException(name + " is given more than once");
        }
        return v.get(0);
    }

    public String required(String name) {
        String v = get(name, null);
        if (v == null || v.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return v;
    }

    public int intIn(String name, int fallback, int min, int max) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        return (int) longIn(name, v, min, max);
    }

    public long longIn(String name, long fallback, long min, long max) {
        String v = get(name, null);
        return v == null ? fallback : longIn(name, v, min, max);
    }

    public double doubleIn(String name, double fallback, double min, double max) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(numberRule(name, min, max, v));
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(numberRule(name, min, max, v));
        }
        return d;
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
                return e;
            }
        }
        throw new UsageException(oneOfRule(name, type, v));
    }

    public <T> T parsed(String name, T fallback, Function<String, T> parser) {
        String v = get(name, null);
        return v == null ? fallback : parser.apply(v);
    }

    private static long longIn(String name, String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(wholeNumberRule(name, min, max, v));
        }
        if (n < min || n > max) {
            throw new UsageException(wholeNumberRule(name, min, max, v));
        }
        return n;
    }

    // The sentences that name a bad value's rule, for this parser and the CLI's picocli declarations alike.

    /** {@code --partitions must be a whole number from 1 to 64, was 'x'}. */
    public static String wholeNumberRule(String name, long min, long max, String value) {
        return name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'";
    }

    /** {@code --rate must be a number from 1.0 to 1.0E7, was 'x'}. */
    public static String numberRule(String name, double min, double max, String value) {
        return name + " must be a number from " + min + " to " + max + ", was '" + value + "'";
    }

    /** {@code --delivery must be one of exactly-once, at-least-once, was 'x'}: constants in lower case, - for _. */
    public static String oneOfRule(String name, Class<?> enumType, String value) {
        List<String> names = new ArrayList<>();
        for (Object e : enumType.getEnumConstants()) {
            names.add(((Enum<?>) e).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return name + " must be one of " + String.join(", ", names) + ", was '" + value + "'";
    }
}
