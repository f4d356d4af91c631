package dev.tessera.generation.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one way Tessera reaches DJL. It pins the PyTorch engine, forbids every network access
 * (natives come only from the pytorch-native jar on the class path) and keeps DJL's cache in the
 * app's data folder. Call {@link #engine()} before any other DJL use.
 */
public final class OfflineEngine {

    private static final String ENGINE_NAME = "PyTorch";

    private OfflineEngine() {}

    /** Sets the offline properties (idempotent) and returns the loaded PyTorch engine. */
    public static synchronized Engine engine() {
        configure();
        return Engine.getEngine(ENGINE_NAME);
    }

    /**
     * Sets the offline properties and DJL's cache folder (idempotent) without loading the engine. Every
     * DJL library unpacks its natives into that cache on first use, the prompt encoder's tokenizer
     * too, so call this before any of them; unset, DJL would use ~/.djl.ai.
     */
    public static synchronized void configure() {
        configure(TesseraHome.current());
    }

    /** A fresh manager on the engine's default device (the GPU when a CUDA native jar is used). */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * Writes the system properties DJL reads at engine start. Properties the user set on the
     * command line win, so an explicit cache folder is respected.
     */
    static void configure(TesseraHome home) {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.default_engine", ENGINE_NAME);
        setIfAbsent("DJL_CACHE_DIR", home.djlCache().toString());
        setIfAbsent("ENGINE_CACHE_DIR", home.djlCache().toString());
        setIfAbsent("disableProgressBar", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
