package dev.tessera.distributed;

import dev.tessera.app.generate.RenderLane;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The render lanes of one executor JVM: a task borrows one for its slice and gives it back at the end, so a lane,
 * and the model it loaded, serves every later task of this JVM. There are as many lanes as tasks ever ran at once
 * here (the executor's cores), each loading a model once; all are closed when the JVM ends.
 */
final class ExecutorLanes {

    private static final ConcurrentLinkedDeque<RenderLane> IDLE = new ConcurrentLinkedDeque<>();
    private static final List<RenderLane> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorLanes::closeAll, "tessera-lanes-close"));
    }

    private ExecutorLanes() {}

    static RenderLane borrow() {
        RenderLane lane = IDLE.pollFirst();
        if (lane != null) {
            return lane;
        }
        lane = new RenderLane();
        synchronized (ALL) {
            ALL.add(lane);
        }
        return lane;
    }

    static void giveBack(RenderLane lane) {
        IDLE.addFirst(lane);
    }

    /** How many model loads this JVM's lanes made, for checking that a model is loaded once per lane. */
    static int loads() {
        synchronized (ALL) {
            return ALL.stream().mapToInt(RenderLane::loads).sum();
        }
    }

    /** How many lanes this JVM made. */
    static int lanes() {
        synchronized (ALL) {
            return ALL.size();
        }
    }

    private static void closeAll() {
        synchronized (ALL) {
            ALL.forEach(RenderLane::close);
        }
    }
}
