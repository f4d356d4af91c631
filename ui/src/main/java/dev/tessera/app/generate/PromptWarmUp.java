package dev.tessera.app.generate;

import dev.tessera.generation.text.PromptEncoder;

/**
 * Loads the prompt encoder and encodes one prompt on a thread of its own while the caller loads
 * the model. ONNX Runtime and MiniLM take about as long to load as DJL's engine and an ACDiT model
 * together (docs/results/startup.md), and on two cores the two loads overlap. The embedding stays
 * in the encoder's cache, so the render that asks for it next finds it there.
 *
 * <p>Closing waits for the thread: no thread may still be inside ONNX Runtime when the JVM exits,
 * as its native teardown under a loading session is what crashed the JVM on a stop signal.
 *
 * <pre>{@code
 * try (PromptWarmUp warmUp = PromptWarmUp.start(request.prompt());
 *         GenerationService service = GenerationService.open(modelFile)) {
 *     service.render(request, listener, cancellation);
 * }
 * }</pre>
 */
public final class PromptWarmUp implements AutoCloseable {

    private final Thread thread;

    private PromptWarmUp(Thread thread) {
        this.thread = thread;
    }

    /** Starts loading the encoder and encoding {@code prompt} (already checked) in the background. */
    public static PromptWarmUp start(String prompt) {
        Thread thread = new Thread(() -> {
            try {
                PromptEncoder.shared().encode(prompt);
            } catch (RuntimeException | Error e) {
                // The render encodes the prompt again and reports what goes wrong there.
            }
        }, "tessera-prompt-warm-up");
        thread.setDaemon(true);
        thread.start();
        return new PromptWarmUp(thread);
    }

    /** Waits until the encoder has loaded (or failed to). */
    @Override
    public void close() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
