package dev.tessera.generation.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    private static final int NATIVE_BYTES = 256 << 20;

    @Test
    void memoryOutsideTheJavaHeapGrowsWithANativeAllocation() {
        assumeTrue(ProcessMemory.residentBytes() > 0, "needs Linux /proc");
        long before = ProcessMemory.outsideJavaHeapBytes();

        ByteBuffer buffer = ByteBuffer.allocateDirect(NATIVE_BYTES);
        for (int i = 0; i < NATIVE_BYTES; i += 4096) {
            buffer.put(i, (byte) 1); // touch every page so it becomes resident
        }
        long after = ProcessMemory.outsideJavaHeapBytes();

        assertTrue(after - before > NATIVE_BYTES * 3L / 4,
                "a 256 MB direct buffer should show outside the heap, grew " + (after - before) / 1e6 + " MB");
        Reference.reachabilityFence(buffer); // keep the buffer alive until after the reading
    }
}
