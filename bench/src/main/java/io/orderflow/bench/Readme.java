package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps the latest results in the bench README, between two marker lines. */
final class Readme {

    static final String START = "<!-- bench results: start (written by ./orderflow bench) -->";
    static final String END = "<!-- bench results: end -->";

    private Readme() {}

    static void update(Path readme, String results) throws IOException {
        if (!Files.exists(readme)) {
            return;
        }
        Files.writeString(readme, replaced(Files.readString(readme), results));
    }

    static String replaced(String text, String results) {
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            return text + "\n" + START + "\n" + results + END + "\n";
        }
        return text.substring(0, start + START.length()) + "\n" + results + text.substring(end);
    }
}
