package io.github.outbox.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import kafka.server.BrokerServer;

/**
 * A real Kafka cluster in KRaft mode, in this JVM, from Kafka's own test kit.
 * <p>
 * Not spring-kafka-test's embedded broker: that one is built against the previous Kafka
 * test kit and fails on 4.3's.
 */
public final class TestKafka implements AutoCloseable {

	private final KafkaClusterTestKit cluster;

	private TestKafka(KafkaClusterTestKit cluster) {
		this.cluster = cluster;
	}

	/** One broker, in the same process as its controller. */
	public static TestKafka start() {
		return start(1);
	}

	/**
	 * A cluster of {@code brokers} brokers; with three or more, topics are replicated
	 * three times and a write needs two in-sync replicas.
	 */
	public static TestKafka start(int brokers) {
		return start(brokers, Map.of());
	}

	/**
	 * One broker whose configuration {@code brokerConfig} changes, for example with
	 * {@code auto.create.topics.enable=false} or an authorizer.
	 */
	public static TestKafka start(Map<String, String> brokerConfig) {
		return start(1, brokerConfig);
	}

	/**
	 * One broker whose clients must authenticate with SASL/PLAIN over
	 * {@code SASL_PLAINTEXT}, as {@link #SASL_USER} with {@link #SASL_PASSWORD}.
	 */
	public static TestKafka startWithSasl() {
		// the test kit turns an authorizer on with SASL: no ACLs needed for the test
		return start(1, Map.of("allow.everyone.if.no.acl.found", "true"), SecurityProtocol.SASL_PLAINTEXT);
	}

	/** A user the SASL broker of {@link #startWithSasl()} admits. */
	public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_USER1;

	public static final String SASL_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

	private static TestKafka start(int brokers, Map<String, String> brokerConfig) {
		return start(brokers, brokerConfig, SecurityProtocol.PLAINTEXT);
	}

	private static TestKafka start(int brokers, Map<String, String> brokerConfig, SecurityProtocol protocol) {
		int replication = Math.min(brokers, 3);
		try {
			KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(
					new TestKitNodes.Builder().setCombined(brokers == 1)
						.setNumBrokerNodes(brokers)
						.setNumControllerNodes(1)
						.setBrokerSecurityProtocol(protocol)
						.setControllerSecurityProtocol(protocol)
						.build())
				.setConfigProp("auto.create.topics.enable", "true")
				.setConfigProp("num.partitions", "3")
				.setConfigProp("default.replication.factor", Integer.toString(replication))
				.setConfigProp("min.insync.replicas", Integer.toString(Math.max(1, replication - 1)))
				.setConfigProp("offsets.topic.replication.factor", Integer.toString(replication))
				.setConfigProp("transaction.state.log.replication.factor", Integer.toString(replication))
				.setConfigProp("transaction.state.log.min.isr", "1")
				.setConfigProp("group.initial.rebalance.delay.ms", "0");
			brokerConfig.forEach(builder::setConfigProp);
			KafkaClusterTestKit cluster = builder.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new TestKafka(cluster);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start the test Kafka cluster", ex);
		}
	}

	public String bootstrapServers() {
		return this.cluster.bootstrapServers();
	}

	/** An admin client of this cluster; the caller closes it. */
	public Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	/** Creates a topic with as many replicas as the cluster allows, up to three. */
	public TestKafka createTopic(String name, int partitions) {
		return createTopic(name, partitions, Map.of());
	}

	/**
	 * Creates a topic with as many replicas as the cluster allows, up to three, and the
	 * topic configuration given (for example {@code max.message.bytes}).
	 */
	public TestKafka createTopic(String name, int partitions, Map<String, String> config) {
		short replicas = (short) Math.min(3, this.cluster.brokers().size());
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(name, partitions, replicas).configs(config)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot create topic " + name, ex);
		}
		return this;
	}

	/**
	 * Stops a broker: its clients see the connection refused until it starts again, on
	 * the same port.
	 */
	public void stopBroker(int id) {
		BrokerServer broker = broker(id);
		broker.shutdown();
		broker.awaitShutdown();
	}

	/** Starts a stopped broker again, with its data, on its former port. */
	public void startBroker(int id) {
		broker(id).startup();
	}

	private BrokerServer broker(int id) {
		BrokerServer broker = this.cluster.brokers().get(id);
		if (broker == null) {
			throw new IllegalArgumentException("No broker " + id + " in " + this.cluster.brokers().keySet());
		}
		return broker;
	}

	/** The brokers by node id, to stop and start one. */
	public Map<Integer, BrokerServer> brokers() {
		return this.cluster.brokers();
	}

	@Override
	public void close() {
		try {
			this.cluster.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot stop the test Kafka cluster", ex);
		}
	}

}
