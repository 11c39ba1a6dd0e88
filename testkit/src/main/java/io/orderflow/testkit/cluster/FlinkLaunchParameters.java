package io.orderflow.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

/**
 * What Flink's {@code config.sh} works out before it starts a JVM: the {@code env.java.opts.*}
 * options, and the memory settings and dynamic configuration of {@code BashJavaUtils}.
 */
final class FlinkLaunchParameters {

    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String EXECUTION_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /**
     * The two result lines of BashJavaUtils: JVM parameters, and dynamic configuration (-D k=v
     * ...).
     */
    record ResourceParams(List<String> jvm, List<String> dynamic) {}

    private FlinkLaunchParameters() {}

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code env.java.default-opts.all}, {@code env.java.opts.all}, then the role's two, split as a
     * shell splits them.
     */
    static List<String> javaOptions(Configuration conf, List<ConfigOption<String>> roleOptions) {
        List<ConfigOption<String>> all =
                new ArrayList<>(
                        List.of(
                                CoreOptions.FLINK_DEFAULT_JVM_OPTIONS,
                                CoreOptions.FLINK_JVM_OPTIONS));
        all.addAll(roleOptions);
        List<String> options = new ArrayList<>();
        for (ConfigOption<String> option : all) {
            String value = conf.get(option);
            if (value != null) {
                for (String word : value.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        options.add(word);
                    }
                }
            }
        }
        return options;
    }

    /**
     * Runs {@code BashJavaUtils <command> --configDir confDir} and splits its result the way
     * Flink's {@code config.sh} does: only lines after the {@value #EXECUTION_PREFIX} prefix count;
     * there must be two, JVM parameters first, dynamic configuration last.
     */
    static ResourceParams resourceParams(Path confDir, String command) {
        List<String> cmd =
                List.of(
                        javaBinary(),
                        "-classpath",
                        FlinkClasspath.get(),
                        BASH_JAVA_UTILS,
                        command,
                        "--configDir",
                        confDir.toString());
        String output;
        int exit;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "BashJavaUtils " + command + " did not finish within 60 s");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running BashJavaUtils", e);
        }
        List<String> results =
                output.lines()
                        .filter(l -> l.contains(EXECUTION_PREFIX))
                        .map(
                                l ->
                                        l.substring(
                                                        l.indexOf(EXECUTION_PREFIX)
                                                                + EXECUTION_PREFIX.length())
                                                .trim())
                        .toList();
        if (exit != 0 || results.size() != 2) {
            throw new IllegalStateException(
                    "BashJavaUtils "
                            + command
                            + " --configDir "
                            + confDir
                            + " gave "
                            + (exit != 0
                                    ? "exit code " + exit
                                    : results.size() + " result lines, not 2")
                            + ":\n"
                            + output.strip());
        }
        return new ResourceParams(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String line) {
        return line.isBlank() ? List.of() : List.of(line.trim().split("\\s+"));
    }
}
