package io.github.outbox.sample.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.github.outbox.sample.InputProblems;
import io.github.outbox.sample.RequestLimit;
import io.github.outbox.sample.RequestLog;
import io.github.outbox.sample.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The order endpoints over MockMvc. Only this feature's web beans are loaded: another
 * feature's advice needs that feature's settings.
 */
@WebMvcTest(useDefaultFilters = false,
		includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
				classes = { OrderController.class, OrderBodyLimit.class, InputProblems.class, StrictJson.class }))
@EnableConfigurationProperties(OrderProperties.class)
class OrderControllerTests {

	private static final UUID USER = UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private OrderPlacement placement;

	@Test
	void answersCreatedWithTheOrdersIdAndTotalWhenTheOrderIsValid() {
		UUID orderId = UUID.randomUUID();
		given(this.placement.place(any())).willReturn(new OrderPlaced(orderId, USER, "ada@example.com", "Ada", null,
				List.of(new OrderPlaced.Line("BOOK-001", "Notes on the Analytical Engine", 2, new BigDecimal("12.50"))),
				"EUR", new BigDecimal("25.00"), Instant.now()));

		assertThat(post(order(null, line("BOOK-001", 2)))).hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "/api/orders/" + orderId)
			.bodyJson()
			.hasPathSatisfying("$.orderId", (id) -> assertThat(id).asString().isEqualTo(orderId.toString()))
			.hasPathSatisfying("$.total", (total) -> assertThat(total).asString().isEqualTo("25.00"))
			.hasPathSatisfying("$.currency", (currency) -> assertThat(currency).asString().isEqualTo("EUR"));
	}

	@Test
	void rejectsAnOrderWithoutLinesOrWithMoreThanFiftyAsABadRequestProblem() {
		String fiftyOne = IntStream.rangeClosed(1, 51)
			.mapToObj((i) -> line("SKU-" + i, 1))
			.collect(Collectors.joining(","));

		assertThat(post(order(null, ""))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(post(order(null, fiftyOne))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("{\"userId\":\"" + USER + "\"}")).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsAQuantityOutsideOneToAHundredOrABlankSkuAsABadRequestProblem() {
		assertThat(post(order(null, line("BOOK-001", 0)))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(post(order(null, line("BOOK-001", 101)))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\"}"))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, line(" ", 1)))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "{\"quantity\":1}"))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "null"))).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsASkuNamedTwiceAsABadRequestProblem() {
		assertThat(post(order(null, line("BOOK-001", 1) + "," + line("PEN-042", 1) + "," + line("BOOK-001", 2))))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.placement);
	}

	@Test
	void rejectsAPhoneNumberNotInE164FormAsABadRequestProblem() {
		for (String phone : List.of("07700900123", "+07700900123", "+44 7700 900123", "+123456", "+1234567890123456",
				"", "+447700900123\\n")) {
			assertThat(post(order(phone, line("BOOK-001", 1)))).as(phone)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		verifyNoInteractions(this.placement);
	}

	@Test
	void acceptsAnOrderWithOrWithoutAPhoneNumber() {
		given(this.placement.place(any())).willReturn(new OrderPlaced(UUID.randomUUID(), USER, "ada@example.com", "Ada",
				null, List.of(), "EUR", BigDecimal.ZERO, Instant.now()));

		assertThat(post(order("+447700900123", line("BOOK-001", 1)))).hasStatus(HttpStatus.CREATED);
		assertThat(post(order("+1234567", line("BOOK-001", 1)))).hasStatus(HttpStatus.CREATED);
		assertThat(post(order(null, line("BOOK-001", 1)))).hasStatus(HttpStatus.CREATED);
		assertThat(post("{\"userId\":\"" + USER + "\",\"phone\":null,\"lines\":[" + line("BOOK-001", 1) + "]}"))
			.hasStatus(HttpStatus.CREATED);
	}

	@Test
	void rejectsAMissingOrMalformedUserIdOrMalformedJsonAsABadRequestProblem() {
		assertThat(post("{\"lines\":[" + line("BOOK-001", 1) + "]}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(post("{\"userId\":\"ada\",\"lines\":[" + line("BOOK-001", 1) + "]}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(post("{\"userId\":")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.placement);
	}

	@Test
	void answersUnprocessableForAnUnknownOrUnconfirmedUserOrSkuOrMixedCurrencies() {
		given(this.placement.place(any())).willThrow(new OrderFailure.NoConfirmedAccount(USER))
			.willThrow(new OrderFailure.UnknownProducts(List.of("NOPE-1")))
			.willThrow(new OrderFailure.MixedCurrencies(List.of("EUR", "GBP")));

		assertThat(post(order(null, line("BOOK-001", 1)))).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains(USER.toString()));
		assertThat(post(order(null, line("NOPE-1", 1)))).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("'NOPE-1'"));
		assertThat(post(order(null, line("BOOK-001", 1)))).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("EUR, GBP"));
	}

	@Test
	void refusesAFractionalQuantityRatherThanTruncatingItNamingTheField() {
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":2.9}"))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer",
					(pointer) -> assertThat(pointer).asString().isEqualTo("/lines/0/quantity"))
			.hasPathSatisfying("$.errors[0].detail",
					(detail) -> assertThat(detail).asString().contains("whole number"));
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":2.0}"))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":1e0}"))).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.placement);
	}

	@Test
	void refusesANumberInQuotesOrOtherCoercionsNamingTheField() {
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":\"2\"}"))).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer",
					(pointer) -> assertThat(pointer).asString().isEqualTo("/lines/0/quantity"));
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":true}"))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":null}"))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":\"\"}"))).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(order(null, "{\"sku\":42,\"quantity\":1}"))).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer",
					(pointer) -> assertThat(pointer).asString().isEqualTo("/lines/0/sku"));
		verifyNoInteractions(this.placement);
	}

	@Test
	void refusesAFieldNamedTwiceRatherThanLettingTheLastWin() {
		assertThat(post("{\"userId\":\"" + USER + "\",\"userId\":\"" + UUID.randomUUID() + "\",\"lines\":["
				+ line("BOOK-001", 1) + "]}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/userId"));
		assertThat(post(order(null, "{\"sku\":\"BOOK-001\",\"quantity\":1,\"quantity\":100}")))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer",
					(pointer) -> assertThat(pointer).asString().isEqualTo("/lines/0/quantity"));
		verifyNoInteractions(this.placement);
	}

	@Test
	void refusesAPhoneNumberWithInvisibleOrFullWidthDigitsNamingTheField() {
		for (String phone : List.of("+44770090\uff11\uff12\uff13", "+\u200b447700900123", "+447700900123\u202e",
				"\u00a0+447700900123")) {
			assertThat(post(order(phone, line("BOOK-001", 1)))).as(phone)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].pointer",
						(pointer) -> assertThat(pointer).asString().isEqualTo("/phone"));
		}
		verifyNoInteractions(this.placement);
	}

	@Test
	void refusesASkuWithInvisibleOrNonAsciiCharactersNamingTheField() {
		for (String sku : List.of("BOOK\\u200b-001", "BOOK-00\\uff11", "BOOK-001\\u202e", "<b>BOOK</b>")) {
			assertThat(post(order(null, line(sku, 1)))).as(sku)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].pointer",
						(pointer) -> assertThat(pointer).asString().isEqualTo("/lines/0/sku"));
		}
		verifyNoInteractions(this.placement);
	}

	@Test
	void answersTooManyRequestsWithRetryAfterWhenTheAccountOrPhoneOrderedTooOften() {
		given(this.placement.place(any())).willThrow(new RequestLog.TooManyRequests(
				new RequestLimit("orders-per-phone", 5, Duration.ofHours(1)), Duration.ofMillis(1_500)));

		assertThat(post(order("+447700900123", line("BOOK-001", 1)))).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasHeader("Retry-After", "2")
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesABodyOverTheSizeLimitAsContentTooLarge() {
		String padded = "{\"userId\":\"" + USER + "\",\"lines\":[" + line("BOOK-001", 1) + "],\"padding\":\""
				+ "x".repeat(2_000_000) + "\"}";

		assertThat(post(padded)).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("16384 bytes"));
		verifyNoInteractions(this.placement);
	}

	@Test
	void refusesABodyThatIsNotJsonAsUnsupportedMediaType() {
		assertThat(this.mvc.post()
			.uri("/api/orders")
			.contentType(MediaType.TEXT_PLAIN)
			.content(order(null, line("BOOK-001", 1)))).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.placement);
	}

	@Test
	void showsAPlacedOrderWithMoneyAsStringsAndWithoutThePhoneNumber() {
		UUID orderId = UUID.randomUUID();
		given(this.placement.find(orderId)).willReturn(new Order(orderId, USER, "+447700900123", "EUR",
				new BigDecimal("28.20"), Instant.parse("2026-11-25T11:00:00Z"),
				List.of(new OrderLine("BOOK-001", "Notes on the Analytical Engine", 2, new BigDecimal("12.50")),
						new OrderLine("PEN-042", "Fountain pen", 1, new BigDecimal("3.20")))));

		assertThat(this.mvc.get().uri("/api/orders/{id}", orderId)).hasStatus(HttpStatus.OK)
			.bodyJson()
			.hasPathSatisfying("$.userId", (id) -> assertThat(id).asString().isEqualTo(USER.toString()))
			.hasPathSatisfying("$.total", (total) -> assertThat(total).asString().isEqualTo("28.20"))
			.hasPathSatisfying("$.lines[1].unitPrice", (price) -> assertThat(price).asString().isEqualTo("3.20"))
			.hasPathSatisfying("$.placedAt",
					(placedAt) -> assertThat(placedAt).asString().isEqualTo("2026-11-25T11:00:00Z"))
			.doesNotHavePath("$.phone");
	}

	@Test
	void answersNotFoundForAnUnknownOrder() {
		UUID orderId = UUID.randomUUID();
		given(this.placement.find(orderId)).willThrow(new OrderFailure.UnknownOrder(orderId));

		assertThat(this.mvc.get().uri("/api/orders/{id}", orderId)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.get().uri("/api/orders/not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST);
	}

	private MockMvcTester.MockMvcRequestBuilder post(String body) {
		return this.mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body);
	}

	private static String order(String phone, String lines) {
		String phoneField = (phone != null) ? ",\"phone\":\"" + phone + "\"" : "";
		return "{\"userId\":\"" + USER + "\"" + phoneField + ",\"lines\":[" + lines + "]}";
	}

	private static String line(String sku, int quantity) {
		return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
	}

}
