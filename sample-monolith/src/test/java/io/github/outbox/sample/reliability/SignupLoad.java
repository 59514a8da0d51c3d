package io.github.outbox.sample.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

/**
 * Sign-ups at a steady rate over HTTP, each with an address of its own, recording every
 * answer and how long it took. Requests go out on schedule whatever the earlier ones are
 * doing, as users' would.
 */
final class SignupLoad implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final AtomicLong sent = new AtomicLong();

	private final URI signups;

	private final String domain;

	private SignupLoad(URI baseUrl, String domain) {
		this.signups = baseUrl.resolve("/api/signups");
		this.domain = domain;
	}

	/**
	 * Starts sending {@code perSecond} sign-ups a second to the application at
	 * {@code baseUrl}.
	 */
	static SignupLoad start(URI baseUrl, String domain, int perSecond) {
		SignupLoad load = new SignupLoad(baseUrl, domain);
		load.ticks.scheduleAtFixedRate(load::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
		return load;
	}

	private void send() {
		long n = this.sent.incrementAndGet();
		String body = "{\"email\":\"user-" + n + "@" + this.domain + "\",\"name\":\"User " + n + "\"}";
		HttpRequest request = HttpRequest.newBuilder(this.signups)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		long start = System.nanoTime();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, failure) -> this.answers
				.add(new Answer(start, System.nanoTime() - start, (response != null) ? response.statusCode() : 0)));
	}

	/** Sign-ups sent so far. */
	long sent() {
		return this.sent.get();
	}

	/** Waits until {@code more} further sign-ups have been sent. */
	void awaitSent(long more) {
		long target = this.sent.get() + more;
		Awaitility.await("sending " + more + " more sign-ups")
			.atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.sent.get() >= target);
	}

	/** A point in time on the load's clock, to select the answers since. */
	static long now() {
		return System.nanoTime();
	}

	/** Answers to the requests sent between two points in time. */
	Answers between(long from, long to) {
		List<Answer> selected = new ArrayList<>();
		for (Answer answer : this.answers) {
			if (answer.sentAt() >= from && answer.sentAt() < to) {
				selected.add(answer);
			}
		}
		return new Answers(selected);
	}

	/** Stops sending and waits for the answers to the requests in flight. */
	Answers stop() {
		this.ticks.shutdownNow();
		long sent = this.sent.get();
		Awaitility.await("answers to all " + sent + " sign-ups")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.answers.size() >= sent);
		return new Answers(List.copyOf(this.answers));
	}

	@Override
	public void close() {
		this.ticks.shutdownNow();
	}

	record Answer(long sentAt, long nanos, int status) {
	}

	/** A set of answers: how many succeeded, and latency percentiles of those. */
	record Answers(List<Answer> all) {

		long count() {
			return this.all.size();
		}

		long created() {
			return this.all.stream().filter((answer) -> answer.status() == 201).count();
		}

		long failed() {
			return count() - created();
		}

		/** Latency at a percentile of the successful sign-ups, in milliseconds. */
		double percentileMillis(double percentile) {
			List<Answer> ok = this.all.stream()
				.filter((answer) -> answer.status() == 201)
				.sorted(Comparator.comparingLong(Answer::nanos))
				.toList();
			if (ok.isEmpty()) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100.0 * ok.size()) - 1;
			return ok.get(Math.max(0, index)).nanos() / 1_000_000.0;
		}

	}

}
