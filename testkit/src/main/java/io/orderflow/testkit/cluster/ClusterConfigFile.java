package io.orderflow.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * A cluster's {@code conf/}: the source folder's config.yaml with the settings asked for (each key
 * they replace kept as a comment, so the file still reads as the shipped one), and its log4j files.
 */
final class ClusterConfigFile {

    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^([A-Za-z0-9_.\\-]+)\\s*:.*$");

    private ClusterConfigFile() {}

    /**
     * Writes {@code confDir} from {@code sourceConfDir} (whose configuration is {@code
     * sourceConfig}) and {@code settings}.
     */
    static void write(
            Path sourceConfDir,
            Path confDir,
            Configuration sourceConfig,
            Map<String, String> settings) {
        Path source = sourceConfDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
        Path target = confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
        try {
            Files.createDirectories(confDir);
            Files.writeString(
                    target,
                    withOverrides(
                            Files.readString(source, StandardCharsets.UTF_8), settings, source),
                    StandardCharsets.UTF_8);
            Map<String, String> written =
                    GlobalConfiguration.loadConfiguration(confDir.toString()).toMap();
            if (!settings.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(written.get(e.getKey())))) {
                // A nested (non-flat) config.yaml: write every setting flat instead, comments lost.
                sourceConfig.addAll(Configuration.fromMap(settings));
                Files.write(
                        target,
                        ConfigurationUtils.convertConfigToWritableLines(sourceConfig, false),
                        StandardCharsets.UTF_8);
            }
            for (String log4j : List.of("log4j.properties", "log4j-cli.properties")) {
                Path from = sourceConfDir.resolve(log4j);
                if (Files.isRegularFile(from)) {
                    Files.copy(from, confDir.resolve(log4j), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the cluster configuration in " + confDir + ": " + e.getMessage(),
                    e);
        }
    }

    static String withOverrides(String yaml, Map<String, String> overrides, Path source) {
        StringBuilder out =
                new StringBuilder(
                        "# Written by ./orderflow cluster start from "
                                + source
                                + ";\n"
                                + "# the settings it was asked to change are at the end. Rewritten"
                                + " on every start.\n");
        for (String line : yaml.split("\r?\n", -1)) {
            Matcher m = TOP_LEVEL_KEY.matcher(line);
            if (m.matches() && overrides.containsKey(m.group(1))) {
                out.append("# ").append(line).append("    (set below)\n");
            } else {
                out.append(line).append('\n');
            }
        }
        if (!overrides.isEmpty()) {
            out.append("\n# ---- set by ./orderflow cluster start ----\n");
            overrides.forEach(
                    (k, v) -> out.append(k).append(": ").append(yamlScalar(v)).append('\n'));
        }
        return out.toString();
    }

    private static String yamlScalar(String value) {
        boolean plain =
                value.matches("[A-Za-z0-9_./=+,@~\\-][A-Za-z0-9_./:=+,@~\\- ]*")
                        && !value.contains(": ")
                        && !value.endsWith(" ");
        return plain ? value : "'" + value.replace("'", "''") + "'";
    }
}
