/** U-Net denoisers, the AFA aggregator, ensemble sampling and aggregator training. */
package dev.tessera.ensemble;
