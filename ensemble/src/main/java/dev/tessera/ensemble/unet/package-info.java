/**
 * The U-Net expert (docs/ensemble.md): a small ε-predicting U-Net over 32×32 RGB on the shared diffusion
 * core. Read in this order:
 * <ol>
 *   <li>config: {@code UnetConfig};</li>
 *   <li>blocks: {@code ResBlock} (GroupNorm, SiLU, FiLM from the time and condition embedding),
 *       {@code SelfAttention}, and the stages they form ({@code UnetStage}: down, downsample, middle, up,
 *       upsample, between the points where an ensemble mixes its experts);</li>
 *   <li>network: {@code UnetNetwork}, the forward pass from noisy images to ε, written once for one expert or
 *       several whose features a {@code FeatureMixer} mixes; {@code UnetPredictor}, what loss and sampler take;</li>
 *   <li>model file: {@code UnetModel}, a "unet" safetensors file (docs/model-files.md);</li>
 *   <li>sampling: {@code UnetSampler}, the diffusion sampler with classifier-free and style-contrast guidance;</li>
 *   <li>training: {@code UnetBatch}, {@code UnetLoss}, {@code UnetTrainingSpec}, {@code UnetTraining} on the
 *       shared training loop.</li>
 * </ol>
 */
package dev.tessera.ensemble.unet;
