package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.LayerKv;
import dev.tessera.generation.acdit.model.OwnedOps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-layer keys and values of the clean blocks decoded so far, on a manager of its own that lives
 * for one generation. Clean tokens see neither time nor condition, so one cache (batch B) serves
 * every denoising step and both guidance branches.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final List<LayerKv> layers;
    private final java.util.Map<Integer, List<LayerKv>> repeats = new java.util.HashMap<>();
    private int blocks;

    public KvCache(NDManager parent, int depth) {
        this.manager = parent.newSubManager();
        this.layers = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            layers.add(null);
        }
    }

    /** Layer {@code l}'s cached keys and values, or null while the cache is empty. */
    public LayerKv layer(int l) {
        return layers.get(l);
    }

    /** Every layer's cached keys and values (null entries while the cache is empty), as the network reads them. */
    public List<LayerKv> layers() {
        return Collections.unmodifiableList(layers);
    }

    public int depth() {
        return layers.size();
    }

    /**
     * Every layer's keys and values repeated as whole batches {@code times} times ([c; c; …], one copy per
     * guidance branch), made once per cache content rather than by every layer at every step; the
     * copies are dropped when the cache changes. {@code times} 1 is {@link #layers()}.
     */
    public List<LayerKv> repeated(int times) {
        if (times == 1 || blocks == 0) {
            return layers();
        }
        return repeats.computeIfAbsent(times, n -> layers.stream()
                .map(kv -> kv == null ? null : new LayerKv(OwnedOps.repeatBatch(manager, kv.keys(), n),
                        OwnedOps.repeatBatch(manager, kv.values(), n)))
                .toList());
    }

    private void dropRepeats() {
        for (List<LayerKv> copies : repeats.values()) {
            for (LayerKv kv : copies) {
                if (kv != null) {
                    kv.keys().close();
                    kv.values().close();
                }
            }
        }
        repeats.clear();
    }

    /** Number of clean blocks held. */
    public int blocks() {
        return blocks;
    }

    /** Appends one clean block's keys and values (one entry per layer), taking them onto the cache's manager. */
    public void append(List<LayerKv> block) {
        if (block.size() != layers.size()) {
            throw new IllegalArgumentException("expected " + layers.size() + " layers of keys, got " + block.size());
        }
        dropRepeats();
        for (int l = 0; l < layers.size(); l++) {
            LayerKv old = layers.get(l);
            LayerKv fresh = block.get(l);
            NDArray keys = OwnedOps.concat(manager, 2, old == null ? null : old.keys(), fresh.keys());
            NDArray values = OwnedOps.concat(manager, 2, old == null ? null : old.values(), fresh.values());
            layers.set(l, new LayerKv(keys, values));
            if (old != null) {
                old.keys().close();
                old.values().close();
            }
        }
        blocks++;
    }

    /**
     * Drops every block held and takes {@code window} (one entry per layer, covering {@code blocks}
     * blocks) instead: for a sliding window, whose positions all move when it moves.
     */
    public void replace(List<LayerKv> window, int blocks) {
        dropRepeats();
        for (int l = 0; l < layers.size(); l++) {
            LayerKv old = layers.get(l);
            if (old != null) {
                old.keys().close();
                old.values().close();
            }
            layers.set(l, null);
        }
        this.blocks = 0;
        append(window);
        this.blocks = blocks;
    }

    @Override
    public void close() {
        manager.close();
    }
}
