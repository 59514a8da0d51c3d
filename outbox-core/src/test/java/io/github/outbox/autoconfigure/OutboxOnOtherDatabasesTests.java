package io.github.outbox.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxEvent;
import io.github.outbox.RecordingOutbox;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.replay.OutboxReplay;
import io.github.outbox.retention.OutboxRetention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class OutboxOnOtherDatabasesTests {

	private static final String BACKING_OFF = "events are kept in memory (RecordingOutbox)";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, OutboxAutoConfiguration.class));

	@Test
	void keepsEventsInMemoryAndSaysSoOnceWhereTheDataSourceIsH2(CapturedOutput output) {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:h2url").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Outbox.class)).isInstanceOf(RecordingOutbox.class);
			assertThat(context).doesNotHaveBean(OutboxSchemaMigration.class);
			assertThat(context).doesNotHaveBean(OutboxRelay.class);
			assertThat(context).doesNotHaveBean(OutboxRetention.class);
			assertThat(context).doesNotHaveBean(OutboxReplay.class);
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains(BACKING_OFF)))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("DataSource is H2, not PostgreSQL");
	}

	@Test
	void keepsEventsInMemoryWhereBootStartsAnEmbeddedDatabase() {
		this.runner.run((context) -> assertThat(context.getBean(Outbox.class)).isInstanceOf(RecordingOutbox.class));
	}

	@Test
	void storesEventsWhereTheDataSourceIsPostgreSql() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
					"outbox.schema.migrate=false", "outbox.relay.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(Outbox.class)).isNotInstanceOf(RecordingOutbox.class);
				assertThat(context).hasSingleBean(OutboxReplay.class);
			});
	}

	@Test
	void turnsEverythingOffWithOneSetting(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none", "outbox.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(Outbox.class)).isInstanceOf(RecordingOutbox.class);
				assertThat(context).doesNotHaveBean(OutboxSchemaMigration.class);
				assertThat(context).doesNotHaveBean(OutboxRelay.class);
			});
		assertThat(output).contains("The outbox is off (outbox.enabled=false)").doesNotContain("WARN");
	}

	@Test
	void refusesToStartOnAnOwnDataSourceThatIsNotPostgreSql() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OutboxAutoConfiguration.class))
			.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:h2:mem:own"))
			.withPropertyValues("outbox.relay.enabled=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("The outbox DataSource is H2, not PostgreSQL")
				.hasMessageContaining("outbox.enabled=false"));
	}

	@Test
	void recordsTheEventsOfCommittedTransactionsOnly() {
		this.runner.run((context) -> {
			RecordingOutbox outbox = context.getBean(RecordingOutbox.class);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));

			UUID committed = transaction.execute((status) -> outbox.publish("User", 1, new UserRegistered(1)));
			transaction.executeWithoutResult((status) -> {
				outbox.publish("User", 2, new UserRegistered(2));
				status.setRollbackOnly();
			});

			assertThat(outbox.events()).extracting(OutboxEvent::id).containsExactly(committed);
			assertThat(outbox.events()).singleElement()
				.satisfies((event) -> assertThat(event.payload()).isEqualTo(new UserRegistered(1)));
		});
	}

	@Test
	void refusesAnEventOutsideATransactionAsTheDatabaseOutboxDoes() {
		this.runner.run((context) -> assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> context.getBean(Outbox.class).publish("User", 1, new UserRegistered(1))));
	}

	record UserRegistered(int userId) {
	}

}
