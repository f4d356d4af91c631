/** UI-free application services (CLI, queue, history, settings) shared by the GUI and the CLI. */
package dev.tessera.app;
