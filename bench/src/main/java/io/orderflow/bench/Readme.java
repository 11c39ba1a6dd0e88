package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps the latest results in a README, between two marker lines of one section. */
final class Readme {

    /** The throughput and latency table of {@code ./orderflow bench}. */
    static final String BENCH = "bench results";

    /** The dedup state table of {@code ./orderflow bench dedup}. */
    static final String DEDUP = "dedup results";

    private Readme() {}

    static void update(Path readme, String section, String results) throws IOException {
        if (!Files.exists(readme)) {
            return;
        }
        Files.writeString(readme, replaced(Files.readString(readme), section, results));
    }

    static String replaced(String text, String section, String results) {
        String startPrefix = "<!-- " + section + ": start";
        String end = "<!-- " + section + ": end -->";
        int start = text.indexOf(startPrefix);
        int endAt = text.indexOf(end);
        if (start < 0 || endAt < start) {
            return text
                    + "\n"
                    + startPrefix
                    + " (written by ./orderflow bench) -->\n"
                    + results
                    + end
                    + "\n";
        }
        int startLineEnd = text.indexOf('\n', start);
        return text.substring(0, startLineEnd + 1) + results + text.substring(endAt);
    }
}
