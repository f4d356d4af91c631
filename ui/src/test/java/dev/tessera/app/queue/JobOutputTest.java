package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobOutputTest {

    @Test
    void aUriWithASchemeIsRemoteAndAPathIsALocalFile() {
        for (String uri : new String[] {"hdfs://nn:8020/r/1-cat.png", "s3a://bucket/r/1-cat.png", "abfs://c@a.dfs.core.windows.net/x.png"}) {
            JobOutput output = new JobOutput(1, uri);
            assertTrue(output.remote(), uri);
            assertEquals(Optional.empty(), output.localFile(), uri);
        }
        for (String path : new String[] {"/home/me/out/1-cat.png", "out/1-cat.png", "C:/out/1-cat.png", "weird:name.png"}) {
            JobOutput output = new JobOutput(1, path);
            assertFalse(output.remote(), path);
            assertEquals(Optional.of(Path.of(path)), output.localFile(), path);
        }
    }

    @Test
    void theFolderIsTheLocationUpToTheLastSlash() {
        assertEquals("hdfs://nn:8020/r", new JobOutput(1, "hdfs://nn:8020/r/1-cat.png").folder());
        assertEquals("/home/me/out", new JobOutput(1, Path.of("/home/me/out/1-cat.png")).folder());
        assertEquals("", new JobOutput(1, "1-cat.png").folder());
    }

    @Test
    void aPathIsKeptAsItsText() {
        assertEquals("/tmp/out/2-rocket.png", new JobOutput(2, Path.of("/tmp/out/2-rocket.png")).location());
    }
}
