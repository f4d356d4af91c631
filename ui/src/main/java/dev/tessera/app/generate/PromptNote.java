package dev.tessera.app.generate;

import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.video.Motion;
import java.util.Optional;

/**
 * The note for a prompt far from every name the model was trained on, as the studio shows it under
 * the prompt and the CLI prints it on stderr: decided first by the letters ({@link TrainedPrompts#note},
 * instant), and only for a prompt far by its letters, by its meaning ({@link PromptNeighbours}, the
 * prompt encoder's space). When the encoder fails the letters' verdict stands.
 */
public final class PromptNote {

    private static volatile PromptNeighbours bundled;

    private PromptNote() {}

    /** The bundled trained names in the shared prompt encoder's space; their vectors are made once per process. */
    public static PromptNeighbours bundledNeighbours() {
        PromptNeighbours neighbours = bundled;
        if (neighbours == null) {
            synchronized (PromptNote.class) {
                if (bundled == null) {
                    bundled = new PromptNeighbours(TrainedPrompts.bundled(),
                            text -> PromptEncoder.shared().encode(text).vector());
                }
                neighbours = bundled;
            }
        }
        return neighbours;
    }

    /** The note for {@code prompt} against the bundled names; empty when it is near one of them. */
    public static Optional<String> of(String prompt) {
        return of(prompt, TrainedPrompts.bundled(), bundledNeighbours());
    }

    /**
     * The note for {@code prompt}: letters first, then meaning; empty when near or blank. A clip's
     * prompt is judged by its emoji's part: "red heart moving left" is as near as "red heart".
     */
    public static Optional<String> of(String prompt, TrainedPrompts names, PromptNeighbours neighbours) {
        String name = nameOf(prompt);
        Optional<String> byLetters = names.note(name);
        if (byLetters.isEmpty()) {
            return byLetters;
        }
        return byMeaning(name, byLetters.get(), neighbours);
    }

    /** What is compared with the trained names: the prompt without a motion it ends with ("moving up", "spinning"). */
    public static String nameOf(String prompt) {
        return Motion.withoutMotion(prompt);
    }

    /** The meaning's verdict on a prompt far by its letters ({@code byLetters}, the letters' note), that note if the encoder fails. */
    public static Optional<String> byMeaning(String prompt, String byLetters, PromptNeighbours neighbours) {
        try {
            return neighbours.note(prompt);
        } catch (RuntimeException encoderFailed) {
            return Optional.of(byLetters);
        }
    }
}
