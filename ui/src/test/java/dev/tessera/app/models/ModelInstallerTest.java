package dev.tessera.app.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInstallerTest {

    @TempDir Path dir;

    private Path bundled() {
        return dir.resolve("bundled");
    }

    private Path user() {
        return dir.resolve("user");
    }

    private ModelCatalogue catalogue() {
        return new ModelCatalogue(bundled(), user());
    }

    @Test
    void importsAValidModelByteForByteUnderItsName() throws Exception {
        Path source = TestModelFiles.tesseraModel(dir.resolve("my judge.safetensors"));
        InstalledModel model = new ModelInstaller(catalogue()).importModel(source);
        assertEquals("my judge", model.name());
        assertEquals(InstalledModel.Source.USER, model.source());
        assertEquals("judge", model.kind());
        assertEquals(user().resolve("my judge.safetensors"), model.file());
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(model.file()));
        assertEquals(List.of("my judge.safetensors"), userFiles(), "no temp file left behind");
        assertEquals(1, catalogue().list().size());
    }

    @Test
    void rejectsPicklesTruncatedAndForeignFilesNamingTheFileAndTheProblem() throws Exception {
        ModelInstaller installer = new ModelInstaller(catalogue());
        Path pickle = TestModelFiles.pickle(dir.resolve("weights.safetensors"));
        String message = assertThrows(ModelImportException.class, () -> installer.importModel(pickle)).getMessage();
        assertTrue(message.startsWith(pickle + ": is a PyTorch pickle"), message);
        assertTrue(message.contains("never loads pickles"), message);

        Path truncated = TestModelFiles.truncated(dir.resolve("cut.safetensors"));
        message = assertThrows(ModelImportException.class, () -> installer.importModel(truncated)).getMessage();
        assertTrue(message.startsWith(truncated + ": "), message);
        assertFalse(message.contains(".import-"), "the message names the user's file, not the temp copy: " + message);

        Path foreign = TestModelFiles.foreignSafetensors(dir.resolve("other.safetensors"));
        message = assertThrows(ModelImportException.class, () -> installer.importModel(foreign)).getMessage();
        assertTrue(message.contains("not a Tessera model"), message);

        Path text = Files.writeString(dir.resolve("notes.safetensors"), "hello, not a model at all");
        message = assertThrows(ModelImportException.class, () -> installer.importModel(text)).getMessage();
        assertTrue(message.startsWith(text + ": "), message);

        assertEquals(List.of(), userFiles(), "nothing was installed and no temp file is left");
    }

    @Test
    void installsAFileWrittenInsideTheModelsFolderAndRefusesATakenNameOrAForeignFile() throws Exception {
        ModelInstaller installer = new ModelInstaller(catalogue());
        List<Path> writtenAt = new java.util.ArrayList<>();
        InstalledModel model = installer.installNew("made here", "a test model", file -> {
            writtenAt.add(file);
            TestModelFiles.tesseraModel(file);
        });
        assertEquals(user(), writtenAt.get(0).getParent(), "written in the folder it is installed in");
        assertEquals(user().resolve("made here.safetensors"), model.file());
        assertEquals("judge", model.kind());
        assertEquals(List.of("made here.safetensors"), userFiles(), "no temp file left behind");

        ModelNameTakenException taken = assertThrows(ModelNameTakenException.class,
                () -> installer.installNew("Made Here", "a test model", TestModelFiles::tesseraModel));
        assertEquals("Made Here-2", taken.suggestedName());
        String message = assertThrows(ModelImportException.class, () -> installer.installNew("foreign", "a test model",
                TestModelFiles::foreignSafetensors)).getMessage();
        assertTrue(message.startsWith("a test model: ") && message.contains("not a Tessera model"), message);
        assertEquals(List.of("made here.safetensors"), userFiles(), "nothing else installed, no temp file left");
    }

    @Test
    void neverOverwritesAnInstalledModelAndSuggestsAFreeName() throws Exception {
        Files.createDirectories(bundled());
        TestModelFiles.tesseraModel(bundled().resolve("judge.safetensors"));
        Path source = TestModelFiles.tesseraModel(dir.resolve("judge.safetensors"));
        ModelInstaller installer = new ModelInstaller(catalogue());
        ModelNameTakenException clash = assertThrows(ModelNameTakenException.class, () -> installer.importModel(source));
        assertEquals("judge-2", clash.suggestedName());

        installer.importModel(source, clash.suggestedName());
        byte[] installed = Files.readAllBytes(user().resolve("judge-2.safetensors"));
        Path changed = TestModelFiles.foreignSafetensors(dir.resolve("x.safetensors"));
        assertThrows(ModelNameTakenException.class, () -> installer.importModel(source, "judge-2"));
        assertThrows(ModelImportException.class, () -> installer.importModel(changed, "judge-2"));
        assertArrayEquals(installed, Files.readAllBytes(user().resolve("judge-2.safetensors")));
        assertEquals("judge-3", installer.freeName("judge"));
    }

    @Test
    void derivesAUsableNameFromAnyFileName() {
        assertEquals("judge", ModelInstaller.defaultName(Path.of("/x/judge.safetensors")));
        assertEquals("emoji -v2-", ModelInstaller.defaultName(Path.of("emoji (v2).safetensors")));
        assertEquals("hidden", ModelInstaller.defaultName(Path.of("..hidden.safetensors")));
        assertEquals("model", ModelInstaller.defaultName(Path.of("...")));
    }

    @Test
    void refusesUnusableNames() throws Exception {
        Path source = TestModelFiles.tesseraModel(dir.resolve("m.safetensors"));
        ModelInstaller installer = new ModelInstaller(catalogue());
        assertThrows(ModelImportException.class, () -> installer.importModel(source, "../escape"));
        assertThrows(ModelImportException.class, () -> installer.importModel(source, ".hidden"));
        assertThrows(ModelImportException.class, () -> installer.importModel(source, ""));
    }

    @Test
    void removesUserModelsButNeverBundledOnes() throws Exception {
        Files.createDirectories(bundled());
        TestModelFiles.tesseraModel(bundled().resolve("judge.safetensors"));
        ModelInstaller installer = new ModelInstaller(catalogue());
        InstalledModel mine = installer.importModel(TestModelFiles.tesseraModel(dir.resolve("mine.safetensors")));
        InstalledModel bundledJudge = catalogue().list().get(0);
        assertEquals(InstalledModel.Source.BUNDLED, bundledJudge.source());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> installer.remove(bundledJudge));
        assertTrue(refused.getMessage().contains("bundled"), refused.getMessage());
        assertTrue(Files.exists(bundledJudge.file()));

        installer.remove(mine);
        assertFalse(Files.exists(mine.file()));
        assertEquals(List.of("judge"), catalogue().list().stream().map(InstalledModel::name).toList());
    }

    @Test
    void detailsShowConfigProvenanceAndMetricsOfTheCommittedJudge() {
        Path judge = Path.of("assets/models/judge.safetensors");
        InstalledModel model = new ModelCatalogue(judge.getParent(), user()).list().stream()
                .filter(m -> m.name().equals("judge")).findFirst().orElseThrow();
        ModelDetails details = ModelDetails.of(model);
        assertTrue(details.config().contains(new ModelDetails.Entry("identityClasses", "1911",
                "tessera.config → identityClasses")), details.config().toString());
        assertTrue(details.provenance().stream().anyMatch(e -> e.name().equals("Training steps") && e.value().equals("3000")));
        assertTrue(details.metrics().stream().anyMatch(e -> e.name().equals("Style accuracy (%) — clean") && e.value().equals("98.6")),
                details.metrics().toString());
        String vocabulary = details.other().stream().filter(e -> e.name().equals("tessera.judge.vocabulary"))
                .findFirst().orElseThrow().value();
        assertTrue(vocabulary.length() < 260 && vocabulary.endsWith(" characters)"), vocabulary);
    }

    @Test
    void detailsOfAnUnreadableFileSayWhy() throws Exception {
        Files.createDirectories(user());
        TestModelFiles.truncated(user().resolve("broken.safetensors"));
        ModelDetails details = ModelDetails.of(catalogue().list().get(0));
        assertTrue(details.file().stream().anyMatch(e -> e.name().equals("Problem")), details.file().toString());
        assertTrue(details.config().isEmpty());
    }

    private List<String> userFiles() throws Exception {
        if (!Files.isDirectory(user())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(user())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
