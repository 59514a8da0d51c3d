package io.github.outbox.replay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxEvent;
import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Replay and inspection through the {@code outbox} endpoint, on real PostgreSQL and
 * Kafka.
 */
class OutboxReplayIntegrationTests {

	private static final Duration PUBLISHED = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static TestKafka kafka;

	private TestDatabase database;

	private ConfigurableApplicationContext app;

	private String type;

	@BeforeAll
	static void startKafka() {
		kafka = TestKafka.start();
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	@BeforeEach
	void start() {
		this.database = TestPostgres.createDatabase("replay_it");
		this.type = "Invoice" + UUID.randomUUID().toString().substring(0, 8);
		// the replay over HTTP is opt-in
		this.app = startApplication(Map.of("management.endpoint.outbox.access", "unrestricted"));
	}

	private ConfigurableApplicationContext startApplication(Map<String, Object> settings) {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("outbox.replay.max-events", 3);
		properties.put("management.endpoints.web.exposure.include", "outbox");
		properties.put("server.port", 0);
		properties.putAll(settings);
		return new SpringApplicationBuilder(ReplayApplication.class).web(WebApplicationType.SERVLET)
			.run(CommandLine.of(properties));
	}

	@Test
	void refusesAReplayOverHttpUnlessTheApplicationOptsIn() throws Exception {
		UUID written = publish(UUID.randomUUID().toString(), Instant.now());
		String versions = rowVersions();
		ConfigurableApplicationContext app = this.app;
		// a second instance with the endpoint's default access; its relay stands by
		this.app = startApplication(Map.of());
		try {
			assertThat(get().statusCode()).isEqualTo(200);
			assertThat(post("{\"eventIds\": \"" + written + "\"}").statusCode()).isEqualTo(405);
			assertThat(rowVersions()).isEqualTo(versions);
		}
		finally {
			this.app.close();
			this.app = app;
		}
	}

	@AfterEach
	void stop() {
		this.app.close();
		this.database.close();
	}

	@Test
	void replaysEventsByIdWithTheirKeyPayloadAndHeadersAndReportsUnknownIds() throws Exception {
		try (TopicReader topic = reader(this.type)) {
			String invoiceId = UUID.randomUUID().toString();
			List<UUID> written = List.of(publish(invoiceId, Instant.now()), publish(invoiceId, Instant.now()),
					publish(invoiceId, Instant.now()));
			List<ConsumerRecord<byte[], byte[]>> originals = await().atMost(PUBLISHED)
				.until(topic::poll, (records) -> records.size() == 3);
			UUID unknown = UUID.randomUUID();

			HttpResponse<String> response = post(
					"{\"eventIds\": \"" + written.get(0) + "," + written.get(2) + "," + unknown + "\"}");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(JSON.readTree(response.body()))
				.isEqualTo(JSON.readTree("{\"requeued\": 2, \"notFound\": [\"" + unknown + "\"]}"));
			List<ConsumerRecord<byte[], byte[]>> all = await().atMost(PUBLISHED)
				.until(topic::poll, (records) -> records.size() == 5);
			// one aggregate, one partition: the replayed events come after the
			// originals, in their order
			assertSameEvent(all.get(3), originals.get(0));
			assertSameEvent(all.get(4), originals.get(2));
			assertThat(eventId(all.get(3))).isEqualTo(written.get(0));
			assertThat(eventId(all.get(4))).isEqualTo(written.get(2));
		}
	}

	@Test
	void replaysExactlyTheEventsOfTheRangeAndRefusesARangeOverTheLimit() {
		String other = this.type + "Other";
		try (TopicReader topic = reader(this.type); TopicReader otherTopic = reader(other)) {
			Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
			List<UUID> invoices = List.of(publish("i-1", base), publish("i-2", base.plusSeconds(600)),
					publish("i-3", base.plusSeconds(1200)), publish("i-4", base.plusSeconds(1800)));
			UUID otherInRange = publish(other, "o-1", base.plusSeconds(600));
			await().atMost(PUBLISHED)
				.until(() -> publishedIds(topic).size() == 4 && publishedIds(otherTopic).size() == 1);
			String rows = rowVersions();

			OutboxReplay replay = this.app.getBean(OutboxReplay.class);
			assertThatExceptionOfType(ReplayRejectedException.class)
				.isThrownBy(() -> replay.replay(base, base.plusSeconds(3600), null))
				.withMessageContaining(
						"holds 5 events, more than the 3 one replay may write (outbox.replay.max-events)")
				.withMessageContaining("narrow the range");
			assertThat(rowVersions()).as("nothing written by a refused replay").isEqualTo(rows);

			ReplayResult result = replay.replay(base.plusSeconds(600), base.plusSeconds(1800), this.type);

			assertThat(result).isEqualTo(new ReplayResult(2, List.of()));
			// written after the replay committed, so published after everything it wrote
			UUID marker = publish("i-5", Instant.now());
			UUID otherMarker = publish(other, "o-2", Instant.now());
			await().atMost(PUBLISHED)
				.until(() -> publishedIds(topic).contains(marker) && publishedIds(otherTopic).contains(otherMarker));
			assertThat(timesPublished(publishedIds(topic))).containsEntry(invoices.get(0), 1L)
				.containsEntry(invoices.get(1), 2L)
				.containsEntry(invoices.get(2), 2L)
				.containsEntry(invoices.get(3), 1L)
				.containsEntry(marker, 1L)
				.hasSize(5);
			assertThat(publishedIds(otherTopic)).containsExactly(otherInRange, otherMarker);
		}
	}

	@Test
	void inspectionShowsTheLastEventKafkaAcknowledged() throws Exception {
		Instant started = Instant.now();
		try (TopicReader topic = reader(this.type)) {
			List<UUID> written = List.of(publish("i-1", Instant.now()), publish("i-2", Instant.now()),
					publish("i-3", Instant.now()));
			List<ConsumerRecord<byte[], byte[]>> records = await().atMost(PUBLISHED)
				.until(topic::poll, (all) -> all.size() == 3);
			ConsumerRecord<byte[], byte[]> last = records.stream()
				.filter((record) -> eventId(record).equals(written.get(2)))
				.findFirst()
				.orElseThrow();

			JsonNode inspection = await().atMost(PUBLISHED)
				.until(() -> JSON.readTree(get().body()),
						(current) -> written.get(2)
							.toString()
							.equals(current.path("lastAcknowledged").path("eventId").asString(null)));

			assertThat(inspection.get("state").asString()).isEqualTo("STREAMING");
			assertThat(inspection.get("leader").asBoolean()).isTrue();
			assertThat(inspection.get("slotName").asString()).isEqualTo(this.database.slotName());
			assertThat(inspection.get("eventsPublished").asLong()).isEqualTo(3);
			assertThat(inspection.get("estimatedBacklog").asLong()).isZero();
			JsonNode acknowledged = inspection.get("lastAcknowledged");
			assertThat(acknowledged.get("aggregateType").asString()).isEqualTo(this.type);
			assertThat(acknowledged.get("type").asString()).isEqualTo("Map1");
			assertThat(acknowledged.get("topic").asString()).isEqualTo(last.topic());
			assertThat(acknowledged.get("partition").asInt()).isEqualTo(last.partition());
			assertThat(acknowledged.get("offset").asLong()).isEqualTo(last.offset());
			Instant createdAt = Instant.parse(acknowledged.get("createdAt").asString());
			Instant committedAt = Instant.parse(acknowledged.get("committedAt").asString());
			Instant acknowledgedAt = Instant.parse(acknowledged.get("acknowledgedAt").asString());
			// written, then committed (PostgreSQL gives milliseconds), then acknowledged
			assertThat(createdAt).isBetween(started.truncatedTo(ChronoUnit.MICROS), committedAt.plusMillis(1));
			assertThat(committedAt).isBeforeOrEqualTo(acknowledgedAt);
			assertThat(acknowledgedAt).isBeforeOrEqualTo(Instant.now());
			assertThat(acknowledged.get("walPosition").asString()).matches("[0-9A-F]+/[0-9A-F]+");
			JsonNode slot = inspection.get("slot");
			assertThat(slot.get("active").asBoolean()).isTrue();
			assertThat(slot.get("walStatus").asString()).isEqualTo("reserved");
			assertThat(slot.get("confirmedFlushLsn").asString()).matches("[0-9A-F]+/[0-9A-F]+");
			assertThat(slot.get("currentWalLsn").asString()).matches("[0-9A-F]+/[0-9A-F]+");
			assertThat(slot.get("retainedWalBytes").asLong()).isNotNegative();

			HttpResponse<String> refused = post(
					"{\"from\": \"2026-11-24T11:00:00Z\", \"to\": \"2026-11-24T10:00:00Z\"}");
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(JSON.readTree(refused.body()).get("detail").asString())
				.isEqualTo("from (2026-11-24T11:00:00Z) must be before to (2026-11-24T10:00:00Z): "
						+ "a range includes from and excludes to");
		}
	}

	private UUID publish(String aggregateId, Instant occurredAt) {
		return publish(this.type, aggregateId, occurredAt);
	}

	private UUID publish(String aggregateType, String aggregateId, Instant occurredAt) {
		OutboxEvent event = new OutboxEvent(UUID.randomUUID(), aggregateType, aggregateId, "Map1",
				Map.of("aggregate", aggregateId), Map.of("tenant", "acme"), occurredAt);
		this.app.getBean(TransactionTemplate.class)
			.executeWithoutResult((status) -> this.app.getBean(Outbox.class).publish(event));
		return event.id();
	}

	private HttpResponse<String> get() throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(endpointUri()).GET());
	}

	private HttpResponse<String> post(String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(endpointUri())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI endpointUri() {
		return URI.create(
				"http://localhost:" + this.app.getEnvironment().getProperty("local.server.port") + "/actuator/outbox");
	}

	/** The transaction that wrote each row: a replay writes the rows again. */
	private String rowVersions() {
		return this.app.getBean(JdbcClient.class)
			.sql("select string_agg(id::text || ':' || xmin::text, ',' order by id) from outbox_event")
			.query(String.class)
			.single();
	}

	private static TopicReader reader(String aggregateTypes) {
		return new TopicReader(kafka.bootstrapServers(), Pattern.compile("outbox\\.event\\." + aggregateTypes));
	}

	/**
	 * The event ids of every record read, in partition order: a reader that re-reads a
	 * partition after a rebalance does not count its records twice.
	 */
	private static List<UUID> publishedIds(TopicReader topic) {
		Map<String, UUID> byOffset = new LinkedHashMap<>();
		topic.poll()
			.forEach((record) -> byOffset.putIfAbsent(record.topic() + "-" + record.partition() + "@" + record.offset(),
					eventId(record)));
		return List.copyOf(byOffset.values());
	}

	private static Map<UUID, Long> timesPublished(List<UUID> ids) {
		return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static UUID eventId(ConsumerRecord<byte[], byte[]> record) {
		return UUID.fromString(TopicReader.header(record, OutboxHeaders.EVENT_ID));
	}

	private static void assertSameEvent(ConsumerRecord<byte[], byte[]> replayed,
			ConsumerRecord<byte[], byte[]> original) {
		assertThat(replayed.topic()).isEqualTo(original.topic());
		assertThat(replayed.key()).isEqualTo(original.key());
		assertThat(replayed.value()).isEqualTo(original.value());
		assertThat(headers(replayed)).isEqualTo(headers(original)).containsEntry("tenant", "acme");
	}

	private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
		return StreamSupport.stream(record.headers().spliterator(), false)
			.collect(Collectors.toMap(Header::key, (header) -> TopicReader.text(header.value())));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
					"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
	static class ReplayApplication {

	}

}
