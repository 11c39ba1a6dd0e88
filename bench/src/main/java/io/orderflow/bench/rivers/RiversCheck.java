package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether the two ways gave each river the same records: what the river readers read from the
 * rivers job's topics against what the consumers kept of the rapids, river by river (count and a
 * fingerprint of the records' {@code @id}s), the job's problems and dead letters against the
 * consumers' counts, and each round's river topics against the first round's.
 */
final class RiversCheck {

    private RiversCheck() {}

    /**
     * The mismatches of round {@code round}, one line each; empty when the outputs agree (or a side
     * did not run).
     */
    static List<String> compare(int round, Map<RiversVariant, List<RiversRun>> runs) {
        List<String> mismatches = new ArrayList<>();
        RiversRun job = of(runs, RiversVariant.RIVERS, round);
        RiversRun readers = of(runs, RiversVariant.RIVER_READERS, round);
        RiversRun consumers = of(runs, RiversVariant.CONSUMERS, round);
        RiversRun firstReaders = of(runs, RiversVariant.RIVER_READERS, 0);
        String where = "round " + (round + 1) + ": ";
        if (readers != null && consumers != null) {
            compareRivers(
                    where + "river topics against consumers",
                    readers.tallies,
                    consumers.tallies,
                    mismatches);
        }
        if (round > 0 && readers != null && firstReaders != null) {
            compareRivers(
                    where + "river topics against round 1's",
                    readers.tallies,
                    firstReaders.tallies,
                    mismatches);
        }
        if (job != null && consumers != null) {
            long problems = 0;
            long deadLetters = -1;
            for (JsonNode t : consumers.tallies) {
                problems += t.path("problems").asLong();
                deadLetters =
                        t.path("dead_letters").asLong(); // every consumer reads the whole rapids
            }
            if (job.problemRecords != problems) {
                mismatches.add(
                        where
                                + "the job wrote "
                                + job.problemRecords
                                + " river problems, the consumers found "
                                + problems);
            }
            if (job.deadLetterRecords != deadLetters) {
                mismatches.add(
                        where
                                + "the job wrote "
                                + job.deadLetterRecords
                                + " dead letters, each consumer skipped "
                                + deadLetters);
            }
        }
        return mismatches;
    }

    private static void compareRivers(
            String what, JsonNode actual, JsonNode expected, List<String> mismatches) {
        Iterator<Map.Entry<String, JsonNode>> rivers = expected.fields();
        while (rivers.hasNext()) {
            Map.Entry<String, JsonNode> e = rivers.next();
            JsonNode a = actual.path(e.getKey());
            long kept = e.getValue().path("kept").asLong();
            if (a.path("kept").asLong(-1) != kept
                    || a.path("id_digest").asLong() != e.getValue().path("id_digest").asLong()) {
                mismatches.add(
                        what
                                + ": river "
                                + e.getKey()
                                + " has "
                                + a.path("kept").asLong(-1)
                                + " records, expected "
                                + kept
                                + (a.path("kept").asLong(-1) == kept ? " with other @ids" : ""));
            }
        }
    }

    /** The run of {@code variant} in {@code round} when it measured something, else null. */
    private static RiversRun of(
            Map<RiversVariant, List<RiversRun>> runs, RiversVariant variant, int round) {
        List<RiversRun> list = runs.get(variant);
        if (list == null || list.size() <= round) {
            return null;
        }
        RiversRun r = list.get(round);
        return r.measured() && (variant == RiversVariant.RIVERS || r.tallies != null) ? r : null;
    }
}
