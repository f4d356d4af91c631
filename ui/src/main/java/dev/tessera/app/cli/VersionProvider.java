package dev.tessera.app.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, falling back to "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TesseraCli.class.getPackage().getImplementationVersion();
        return new String[] {"Tessera " + (version != null ? version : "development build"),
                "Java " + System.getProperty("java.version")};
    }
}
