/** JavaFX views and view models; the only package allowed to use JavaFX. */
package dev.tessera.ui;
