package io.github.conversations4j.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused {@code brevo.conversations.*} property into Boot's "APPLICATION FAILED TO START" report. */
final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Change " + cause.property() + " in the application's "
                        + "configuration (application.properties or .yml, or the environment variable "
                        + cause.property()
                                .toUpperCase(java.util.Locale.ROOT)
                                .replace('.', '_')
                                .replace("-", "") + ").",
                cause);
    }
}
