package io.github.outbox.sample.reliability;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.outbox.local.LocalSampleApplication;
import io.github.outbox.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL restarts under sign-ups: every session is cut, the relay's replication
 * connection and its leadership lock with them. Sign-ups fail while it is down (they
 * commit nothing then); the relay and mail-relay reconnect on their own, and every event
 * committed before or after reaches Kafka and the mailbox. A mail in flight when the
 * ledger's commit is cut may go out a second time, with the same Message-ID.
 */
class PostgresRestartIntegrationTests {

	private static final int RATE = Integer.getInteger("reliability.rate", 15);

	@Test
	void theRelayAndMailRelayReconnectAfterARestartAndNothingIsLost() throws Exception {
		try (TestKafka kafka = TestKafka.start(); FaultScenario scenario = FaultScenario.on(kafka, "pgrestart")) {
			kafka.createTopic(scenario.topic(), FaultScenario.MAIL_RELAY_THREADS);
			scenario.startSmtp();
			scenario.startMailRelay();
			URI monolith = scenario.startMonolith(true);
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE)) {
				scenario.awaitMails(RATE * 2);
				long restartStart = SignupLoad.now();
				restartPostgres();
				long restartEnd = SignupLoad.now();
				scenario.awaitCommitted(RATE * 5L);
				SignupLoad.Answers answers = load.stop();
				DeliveryAudit audit = scenario.audit(true);

				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("signupsPerSecond", RATE);
				figures.put("restartMillis", Duration.ofNanos(restartEnd - restartStart).toMillis());
				figures.put("signupsRefused", answers.failed());
				figures.putAll(audit.figures());
				ReliabilityFigures.record("PostgreSQL restarted", figures);

				assertThat(audit.committed()).as("committed events").isGreaterThanOrEqualTo(answers.created());
				assertThat(audit.lost()).as("events lost").isZero();
				assertThat(audit.missingMails()).as("users without a mail").isZero();
				// A restart between the SMTP server's acceptance and the ledger's
				// commit is the one window in which a mail goes out twice, with the
				// same Message-ID: one mail in flight per listener thread.
				assertThat(audit.duplicateMails()).as("repeated mails: at most the ones in flight")
					.isLessThanOrEqualTo(FaultScenario.MAIL_RELAY_THREADS);
				assertThat(audit.duplicatesWithAnotherMessageId()).as("repeats with a Message-ID of their own")
					.isZero();
			}
		}
	}

	private static void restartPostgres() throws Exception {
		Path root = LocalSampleApplication.projectRoot();
		Process restart = new ProcessBuilder(
				List.of("bash", root.resolve("db/postgres.sh").toAbsolutePath().toString(), "restart"))
			.directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target", "reliability", "postgres-restart.log").toFile())
			.start();
		assertThat(restart.waitFor(2, TimeUnit.MINUTES)).as("db/postgres.sh restart finished").isTrue();
		assertThat(restart.exitValue()).as("db/postgres.sh restart's exit status").isZero();
	}

}
