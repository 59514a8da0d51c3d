package io.github.outbox.sample.order;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;
import io.github.outbox.sample.RequestLimit;
import io.github.outbox.sample.RequestLog;

/**
 * Places an order: the order, its lines and the {@link OrderPlaced} event are written in
 * one transaction, priced from the catalog. Only a confirmed account orders, and as each
 * order mails the account and may text a phone number, orders are limited per account and
 * per phone number ({@code sample.orders.*}) in the database, across instances. A refused
 * order writes nothing. Nothing here waits on Kafka.
 */
@Service
class OrderPlacement {

	private final JdbcAggregateTemplate aggregates;

	private final JdbcClient jdbc;

	private final Outbox outbox;

	private final Clock clock;

	private final RequestLog requests;

	private final RequestLimit perAccount;

	private final RequestLimit perPhone;

	OrderPlacement(JdbcAggregateTemplate aggregates, JdbcClient jdbc, Outbox outbox, Clock clock, RequestLog requests,
			OrderProperties settings) {
		this.aggregates = aggregates;
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.clock = clock;
		this.requests = requests;
		this.perAccount = new RequestLimit("orders-per-account", settings.mailsPerAccount(), settings.limitWindow());
		this.perPhone = new RequestLimit("orders-per-phone", settings.textsPerPhone(), settings.limitWindow());
	}

	/**
	 * Places the order.
	 * @throws OrderFailure.NoConfirmedAccount if no confirmed account has the id
	 * @throws OrderFailure.UnknownProducts if the catalog lacks a sku
	 * @throws OrderFailure.MixedCurrencies if the products have different currencies
	 * @throws RequestLog.TooManyRequests if the account or the phone number ordered too
	 * often
	 */
	@Transactional
	public OrderPlaced place(OrderRequest request) {
		Buyer buyer = buyer(request.userId()).orElseThrow(() -> new OrderFailure.NoConfirmedAccount(request.userId()));
		Map<String, Product> catalog = catalogOf(request.lines());
		List<String> currencies = catalog.values().stream().map(Product::currency).distinct().sorted().toList();
		if (currencies.size() > 1) {
			throw new OrderFailure.MixedCurrencies(currencies);
		}
		List<OrderLine> lines = request.lines()
			.stream()
			.map((line) -> OrderLine.of(catalog.get(line.sku()), line.quantity()))
			.toList();
		Instant now = this.clock.instant();
		this.requests.admit(this.perAccount, request.userId().toString(), now);
		if (request.phone() != null) {
			this.requests.admit(this.perPhone, request.phone(), now);
		}
		Order order = Order.place(request.userId(), request.phone(), currencies.get(0), lines, now);
		this.aggregates.insert(order);
		OrderPlaced placed = new OrderPlaced(order.id(), order.userId(), buyer.email(), buyer.name(), order.phone(),
				order.placedLines(), order.currency(), order.total(), order.placedAt());
		this.outbox.publish(Order.AGGREGATE_TYPE, order.id(), placed);
		return placed;
	}

	@Transactional(readOnly = true)
	public Order find(UUID orderId) {
		return Optional.ofNullable(this.aggregates.findById(orderId, Order.class))
			.orElseThrow(() -> new OrderFailure.UnknownOrder(orderId));
	}

	private Optional<Buyer> buyer(UUID userId) {
		return this.jdbc.sql("select email, name from users where id = ? and confirmed_at is not null")
			.param(userId)
			.query(Buyer.class)
			.optional();
	}

	/** The products of the requested lines, by sku; every sku must be in the catalog. */
	private Map<String, Product> catalogOf(List<OrderRequest.Line> requested) {
		Map<String, Product> catalog = this.aggregates
			.findAllById(requested.stream().map(OrderRequest.Line::sku).toList(), Product.class)
			.stream()
			.collect(Collectors.toMap(Product::sku, Function.identity()));
		List<String> unknown = requested.stream()
			.map(OrderRequest.Line::sku)
			.filter((sku) -> !catalog.containsKey(sku))
			.toList();
		if (!unknown.isEmpty()) {
			throw new OrderFailure.UnknownProducts(unknown);
		}
		return catalog;
	}

	record Buyer(String email, String name) {
	}

}
