package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Sluice version (from the jar manifest when packaged) and what it runs on. */
final class SluiceVersion implements IVersionProvider {

    static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        String version = Sluice.class.getPackage().getImplementationVersion();
        String home;
        try {
            home = SluiceHome.locate().root().toString();
        } catch (CommandFailure e) {
            home = "unknown (" + e.getMessage() + ")";
        }
        return new String[] {
                "sluice " + (version == null ? DEVELOPMENT : version),
                "home " + home,
                "picocli " + CommandLine.VERSION + ", Java " + Runtime.version(),
        };
    }
}
