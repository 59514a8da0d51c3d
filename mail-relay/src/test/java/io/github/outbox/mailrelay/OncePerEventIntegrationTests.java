package io.github.outbox.mailrelay;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.transaction.support.TransactionTemplate;

import static io.github.outbox.mailrelay.MailRelayTestServices.PATIENCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One mail per event id however often the event arrives: a repeat is skipped once the
 * first mail is out, and a repeat that arrives while the first delivery's transaction is
 * open waits for its end.
 */
class OncePerEventIntegrationTests extends AbstractMailRelayIntegrationTests {

	@Autowired
	private EventLedger ledger;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void sendsNoSecondMailWhenTheSameEventIsDeliveredAgain(CapturedOutput output) throws Exception {
		String userId = UUID.randomUUID().toString();
		UUID eventId = UUID.randomUUID();
		String payload = confirmationPayload("grace-" + eventId + "@example.com", "Grace Hopper",
				"https://example.com/confirm?token=" + eventId, "2026-11-26T11:00:00Z");

		// twice in a row, then again once the first mail has landed
		produce(userId, eventId, "UserRegistered", payload);
		produce(userId, eventId, "UserRegistered", payload);
		awaitMarkerMail(userId);
		assertThat(services.mailsWithId(eventId)).hasSize(1);
		produce(userId, eventId, "UserRegistered", payload);
		awaitMarkerMail(userId);
		awaitNoLag();

		assertThat(services.mailsWithId(eventId)).hasSize(1);
		assertThat(ledgerRows(eventId)).isEqualTo(1);
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains(eventId + " (") && line.contains("already sent"))).hasSize(2);
	}

	@Test
	void makesAConcurrentDuplicateWaitForTheFirstDeliveryAndThenSkip() throws Exception {
		assertThat(claimConcurrently(true)).containsExactly(true, false);
	}

	@Test
	void letsAConcurrentDuplicateSendWhenTheFirstDeliveryFails() throws Exception {
		assertThat(claimConcurrently(false)).containsExactly(true, true);
	}

	/**
	 * Claims one event in two transactions at once: the second claim starts while the
	 * first transaction is open, and must wait on the event id's key until the first
	 * commits or rolls back.
	 * @return whether each claim won
	 */
	private List<Boolean> claimConcurrently(boolean firstCommits) throws Exception {
		ReceivedEvent event = new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1", "{}".getBytes(UTF_8),
				"test");
		CountDownLatch firstClaimed = new CountDownLatch(1);
		CountDownLatch firstMayEnd = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<Boolean> first = threads.submit(() -> this.transactions.execute((status) -> {
				boolean won = this.ledger.claim(MailDelivery.LEDGER, event,
						Map.of("recipient", "ada@example.com", "message_id", "<first>"));
				firstClaimed.countDown();
				awaitLatch(firstMayEnd);
				if (!firstCommits) {
					status.setRollbackOnly();
				}
				return won;
			}));
			assertThat(firstClaimed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Future<Boolean> second = threads.submit(() -> this.transactions.execute((status) -> this.ledger
				.claim(MailDelivery.LEDGER, event, Map.of("recipient", "ada@example.com", "message_id", "<second>"))));
			await().atMost(PATIENCE).until(this::sessionsWaitingForALock, (waiting) -> waiting > 0);
			assertThat(second).isNotDone();
			firstMayEnd.countDown();
			return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
		}
		finally {
			firstMayEnd.countDown();
			threads.shutdownNow();
		}
	}

	private int sessionsWaitingForALock() {
		return this.jdbc.sql("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'""").query(Integer.class).single();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
