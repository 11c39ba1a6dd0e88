package io.orderflow.local.generate;

import io.orderflow.jobs.options.UsageException;
import java.util.regex.Pattern;

/**
 * Checks a {@code --bootstrap-servers} value before Kafka clients turn a typo into a stack trace.
 */
public final class BootstrapServers {

    private static final Pattern HOST_PORT =
            Pattern.compile("[^\\s,:]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}");

    private BootstrapServers() {}

    /**
     * Returns {@code value} when it is HOST:PORT[,HOST:PORT...]; else a usage error naming the
     * option.
     */
    public static String check(String option, String value) {
        String trimmed = value.trim();
        for (String server : trimmed.split(",", -1)) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                throw new UsageException(
                        option + " must be HOST:PORT[,HOST:PORT...], was '" + value + "'");
            }
        }
        return trimmed;
    }
}
