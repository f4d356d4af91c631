package dev.tessera.generation.text;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Keeps ONNX Runtime's native environment alive until the process exits.
 *
 * <p>ONNX Runtime's Java binding registers a JVM shutdown hook that releases the native
 * environment the moment a shutdown begins (Ctrl-C, SIGTERM, {@code System.exit}). Shutdown hooks
 * run side by side, so the release does not wait for the command's own hook to stop its work: a
 * thread still creating the encoder's session then used the freed environment and the JVM died
 * with a SIGSEGV in libonnxruntime. The native environment is reference-counted, so one more
 * reference turns that release into a decrement; the environment then ends with the process.
 *
 * <p>Needs the binding's private {@code createHandle}, which only a reflective call reaches;
 * {@code OnnxEnvironmentPinTest} fails if an ONNX Runtime upgrade changes it.
 */
final class OnnxEnvironmentPin {

    private static boolean pinned;

    private OnnxEnvironmentPin() {}

    /**
     * Takes the extra reference, once per process; call it before creating a session.
     *
     * @throws IllegalStateException when the JVM is already shutting down (ONNX Runtime's hook may have
     *     freed the environment, so no session may be created), or when the binding is not the one this was written for
     */
    static synchronized void pinUntilExit() {
        if (pinned) {
            return;
        }
        // Creates the environment and ONNX Runtime's hook unless they exist; throws once shutdown has begun.
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long reference = createReference();
        if (shutdownBegan()) {
            // The hook may have run before the reference was taken: this environment may be gone.
            throw new IllegalStateException("the JVM is shutting down; the prompt encoder is not loaded");
        }
        if (reference != nativeHandle(environment)) {
            throw new IllegalStateException("ONNX Runtime " + environment.getVersion()
                    + " gave a second environment instead of a reference to the first; " + OnnxEnvironmentPin.class.getName()
                    + " was written for 1.20");
        }
        pinned = true;
    }

    /** The native OrtApi table the binding passes to its native methods. */
    static long apiHandle() {
        try {
            Field api = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("ortApiHandle");
            api.setAccessible(true);
            return api.getLong(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupportedBinding(e);
        }
    }

    /** The native OrtEnv behind {@code environment}. */
    static long nativeHandle(OrtEnvironment environment) {
        try {
            Method handle = OrtEnvironment.class.getDeclaredMethod("getNativeHandle");
            handle.setAccessible(true);
            return (long) handle.invoke(environment);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupportedBinding(e);
        }
    }

    /** CreateEnv again: while the environment exists it returns that one with its count raised. */
    private static long createReference() {
        try {
            Method create = OrtEnvironment.class.getDeclaredMethod("createHandle", long.class, int.class, String.class);
            create.setAccessible(true);
            return (long) create.invoke(null, apiHandle(), OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING.getValue(), "tessera");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ONNX Runtime could not add a reference to its environment: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupportedBinding(e);
        }
    }

    /**
     * Whether a shutdown has begun. Adding a hook fails once the JVM has started its hooks, so a
     * successful add means ONNX Runtime's hook had not started when the reference was taken.
     */
    private static boolean shutdownBegan() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(probe);
        } catch (IllegalStateException shuttingDownSinceTheAdd) {
            // The empty probe runs as a hook; the reference was taken before the shutdown began.
        }
        return false;
    }

    private static IllegalStateException unsupportedBinding(Exception e) {
        return new IllegalStateException("cannot pin ONNX Runtime's environment (" + e
                + "); " + OnnxEnvironmentPin.class.getName() + " was written for onnxruntime 1.20", e);
    }
}
