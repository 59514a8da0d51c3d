package io.github.outbox.sample.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.outbox.local.ChildJvm;
import io.github.outbox.local.MailRelayProcess;
import io.github.outbox.sample.SampleMonolithApplication;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

/**
 * The whole system for one fault test, on real parts: the sample monolith (in this JVM,
 * or as child JVMs that run the relay and can be killed), its own database, a Kafka
 * cluster, mail-relay as a child JVM with its own ledger database, and an SMTP server
 * that can be stopped and started again on the same port. Each scenario has topics and
 * databases of its own.
 */
final class FaultScenario implements AutoCloseable {

	/**
	 * mail-relay's listener threads (its default concurrency), one per partition of a
	 * scenario's topic: a crash or restart may repeat one mail per thread.
	 */
	static final int MAIL_RELAY_THREADS = 3;

	private final String name;

	private final TestKafka kafka;

	private final TestDatabase monolithDatabase;

	private final TestDatabase mailRelayDatabase;

	private final JdbcClient monolithJdbc;

	private final int smtpPort = freePort();

	private final List<MimeMessage> mailsOfStoppedServers = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private GreenMail smtp;

	private MailRelayProcess mailRelay;

	private int monolithJvms;

	private FaultScenario(String name, TestKafka kafka) {
		this.name = name;
		this.kafka = kafka;
		deleteLogsOfEarlierRuns(name);
		this.monolithDatabase = TestPostgres.createDatabase(name);
		this.mailRelayDatabase = TestPostgres.createDatabase(name + "_mail");
		DataSource dataSource = new DriverManagerDataSource(this.monolithDatabase.jdbcUrl(), TestPostgres.APP_USER,
				TestPostgres.APP_PASSWORD);
		this.monolithJdbc = JdbcClient.create(dataSource);
	}

	/** A scenario named {@code name} (lower-case letters) on the given Kafka cluster. */
	static FaultScenario on(TestKafka kafka, String name) {
		return new FaultScenario(name, kafka);
	}

	String name() {
		return this.name;
	}

	TestKafka kafka() {
		return this.kafka;
	}

	/** The topic the sample's UserRegistered events go to in this scenario. */
	String topic() {
		return this.name + ".outbox.event.User";
	}

	/** The relay's replication slot in this scenario. */
	String slotName() {
		return this.monolithDatabase.slotName();
	}

	/** The consumer group of this scenario's mail-relay. */
	String mailRelayGroup() {
		return this.name + "-mail-relay";
	}

	/** Mail domain of this scenario's sign-ups. */
	String mailDomain() {
		return this.name + ".example.com";
	}

	/**
	 * Starts the sample monolith in this JVM and returns its base URL; with {@code relay}
	 * false it only writes events, and a relay runs elsewhere.
	 */
	URI startMonolith(boolean relay) {
		Map<String, Object> properties = monolithProperties();
		properties.put("outbox.relay.enabled", relay);
		ConfigurableApplicationContext monolith = new SpringApplicationBuilder(SampleMonolithApplication.class)
			.run(CommandLine.of(properties));
		this.resources.add(monolith);
		return URI.create("http://localhost:" + monolith.getEnvironment().getProperty("local.server.port"));
	}

	/** Starts the sample monolith, relay on, as a child JVM that can be killed. */
	ChildJvm startMonolithJvm() throws IOException {
		return startMonolithJvm(Map.of());
	}

	/** Starts the sample monolith as a child JVM, with further settings. */
	ChildJvm startMonolithJvm(Map<String, ?> settings) throws IOException {
		this.monolithJvms++;
		Map<String, Object> properties = monolithProperties();
		properties.putAll(settings);
		ChildJvm jvm = ChildJvm.start("sample-monolith", "384m", properties,
				Path.of("target", "reliability", this.name + "-monolith-" + this.monolithJvms + ".log"));
		this.resources.add(jvm);
		return jvm;
	}

	private Map<String, Object> monolithProperties() {
		Map<String, Object> properties = new HashMap<>(this.monolithDatabase.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		properties.put("outbox.relay.topic-prefix", this.name + ".outbox.event.");
		properties.put("server.port", "0");
		properties.put("logging.level.io.github.outbox", "info");
		// the audit waits for the relay to confirm the WAL written before it: a heartbeat
		// a second confirms it soon after the last event
		properties.put("outbox.relay.heartbeat-interval", "1s");
		return properties;
	}

	/** The process id of the instance that leads the relay, if one does. */
	Optional<Long> relayLeaderPid() {
		return this.monolithJdbc.sql("""
				select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
				where l.locktype = 'advisory' and l.granted
				  and l.database = (select oid from pg_database where datname = current_database())
				  and a.application_name like 'outbox-relay %'
				""")
			.query(String.class)
			.optional()
			.map((applicationName) -> Long.valueOf(applicationName.replaceFirst("^outbox-relay (\\d+)@.*$", "$1")));
	}

	/** Waits until the given child JVM leads the relay. */
	void awaitLeading(ChildJvm jvm) {
		Awaitility.await("pid " + jvm.pid() + " leading the relay (log: " + jvm.log() + ")")
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(100))
			.failFast("the monolith exited; see " + jvm.log(), () -> !jvm.isAlive())
			.until(() -> relayLeaderPid().filter((pid) -> pid == jvm.pid()).isPresent());
	}

