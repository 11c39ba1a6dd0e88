package io.orderflow.bench.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.bench.rivers.RiverConsumers.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiversCheckTest {

    private static RiversRun run(RiversVariant v, int round, List<Tally> tallies) {
        RiversRun r = new RiversRun(v, round, 1000);
        r.eventsPerSecond = 1000.0;
        r.tallies = tallies == null ? null : RiverConsumers.toJson(tallies);
        return r;
    }

    private static Map<RiversVariant, List<RiversRun>> round(
            List<Tally> readers, List<Tally> consumers, long problems, long deadLetters) {
        Map<RiversVariant, List<RiversRun>> runs = new LinkedHashMap<>();
        RiversRun job = run(RiversVariant.RIVERS, 0, null);
        job.problemRecords = problems;
        job.deadLetterRecords = deadLetters;
        runs.put(RiversVariant.RIVERS, new ArrayList<>(List.of(job)));
        runs.put(
                RiversVariant.RIVER_READERS,
                new ArrayList<>(List.of(run(RiversVariant.RIVER_READERS, 0, readers))));
        runs.put(
                RiversVariant.CONSUMERS,
                new ArrayList<>(List.of(run(RiversVariant.CONSUMERS, 0, consumers))));
        return runs;
    }

    private static final List<Tally> CONSUMERS =
            List.of(new Tally("a", 1000, 10, 2, 1, 111), new Tally("b", 1000, 20, 3, 1, 222));

    @Test
    void sameRecordsProblemsAndDeadLettersBothWaysIsNoMismatch() {
        List<Tally> readers =
                List.of(new Tally("a", 10, 10, 0, 0, 111), new Tally("b", 20, 20, 0, 0, 222));
        assertThat(RiversCheck.compare(0, round(readers, CONSUMERS, 5, 1))).isEmpty();
    }

    @Test
    void aRiverWithOtherRecordsOfTheSameCountIsAMismatchNamingTheRiver() {
        List<Tally> readers =
                List.of(new Tally("a", 10, 10, 0, 0, 111), new Tally("b", 20, 20, 0, 0, 999));
        assertThat(RiversCheck.compare(0, round(readers, CONSUMERS, 5, 1)))
                .singleElement()
                .asString()
                .contains("river b has 20 records, expected 20 with other @ids");
    }

    @Test
    void aMissingRecordOrProblemOrDeadLetterIsAMismatch() {
        List<Tally> readers =
                List.of(new Tally("a", 9, 9, 0, 0, 111), new Tally("b", 20, 20, 0, 0, 222));
        assertThat(RiversCheck.compare(0, round(readers, CONSUMERS, 4, 0)))
                .hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("river a has 9 records, expected 10"))
                .anySatisfy(m -> assertThat(m).contains("4 river problems, the consumers found 5"))
                .anySatisfy(m -> assertThat(m).contains("0 dead letters, each consumer skipped 1"));
    }
}
