package dev.tessera.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir Path folder;

    private SettingsStore store() {
        return new SettingsStore(folder.resolve("settings.json"),
                Clock.fixed(Instant.parse("2026-11-28T10:15:30Z"), ZoneOffset.UTC));
    }

    @Test
    void roundTripsEverythingItRemembers() throws Exception {
        StudioSettings settings = new StudioSettings(new WindowBounds(10, 20, 1000, 700, false), Theme.DARK,
                new GenerateSettings("cat face", "twitter", "tiny", 42, SeedMode.INCREMENT, 12, 2.5, 0.5, "ddim", 3),
                List.of("cat face", "star"));
        store().save(settings);
        SettingsStore.Loaded loaded = store().load();
        assertEquals(settings, loaded.settings());
        assertTrue(loaded.warning().isEmpty());
        // written atomically: no temp file is left next to it
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("settings.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void aMissingFileGivesDefaultsSilently() {
        SettingsStore.Loaded loaded = store().load();
        assertEquals(StudioSettings.defaults(), loaded.settings());
        assertTrue(loaded.warning().isEmpty());
    }

    @Test
    void aCorruptFileIsKeptAsideAndDefaultsAreUsedWithAWarning() throws Exception {
        Path file = folder.resolve("settings.json");
        Files.writeString(file, "{\"theme\": \"DARK\", \"generate\": {");
        SettingsStore.Loaded loaded = store().load();
        assertEquals(StudioSettings.defaults(), loaded.settings());
        Path aside = folder.resolve("settings.json.corrupt-20261128-101530");
        String warning = loaded.warning().orElseThrow();
        assertTrue(warning.startsWith("The settings file " + file + " could not be read:"), warning);
        assertTrue(warning.endsWith("the unreadable file was kept as " + aside + "."), warning);
        assertEquals("{\"theme\": \"DARK\", \"generate\": {", Files.readString(aside));
        assertFalse(Files.exists(file));
        // saving afterwards writes a fresh file and leaves the kept one alone
        store().save(loaded.settings().withTheme(Theme.DARK));
        assertEquals(Theme.DARK, store().load().settings().theme());
        assertTrue(Files.exists(aside));
        // a second corrupt file on the same second gets its own name
        Files.writeString(file, "not json");
        store().load();
        assertEquals("not json", Files.readString(folder.resolve("settings.json.corrupt-20261128-101530-2")));
    }

    @Test
    void wrongTypesAreCorruptToo() throws Exception {
        Files.writeString(folder.resolve("settings.json"), "{\"theme\": \"PURPLE\"}");
        SettingsStore.Loaded loaded = store().load();
        assertEquals(Theme.LIGHT, loaded.settings().theme());
        assertTrue(loaded.warning().orElseThrow().contains("PURPLE"), loaded.warning().get());
    }

    @Test
    void olderAndNewerFilesLoadWithDefaultsForWhatIsMissing() throws Exception {
        Files.writeString(folder.resolve("settings.json"),
                "{\"theme\": \"DARK\", \"generate\": {\"prompt\": \"moon\"}, \"addedInVersion9\": true}");
        SettingsStore.Loaded loaded = store().load();
        assertTrue(loaded.warning().isEmpty());
        assertEquals(Theme.DARK, loaded.settings().theme());
        assertEquals("moon", loaded.settings().generate().prompt());
        assertEquals(25, loaded.settings().generate().steps());
        assertEquals("dpm++2m", loaded.settings().generate().sampler());
    }

    @Test
    void aFileThatCannotBeMovedAsideIsNeverOverwritten() throws Exception {
        Path locked = folder.resolve("locked");
        Files.createDirectories(locked);
        Path file = locked.resolve("settings.json");
        Files.writeString(file, "garbage");
        assertTrue(locked.toFile().setWritable(false));
        try {
            SettingsStore store = new SettingsStore(file);
            SettingsStore.Loaded loaded = store.load();
            if (Files.exists(file)) { // root can write anyway; then the file was moved and this case does not arise
                assertTrue(loaded.warning().orElseThrow().contains("could not be moved aside"));
                assertThrows(IOException.class, () -> store.save(StudioSettings.defaults()));
                assertEquals("garbage", Files.readString(file));
            }
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void promptHistoryPutsTheLatestFirstWithoutDuplicatesAndIsBounded() {
        StudioSettings settings = StudioSettings.defaults().withPromptUsed("cat").withPromptUsed("dog")
                .withPromptUsed(" cat ").withPromptUsed("  ");
        assertEquals(List.of("cat", "dog"), settings.promptHistory());
        StudioSettings many = StudioSettings.defaults();
        for (int i : IntStream.range(0, 40).toArray()) {
            many = many.withPromptUsed("p" + i);
        }
        assertEquals(StudioSettings.PROMPT_HISTORY_SIZE, many.promptHistory().size());
        assertEquals("p39", many.promptHistory().get(0));
    }

    @Test
    void windowBoundsTooSmallToUseAreRaised() {
        WindowBounds bounds = new WindowBounds(0, 0, 10, Double.NaN, false);
        assertEquals(WindowBounds.MIN_WIDTH, bounds.width());
        assertEquals(800, bounds.height());
    }
}
