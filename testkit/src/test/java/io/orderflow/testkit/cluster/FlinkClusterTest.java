package io.orderflow.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkClusterTest {

    @TempDir Path tmp;

    @Test
    void overriddenKeysAreCommentedOutAndSetOnceAtTheEnd() throws Exception {
        String yaml =
                String.join(
                        "\n",
                        "# a comment",
                        "rest.port: 8081",
                        "rest.address: localhost",
                        "env.java.opts.all: --add-opens=java.base/java.lang=ALL-UNNAMED"
                                + " --add-opens=java.base/java.util=ALL-UNNAMED",
                        "");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("rest.port", "18081");
        overrides.put("execution.checkpointing.dir", "file:///tmp/a b/checkpoints");

        String written =
                ClusterConfigFile.withOverrides(yaml, overrides, Path.of("flink-conf/config.yaml"));
        Files.writeString(tmp.resolve("config.yaml"), written);
        Configuration loaded = GlobalConfiguration.loadConfiguration(tmp.toString());

        assertThat(written)
                .contains("# rest.port: 8081")
                .contains("# a comment")
                .contains("rest.address: localhost");
        assertThat(loaded.toMap())
                .containsEntry("rest.port", "18081")
                .containsEntry("rest.address", "localhost")
                .containsEntry("execution.checkpointing.dir", "file:///tmp/a b/checkpoints")
                .containsEntry(
                        "env.java.opts.all",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED"
                                + " --add-opens=java.base/java.util=ALL-UNNAMED");
    }

    @Test
    void javaOptionsAreSplitAsAShellSplitsThem() {
        Configuration c = new Configuration();
        c.setString("env.java.opts.all", " --add-opens=a=ALL-UNNAMED   -Dx=1 ");
        c.setString("env.java.opts.taskmanager", "-XX:+UseG1GC");
        assertThat(
                        FlinkLaunchParameters.javaOptions(
                                c,
                                List.of(
                                        org.apache.flink.configuration.CoreOptions
                                                .FLINK_TM_JVM_OPTIONS)))
                .containsExactly("--add-opens=a=ALL-UNNAMED", "-Dx=1", "-XX:+UseG1GC");
    }
}
