package io.github.outbox.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.outbox.Outbox;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.RelayProperties;
import io.github.outbox.replay.OutboxReplay;
import io.github.outbox.retention.OutboxRetention;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OutboxAutoConfiguration.class))
		.withBean(DataSource.class, SimpleDriverDataSource::new)
		.withPropertyValues("outbox.schema.migrate=false");

	@Test
	void bindsSensibleDefaults() {
		this.runner.withPropertyValues("outbox.relay.enabled=false").run((context) -> {
			OutboxProperties properties = context.getBean(OutboxProperties.class);
			RelayProperties relay = properties.relay();
			assertThat(properties.retention()).isEqualTo(Duration.ofDays(7));
			assertThat(properties.maxPayloadSize().toKilobytes()).isEqualTo(512);
			assertThat(relay.topicPrefix()).isEqualTo("outbox.event.");
			assertThat(relay.slotName()).isEqualTo("outbox_slot");
			assertThat(relay.publicationName()).isEqualTo("outbox_publication");
			assertThat(relay.pollInterval()).isEqualTo(Duration.ofMillis(10));
			assertThat(relay.snapshotMode()).isEqualTo(RelayProperties.SnapshotMode.INITIAL);
			assertThat(relay.kafka().deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
			assertThat(relay.kafka().metadataWait()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.replay().maxEvents()).isEqualTo(10_000);
		});
	}

	@Test
	void providesTheOutboxButNoRelayWhenTheRelayIsDisabled() {
		this.runner.withPropertyValues("outbox.relay.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(Outbox.class);
			assertThat(context).doesNotHaveBean(OutboxRelay.class);
			assertThat(context).doesNotHaveBean(OutboxRetention.class);
			assertThat(context).doesNotHaveBean(OutboxSchemaMigration.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnOutbox() {
		Outbox own = new Outbox(new SimpleDriverDataSource(), JsonMapper.builder().build(), 10);
		this.runner.withPropertyValues("outbox.relay.enabled=false")
			.withBean(Outbox.class, () -> own)
			.run((context) -> assertThat(context.getBean(Outbox.class)).isSameAs(own));
	}

	@Test
	void providesTheReplayAlsoWhereTheRelayIsDisabled() {
		this.runner.withPropertyValues("outbox.relay.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(OutboxReplay.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnReplay() {
		OutboxReplay own = new OutboxReplay(new SimpleDriverDataSource(), 1);
		this.runner.withPropertyValues("outbox.relay.enabled=false")
			.withBean(OutboxReplay.class, () -> own)
			.run((context) -> assertThat(context.getBean(OutboxReplay.class)).isSameAs(own));
	}

	@Test
	void failsToStartOnANonPositiveReplayLimit() {
		assertFailsToStart("outbox.replay.max-events=0", "outbox.replay.max-events must be at least 1");
	}

	@Test
	void registersNoJsonMapperThatWouldReplaceTheApplications() {
		this.runner.withPropertyValues("outbox.relay.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JsonMapper.class));
	}

	@Test
	void failsToStartOnAnInvalidSlotName() {
		assertFailsToStart("outbox.relay.slot-name=Bad-Slot", "outbox.relay.slot-name 'Bad-Slot'");
	}

	@Test
	void failsToStartOnANonPositiveDuration() {
		assertFailsToStart("outbox.relay.kafka.metadata-wait=0s", "outbox.relay.kafka.metadata-wait must be positive");
	}

	private void assertFailsToStart(String setting, String message) {
		this.runner.withPropertyValues("outbox.relay.enabled=false", setting)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(message));
	}

	@Test
	void needsNoDataSourceToStayOutOfTheWay() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OutboxAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Outbox.class));
	}

}
