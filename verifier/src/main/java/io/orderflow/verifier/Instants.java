package io.orderflow.verifier;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract's instants (section 2): {@code YYYY-MM-DDTHH:MM:SS[.f{0,9}]Z}, UTC, to the ms. */
final class Instants {

    /** 1970-01-01T00:00:00Z: Kafka timestamps cannot be negative. */
    static final long EARLIEST = 0L;

    /** 9999-12-31T23:59:59.999Z. */
    static final long LATEST = 253_402_300_799_999L;

    private static final Pattern FORM =
            Pattern.compile(
                    "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,9}))?Z");

    private static final DateTimeFormatter OUTPUT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Instants() {}

    /**
     * Epoch millis of {@code text}, sub-millisecond digits dropped.
     *
     * @throws IllegalArgumentException when the text has another form or names no real time
     */
    static long parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not an ISO-8601 UTC instant YYYY-MM-DDTHH:MM:SS[.fraction]Z");
        }
        LocalDateTime time;
        try {
            time =
                    LocalDateTime.of(
                            Integer.parseInt(m.group(1)),
                            Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)),
                            Integer.parseInt(m.group(5)),
                            Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a real date and time");
        }
        String fraction = m.group(7) == null ? "" : m.group(7);
        int millis = Integer.parseInt((fraction + "000").substring(0, 3));
        return time.toInstant(ZoneOffset.UTC).toEpochMilli() + millis;
    }

    /** Whether {@code text} has the form outputs write: exactly three fraction digits. */
    static boolean isOutputForm(String text) {
        return text.length() == 24 && text.charAt(19) == '.' && FORM.matcher(text).matches();
    }

    /** Exactly three fraction digits, as outputs write them. */
    static String format(long epochMillis) {
        return OUTPUT.format(Instant.ofEpochMilli(epochMillis));
    }
}
