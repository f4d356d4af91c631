package dev.tessera.app.queue;

import java.nio.file.Path;

/** Run in a child JVM by the lock test: opens the queue, says so, and holds it until killed. */
public final class QueueLockChild {

    public static void main(String[] args) throws Exception {
        RenderQueue queue = RenderQueue.open(Path.of(args[0]));
        System.out.println("opened");
        System.out.flush();
        Thread.sleep(120_000);
        queue.close();
    }
}
