package io.github.outbox.observability;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.outbox.autoconfigure.OutboxAutoConfiguration;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.replay.OutboxReplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class OutboxEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OutboxAutoConfiguration.class, OutboxObservabilityAutoConfiguration.class))
		.withBean(DataSource.class, SimpleDriverDataSource::new)
		.withBean(OutboxRelay.class, () -> mock(OutboxRelay.class))
		.withPropertyValues("outbox.schema.migrate=false", "outbox.relay.enabled=false");

	@Test
	void providesNoEndpointUnlessTheApplicationExposesIt() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(OutboxReplay.class);
			assertThat(context).doesNotHaveBean(OutboxEndpoint.class);
		});
	}

	@Test
	void providesTheEndpointWhenExposedOverTheWeb() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,outbox").run((context) -> {
			assertThat(context).hasSingleBean(OutboxEndpoint.class);
			assertThat(context).hasSingleBean(OutboxWebEndpointExtension.class);
		});
	}

	@Test
	void providesNoWebExtensionWhenExposedOverJmxOnly() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=outbox")
			.run((context) -> {
				assertThat(context).hasSingleBean(OutboxEndpoint.class);
				assertThat(context).doesNotHaveBean(OutboxWebEndpointExtension.class);
			});
	}

	@Test
	void providesNoEndpointWhenItsAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=outbox",
					"management.endpoint.outbox.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(OutboxEndpoint.class));
	}

	@Test
	void providesNoEndpointWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=outbox")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(OutboxEndpoint.class);
			});
	}

	@Test
	void providesNoEndpointWithoutARelay() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(OutboxAutoConfiguration.class, OutboxObservabilityAutoConfiguration.class))
			.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("outbox.schema.migrate=false", "outbox.relay.enabled=false",
					"management.endpoints.web.exposure.include=outbox")
			.run((context) -> {
				assertThat(context).hasSingleBean(OutboxReplay.class);
				assertThat(context).doesNotHaveBean(OutboxEndpoint.class);
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnEndpoint() {
		OutboxEndpoint own = new OutboxEndpoint(mock(OutboxRelay.class), mock(OutboxReplay.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=outbox")
			.withBean(OutboxEndpoint.class, () -> own)
			.run((context) -> assertThat(context.getBean(OutboxEndpoint.class)).isSameAs(own));
	}

}