	/**
	 * Waits until the relay's slot has confirmed all the WAL written so far: everything
	 * committed before has been published, the initial snapshot included.
	 */
	void awaitRelayCaughtUp() {
		this.monolithDatabase.awaitRelayConfirmsWalWrittenSoFar();
	}

	/** The database's clock, to compare with the outbox's {@code created_at}. */
	Instant databaseNow() {
		return this.monolithJdbc.sql("select now()").query(Instant.class).single();
	}

	/** The id of the first event committed after {@code instant}, once there is one. */
	String firstEventAfter(Instant instant) {
		return Awaitility.await("an event committed after " + instant)
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.monolithJdbc
				.sql("select id::text from outbox_event where created_at > ? order by created_at limit 1")
				.param(Timestamp.from(instant))
				.query(String.class)
				.optional(), Optional::isPresent)
			.get();
	}

	/** Events committed in the outbox so far. */
	long committed() {
		return this.monolithJdbc.sql("select count(*) from outbox_event").query(Long.class).single();
	}

	/** Waits until {@code more} further events have been committed. */
	void awaitCommitted(long more) {
		long target = committed() + more;
		Awaitility.await(more + " more committed events")
			.atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> committed() >= target);
	}

	/**
	 * Starts the SMTP server, on the scenario's port, or again after {@link #stopSmtp()}.
	 */
	void startSmtp() {
		this.smtp = new GreenMail(new ServerSetup(this.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.smtp.start();
	}

	/** Stops the SMTP server: connections are refused until it starts again. */
	void stopSmtp() {
		this.mailsOfStoppedServers.addAll(Arrays.asList(this.smtp.getReceivedMessages()));
		this.smtp.stop();
		this.smtp = null;
	}

	/** Every mail the SMTP server has accepted in this scenario, across restarts. */
	List<MimeMessage> mails() {
		List<MimeMessage> mails = new ArrayList<>(this.mailsOfStoppedServers);
		if (this.smtp != null) {
			mails.addAll(Arrays.asList(this.smtp.getReceivedMessages()));
		}
		return mails;
	}

	/** Waits until the SMTP server has accepted {@code count} mails in all. */
	void awaitMails(int count) {
		Awaitility.await(count + " mails accepted")
			.atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> mails().size() >= count);
	}

	/** Starts mail-relay as a child JVM and waits until it consumes the topic. */
	MailRelayProcess startMailRelay() throws IOException {
		this.mailRelay = MailRelayProcess.start(
				Map.of("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers(), "spring.datasource.url",
						this.mailRelayDatabase.jdbcUrl(), "spring.datasource.username", TestPostgres.APP_USER,
						"spring.datasource.password", TestPostgres.APP_PASSWORD, "spring.mail.host", "127.0.0.1",
						"spring.mail.port", this.smtpPort, "mail-relay.topics", topic(),
						"spring.kafka.consumer.group-id", mailRelayGroup()),
				Path.of("target", "reliability", this.name + "-mail-relay.log"));
		this.resources.add(this.mailRelay);
		return this.mailRelay.awaitConsuming(this.kafka.bootstrapServers(), mailRelayGroup());
	}

	/** Checks every committed event against Kafka and, with {@code mail}, the mailbox. */
	DeliveryAudit audit(boolean mail) {
		return DeliveryAudit.of(this, this.monolithJdbc, mail);
	}

	@Override
	public void close() throws Exception {
		List<AutoCloseable> reversed = new ArrayList<>(this.resources);
		Collections.reverse(reversed);
		for (AutoCloseable resource : reversed) {
			resource.close();
		}
		if (this.smtp != null) {
			this.smtp.stop();
		}
		this.monolithDatabase.close();
		this.mailRelayDatabase.close();
	}

	/**
	 * The child JVMs append to their logs, so that a restarted one keeps what it wrote
	 * before; what an earlier run of the same scenario wrote must not be read as this
	 * run's.
	 */
	private static void deleteLogsOfEarlierRuns(String name) {
		Path directory = Path.of("target", "reliability");
		if (!Files.isDirectory(directory)) {
			return;
		}
		try (var logs = Files.newDirectoryStream(directory, name + "-*.log")) {
			for (Path log : logs) {
				Files.delete(log);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot delete the logs of an earlier run in " + directory, ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
