package io.github.outbox.observability;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.outbox.autoconfigure.OutboxAutoConfiguration;
import io.github.outbox.relay.OutboxRelay;

/**
 * The relay's health indicator, where the application has Boot's health support
 * (Actuator), its metrics, where it has Micrometer, and the caller's trace context on
 * each event, where it has Micrometer Tracing.
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
public class OutboxObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(OutboxRelay.class)
	static class Health {

		@Bean
		@ConditionalOnMissingBean
		OutboxRelayHealthIndicator outboxRelayHealthIndicator(OutboxRelay relay) {
			return new OutboxRelayHealthIndicator(relay);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	@ConditionalOnBean(OutboxRelay.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		OutboxRelayMetrics outboxRelayMetrics(OutboxRelay relay) {
			return new OutboxRelayMetrics(relay);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tracer.class, Propagator.class })
	static class Tracing {

		@Bean
		@ConditionalOnMissingBean
		TraceContextHeaders outboxTraceContextHeaders(ObjectProvider<Tracer> tracer,
				ObjectProvider<Propagator> propagator) {
			return new TraceContextHeaders(tracer, propagator);
		}

	}

}
