package io.github.outbox.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Sign-up requests to one application, each with an address of its own. */
final class SignupRequests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI signups;

	private final String domain;

	private final AtomicLong numbers = new AtomicLong();

	SignupRequests(URI baseUrl, String domain) {
		this.signups = baseUrl.resolve("/api/signups");
		this.domain = domain;
	}

	/** The address of the next sign-up. */
	String nextEmail() {
		return "user-" + this.numbers.incrementAndGet() + "@" + this.domain;
	}

	HttpRequest request(String email) {
		return HttpRequest.newBuilder(this.signups)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"name\":\"Bench User\"}"))
			.build();
	}

	/** Sends and waits; the status code, or 0 when no answer came. */
	int send(String email) {
		try {
			return this.http.send(request(email), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	/**
	 * Sends without waiting; completes with the status code, or 0 when no answer came.
	 */
	CompletableFuture<Integer> sendAsync(String email) {
		return this.http.sendAsync(request(email), HttpResponse.BodyHandlers.discarding())
			.thenApply(HttpResponse::statusCode)
			.exceptionally((failure) -> 0);
	}

}
