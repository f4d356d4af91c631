/**
 * The diffusion core shared by every model: the DDPM noise schedule, the ε-prediction denoiser
 * contract, classifier-free guidance, and the samplers (DPM-Solver++(2M), DDIM, Euler) with
 * per-step memory scopes, progress callbacks and cancellation (docs/diffusion-core.md).
 *
 * <p>Conventions. Training timesteps are {@code t = 0 .. T-1} with {@code T = 1000}; {@code t = 0}
 * is the least noisy. A noisy sample is {@code x_t = alpha_t x0 + sigma_t eps} with
 * {@code alpha_t = sqrt(alphaBar_t)} and {@code sigma_t = sqrt(1 - alphaBar_t)} (variance
 * preserving). Coefficients are computed in double and applied to float32 arrays.
 */
package dev.tessera.generation.diffusion;
