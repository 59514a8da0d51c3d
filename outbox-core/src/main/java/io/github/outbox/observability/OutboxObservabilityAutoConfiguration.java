package io.github.outbox.observability;

import java.time.Clock;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.outbox.autoconfigure.OutboxAutoConfiguration;
import io.github.outbox.autoconfigure.OutboxProperties;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.replay.OutboxReplay;

/**
 * The relay's health indicator, where the application has Boot's health support
 * (Actuator), its metrics, where it has Micrometer, the {@code outbox} endpoint
 * (inspection and replay), where it has Actuator and the endpoint is exposed, and the
 * caller's trace context on each event, where it has Micrometer Tracing.
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
public class OutboxObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(OutboxRelay.class)
	static class Health {

		@Bean
		@ConditionalOnMissingBean
		OutboxRelayHealthIndicator outboxRelayHealthIndicator(OutboxRelay relay, OutboxProperties properties) {
			return new OutboxRelayHealthIndicator(relay, properties.relay().kafka().deliveryTimeout(),
					Clock.systemUTC());
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
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnBean({ OutboxRelay.class, OutboxReplay.class })
	static class Inspection {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		OutboxEndpoint outboxEndpoint(OutboxRelay relay, OutboxReplay replay) {
			return new OutboxEndpoint(relay, replay);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(OutboxEndpoint.class)
		@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
		OutboxWebEndpointExtension outboxWebEndpointExtension(OutboxEndpoint endpoint) {
			return new OutboxWebEndpointExtension(endpoint);
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
