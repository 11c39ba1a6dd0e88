package io.orderflow.schemas.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The contract's instants, {@code YYYY-MM-DDTHH:MM:SS(.f{1,9})?Z}, by hand: this runs for every
 * record, and java.time's parsers allocate and throw on bad input.
 */
final class Instants {

    /** Returned by {@link #parse} when the text does not have the contract's shape. */
    static final long BAD_FORMAT = Long.MIN_VALUE;

    /** Returned by {@link #parse} when the shape is right but the date or time does not exist. */
    static final long BAD_DATE = Long.MIN_VALUE + 1;

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long FIRST_FOUR_DIGIT_YEAR = -62_167_219_200_000L; // 0000-01-01T00:00Z
    private static final long LAST_FOUR_DIGIT_YEAR =
            253_402_300_799_999L; // 9999-12-31T23:59:59.999Z
    private static final DateTimeFormatter OTHER_YEARS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Instants() {}

    /**
     * Epoch millis (sub-millisecond digits truncated), or {@link #BAD_FORMAT} / {@link #BAD_DATE}.
     */
    static long parse(String text) {
        int n = text.length();
        // 20 chars without a fraction, 22..30 with 1..9 fraction digits.
        if (n < 20 || n == 21 || n > 30) {
            return BAD_FORMAT;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(n - 1) != 'Z') {
            return BAD_FORMAT;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return BAD_FORMAT;
        }
        int millis = 0;
        if (n > 20) {
            if (text.charAt(19) != '.') {
                return BAD_FORMAT;
            }
            for (int i = 20; i < n - 1; i++) {
                int digit = text.charAt(i) - '0';
                if (digit < 0 || digit > 9) {
                    return BAD_FORMAT;
                }
                if (i < 23) {
                    millis = millis * 10 + digit;
                }
            }
            for (int i = n - 1; i < 23; i++) {
                millis *= 10; // fewer than three fraction digits
            }
        }
        if (month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour > 23
                || minute > 59
                || second > 59) {
            return BAD_DATE;
        }
        long seconds = ((hour * 60L) + minute) * 60L + second;
        return daysFromCivil(year, month, day) * MILLIS_PER_DAY + seconds * 1000L + millis;
    }

    /** Exactly three fraction digits; years outside 0000..9999 as java.time writes them. */
    static String format(long epochMillis) {
        if (epochMillis < FIRST_FOUR_DIGIT_YEAR || epochMillis > LAST_FOUR_DIGIT_YEAR) {
            return OTHER_YEARS.format(Instant.ofEpochMilli(epochMillis));
        }
        char[] out = new char[24];
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // Howard Hinnant's civil_from_days, on a calendar whose years start in March.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthIndex = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
        int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, millisOfDay / 3_600_000, 2);
        out[13] = ':';
        put(out, 14, millisOfDay / 60_000 % 60, 2);
        out[16] = ':';
        put(out, 17, millisOfDay / 1000 % 60, 2);
        out[19] = '.';
        put(out, 20, millisOfDay % 1000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /**
     * Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
     */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        int yearOfEra = (int) (y - era * 400);
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
