package io.orderflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StateDirsTest {

    @Test
    void stateLivesUnderOrderflowHomeWhateverTheWorkingFolder() {
        assertThat(StateDirs.under("/srv/orderflow", "kafka"))
                .isEqualTo(Path.of("/srv/orderflow/.orderflow/kafka"));
        assertThat(StateDirs.under("/srv/orderflow/", "run", "local.properties"))
                .isEqualTo(Path.of("/srv/orderflow/.orderflow/run/local.properties"));
    }

    @Test
    void withoutOrderflowHomeItIsTheWorkingFolders() {
        assertThat(StateDirs.under(null, "checkpoints"))
                .isEqualTo(Path.of("").toAbsolutePath().resolve(".orderflow/checkpoints"));
        assertThat(StateDirs.under(" ", "cluster"))
                .isEqualTo(Path.of("").toAbsolutePath().resolve(".orderflow/cluster"));
    }
}
