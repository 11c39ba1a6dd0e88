package io.orderflow.jobs.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values an {@code int}, {@code long} or {@code double} option takes, declared beside its
 * {@code @Option}. {@link OptionRules} reads it, so the rule and its one-line message
 * ("--partitions must be a whole number from 1 to 10000, was '0'") live in one place for every
 * command. A numeric option without it takes any value of its type.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Range {

    /** The least value (whole numbers: a whole number). */
    double min();

    /** The greatest value (whole numbers: a whole number). */
    double max();
}
