package io.github.outbox.autoconfigure;

import java.util.Arrays;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the outbox is on and its DataSource may be PostgreSQL. It answers no only when
 * it is sure: {@code outbox.enabled=false}, or a DataSource Spring Boot builds from
 * {@code spring.datasource.*} for another database (an H2 URL, or no URL and an embedded
 * database on the classpath). Whatever it cannot tell (the application's own DataSource,
 * connection details from containers) counts as PostgreSQL, where a wrong guess fails at
 * start-up rather than losing events.
 */
class OnPostgreSqlDataSourceCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final String BOOTS_DATASOURCES = "org.springframework.boot.jdbc.autoconfigure.";

	private final boolean expected;

	OnPostgreSqlDataSourceCondition() {
		this(true);
	}

	OnPostgreSqlDataSourceCondition(boolean expected) {
		this.expected = expected;
	}

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String other = otherDatabase(context.getEnvironment(), context.getBeanFactory(), context.getClassLoader());
		boolean postgreSql = other == null;
		String message = postgreSql ? "the outbox DataSource may be PostgreSQL" : "the outbox " + other;
		return (postgreSql == this.expected) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	/**
	 * Why the outbox does not use its DataSource, or {@code null} when it does.
	 */
	static @Nullable String otherDatabase(Environment environment, @Nullable ConfigurableListableBeanFactory beans,
			@Nullable ClassLoader classLoader) {
		if (!environment.getProperty("outbox.enabled", Boolean.class, true)) {
			return "is off (outbox.enabled=false)";
		}
		if (beans == null || !builtFromProperties(beans)) {
			return null;
		}
		String url = environment.getProperty("spring.datasource.url");
		if (url != null && !url.isBlank()) {
			DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(url);
			return switch (driver) {
				case POSTGRESQL, UNKNOWN, TESTCONTAINERS -> null;
				default -> "DataSource is " + driver.name() + ", not PostgreSQL";
			};
		}
		EmbeddedDatabaseConnection embedded = EmbeddedDatabaseConnection.get(classLoader);
		return (embedded != EmbeddedDatabaseConnection.NONE)
				? "DataSource is the embedded " + embedded.name() + ", not PostgreSQL" : null;
	}

	/**
	 * Whether Spring Boot builds the DataSource from {@code spring.datasource.*} alone,
	 * with no connection details of a container or Docker Compose.
	 */
	private static boolean builtFromProperties(ConfigurableListableBeanFactory beans) {
		String[] dataSources = beans.getBeanNamesForType(DataSource.class, true, false);
		if (dataSources.length != 1 || !beans.containsBeanDefinition(dataSources[0])) {
			return false;
		}
		BeanDefinition dataSource = beans.getBeanDefinition(dataSources[0]);
		String factory = dataSource.getFactoryBeanName();
		String factoryClass = (factory != null && beans.containsBeanDefinition(factory))
				? beans.getBeanDefinition(factory).getBeanClassName() : null;
		if (factoryClass == null || !factoryClass.startsWith(BOOTS_DATASOURCES)) {
			return false;
		}
		return Arrays.stream(beans.getBeanNamesForType(JdbcConnectionDetails.class, true, false))
			.map((name) -> beans.getType(name, false))
			.allMatch((type) -> type != null
					&& type.getName().equals(BOOTS_DATASOURCES + "PropertiesJdbcConnectionDetails"));
	}

	/** Matches where the outbox is off or its DataSource surely not PostgreSQL. */
	static class Absent extends OnPostgreSqlDataSourceCondition {

		Absent() {
			super(false);
		}

	}

}
