package io.orderflow.jobs.cli;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * The rules of option values, for every command, in one place: whole numbers and numbers within
 * their {@link Range}, enums by name (any case, {@code -} for {@code _}), flags without a value.
 * Each broken rule is one line naming the option and the rule, worded as orderflow always has:
 * {@code --partitions must be a whole number from 1 to 10000, was 'x'}.
 */
public final class OptionRules {

    private OptionRules() {}

    /**
     * Registers the converters on {@code commandLine} and all its subcommands (call it once they
     * are added).
     */
    static void register(CommandLine commandLine) {
        CommandLine.ITypeConverter<Long> whole = OptionRules::wholeNumber;
        CommandLine.ITypeConverter<Integer> wholeInt =
                text -> {
                    long n = wholeNumber(text);
                    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                        throw new TypeConversionException("not an int");
                    }
                    return (int) n;
                };
        CommandLine.ITypeConverter<Double> number = OptionRules::number;
        commandLine.registerConverter(Long.class, whole);
        commandLine.registerConverter(long.class, whole);
        commandLine.registerConverter(Integer.class, wholeInt);
        commandLine.registerConverter(int.class, wholeInt);
        commandLine.registerConverter(Double.class, number);
        commandLine.registerConverter(double.class, number);
        for (Class<? extends Enum<?>> type : enumTypes(commandLine)) {
            registerEnum(commandLine, type);
        }
    }

    /**
     * Every value given to {@code parsed}'s own options and parameters is within its {@link Range},
     * and an option of one value was given once.
     */
    static void check(ParseResult parsed) {
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!option.isMultiValue()
                    && option.arity().max() > 0
                    && option.originalStringValues().size() > 1) {
                throw new ParameterException(
                        parsed.commandSpec().commandLine(),
                        name(option) + " is given more than once",
                        option,
                        null);
            }
        }
        List<ArgSpec> matched = new ArrayList<>(parsed.matchedOptions());
        matched.addAll(parsed.matchedPositionals());
        for (ArgSpec arg : matched) {
            Range range = range(arg);
            Object value = arg.getValue();
            if (range == null || !(value instanceof Number n)) {
                continue;
            }
            boolean within =
                    value instanceof Double
                            ? n.doubleValue() >= range.min() && n.doubleValue() <= range.max()
                            : n.longValue() >= (long) range.min()
                                    && n.longValue() <= (long) range.max();
            if (!within) {
                List<String> given = arg.originalStringValues();
                String text = given.isEmpty() ? String.valueOf(value) : given.get(given.size() - 1);
                throw new ParameterException(
                        parsed.commandSpec().commandLine(), rule(arg, text), arg, text);
            }
        }
    }

    /**
     * The rule {@code text} broke as {@code arg}'s value, in one line naming the option; null when
     * {@code arg} has no rule of its own here (picocli's message says it then).
     */
    static String rule(ArgSpec arg, String text) {
        String name = name(arg);
        Class<?> type = arg.type();
        if (type == boolean.class || type == Boolean.class) {
            return name + " takes no value";
        }
        if (type.isEnum()) {
            return oneOfRule(name, type, text);
        }
        Range range = range(arg);
        if (type == double.class || type == Double.class) {
            double min = range == null ? -Double.MAX_VALUE : range.min();
            double max = range == null ? Double.MAX_VALUE : range.max();
            return numberRule(name, min, max, text);
        }
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class) {
            boolean isInt = type == int.class || type == Integer.class;
            long min =
                    range != null ? (long) range.min() : isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max =
                    range != null ? (long) range.max() : isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
            return wholeNumberRule(name, min, max, text);
        }
        return null;
    }

    /** An option's longest name ({@code --partitions}); a parameter's label ({@code FILE}). */
    static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static Range range(ArgSpec arg) {
        return arg.userObject() instanceof AnnotatedElement element
                ? element.getAnnotation(Range.class)
                : null;
    }

    private static long wholeNumber(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a whole number");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a number");
        }
    }

    private static <E extends Enum<E>> void registerEnum(CommandLine commandLine, Class<?> raw) {
        @SuppressWarnings("unchecked")
        Class<E> type = (Class<E>) raw;
        commandLine.registerConverter(
                type,
                text -> {
                    for (E e : type.getEnumConstants()) {
                        if (e.name().equalsIgnoreCase(text.replace('-', '_'))) {
                            return e;
                        }
                    }
                    throw new TypeConversionException("not one of " + type.getSimpleName());
                });
    }

    private static List<Class<? extends Enum<?>>> enumTypes(CommandLine commandLine) {
        List<Class<? extends Enum<?>>> types = new ArrayList<>();
        collectEnumTypes(commandLine, types);
        return types;
    }

    @SuppressWarnings("unchecked")
    private static void collectEnumTypes(
            CommandLine commandLine, List<Class<? extends Enum<?>>> types) {
        for (ArgSpec arg : commandLine.getCommandSpec().args()) {
            if (arg.type().isEnum() && !types.contains(arg.type())) {
                types.add((Class<? extends Enum<?>>) arg.type());
            }
        }
        commandLine.getSubcommands().values().forEach(sub -> collectEnumTypes(sub, types));
    }

    // The sentences that name a bad value's rule.

    /** {@code --partitions must be a whole number from 1 to 64, was 'x'}. */
    public static String wholeNumberRule(String name, long min, long max, String value) {
        return name
                + " must be a whole number from "
                + min
                + " to "
                + max
                + ", was '"
                + value
                + "'";
    }

    /** {@code --rate must be a number from 1.0 to 1.0E7, was 'x'}. */
    public static String numberRule(String name, double min, double max, String value) {
        return name + " must be a number from " + min + " to " + max + ", was '" + value + "'";
    }

    /**
     * {@code --delivery must be one of exactly-once, at-least-once, was 'x'}: constants in lower
     * case, - for _.
     */
    public static String oneOfRule(String name, Class<?> enumType, String value) {
        List<String> names = new ArrayList<>();
        for (Object e : enumType.getEnumConstants()) {
            names.add(((Enum<?>) e).name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return oneOfRule(name, names, value);
    }

    /** {@code --variants must be one of ceiling, orderflow, was 'x'}: any list of choices. */
    public static String oneOfRule(String name, List<String> choices, String value) {
        return name + " must be one of " + String.join(", ", choices) + ", was '" + value + "'";
    }
}
