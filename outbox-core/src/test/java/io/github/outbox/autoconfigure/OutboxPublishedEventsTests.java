package io.github.outbox.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.OutboxEvent;
import io.github.outbox.OutboxPublished;
import io.github.outbox.RecordingOutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OutboxPublishedEventsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, OutboxAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events");

	@Test
	void writesAnAnnotatedApplicationEventToTheOutboxInThePublishersTransaction() {
		this.runner.run((context) -> {
			UUID orderId = UUID.randomUUID();

			inTransaction(context, () -> context.publishEvent(new OrderPlaced(orderId, "ada")));

			assertThat(context.getBean(RecordingOutbox.class).events()).singleElement().satisfies((event) -> {
				assertThat(event.aggregateType()).isEqualTo("Order");
				assertThat(event.aggregateId()).isEqualTo(orderId.toString());
				assertThat(event.type()).isEqualTo("OrderPlaced");
				assertThat(event.payload()).isEqualTo(new OrderPlaced(orderId, "ada"));
			});
		});
	}

	@Test
	void readsTheAggregateIdAlongAPathAndTakesTheTypeFromTheAnnotation() {
		this.runner.run((context) -> {
			inTransaction(context, () -> context.publishEvent(new CustomerMoved(new Customer(42L), "Paris")));

			assertThat(context.getBean(RecordingOutbox.class).events())
				.extracting(OutboxEvent::aggregateId, OutboxEvent::type)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("42", "customer-moved.v1"));
		});
	}

	@Test
	void writesNothingWhenThePublishersTransactionRollsBack() {
		this.runner.run((context) -> {
			new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
				.executeWithoutResult((status) -> {
					context.publishEvent(new OrderPlaced(UUID.randomUUID(), "bob"));
					status.setRollbackOnly();
				});

			assertThat(context.getBean(RecordingOutbox.class).events()).isEmpty();
		});
	}

	@Test
	void throwsToThePublisherOutsideATransactionRatherThanDropTheEvent() {
		this.runner.run((context) -> assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> context.publishEvent(new OrderPlaced(UUID.randomUUID(), "eve"))));
	}

	@Test
	void leavesOtherEventsAlone() {
		this.runner.run((context) -> {
			context.publishEvent("not an outbox event");
			inTransaction(context, () -> context.publishEvent(new Customer(1L)));

			assertThat(context.getBean(RecordingOutbox.class).events()).isEmpty();
		});
	}

	private static void inTransaction(ApplicationContext context, Runnable work) {
		new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
			.executeWithoutResult((status) -> work.run());
	}

	@OutboxPublished(aggregateType = "Order", aggregateId = "orderId")
	record OrderPlaced(UUID orderId, String customer) {
	}

	@OutboxPublished(aggregateType = "Customer", aggregateId = "customer.id", type = "customer-moved.v1")
	record CustomerMoved(Customer customer, String city) {
	}

	record Customer(long id) {
	}

}
