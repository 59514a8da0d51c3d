package io.github.outbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;

import io.github.outbox.sample.SampleMonolithApplication;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestKafka;

/**
 * The README's run command: starts PostgreSQL (db/postgres.sh), a Kafka broker in KRaft
 * mode and an SMTP server, then mail-relay in its own JVM and the sample monolith in this
 * one. Mail sent by mail-relay can be read at {@code /dev/mailbox}.
 */
public final class LocalSampleApplication {

	private static final Logger logger = LoggerFactory.getLogger(LocalSampleApplication.class);

	static final int SMTP_PORT = 3025;

	private LocalSampleApplication() {
	}

	public static void main(String[] args) throws Exception {
		Path root = projectRoot();
		run(root, List.of("bash", root.resolve("db/postgres.sh").toString(), "start"));

		TestKafka kafka = TestKafka.start();
		GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		LocalMailbox.use(smtp);
		MailRelayProcess mailRelay = MailRelayProcess
			.start(Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(), "spring.mail.host", "127.0.0.1",
					"spring.mail.port", SMTP_PORT, "spring.datasource.password",
					env("MAIL_RELAY_PASSWORD", "mail_relay"), "mail-relay.sms.log-only", true), mailRelayLog(root));
		logger.info("mail-relay started (pid {}), log in {}", mailRelay.pid(), mailRelay.log());
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				mailRelay.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			smtp.stop();
			kafka.close();
		}, "local-sample-shutdown"));

		String[] sampleArgs = Stream
			.concat(Stream.of(CommandLine.of(sampleProperties(kafka.bootstrapServers()))), Stream.of(args))
			.toArray(String[]::new);
		SpringApplication.from(SampleMonolithApplication::main)
			.with(LocalMailbox.class)
			.withAdditionalProfiles("dev")
			.run(sampleArgs);
		logger.info(
				"""

						Sample running:
						  sign up:      curl -i -H 'Content-Type: application/json' \\
						                  -d '{"email":"ada@example.com","name":"Ada Lovelace"}' http://localhost:8080/api/signups
						  read mail:    curl http://localhost:8080/dev/mailbox  (from this machine only)
						  confirm:      curl -i '<the link in the mail>'  (answers the account's userId)
						  place order:  curl -i -H 'Content-Type: application/json' \\
						                  -d '{"userId":"<userId>","lines":[{"sku":"BOOK-001","quantity":2}]}' http://localhost:8080/api/orders
						  Kafka:        {} (topics outbox.event.User, outbox.event.Order)
						  SMTP:         127.0.0.1:{}
						  mail-relay:   log in {}
						Stop with Ctrl-C.""",
				kafka.bootstrapServers(), SMTP_PORT, mailRelayLog(root));
	}

	/**
	 * The sample's settings in the local run: it listens on 127.0.0.1 only, as
	 * {@code /dev/mailbox} shows every confirmation link.
	 */
	static Map<String, Object> sampleProperties(String kafkaBootstrapServers) {
		return Map.of("outbox.relay.kafka.bootstrap-servers", kafkaBootstrapServers, "server.address", "127.0.0.1");
	}

	private static Path mailRelayLog(Path root) {
		return root.resolve("mail-relay/target/mail-relay.log");
	}

	/**
	 * The repository's root, from a module's directory (as Maven runs tests) or the root.
	 */
	public static Path projectRoot() {
		Path here = Path.of("").toAbsolutePath();
		return Files.exists(here.resolve("db/postgres.sh")) ? here : here.getParent();
	}

	private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
		if (!process.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed; see its output above");
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
