package io.orderflow.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Decision latency against offered load ({@code ./orderflow bench --latency-rates 1000,2000,...}):
 * each variant runs the bench's latency phase at each load, variants alternating within a load, and
 * the curve goes to {@code latency-curve.md} and {@code latency-curve.png}. Where p99 leaves the
 * commit interval behind and undecided orders appear, the variant is saturated. The ceiling's
 * "decision" is its copy of the OrderPlaced: the latency of an exactly-once pass-through, which
 * decides nothing, with the same sources, sink and checkpoints; what the deciding variants add to
 * it is their own.
 */
final class LatencyCurve {

    private record Point(Variant variant, double rate, Figures figures) {}

    private final LatencyPhase phase;
    private final List<Variant> variants;
    private final PrintStream out;

    LatencyCurve(LatencyPhase phase, List<Variant> variants, PrintStream out) {
        this.phase = phase;
        this.variants = variants;
        this.out = out;
    }

    int run(List<Double> rates, String settings, Path resultsDir) throws Exception {
        List<Point> points = new ArrayList<>();
        boolean failed = false;
        for (double rate : rates) {
            out.printf(Locale.ROOT, "bench: latency curve at %,.0f events/s offered%n", rate);
            for (Variant v : variants) {
                Figures f = new Figures(v);
                try {
                    phase.run(v, f, rate);
                } catch (Exception e) {
                    f.error = "latency: " + e.getMessage();
                    out.println("bench: " + v.id() + " latency failed: " + e.getMessage());
                    failed = true;
                }
                points.add(new Point(v, rate, f));
            }
        }
        Files.createDirectories(resultsDir);
        Files.writeString(resultsDir.resolve("latency-curve.md"), table(points, settings));
        chart(points, resultsDir.resolve("latency-curve.png"));
        out.println("bench: latency curve in " + resultsDir.resolve("latency-curve.md"));
        return failed ? 1 : 0;
    }

    /** "23", or "120 (behind)" when the variant never caught up ({@link CatchUp}). */
    static String warmup(Figures f) {
        if (f.latencyWarmupS == null) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%.0f", f.latencyWarmupS);
        return Boolean.FALSE.equals(f.latencyCaughtUp) ? s + " (behind)" : s;
    }

    private static String table(List<Point> points, String settings) {
        StringBuilder md = new StringBuilder("# Decision latency against offered load\n\n");
        md.append("Settings: ").append(settings).append(".\n\n");
        md.append(
                "| variant | offered events/s | sent events/s | warm-up s | orders measured |"
                    + " undecided | p50 ms | p99 ms | p99.9 ms | max ms | checkpoint ms, median |"
                    + " longest | slowest 1 %, ms: to decision / to trigger / checkpoint /"
                    + " completion / to visible | error |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Point p : points) {
            Figures f = p.figures;
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                                    + " %s |%n",
                            p.variant.id(),
                            p.rate,
                            f.achievedRate == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%,.0f", f.achievedRate),
                            warmup(f),
                            text(f.ordersMeasured),
                            text(f.ordersUndecided),
                            text(f.latencyP50Ms),
                            text(f.latencyP99Ms),
                            text(f.latencyP999Ms),
                            text(f.latencyMaxMs),
                            text(f.checkpointMedianMs),
                            text(f.checkpointMaxMs),
                            slowest(f),
                            f.error == null ? "" : f.error));
        }
        md.append(
                "\n"
                    + "Latency: from the broker's append time of an OrderPlaced to the moment its"
                    + " first decision is visible to a read_committed consumer; the generator is"
                    + " paced at the offered load. Warm-up: the measured window begins once the"
                    + " variant has caught up with the load (its freshest committed decision was of"
                    + " an order sent at most 3 s before, for 5 s without a break), after 15 s at"
                    + " least and 120 s at most; '(behind)' means it never caught up and was"
                    + " measured anyway. A variant is saturated where it no longer decides within"
                    + " the run (undecided orders) or its p99 grows with the load instead of"
                    + " staying near its commit interval. Checkpoint: end-to-end duration (trigger"
                    + " to the last acknowledgement) of the Flink checkpoints triggered in the"
                    + " measured window; a decision is visible once the first checkpoint after it"
                    + " completes. Slowest 1 %: the means of the latency's parts over the slowest 1"
                    + " % of decisions (they add up to those decisions' mean latency): from the"
                    + " order's append to its decision's append (the decision topics keep"
                    + " LogAppendTime), from there to the trigger of the checkpoint that committed"
                    + " it, that checkpoint to its last acknowledgement, from there to the job"
                    + " manager's completion (its metadata written), and from the completion to the"
                    + " reader. The ceiling decides nothing: its row is an exactly-once"
                    + " pass-through's latency (its 'decision' is its copy of the OrderPlaced), the"
                    + " floor under the others.\n\n"
                    + "![latency curve](latency-curve.png)\n");
        return md.toString();
    }

    private static String slowest(Figures f) {
        if (f.latencyPartsSlowestMs == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String name : LatencyParts.NAMES) {
            parts.add(String.format(Locale.ROOT, "%,d", f.latencyPartsSlowestMs.get(name)));
        }
        return String.join(" / ", parts);
    }

    private static String text(Object value) {
        return value == null
                ? ""
                : String.format(Locale.ROOT, value instanceof Long l ? "%,d" : "%s", value);
    }

    private static void chart(List<Point> points, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Variant v : points.stream().map(Point::variant).distinct().toList()) {
            XYSeries p50 = new XYSeries(v.id() + " p50");
            XYSeries p99 = new XYSeries(v.id() + " p99");
            for (Point p : points) {
                if (p.variant == v && p.figures.latencyP99Ms != null) {
                    p50.add(p.rate, p.figures.latencyP50Ms);
                    p99.add(p.rate, p.figures.latencyP99Ms);
                }
            }
            data.addSeries(p50);
            data.addSeries(p99);
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "Decision latency against offered load (ms, lower is better)",
                        "offered events/s",
                        "ms",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 520);
    }
}
