package dev.tessera.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorModelFileTest {

    @TempDir Path dir;

    @Test
    void theDriversPathWinsWhenThisMachineHasIt() throws IOException {
        Path model = Files.writeString(dir.resolve("m.safetensors"), "x");
        Path shipped = Files.writeString(Files.createDirectories(dir.resolve("work")).resolve("m.safetensors"), "y");
        assertEquals(model, ExecutorModelFile.resolve(model.toString(), name -> shipped.toString()));
    }

    @Test
    void aCopyShippedWithFilesIsFoundByItsName() throws IOException {
        Path shipped = Files.writeString(Files.createDirectories(dir.resolve("work")).resolve("m.safetensors"), "y");
        String driverPath = dir.resolve("driver-only/m.safetensors").toString();
        assertEquals(shipped, ExecutorModelFile.resolve(driverPath,
                name -> dir.resolve("work").resolve(name).toString()));
    }

    @Test
    void withNeitherTheDriversPathIsKeptSoTheErrorNamesIt() {
        String driverPath = dir.resolve("driver-only/m.safetensors").toString();
        assertEquals(Path.of(driverPath), ExecutorModelFile.resolve(driverPath,
                name -> dir.resolve("work").resolve(name).toString()));
    }
}
