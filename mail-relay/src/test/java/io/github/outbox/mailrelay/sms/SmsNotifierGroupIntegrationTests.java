package io.github.outbox.mailrelay.sms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.outbox.mailrelay.MailRelayApplication;
import io.github.outbox.mailrelay.MailRelayTestServices;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of mail-relay in one JVM, each with its own recording SMS sender, share
 * the SMS notifier's consumer group on a topic of four partitions: each instance reads
 * some of the partitions, every order gets one SMS from one of them, and when one
 * instance stops the other takes its partitions over. Real Kafka (KRaft, in-process) and
 * the project's PostgreSQL (one throw-away ledger database for both, as in production).
 */
class SmsNotifierGroupIntegrationTests {

	private static final String TOPIC = "outbox.event.Order";

	private static final String GROUP = "sms-notifier";

	private static final int PARTITIONS = 4;

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final TestKafka broker = TestKafka.start()
		.createTopic(TOPIC, PARTITIONS)
		.createTopic("outbox.event.User", 1);

	private static final TestDatabase database = TestPostgres.createDatabase("sms_notifier_it");

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterAll
	static void stopEverything() {
		instances.forEach(ConfigurableApplicationContext::close);
		database.close();
		broker.close();
	}

	@Test
	void sharesTheOrdersBetweenTwoInstancesAndHandsThemOverWhenOneStops() throws Exception {
		RecordingSmsSender senderA = new RecordingSmsSender();
		RecordingSmsSender senderB = new RecordingSmsSender();
		ConfigurableApplicationContext instanceA = start(senderA);
		ConfigurableApplicationContext instanceB = start(senderB);

		Collection<MemberDescription> members = await().atMost(PATIENCE)
			.until(SmsNotifierGroupIntegrationTests::members,
					(described) -> described.size() == 2
							&& described.stream().noneMatch((member) -> member.assignment().topicPartitions().isEmpty())
							&& assigned(described).size() == PARTITIONS);
		assertThat(members.stream().mapToInt((member) -> member.assignment().topicPartitions().size()).sum())
			.as("each partition assigned to one member only")
			.isEqualTo(PARTITIONS);
		Set<TopicPartition> partitionsA = assignedPartitions(instanceA);
		Set<TopicPartition> partitionsB = assignedPartitions(instanceB);
		assertThat(partitionsA).isNotEmpty().doesNotContainAnyElementsOf(partitionsB);
		assertThat(Stream.concat(partitionsA.stream(), partitionsB.stream())).hasSize(PARTITIONS);

		List<UUID> shared = produceOrdersOnEveryPartition();
		awaitEachSentOnce(shared, senderA, senderB);
		assertThat(senderA.sent()).as("SMS sent by instance A").isNotEmpty();
		assertThat(senderB.sent()).as("SMS sent by instance B").isNotEmpty();

		instanceB.close();
		Collection<MemberDescription> remaining = await().atMost(PATIENCE)
			.until(SmsNotifierGroupIntegrationTests::members,
					(described) -> described.size() == 1 && assigned(described).size() == PARTITIONS);
		assertThat(remaining).singleElement()
			.satisfies((member) -> assertThat(member.assignment().topicPartitions()).hasSize(PARTITIONS));
		await().atMost(PATIENCE).until(() -> assignedPartitions(instanceA).size() == PARTITIONS);

		int sentByB = senderB.sent().size();
		List<UUID> takenOver = produceOrdersOnEveryPartition();
		awaitEachSentOnce(takenOver, senderA, senderB);
		assertThat(takenOver).allSatisfy((eventId) -> assertThat(senderA.sentFor(eventId)).hasSize(1));
		assertThat(senderB.sent()).as("nothing sent by the stopped instance").hasSize(sentByB);
		assertThat(smsLedgerRows(instanceA)).isEqualTo(shared.size() + takenOver.size());
	}

	private static ConfigurableApplicationContext start(RecordingSmsSender sender) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MailRelayApplication.class)
			.initializers(sender.registration())
			.run("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					"--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + TestPostgres.APP_USER,
					"--spring.datasource.password=" + TestPostgres.APP_PASSWORD,
					// no mail in this test: the mail group reads only the
					// (empty) user topic
					"--mail-relay.topics=outbox.event.User", "--mail-relay.retry.initial-interval=100ms",
					// one consumer per instance: the test counts the group's members
					"--spring.kafka.listener.concurrency=1", "--server.port=0",
					"--mail-relay.retry.max-interval=400ms");
		instances.add(context);
		return context;
	}

	private static Set<TopicPartition> assignedPartitions(ConfigurableApplicationContext instance) {
		MessageListenerContainer container = instance.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(GROUP);
		assertThat(container).isNotNull();
		Collection<TopicPartition> assigned = container.getAssignedPartitions();
		return (assigned != null) ? new HashSet<>(assigned) : Set.of();
	}

	private static Collection<MemberDescription> members() throws Exception {
		try (Admin admin = broker.admin()) {
			ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP))
				.describedGroups()
				.get(GROUP)
				.get(10, TimeUnit.SECONDS);
			return group.members();
		}
	}

	private static Set<TopicPartition> assigned(Collection<MemberDescription> members) {
		Set<TopicPartition> partitions = new HashSet<>();
		members.forEach((member) -> partitions.addAll(member.assignment().topicPartitions()));
		return partitions;
	}

	/**
	 * Orders keyed by their ids, each record sent twice, until every partition has at
	 * least three of them.
	 * @return the event ids
	 */
	private static List<UUID> produceOrdersOnEveryPartition() throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		List<UUID> eventIds = new ArrayList<>();
		int[] perPartition = new int[PARTITIONS];
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			while (eventIds.size() < 200 && Arrays.stream(perPartition).anyMatch((count) -> count < 3)) {
				UUID orderId = UUID.randomUUID();
				UUID eventId = UUID.randomUUID();
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, orderId.toString(), """
						{"orderId": "%s", "email": "ada@example.com", "phone": "+447700900%03d",
						 "lines": [{"title": "Fountain pen", "quantity": 1, "unitPrice": "3.20"}],
						 "currency": "EUR", "total": "3.20"}""".formatted(orderId, eventIds.size()).getBytes(UTF_8));
				record.headers().add("event-id", eventId.toString().getBytes(UTF_8));
				record.headers().add("event-type", "OrderPlaced".getBytes(UTF_8));
				int partition = producer.send(record).get(10, TimeUnit.SECONDS).partition();
				producer.send(record).get(10, TimeUnit.SECONDS);
				perPartition[partition]++;
				eventIds.add(eventId);
			}
		}
		assertThat(Arrays.stream(perPartition).min().orElse(0)).as("records on the emptiest partition")
			.isGreaterThanOrEqualTo(3);
		return eventIds;
	}

	private static void awaitEachSentOnce(List<UUID> eventIds, RecordingSmsSender... senders) {
		await().atMost(PATIENCE).until(() -> eventIds.stream().allMatch((eventId) -> sentFor(eventId, senders) >= 1));
		MailRelayTestServices.awaitNoLag(broker, GROUP, PATIENCE, TOPIC);
		assertThat(eventIds).allSatisfy((eventId) -> assertThat(sentFor(eventId, senders)).isEqualTo(1));
	}

	private static long sentFor(UUID eventId, RecordingSmsSender... senders) {
		return Stream.of(senders).mapToLong((sender) -> sender.sentFor(eventId).size()).sum();
	}

	private static int smsLedgerRows(ConfigurableApplicationContext instance) {
		return instance.getBean(JdbcClient.class).sql("select count(*) from sent_sms").query(Integer.class).single();
	}

}
