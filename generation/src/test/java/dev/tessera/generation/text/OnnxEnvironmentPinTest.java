package dev.tessera.generation.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

/**
 * What ONNX Runtime's shutdown hook does, done while the encoder is in use, as a Ctrl-C does it.
 * Without the pin the environment is freed: creating a session then fails ("Attempt to use
 * DefaultLogger but none has been registered"), or crashes the JVM when the two overlap.
 */
class OnnxEnvironmentPinTest {

    @Test
    void sessionsCanStillBeCreatedAndRunAfterOnnxRuntimesShutdownHookReleasedTheEnvironment() throws Exception {
        PromptEncoder encoder = PromptEncoder.shared();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();

        runOnnxRuntimesShutdownHook(environment);

        byte[] model;
        try (InputStream in = PromptEncoder.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            assertNotNull(in, "the MiniLM model is inside its jar");
            model = in.readAllBytes();
        }
        try (OrtSession session = environment.createSession(model)) {
            assertEquals(3, session.getNumInputs(), session.getInputNames().toString());
        }
        assertEquals(PromptEncoder.DIMENSION, encoder.encode("a prompt first encoded after the release").dimension());
    }

    /** The body of the hook ONNX Runtime registered when it created the environment. */
    private static void runOnnxRuntimesShutdownHook(OrtEnvironment environment) throws Exception {
        Constructor<?> closer = Class.forName("ai.onnxruntime.OrtEnvironment$OrtEnvCloser")
                .getDeclaredConstructor(long.class, long.class);
        closer.setAccessible(true);
        ((Runnable) closer.newInstance(OnnxEnvironmentPin.apiHandle(), OnnxEnvironmentPin.nativeHandle(environment))).run();
    }
}
