package io.github.outbox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.outbox.local.MailRelayProcess;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestPostgres;

/**
 * mail-relay's executable jar as a child JVM, reading the sample's sign-ups from now on.
 * Like the benchmark's own JVM it compiles with C1 only, which on two cores reaches its
 * speed within seconds (docs/performance.md).
 */
final class MailRelays implements AutoCloseable {

	private final MailRelayProcess process;

	private MailRelays(MailRelayProcess process) {
		this.process = process;
	}

	static MailRelays start(String name, TestDatabase ledger, String bootstrapServers, int smtpPort, Path output)
			throws IOException {
		return start(name, ledger, bootstrapServers, smtpPort, output, 1);
	}

	/**
	 * mail-relay with {@code concurrency} listener threads
	 * ({@code spring.kafka.listener.concurrency}), each sending over a connection of its
	 * own.
	 */
	static MailRelays start(String name, TestDatabase ledger, String bootstrapServers, int smtpPort, Path output,
			int concurrency) throws IOException {
		String group = "bench-" + name;
		Map<String, Object> properties = Map.of("spring.kafka.listener.concurrency", concurrency,
				"spring.kafka.bootstrap-servers", bootstrapServers, "spring.datasource.url", ledger.jdbcUrl(),
				"spring.datasource.username", TestPostgres.APP_USER, "spring.datasource.password",
				TestPostgres.APP_PASSWORD, "spring.mail.host", "127.0.0.1", "spring.mail.port", smtpPort,
				"mail-relay.topics", SampleInstance.TOPIC_PREFIX + "User", "spring.kafka.consumer.group-id", group,
				"spring.kafka.consumer.auto-offset-reset", "latest");
		return new MailRelays(MailRelayProcess.start(properties, output.resolve(name + ".log"))
			.awaitConsuming(bootstrapServers, group));
	}

	/** CPU time mail-relay's JVM has used so far. */
	Duration cpuTime() {
		return this.process.cpuTime();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.close();
	}

}
