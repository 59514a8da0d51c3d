package io.github.outbox.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Quiets the embedded Debezium engine and Kafka Connect, which log every step at INFO,
 * and the Kafka clients' INFO chatter (a dump of every setting per client, version
 * banners, a line per re-bootstrap while the broker is down), with log levels of the
 * lowest precedence: any {@code logging.level.*} the application sets wins. The relay
 * logs what matters itself: started, streaming, failures. The client loggers are per
 * class, so the application's own Kafka clients are quieter too.
 */
class OutboxLoggingDefaults implements EnvironmentPostProcessor {

	static final String NAME = "outboxLoggingDefaults";

	static final Map<String, Object> LEVELS = Map.ofEntries(level("io.debezium"), level("org.apache.kafka.connect"),
			level("org.apache.kafka.common.config.AbstractConfig"),
			level("org.apache.kafka.common.utils.AppInfoParser"),
			level("org.apache.kafka.clients.admin.internals.AdminMetadataManager"),
			level("org.apache.kafka.clients.producer.KafkaProducer"),
			level("org.apache.kafka.clients.producer.internals.TransactionManager"),
			level("org.apache.kafka.clients.Metadata"), level("org.apache.kafka.common.metrics.Metrics"));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(NAME, LEVELS));
		}
	}

	private static Map.Entry<String, Object> level(String logger) {
		return Map.entry("logging.level." + logger, "warn");
	}

}
