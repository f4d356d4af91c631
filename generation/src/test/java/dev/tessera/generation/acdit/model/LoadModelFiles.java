package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A child JVM's main for the hostile-file tests: loads each file given as an ACDiT model and prints
 * one line per file, {@code REFUSED <ms> <bytes allocated> <message>} or {@code LOADED ...}, so the
 * parent can bound time and allocation from outside a heap the hostile file might exhaust.
 */
public final class LoadModelFiles {

    private LoadModelFiles() {}

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NDManager manager = OfflineEngine.newManager()) {
            for (String arg : args) {
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                String outcome;
                try (AcditModel model = AcditModel.load(Path.of(arg), manager)) {
                    outcome = "LOADED";
                } catch (ModelFileException e) {
                    outcome = "REFUSED";
                    outcome += "\t" + e.getMessage().replace('\n', ' ');
                } catch (RuntimeException | Error e) {
                    outcome = "FAILED\t" + e;
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                String[] parts = outcome.split("\t", 2);
                System.out.println(String.format(Locale.ROOT, "%s\t%d\t%d\t%s", parts[0], ms, allocated,
                        parts.length > 1 ? parts[1] : arg));
                System.out.flush();
            }
        }
    }
}
