package io.github.outbox.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.awaitility.Awaitility;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.outbox.sample.SampleMonolithApplication;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;

/**
 * The sample monolith in this JVM, on a database of its own, optionally with a variant.
 */
final class SampleInstance implements AutoCloseable {

	static final String TOPIC_PREFIX = "bench.outbox.event.";

	/** Spring Modulith is on the benchmark's classpath for the peer only. */
	static final String MODULITH_AUTO_CONFIGURATIONS = String.join(",",
			"org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
			"org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
			"org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
			"org.springframework.modulith.events.kafka.KafkaEventExternalizerConfiguration",
			"org.springframework.modulith.events.kafka.KafkaJackson2Configuration",
			"org.springframework.modulith.events.kafka.KafkaJacksonConfiguration");

	private final ConfigurableApplicationContext context;

	private SampleInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static SampleInstance start(TestDatabase database, String bootstrapServers, boolean relay,
			Map<String, Object> extra, Class<?>... variant) {
		Map<String, Object> properties = new LinkedHashMap<>(database.properties());
		properties.put("outbox.relay.enabled", relay);
		properties.put("outbox.relay.kafka.bootstrap-servers", bootstrapServers);
		properties.put("outbox.relay.topic-prefix", TOPIC_PREFIX);
		properties.put("server.port", 0);
		properties.put("server.shutdown", "immediate");
		properties.put("spring.autoconfigure.exclude", MODULITH_AUTO_CONFIGURATIONS);
		properties.put("logging.level.root", "warn");
		properties.put("logging.level.io.github.outbox.bench", "info");
		properties.putAll(extra);
		Class<?>[] sources = new Class<?>[variant.length + 1];
		sources[0] = SampleMonolithApplication.class;
		System.arraycopy(variant, 0, sources, 1, variant.length);
		return new SampleInstance(new SpringApplicationBuilder(sources).run(CommandLine.of(properties)));
	}

	URI baseUrl() {
		return URI.create("http://localhost:" + this.context.getEnvironment().getProperty("local.server.port"));
	}

	/**
	 * Waits until no request is being handled or waits for a thread, held for a second:
	 * requests left over from a load that outran the application (its clients gave up, it
	 * did not) would otherwise be handled during the next measurement, in this JVM.
	 */
	void awaitNoRequestInProgress(Duration atMost) {
		Awaitility.await("no request in progress at " + baseUrl())
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(100))
			.during(Duration.ofSeconds(1))
			.until(() -> requestsInProgress() == 0);
	}

	private int requestsInProgress() {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) this.context).getWebServer();
		Executor executor = server.getTomcat().getConnector().getProtocolHandler().getExecutor();
		if (executor instanceof ThreadPoolExecutor pool) {
			return pool.getActiveCount() + pool.getQueue().size();
		}
		throw new IllegalStateException("Tomcat's executor is a " + executor.getClass().getName()
				+ ", not a thread pool whose requests in progress can be counted");
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
