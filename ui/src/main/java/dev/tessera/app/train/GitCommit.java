package dev.tessera.app.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit a model was trained from, for its provenance ("unknown" outside a git checkout). */
public final class GitCommit {

    private GitCommit() {}

    public static String of(Path repository) {
        String head = run(repository, "git", "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        String dirty = run(repository, "git", "status", "--porcelain", "--untracked-files=no");
        return dirty.isEmpty() ? head : head + "-dirty";
    }

    private static String run(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
