/**
 * The ACDiT network and its model file (docs/acdit.md, "Model"; docs/architecture.md places it
 * among the modules). The whole network is in two classes, {@code AcditNetwork} and
 * {@code AcditLayer}. Read in this order, as DiT's {@code models.py} is laid out:
 * <ol>
 *   <li>config: {@code AcditConfig}, then how an image becomes tokens and blocks:
 *       {@code BlockLayout}, {@code PatchTokens};</li>
 *   <li>embeddings: {@code TimestepEmbedding}, {@code ConditionEmbedding} (of an
 *       {@code AcditCondition}), {@code AbsolutePositions}, {@code RopeNd};</li>
 *   <li>layer: {@code AcditLayer}, with the attention pattern it implements ({@code SkipCausalMask},
 *       {@code SkipCausalBias}) and the keys and values it hands to the sampler's cache
 *       ({@code LayerKv});</li>
 *   <li>network: {@code AcditNetwork}, the forward pass from patch tokens to ε;</li>
 *   <li>model file: {@code AcditModel}, the network with its weights, saved and loaded as an
 *       {@code acdit} safetensors file (docs/model-files.md).</li>
 * </ol>
 * {@code OwnedOps} only keeps results on the caller's DJL manager.
 */
package dev.tessera.generation.acdit.model;
