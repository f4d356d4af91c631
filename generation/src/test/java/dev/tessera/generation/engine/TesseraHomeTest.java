package dev.tessera.generation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TesseraHomeTest {

    @Test
    void followsXdgDataHome() {
        TesseraHome home = TesseraHome.resolve(null, Map.of("XDG_DATA_HOME", "/data/x"), "/home/u");
        assertEquals(Path.of("/data/x/tessera"), home.root());
        assertEquals(Path.of("/data/x/tessera/djl-cache"), home.djlCache());
    }

    @Test
    void fallsBackToLocalShare() {
        TesseraHome home = TesseraHome.resolve(null, Map.of(), "/home/u");
        assertEquals(Path.of("/home/u/.local/share/tessera"), home.root());
    }

    @Test
    void explicitPropertyWins() {
        TesseraHome home = TesseraHome.resolve("/tmp/th", Map.of("XDG_DATA_HOME", "/data/x"), "/home/u");
        assertEquals(Path.of("/tmp/th"), home.root());
    }
}
