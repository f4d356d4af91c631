package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalKeepBlocksCommandTest {

    @TempDir Path dir;

    @Test
    void theSignTestIsTheExactTwoSidedBinomialTail() {
        assertEquals(1.0, EvalKeepBlocksCommand.signTest(0, 0));
        assertEquals(2.0 / 64, EvalKeepBlocksCommand.signTest(6, 0), 1e-12);
        assertEquals(2.0 / 64, EvalKeepBlocksCommand.signTest(0, 6), 1e-12);
        // 10 against 2: 2 · (1 + 12 + 66) / 4096
        assertEquals(2.0 * 79 / 4096, EvalKeepBlocksCommand.signTest(10, 2), 1e-12);
        assertEquals(1.0, EvalKeepBlocksCommand.signTest(3, 3));
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingLoads() {
        CliRun run = CliRun.of("eval", "keep-blocks", "--count", "0", "--strength", "1.5", "--out",
                dir.resolve("out").toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("--count"), run.err());
        assertTrue(run.err().contains("--strength"), run.err());
    }
}
