package io.github.outbox.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;

import io.github.outbox.OutboxHeaderContributor;

/**
 * The trace context of the code that publishes an event, as the propagation headers the
 * application's tracing writes (W3C {@code traceparent} by default): the relay copies
 * them to the Kafka record, and a consumer with tracing continues the trace.
 */
public class TraceContextHeaders implements OutboxHeaderContributor {

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	public TraceContextHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public Map<String, String> headers() {
		Tracer current = this.tracer.getIfAvailable();
		Propagator propagation = this.propagator.getIfAvailable();
		Span span = (current != null) ? current.currentSpan() : null;
		if (span == null || propagation == null) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		propagation.inject(span.context(), headers, Map::put);
		return headers;
	}

}
