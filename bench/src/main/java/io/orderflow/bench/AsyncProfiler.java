package io.orderflow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU profiles of a variant's JVM with async-profiler (from Maven Central, {@code
 * tools.profiler:async-profiler}), which sees native frames: RocksDB and the JVM itself, where JFR
 * sees only Java. The agent samples the whole run and writes collapsed stacks ({@code
 * frame;frame;... count}, the input of flame-graph tools); {@link #summary} says where the time
 * went.
 */
public final class AsyncProfiler {

    /** Where time goes, by the first matching frame of a stack (most specific areas first). */
    private static final Map<String, String[]> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put(
                "RocksDB (native and JNI)",
                new String[] {"rocksdb", "RocksDB", "Java_org_rocksdb"});
        AREAS.put("Kafka clients", new String[] {"org/apache/kafka", "org.apache.kafka"});
        AREAS.put(
                "JSON codec",
                new String[] {
                    "com/fasterxml",
                    "com.fasterxml",
                    "io/orderflow/schemas/json",
                    "io.orderflow.schemas.json"
                });
        AREAS.put(
                "orderflow functions",
                new String[] {"io/orderflow/functions", "io.orderflow.functions"});
        AREAS.put("Flink serialization", new String[] {"typeutils", "serialization", "Serializer"});
        AREAS.put(
                "Flink network and runtime", new String[] {"org/apache/flink", "org.apache.flink"});
        AREAS.put("GC and JIT", new String[] {"GC", "G1", "Compile", "C2Compiler", "C1"});
        AREAS.put("kernel", new String[] {"_[k]"});
    }

    private AsyncProfiler() {}

    /**
     * The JVM option that profiles a run into {@code collapsed}; the library is copied next to it.
     */
    public static String agentOption(Path collapsed) {
        String platform =
                switch (System.getProperty("os.arch")) {
                    case "amd64", "x86_64" -> "linux-x64";
                    case "aarch64" -> "linux-arm64";
                    default ->
                            throw new IllegalStateException(
                                    "async-profiler has no library for "
                                            + System.getProperty("os.arch"));
                };
        Path library = collapsed.resolveSibling("libasyncProfiler.so");
        try (InputStream in =
                AsyncProfiler.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so")) {
            if (in == null) {
                throw new IllegalStateException(
                        "async-profiler's " + platform + " library is not on the class path");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "-agentpath:" + library + "=start,event=cpu,interval=1ms,threads,file=" + collapsed;
    }

    /** Samples by area and the hottest frames by self time, as lines of text. */
    public static List<String> summary(Path collapsed, int topFrames) throws IOException {
        Map<String, Long> byArea = new LinkedHashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1));
            String stack = line.substring(0, space);
            total += samples;
            byArea.merge(areaOf(stack), samples, Long::sum);
            byThread.merge(threadOf(stack), samples, Long::sum);
            self.merge(stack.substring(stack.lastIndexOf(';') + 1), samples, Long::sum);
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%,d samples", total));
        for (Map.Entry<String, Long> e :
                byArea.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .toList()) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "  %5.1f %%  %s",
                            100.0 * e.getValue() / total,
                            e.getKey()));
        }
        out.add("by thread (subtasks and pools together):");
        for (Map.Entry<String, Long> e :
                byThread.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(topFrames)
                        .toList()) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "  %5.1f %%  %s",
                            100.0 * e.getValue() / total,
                            e.getKey()));
        }
        out.add("hottest frames (self):");
        for (Map.Entry<String, Long> e :
                self.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(topFrames)
                        .toList()) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "  %5.1f %%  %s",
                            100.0 * e.getValue() / total,
                            e.getKey()));
        }
        return out;
    }

    /**
     * The thread of a stack (its first frame, {@code [name tid=N]}), without what tells subtasks
     * and pool members apart: "OrderGate (1/2)#0" and "OrderGate (2/2)#0" count together.
     */
    static String threadOf(String stack) {
        int end = stack.indexOf(';');
        String first = end < 0 ? stack : stack.substring(0, end);
        if (!first.startsWith("[")) {
            return "(no thread)";
        }
        return first.replaceAll(" tid=\\d+]$", "]")
                .replaceAll(" \\(\\d+/\\d+\\)#\\d+", "")
                .replaceAll("[-#]?\\d+]$", "]");
    }

    /**
     * The area of the innermost frame that names one, so a RocksDB call made by Flink counts as
     * RocksDB.
     */
    static String areaOf(String stack) {
        String[] frames = stack.split(";");
        for (int i = frames.length - 1; i >= 0; i--) {
            for (Map.Entry<String, String[]> area : AREAS.entrySet()) {
                for (String marker : area.getValue()) {
                    if (frames[i].contains(marker)) {
                        return area.getKey();
                    }
                }
            }
        }
        return "other";
    }
}
