package dev.tessera.generation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process as the OS sees it (Linux /proc), including native allocations. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Current resident set size in bytes, or -1 where /proc is not available. */
    public static long residentBytes() {
        return field("VmRSS:");
    }

    /**
     * Resident memory minus the Java heap the JVM has committed: native allocations (PyTorch's
     * tensors and pools), metaspace and code. Unlike RSS it does not jump when the garbage
     * collector grows or shrinks the heap, so it shows a native leak. Exact when the whole heap is
     * committed and touched up front ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch});
     * otherwise committed heap pages not yet touched make it read low (even negative), though its
     * changes still track native memory. -1 where /proc is not available.
     */
    public static long outsideJavaHeapBytes() {
        long resident = residentBytes();
        return resident < 0 ? -1 : resident - Runtime.getRuntime().totalMemory();
    }

    /** Peak resident set size in bytes, or -1 where /proc is not available. */
    public static long peakResidentBytes() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
