package io.github.outbox.sample.reliability;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.outbox.local.MailRelayProcess;
import io.github.outbox.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mail-relay is killed with SIGKILL while it mails, and started again: no user goes
 * without a mail. A mail can be sent twice only when the kill falls between the SMTP
 * server's acceptance and the ledger's commit, one record per listener thread and kill at
 * most, and the repeat carries the first one's Message-ID, so that mail systems can drop
 * it.
 */
class MailRelayCrashIntegrationTests {

	private static final int RATE = Integer.getInteger("reliability.rate", 15);

	private static final int KILLS = Integer.getInteger("reliability.kills", 3);

	@Test
	void killingMailRelayMidStreamMissesNoMailAndRepeatsOnlyTheInFlightOne() throws Exception {
		try (TestKafka kafka = TestKafka.start(); FaultScenario scenario = FaultScenario.on(kafka, "mailkill")) {
			kafka.createTopic(scenario.topic(), FaultScenario.MAIL_RELAY_THREADS);
			scenario.startSmtp();
			URI monolith = scenario.startMonolith(true);
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE)) {
				for (int kill = 0; kill < KILLS; kill++) {
					MailRelayProcess mailRelay = scenario.startMailRelay();
					int mailsBefore = scenario.mails().size();
					scenario.awaitMails(mailsBefore + RATE * 2);
					mailRelay.kill();
				}
				scenario.startMailRelay();
				load.awaitSent(RATE * 2L);
				SignupLoad.Answers answers = load.stop();

				DeliveryAudit audit = scenario.audit(true);
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("kills", KILLS);
				figures.put("signupsPerSecond", RATE);
				figures.putAll(audit.figures());
				ReliabilityFigures.record("mail-relay JVM killed mid-stream", figures);

				assertThat(answers.failed()).as("sign-ups refused").isZero();
				assertThat(audit.lost()).as("events lost on the way to Kafka").isZero();
				assertThat(audit.missingMails()).as("users without a mail").isZero();
				assertThat(audit.duplicateMails())
					.as("repeated mails: at most the one in flight per listener thread and kill")
					.isLessThanOrEqualTo(KILLS * FaultScenario.MAIL_RELAY_THREADS);
				assertThat(audit.duplicatesWithAnotherMessageId()).as("repeats with a Message-ID of their own")
					.isZero();
			}
		}
	}

}
