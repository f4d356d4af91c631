/**
 * JavaFX views and view models over the {@code dev.tessera.app} services; the only package allowed
 * to use JavaFX (docs/architecture.md). The window, page by page: docs/studio.md.
 */
package dev.tessera.ui;
