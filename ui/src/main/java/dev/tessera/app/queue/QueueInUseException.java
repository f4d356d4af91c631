package dev.tessera.app.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Another process (or another part of this one) already has the queue folder open. */
public final class QueueInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path folder;
    private final OptionalLong holderPid;

    QueueInUseException(Path folder, OptionalLong holderPid, boolean sameProcess) {
        super(message(folder, holderPid, sameProcess));
        this.folder = folder;
        this.holderPid = holderPid;
    }

    private static String message(Path folder, OptionalLong pid, boolean sameProcess) {
        String who = pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "";
        if (sameProcess) {
            return "the queue in " + folder + " is already open in this Tessera process" + who
                    + "; close it there first";
        }
        return "the queue in " + folder + " is in use by another Tessera process" + who
                + "; close that studio window or wait for its 'queue run' to finish";
    }

    public Path folder() {
        return folder;
    }

    /** The process id the holder wrote into the lock file, when it could be read. */
    public OptionalLong holderPid() {
        return holderPid;
    }
}
