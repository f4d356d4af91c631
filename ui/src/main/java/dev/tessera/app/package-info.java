/**
 * UI-free application services (CLI, generation, queue, history, settings, models) shared by the
 * GUI and the CLI; never imports {@code dev.tessera.ui} (docs/architecture.md).
 */
package dev.tessera.app;
