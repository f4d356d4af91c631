package dev.tessera.app.queue;

import java.nio.file.Path;

/** Run in a child JVM by the crash test: opens the queue and renders it slowly until killed. */
public final class QueueCrashChild {

    public static void main(String[] args) throws Exception {
        RenderQueue queue = RenderQueue.open(Path.of(args[0]));
        new QueueRunner(queue, new FakePngRenderer(Long.parseLong(args[1]))).runUntilIdle();
        queue.close();
    }
}
