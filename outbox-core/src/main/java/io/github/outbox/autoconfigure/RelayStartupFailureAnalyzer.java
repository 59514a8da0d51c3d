package io.github.outbox.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.outbox.relay.RelayStartupException;

/**
 * Reports a relay that cannot start as what is wrong and how to fix it, instead of a
 * stack trace.
 */
class RelayStartupFailureAnalyzer extends AbstractFailureAnalyzer<RelayStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RelayStartupException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
