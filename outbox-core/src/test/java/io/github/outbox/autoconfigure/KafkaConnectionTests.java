package io.github.outbox.autoconfigure;

import java.util.List;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import io.github.outbox.autoconfigure.OutboxAutoConfiguration.KafkaConnection;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConnectionTests {

	@Test
	void takesTheApplicationsKafkaSecurityAndClientIdForProducerAndAdmin() {
		KafkaProperties boot = new KafkaProperties();
		boot.setBootstrapServers(List.of("broker-1:9093"));
		boot.setClientId("shop");
		boot.getSecurity().setProtocol("SASL_SSL");
		boot.getProperties().put(SaslConfigs.SASL_MECHANISM, "PLAIN");
		boot.getProperties()
			.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule "
					+ "required username=\"shop\" password=\"secret\";");
		boot.getProducer().setAcks("1");

		KafkaConnection kafka = KafkaConnection.of(boot, null);

		assertThat(kafka.producer()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
			.containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
			.containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "shop")
			.containsKey(SaslConfigs.SASL_JAAS_CONFIG)
			.containsEntry(ProducerConfig.ACKS_CONFIG, "1");
		assertThat(kafka.admin()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
			.containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
			.doesNotContainKey(ProducerConfig.ACKS_CONFIG);
	}

	@Test
	void takesServersAndProtocolFromConnectionDetailsOverTheProperties() {
		KafkaProperties boot = new KafkaProperties();
		boot.setBootstrapServers(List.of("from-properties:9092"));
		KafkaConnectionDetails container = new KafkaConnectionDetails() {

			@Override
			public List<String> getBootstrapServers() {
				return List.of("container:1234", "container:1235");
			}

			@Override
			public String getSecurityProtocol() {
				return "PLAINTEXT";
			}

		};

		KafkaConnection kafka = KafkaConnection.of(boot, container);

		assertThat(kafka.producer())
			.containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "container:1234,container:1235")
			.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
		assertThat(kafka.admin()).containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
				"container:1234,container:1235");
	}

}
