package io.github.outbox.sample.reliability;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.outbox.local.ChildJvm;
import io.github.outbox.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM that runs the relay is killed with SIGKILL while sign-ups stream at a steady
 * rate, and started again, several times: no committed event is lost on the way to Kafka,
 * a kill repeats at most the batch in flight (offsets are stored after every batch Kafka
 * acknowledged), and every user gets exactly one mail. A restarted relay first publishes
 * what piled up while it was down, in batches of up to {@code max-batch-size}: a kill in
 * that catch-up repeats one whole batch, so the batch size is small here, to tell one
 * batch from more. The first relay is killed only once its initial snapshot is done: a
 * kill during the snapshot repeats the whole snapshot, which is a bound of its own.
 */
class RelayCrashIntegrationTests {

	private static final int RATE = Integer.getInteger("reliability.rate", 15);

	private static final int KILLS = Integer.getInteger("reliability.kills", 3);

	private static final int MAX_BATCH = 20;

	private static final Map<String, Object> RELAY = Map.of("outbox.relay.max-batch-size", MAX_BATCH);

	@Test
	void killingTheRelayMidStreamLosesNothingAndSendsNoSecondMail() throws Exception {
		try (TestKafka kafka = TestKafka.start(); FaultScenario scenario = FaultScenario.on(kafka, "relaykill")) {
			kafka.createTopic(scenario.topic(), 3);
			scenario.startSmtp();
			scenario.startMailRelay();
			// Sign-ups go to an instance that only writes; the relay runs in the JVM that
			// is killed.
			URI monolith = scenario.startMonolith(false);
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE)) {
				for (int kill = 0; kill < KILLS; kill++) {
					ChildJvm relay = scenario.startMonolithJvm(RELAY);
					scenario.awaitLeading(relay);
					if (kill == 0) {
						// The first relay ever snapshots the table's rows; a kill before
						// the snapshot is done repeats all of it (docs/design.md). The
						// kills here are of a streaming relay.
						scenario.awaitRelayCaughtUp();
					}
					scenario.awaitCommitted(RATE * 3L);
					relay.kill();
				}
				ChildJvm relay = scenario.startMonolithJvm(RELAY);
				scenario.awaitLeading(relay);
				scenario.awaitCommitted(RATE * 2L);
				SignupLoad.Answers answers = load.stop();

				DeliveryAudit audit = scenario.audit(true);
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("kills", KILLS);
				figures.put("signupsPerSecond", RATE);
				figures.put("maxBatchSize", MAX_BATCH);
				figures.putAll(audit.figures());
				ReliabilityFigures.record("relay JVM killed mid-stream", figures);

				assertThat(answers.failed()).as("sign-ups refused").isZero();
				assertThat(audit.committed()).isEqualTo(answers.created());
				assertThat(audit.lost()).as("events lost on the way to Kafka").isZero();
				assertThat(audit.kafkaDuplicates()).as("repeats: at most the batch in flight per kill")
					.isLessThanOrEqualTo((long) KILLS * MAX_BATCH);
				assertThat(audit.missingMails()).as("users without a mail").isZero();
				assertThat(audit.duplicateMails()).as("second mails").isZero();
			}
		}
	}

}
