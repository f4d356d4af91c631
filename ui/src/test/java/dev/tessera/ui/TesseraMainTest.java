package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.engine.TesseraHome;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the one entry point tells a desktop "Open with Tessera" from a CLI command line. */
class TesseraMainTest {

    @Test
    void onePngFileOpensTheStudioWithIt() {
        assertEquals(Optional.of(Path.of("/tmp/a b/cat.png")), TesseraMain.pngToOpen(new String[] {"/tmp/a b/cat.png"}));
        assertEquals(Optional.of(Path.of("cat.PNG").toAbsolutePath()), TesseraMain.pngToOpen(new String[] {"cat.PNG"}));
    }

    @Test
    void commandLinesStayCommands() {
        assertTrue(TesseraMain.pngToOpen(new String[] {}).isEmpty());
        assertTrue(TesseraMain.pngToOpen(new String[] {"generate"}).isEmpty());
        assertTrue(TesseraMain.pngToOpen(new String[] {"--init-image=x.png"}).isEmpty());
        assertTrue(TesseraMain.pngToOpen(new String[] {"eval", "images.png"}).isEmpty());
    }

    @Test
    void javafxNativesUnpackIntoTheDataFolder() {
        assertEquals(Path.of("/data/tessera/javafx-cache"), TesseraMain.javafxCache(new TesseraHome(Path.of("/data/tessera"))));
    }
}
