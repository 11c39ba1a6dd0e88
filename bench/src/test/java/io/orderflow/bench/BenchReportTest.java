package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static Figures figures(Variant v, double rate, Long p99) {
        Figures f = new Figures(v);
        f.inputRecords = 1_000_000;
        f.eventsPerSecond = rate;
        f.latencyP50Ms = p99 == null ? null : p99 / 2;
        f.latencyP99Ms = p99;
        f.latencyP999Ms = p99 == null ? null : p99 + 100;
        f.peakRssKbThroughput = 900 * 1024L;
        f.stateBytes = 50L * 1024 * 1024;
        f.loadAverage = 1.5;
        f.cpuMicrosPerEvent = 25.0;
        if (v.decides()) {
            f.verifyOk = true;
            f.violations = 0L;
            f.differencesFromOrderflow = 0L;
        }
        return f;
    }

    private final List<Figures> all =
            List.of(
                    figures(Variant.CEILING, 80_000, 1_100L),
                    figures(Variant.ORDERFLOW, 60_000, 2_200L),
                    figures(Variant.KAFKA_STREAMS, 20_000, 5_000L));

    @Test
    void closingLineComparesOrderflowWithThePeerAndTheCeiling() {
        assertThat(BenchReport.closingLine(all))
                .isEqualTo(
                        "orderflow 60000 events/s = 3.00x kafka-streams, 75% of ceiling, p99 2200"
                                + " ms");
    }

    @Test
    void closingLineSaysWhatWasNotMeasured() {
        assertThat(BenchReport.closingLine(List.of(figures(Variant.ORDERFLOW, 1234.4, null))))
                .isEqualTo(
                        "orderflow 1234 events/s = n/a kafka-streams, n/a of ceiling, p99 n/a ms");
    }

    @Test
    void tableHasARowPerVariantWithRatiosAndVerdicts() {
        Figures broken = figures(Variant.ORDERFLOW_P1, 30_000, null);
        broken.verifyOk = false;
        broken.violations = 3L;
        broken.differencesFromOrderflow = 12L;
        broken.comparedWith = "orderflow";
        String table = BenchReport.table(List.of(all.get(0), all.get(1), all.get(2), broken));
        assertThat(table.lines()).hasSize(6);
        assertThat(table)
                .contains(
                        "| orderflow | 60,000 |  | 3.00x | 75% | 25 |  |  | 1,100 | 2,200 | 2,300 |"
                                + " 900 | 50.0 | OK, same outputs | 1.5 |");
        assertThat(table).contains("| ceiling | 80,000 |  | 4.00x | 100% | 25 |");
        assertThat(table)
                .contains(
                        "| orderflow-p1 | 30,000 |  | 1.50x | 38% | 25 |  |  |  |  |  | 900 | 50.0"
                                + " | FAILED (3), 12 outputs differ from orderflow | 1.5 |");
    }

    @Test
    void figuresSerializeWithEveryFieldInSnakeCaseWithTheirUnits() {
        JsonNode json = ResultsWriter.JSON.valueToTree(all.get(1));
        assertThat(json.get("variant").asText()).isEqualTo("orderflow");
        assertThat(json.get("events_per_second").asDouble()).isEqualTo(60_000);
        assertThat(json.get("events_per_second").isNumber()).isTrue();
        assertThat(json.has("latency_p999_ms")).isTrue();
        assertThat(json.has("cpu_micros_per_event")).isTrue();
        assertThat(json.has("error")).isTrue();
    }

    @Test
    void readmeSectionIsReplacedBetweenItsMarkersAndTheOtherSectionIsKept() {
        String bench = "<!-- bench results: start (written by ./orderflow bench) -->\n";
        String dedup = "<!-- dedup results: start (written by ./orderflow bench dedup) -->\n";
        String readme =
                "# bench\n\nintro\n"
                        + bench
                        + "old table\n<!-- bench results: end -->\nmiddle\n"
                        + dedup
                        + "old dedup\n<!-- dedup results: end -->\nafter\n";
        String updated = Readme.replaced(readme, Readme.DEDUP, "new dedup\n");
        assertThat(updated)
                .isEqualTo(
                        "# bench\n\nintro\n"
                                + bench
                                + "old table\n<!-- bench results: end -->\nmiddle\n"
                                + dedup
                                + "new dedup\n<!-- dedup results: end -->\nafter\n");
    }

    @Test
    void aMissingSectionIsAppended() {
        String updated = Readme.replaced("# bench\n", Readme.DEDUP, "table\n");
        assertThat(updated)
                .isEqualTo(
                        "# bench\n\n"
                                + "<!-- dedup results: start (written by ./orderflow bench) -->\n"
                                + "table\n"
                                + "<!-- dedup results: end -->\n");
    }

    @Test
    void markdownNamesTheMachineAndTheInput() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", "2");
        machine.put("memory", "23.5 GiB");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("events", 1_000_000L);
        String md = BenchReport.markdown(machine, input, all, BenchReport.closingLine(all));
        assertThat(md)
                .startsWith("Machine: cores 2; memory 23.5 GiB.\n\nInput: events 1,000,000.\n");
        assertThat(md).contains("![throughput](throughput.png)");
    }
}
