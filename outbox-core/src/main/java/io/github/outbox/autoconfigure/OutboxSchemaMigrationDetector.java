package io.github.outbox.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Makes the outbox's schema migration a database initializer: beans that depend on an
 * initialized database (the application's JPA and JDBC beans, the outbox's own) wait for
 * its tables.
 */
class OutboxSchemaMigrationDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(OutboxSchemaMigration.class);
	}

}
