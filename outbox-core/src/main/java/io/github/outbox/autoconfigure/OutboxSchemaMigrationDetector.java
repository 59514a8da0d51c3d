package io.github.outbox.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Makes the outbox's schema migration a database initializer: beans that depend on an
 * initialized database (the application's JPA and JDBC beans, the outbox's own) wait for
 * its tables. It runs after the application's own initializers (Flyway, Liquibase, SQL
 * scripts): a Flyway of the application's refuses a schema that already holds tables but
 * no history of its own.
 */
class OutboxSchemaMigrationDetector extends AbstractBeansOfTypeDatabaseInitializerDetector implements Ordered {

	@Override
	public int getOrder() {
		// after SQL scripts (LOWEST_PRECEDENCE - 100) and Flyway and Liquibase (1)
		return Ordered.LOWEST_PRECEDENCE - 50;
	}

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(OutboxSchemaMigration.class);
	}

}
