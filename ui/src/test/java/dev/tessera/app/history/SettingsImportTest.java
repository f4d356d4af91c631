package dev.tessera.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.png.PngTextChunks;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsImportTest {

    @TempDir Path folder;

    static Path a1111Png(Path file, String parameters) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            PngTextChunks.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), Map.of("parameters", parameters), out);
        }
        return file;
    }

    @Test
    void ourRecipeRestoresEverythingExactly() throws Exception {
        Path file = HistoryTest.write(folder.resolve("ours.png"), HistoryTest.recipe("cat face", "tiny", 77),
                "2026-11-28T00:00:00Z", 5);
        ImportedSettings settings = SettingsImport.read(file);
        assertEquals("Tessera recipe", settings.source());
        assertEquals(77L, settings.seed());
        assertEquals("tiny", settings.model());
        assertEquals(0.5, settings.styleStrength());
        assertEquals(List.of("prompt", "style", "seed", "steps", "guidance", "style strength", "sampler", "model"),
                settings.restored());
        assertEquals(List.of(), settings.notRestored());
    }

    @Test
    void styleStrengthFromParametersTextIsOursOrAbsent() throws Exception {
        ImportedSettings on = SettingsImport.read(a1111Png(folder.resolve("on.png"),
                "cat\nSteps: 25, CFG scale: 3, Style strength: 0.75, Seed: 1, Version: Tessera"));
        assertEquals(0.75, on.styleStrength());
        assertEquals(List.of(), on.notRestored());
        // Tessera leaves the key out when style strength is off.
        ImportedSettings off = SettingsImport.read(a1111Png(folder.resolve("off.png"),
                "cat\nSteps: 25, CFG scale: 3, Seed: 1, Version: Tessera"));
        assertEquals(0.0, off.styleStrength());
        // Another tool's image says nothing about it: the form keeps its own value.
        ImportedSettings other = SettingsImport.read(a1111Png(folder.resolve("other.png"), "cat\nSteps: 25, Seed: 1"));
        assertNull(other.styleStrength());
        ImportedSettings bad = SettingsImport.read(a1111Png(folder.resolve("bad.png"),
                "cat\nSteps: 25, Style strength: lots, Version: Tessera"));
        assertEquals(List.of("Style strength \"lots\" (not a number)"), bad.notRestored());
    }

    @Test
    void anotherToolsParametersRestoreWhatAppliesAndNameTheRest() throws Exception {
        Path file = a1111Png(folder.resolve("sd.png"), "a red apple\nNegative prompt: blurry\n"
                + "Steps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 512x512, Model hash: abc, Hires upscale: 2");
        ImportedSettings settings = SettingsImport.read(file);
        assertEquals("A1111 parameters", settings.source());
        assertEquals("a red apple", settings.prompt());
        assertEquals(30, settings.steps());
        assertEquals(7.0, settings.guidance());
        assertEquals(1234L, settings.seed());
        assertNull(settings.sampler());
        assertNull(settings.styleStrength());
        assertEquals("blurry", settings.negativePrompt());
        assertEquals(List.of("sampler \"Euler a\" (not available here)",
                "size 512x512 (the model decides the size)", "Hires upscale"), settings.notRestored());
    }

    @Test
    void knownSamplerNamesAndBadNumbers() throws Exception {
        Path file = a1111Png(folder.resolve("x.png"), "moon\nSteps: many, Sampler: DPM++ 2M Karras, Seed: 5");
        ImportedSettings settings = SettingsImport.read(file);
        assertEquals("dpm++2m", settings.sampler());
        assertNull(settings.steps());
        assertEquals(List.of("Steps \"many\" (not a number)"), settings.notRestored());
    }

    @Test
    void filesWithoutSettingsAreClearErrors() throws Exception {
        Path plain = folder.resolve("plain.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", plain.toFile());
        Exception e = assertThrows(SettingsImport.NoSettingsException.class, () -> SettingsImport.read(plain));
        assertEquals("plain.png is a PNG without generation settings (no Tessera recipe and no A1111 \"parameters\" text).",
                e.getMessage());
        Path text = Files.writeString(folder.resolve("notes.txt"), "hello");
        e = assertThrows(SettingsImport.NoSettingsException.class, () -> SettingsImport.read(text));
        assertEquals("notes.txt is not a PNG image, so it carries no generation settings.", e.getMessage());
        Path badRecipe = a1111Png(folder.resolve("bad.png"), "x");
        try (OutputStream out = Files.newOutputStream(badRecipe)) {
            PngTextChunks.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), Map.of("tessera", "{oops"), out);
        }
        e = assertThrows(SettingsImport.NoSettingsException.class, () -> SettingsImport.read(badRecipe));
        assertTrue(e.getMessage().startsWith("Cannot read settings from bad.png: not a Tessera recipe"), e.getMessage());
    }
}
