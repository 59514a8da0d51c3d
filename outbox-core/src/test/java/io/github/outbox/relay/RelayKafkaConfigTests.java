package io.github.outbox.relay;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class RelayKafkaConfigTests {

	private static final Map<String, Object> APPLICATION = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
			"app-broker:9093", CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
			CommonClientConfigs.CLIENT_ID_CONFIG, "shop", ProducerConfig.ACKS_CONFIG, "1",
			ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
			StringSerializer.class, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);

	@Test
	void keepsTheApplicationsConnectionAndOverlaysOnlyTheRelaysGuaranteesAndTimeOuts() {
		Map<String, Object> producer = RelayKafkaConfig.producer(settings(Map.of()), APPLICATION);

		assertThat(producer).containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "app-broker:9093")
			.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
			.containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "shop")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
			.containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
	}

	@Test
	void letsTheRelaysOwnKafkaSettingsWinOverTheApplicationsButNotOverItsGuarantees() {
		RelayProperties settings = settings(Map.of("outbox.relay.kafka.bootstrap-servers", "relay-broker:9092",
				"outbox.relay.kafka.properties.security.protocol", "SSL", "outbox.relay.kafka.properties.acks", "0"));

		Map<String, Object> producer = RelayKafkaConfig.producer(settings, APPLICATION);
		Map<String, Object> admin = RelayKafkaConfig.admin(settings,
				Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "app-broker:9093",
						CommonClientConfigs.CLIENT_ID_CONFIG, "shop"));

		assertThat(producer).containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "relay-broker:9092")
			.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
		assertThat(admin).containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "relay-broker:9092")
			.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
			.containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "shop");
	}

	@Test
	void namesItsProducerAfterTheSlotWhereTheApplicationNamesNone() {
		Map<String, Object> producer = RelayKafkaConfig.producer(settings(Map.of("outbox.relay.slot-name", "shop")),
				Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));

		assertThat(producer).containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "outbox-relay-shop");
	}

	private static RelayProperties settings(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("outbox.relay",
				RelayProperties.class);
	}

}
