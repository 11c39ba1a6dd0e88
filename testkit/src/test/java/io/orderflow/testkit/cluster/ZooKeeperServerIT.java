package io.orderflow.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ZooKeeper server of an HA cluster, as a real child process from the ZooKeeper jars. */
class ZooKeeperServerIT {

    @TempDir Path tmp;

    private ZooKeeperServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void startsServingOnAFreePortAndStopsWithItsProcess() {
        server = new ZooKeeperServer(tmp.resolve("zookeeper"), false);

        ProcessHandle process = server.start(0);

        assertThat(server.mode()).hasValue("standalone");
        assertThat(server.quorum()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(server.process()).map(ProcessHandle::pid).hasValue(process.pid());
        assertThat(server.logFile()).exists();
        assertThat(server.stop())
                .hasValueSatisfying(
                        line ->
                                assertThat(line)
                                        .isEqualTo(
                                                "zookeeper (pid " + process.pid() + ") stopped"));
        assertThat(process.isAlive()).isFalse();
        assertThat(server.process()).isEmpty();
        assertThat(server.stop()).as("stopping again: nothing ran").isEmpty();
    }

    @Test
    void aStartAgainKeepsItsPortAndItsData() throws Exception {
        server = new ZooKeeperServer(tmp.resolve("zookeeper"), false);
        server.start(0);
        int port = server.port();
        server.stop();
        List<Path> data = files(server.dataDir().resolve("version-2"));

        server.start(0);

        assertThat(server.port()).as("the port it had, being free").isEqualTo(port);
        assertThat(server.mode()).hasValue("standalone");
        assertThat(data).as("what it had written").isNotEmpty();
        assertThat(files(server.dataDir().resolve("version-2")))
                .as("its data kept")
                .containsAll(data);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aTakenPortIsRefusedWithTheOptionThatChoosesAnother() throws Exception {
        server = new ZooKeeperServer(tmp.resolve("zookeeper"), false);
        try (ServerSocket taken =
                new ServerSocket(0, 1, InetAddress.getByName(ZooKeeperServer.HOST))) {
            assertThatThrownBy(() -> server.start(taken.getLocalPort()))
                    .hasMessage(
                            "port "
                                    + taken.getLocalPort()
                                    + " on 127.0.0.1 for ZooKeeper is already in use: choose a free"
                                    + " one with --zookeeper-port");
        }
        assertThat(server.process()).isEmpty();
    }

    @Test
    void answersTheFourLetterWordItsReadinessWaitUses() throws Exception {
        server = new ZooKeeperServer(tmp.resolve("zookeeper"), false);
        server.start(LoopbackPorts.free());

        assertThat(ZooKeeperServer.fourLetterWord(server.port(), "ruok", Duration.ofSeconds(5)))
                .isEqualTo("imok");
    }
}
