package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The bench's two charts as PNG files, drawn headless with JFreeChart. */
final class Charts {

    private Charts() {}

    static void throughput(List<Figures> all, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Figures f : all) {
            if (f.eventsPerSecond != null) {
                data.addValue(f.eventsPerSecond, "input events/s", f.variant);
            }
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        "Throughput (input events/s, higher is better)",
                        null,
                        "events/s",
                        data,
                        PlotOrientation.HORIZONTAL,
                        false,
                        false,
                        false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 420);
    }

    static void latency(List<Figures> all, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Figures f : all) {
            if (f.latencyP50Ms != null) {
                data.addValue(f.latencyP50Ms, "p50", f.variant);
                data.addValue(f.latencyP99Ms, "p99", f.variant);
                data.addValue(f.latencyP999Ms, "p99.9", f.variant);
            }
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        "End-to-end latency at half of orderflow's throughput (ms, lower is"
                                + " better)",
                        null,
                        "ms",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        // Variant names are short; let them use the width of the bars below them.
        chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelWidthRatio(2.0f);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 480);
    }
}
