package io.github.outbox.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.sample.RunningSample;
import io.github.outbox.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders over HTTP on a real PostgreSQL and Kafka, the relay running in the application.
 */
class OrderIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RunningSample sample;

	private static RestClient http;

	private static TopicReader orders;

	@BeforeAll
	static void start() {
		sample = RunningSample.start("order_it", Map.of());
		http = sample.http();
		orders = sample.read("outbox\\.event\\.Order");
	}

	@AfterAll
	static void stop() {
		orders.close();
		sample.close();
	}

	@Test
	void writesTheOrderWithOrderPlacedAndPublishesItKeyedByTheOrderId() {
		String email = RunningSample.uniqueEmail("ada");
		String userId = sample.confirmedUser(email, "Ada Lovelace");

		ResponseEntity<Map> placed = place(Map.of("userId", userId, "phone", "+447700900123", "lines",
				List.of(line("BOOK-001", 2), line("PEN-042", 1))));

		assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String orderId = (String) placed.getBody().get("orderId");
		assertThat(placed.getHeaders().getLocation()).hasPath("/api/orders/" + orderId);
		assertThat(placed.getBody()).containsEntry("total", "28.20").containsEntry("currency", "EUR");
		assertThat(sample.jdbc()
			.sql("select total from orders where id = ?::uuid")
			.param(orderId)
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("28.20");
		assertThat(sample.jdbc()
			.sql("select sku || ' x' || quantity || ' @' || unit_price from order_lines "
					+ "where order_id = ?::uuid order by line_index")
			.param(orderId)
			.query(String.class)
			.list()).containsExactly("BOOK-001 x2 @12.50", "PEN-042 x1 @3.20");
		String eventId = sample.jdbc()
			.sql("select id::text from outbox_event where aggregatetype = 'Order' and aggregateid = ? "
					+ "and type = 'OrderPlaced'")
			.param(orderId)
			.query(String.class)
			.single();

		ConsumerRecord<byte[], byte[]> record = awaitEventFor(orderId);
		assertThat(record.topic()).isEqualTo("outbox.event.Order");
		assertThat(TopicReader.header(record, OutboxHeaders.EVENT_ID)).isEqualTo(eventId);
		assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("OrderPlaced");
		JsonNode event = JSON.readTree(record.value());
		assertThat(event.get("userId").asString()).isEqualTo(userId);
		assertThat(event.get("email").asString()).isEqualTo(email);
		assertThat(event.get("name").asString()).isEqualTo("Ada Lovelace");
		assertThat(event.get("phone").asString()).isEqualTo("+447700900123");
		assertThat(event.get("total").isString()).isTrue();
		assertThat(event.get("total").asString()).isEqualTo("28.20");
		assertThat(event.get("lines").get(0).get("title").asString()).isEqualTo("Notes on the Analytical Engine");
		assertThat(event.get("lines").get(0).get("unitPrice").asString()).isEqualTo("12.50");

		ResponseEntity<Map> shown = http.get().uri("/api/orders/{id}", orderId).retrieve().toEntity(Map.class);
		assertThat(shown.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(shown.getBody()).containsEntry("total", "28.20").containsEntry("userId", userId);
	}

	@Test
	void publishesANullPhoneWhenTheOrderHasNone() {
		String userId = sample.confirmedUser(RunningSample.uniqueEmail("nophone"), "No Phone");
		String orderId = (String) place(Map.of("userId", userId, "lines", List.of(line("INK-007", 3)))).getBody()
			.get("orderId");

		JsonNode event = JSON.readTree(awaitEventFor(orderId).value());

		assertThat(event.get("phone").isNull()).isTrue();
		assertThat(event.get("total").asString()).isEqualTo("20.70");
	}

	@Test
	void refusesAnUnknownSkuOrUserAndWritesNothing() {
		String userId = sample.confirmedUser(RunningSample.uniqueEmail("refused"), "Refused");
		Writes before = writes();

		ResponseEntity<Map> unknownSku = place(
				Map.of("userId", userId, "lines", List.of(line("BOOK-001", 1), line("NOPE-404", 1))));
		ResponseEntity<Map> unknownUser = place(
				Map.of("userId", UUID.randomUUID().toString(), "lines", List.of(line("BOOK-001", 1))));
		ResponseEntity<Map> duplicateSku = place(
				Map.of("userId", userId, "lines", List.of(line("BOOK-001", 1), line("BOOK-001", 1))));
		ResponseEntity<Map> tooLarge = http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":1}],\"padding\":\""
					+ "x".repeat(2_000_000) + "\"}")
			.retrieve()
			.toEntity(Map.class);

		assertThat(unknownSku.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(unknownSku.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) unknownSku.getBody().get("detail")).contains("'NOPE-404'").doesNotContain("BOOK-001");
		assertThat(unknownUser.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(unknownUser.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(duplicateSku.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(tooLarge.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(writes()).isEqualTo(before);
		assertThat(http.get().uri("/api/orders/{id}", UUID.randomUUID()).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void refusesAnOrderOfAnAccountThatIsNotConfirmedAndWritesNothing() {
		String userId = sample.signUp(RunningSample.uniqueEmail("unconfirmed"), "Unconfirmed");
		Writes before = writes();

		ResponseEntity<Map> refused = place(
				Map.of("userId", userId, "phone", "+447700900123", "lines", List.of(line("BOOK-001", 1))));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) refused.getBody().get("detail")).contains("No confirmed account").contains(userId);
		assertThat(writes()).isEqualTo(before);
	}

	@Test
	void limitsOrdersPerPhoneNumberAcrossAccountsWithRetryAfterAndWritesNothingOverTheLimit() {
		String phone = "+4477009" + (10_000 + new java.util.Random().nextInt(89_999));
		for (int i = 0; i < 5; i++) {
			String userId = sample.confirmedUser(RunningSample.uniqueEmail("phone"), "Phone " + i);
			assertThat(place(Map.of("userId", userId, "phone", phone, "lines", List.of(line("PEN-042", 1))))
				.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		}
		String another = sample.confirmedUser(RunningSample.uniqueEmail("phone"), "Phone 6");
		Writes before = writes();

		ResponseEntity<Map> refused = place(
				Map.of("userId", another, "phone", phone, "lines", List.of(line("PEN-042", 1))));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isBetween(3_500L, 3_600L);
		assertThat(writes()).isEqualTo(before);
		// the same account without the phone number is not limited by it
		assertThat(place(Map.of("userId", another, "lines", List.of(line("PEN-042", 1)))).getStatusCode())
			.isEqualTo(HttpStatus.CREATED);
	}

	@Test
	void limitsOrdersPerAccountAndWritesNothingOverTheLimit() {
		String userId = sample.confirmedUser(RunningSample.uniqueEmail("often"), "Often");
		for (int i = 0; i < 10; i++) {
			assertThat(place(Map.of("userId", userId, "lines", List.of(line("INK-007", 1)))).getStatusCode())
				.isEqualTo(HttpStatus.CREATED);
		}
		Writes before = writes();

		ResponseEntity<Map> refused = place(Map.of("userId", userId, "lines", List.of(line("INK-007", 1))));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(writes()).isEqualTo(before);
	}

	@Test
	void refusesAFractionalOrQuotedQuantityOrADuplicateFieldAndWritesNothing() {
		String userId = sample.confirmedUser(RunningSample.uniqueEmail("strict"), "Strict");
		Writes before = writes();

		for (String body : List.of(
				"{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":2.9}]}",
				"{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":\"2\"}]}",
				"{\"userId\":\"" + userId + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":1,\"quantity\":9}]}")) {
			ResponseEntity<Map> refused = http.post()
				.uri("/api/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.retrieve()
				.toEntity(Map.class);
			assertThat(refused.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat((List<Map<String, String>>) refused.getBody().get("errors")).as(body)
				.extracting((error) -> error.get("pointer"))
				.containsExactly("/lines/0/quantity");
		}
		assertThat(writes()).isEqualTo(before);
	}

	@Test
	void refusesProductsPricedInDifferentCurrenciesAndWritesNothing() {
		sample.jdbc()
			.sql("insert into products (sku, title, unit_price, currency) values ('TEA-GBP', 'Tea', 4.00, 'GBP') "
					+ "on conflict do nothing")
			.update();
		String userId = sample.confirmedUser(RunningSample.uniqueEmail("currencies"), "Two Currencies");
		Writes before = writes();

		ResponseEntity<Map> mixed = place(
				Map.of("userId", userId, "lines", List.of(line("BOOK-001", 1), line("TEA-GBP", 1))));

		assertThat(mixed.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat((String) mixed.getBody().get("detail")).contains("EUR, GBP");
		assertThat(writes()).isEqualTo(before);
	}

	@Test
	void publishesNothingWhenTheTransactionRollsBack() {
		String userId = sample.confirmedUser(RunningSample.uniqueEmail("rollback"), "Rolled Back");
		OrderRequest request = new OrderRequest(UUID.fromString(userId), null,
				List.of(new OrderRequest.Line("LAMP-003", 1)));
		Writes before = writes();

		TransactionTemplate transaction = new TransactionTemplate(sample.bean(PlatformTransactionManager.class));
		OrderPlaced rolledBack = transaction.execute((status) -> {
			OrderPlaced placed = sample.bean(OrderPlacement.class).place(request);
			status.setRollbackOnly();
			return placed;
		});

		assertThat(writes()).isEqualTo(before);
		// an order committed after it is published, and the rolled back one never is
		String committed = (String) place(Map.of("userId", userId, "lines", List.of(line("LAMP-003", 1)))).getBody()
			.get("orderId");
		awaitEventFor(committed);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> recordsFor(rolledBack.orderId().toString()).isEmpty());
	}

	private static ResponseEntity<Map> place(Map<String, Object> order) {
		return http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(order)
			.retrieve()
			.toEntity(Map.class);
	}

	private static Map<String, Object> line(String sku, int quantity) {
		return Map.of("sku", sku, "quantity", quantity);
	}

	private static ConsumerRecord<byte[], byte[]> awaitEventFor(String orderId) {
		List<ConsumerRecord<byte[], byte[]>> matching = await().atMost(Duration.ofSeconds(30))
			.until(() -> recordsFor(orderId), (records) -> !records.isEmpty());
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	private static List<ConsumerRecord<byte[], byte[]>> recordsFor(String orderId) {
		return orders.poll().stream().filter((record) -> orderId.equals(TopicReader.text(record.key()))).toList();
	}

	/** What placing an order may write. */
	private static Writes writes() {
		return new Writes(sample.count("select count(*) from orders"), sample.count("select count(*) from order_lines"),
				sample.count("select count(*) from outbox_event where aggregatetype = 'Order'"));
	}

	private record Writes(long orders, long lines, long events) {
	}

}
