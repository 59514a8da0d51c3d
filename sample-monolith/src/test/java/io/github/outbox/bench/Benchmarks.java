package io.github.outbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.autoconfigure.OutboxProperties;
import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.RelayStatistics;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

/**
 * The benchmark: every figure of docs/performance.md, measured in one run; each JVM is
 * warmed up until its rate settles before it is measured. Needs PostgreSQL from
 * db/postgres.sh, mail-relay's executable jar (./mvnw install -DskipTests) and, for the
 * mail figures, Postfix's smtp-sink. Prints a table and writes results.json and
 * results.png under {@code bench.output} (target/benchmarks).
 */
public final class Benchmarks {

	private static final Logger logger = LoggerFactory.getLogger(Benchmarks.class);

	private final BenchSettings settings;

	private final Report report = new Report();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private TestKafka kafka;

	/** Item 5's SMTP server and mail-relay, closed at the end of the run. */
	private @Nullable SmtpSink sink;

	private @Nullable MailRelays mailRelay;

	private Benchmarks(BenchSettings settings) {
		this.settings = settings;
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Benchmarks benchmarks = new Benchmarks(BenchSettings.from(args));
		try {
			benchmarks.run();
		}
		finally {
			benchmarks.close();
		}
		System.exit(0);
	}

	private void run() throws Exception {
		long started = System.nanoTime();
		logger.info("JIT: {}", Jit.describe());
		this.kafka = TestKafka.start();
		this.resources.add(this.kafka);
		createTopics();

		// items 1 and 6 start and close their own samples, one at a time,
		// before the sample of items 2 to 5 starts (two relays in one JVM clash
		// on Debezium's MBeans)
		section(1, "write path", this::writePath);
		section(6, "idle relay CPU by poll interval", this::idleCpu);
		section(7, "event row by table layout", this::eventRowLayouts);
		if (this.settings.only().stream().anyMatch((item) -> item >= 2 && item <= 5)) {
			TestDatabase outboxDatabase = database("bench_outbox");
			SampleInstance outbox = own(
					SampleInstance.start(outboxDatabase, this.kafka.bootstrapServers(), true, this.settings.outbox()));
			awaitLeading(outbox);
			awaitRelayCaughtUp(outbox, "probe.example.com");
			section(2, "commit to Kafka", () -> commitToKafka(outbox));
			section(3, "catch-up", () -> catchUp(outbox, outboxDatabase));
			if (SmtpSink.installed()) {
				section(4, "mail", () -> mail(outbox));
				section(5, "slow or down SMTP", () -> smtpTrouble(outbox));
			}
			else if (this.settings.runs(4) || this.settings.runs(5)) {
				logger.warn("{} is missing (apt-get install postfix): mail figures skipped", SmtpSink.COMMAND);
			}
		}

		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		out.printf("%nBenchmark results (%d cores, JIT %s, run took %d s)%n",
				Runtime.getRuntime().availableProcessors(), Jit.describe(),
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		this.report.print(out);
		this.report.writeJson(this.settings.output().resolve("results.json"), this.settings);
		Files.writeString(this.settings.output().resolve("results.md"), this.report.markdown());
		this.report.writeChart(this.settings.output().resolve("results.png"));
		out.printf("%nWritten: %s (results.json, results.md, results.png)%n", this.settings.output().toAbsolutePath());
	}

	// 1. Sign-ups over HTTP, relay live, against the same app with the outbox write off.
	// One sample at a time: each is started, warmed up, measured and closed before the
	// next starts, so no relay streams during another variant's window.
	private void writePath() throws Exception {
		List<WritePathVariant> variants = List.of(
				new WritePathVariant("outbox, relay live", database("bench_relaylive"), true, new Class<?>[0]),
				new WritePathVariant("outbox write off (no event)", database("bench_nooutbox"), false,
						new Class<?>[] { OutboxVariants.WithoutOutbox.class }),
				new WritePathVariant("outbox written, relay not running", database("bench_writeonly"), false,
						new Class<?>[0]));
		Map<String, List<ClosedLoad.Result>> results = new LinkedHashMap<>();
		Duration half = this.settings.measure().dividedBy(2);
		// two rounds in turn, so that a noisy moment does not fall on one side only
		for (int round = 1; round <= 2; round++) {
			for (WritePathVariant variant : variants) {
				try (SampleInstance sample = SampleInstance.start(variant.database(), this.kafka.bootstrapServers(),
						variant.relay(), variant.relay() ? this.settings.outbox() : Map.of(), variant.sources())) {
					if (variant.relay()) {
						// streaming, not still starting or taking its snapshot
						awaitLeading(sample);
						awaitRelayCaughtUp(sample, "r" + round + ".probe.example.com");
					}
					SignupRequests requests = new SignupRequests(sample.baseUrl(), "r" + round + ".write.example.com");
					Warmup.Result warmup = Warmup.until(variant.subject(), this.settings.warmupTolerance(), 0,
							this.settings.warmupMaxWindows(), Warmup.JitClock.THIS_JVM,
							() -> ClosedLoad.run(requests, this.settings.clients(), this.settings.warmup())
								.perSecond());
					add(warmup.figure(1, variant.subject() + ", round " + round, this.settings.warmupTolerance()));
					MachineCpu machine = MachineCpu.now();
					long walsender = variant.relay() ? walsenderPid(sample, variant.database()) : 0;
					Duration walsenderBefore = variant.relay() ? ProcessCpu.of(walsender) : Duration.ZERO;
					ClosedLoad.Result window = ClosedLoad.run(requests, this.settings.clients(), half);
					double busy = machine.busyPercentSince();
					results.computeIfAbsent(variant.subject(), (key) -> new ArrayList<>()).add(window);
					// the machine's CPU per sign-up: what each variant costs, all
					// processes
					// counted, whether or not the cores were saturated
					add(Figure.of(1, variant.subject() + ", round " + round, "machine busy", busy, "%"));
					add(Figure.of(1, variant.subject() + ", round " + round, "machine CPU per sign-up",
							cpuPerEventMicros(busy, window.perSecond()), "µs"));
					if (variant.relay()) {
						double walsenderMicros = ProcessCpu.of(walsender).minus(walsenderBefore).toNanos() / 1e3
								/ (window.perSecond() * half.toNanos() / 1e9);
						add(Figure.of(1, variant.subject() + ", round " + round, "PostgreSQL walsender CPU per sign-up",
								walsenderMicros, "µs"));
						add(Figure.of(1, variant.subject() + ", round " + round, "relay behind at window end",
								walBehindRelay(sample, variant.database()) / 1024.0, "kB of WAL"));
						// closed once caught up: nothing left for the next round's window
						awaitRelayCaughtUp(sample, "r" + round + ".end.probe.example.com");
					}
				}
			}
		}
		Map<String, Double> rates = new LinkedHashMap<>();
		results.forEach((subject, rounds) -> {
			double rate = rounds.stream().mapToDouble(ClosedLoad.Result::perSecond).average().orElse(Double.NaN);
			rates.put(subject, rate);
			writePathFigures(subject, rounds, rate);
		});
		double withoutRate = rates.get(variants.get(1).subject());
		double ratio = 100 * rates.get(variants.get(0).subject()) / withoutRate;
		add(Figure.of(1, "outbox, relay live vs write off", "throughput ratio", ratio, "%")
			.against("≥ 90 %", ratio >= 90));
		add(Figure.of(1, "outbox written, relay not running vs write off", "throughput ratio",
				100 * rates.get(variants.get(2).subject()) / withoutRate, "%"));
	}

	/** CPU time of all cores, per event, for a share of the machine busy at a rate. */
	private static double cpuPerEventMicros(double busyPercent, double perSecond) {
		return busyPercent / 100 * Runtime.getRuntime().availableProcessors() * 1e6 / perSecond;
	}

	/** The PostgreSQL process that streams the WAL to the sample's relay. */
	private static long walsenderPid(SampleInstance sample, TestDatabase database) {
		return JdbcClient.create(sample.context().getBean(DataSource.class))
			.sql("select active_pid from pg_replication_slots where slot_name = ? and active")
			.param(database.slotName())
			.query(Long.class)
			.single();
	}

	/** Bytes of WAL written but not yet confirmed by the sample's relay. */
	private static long walBehindRelay(SampleInstance sample, TestDatabase database) {
		return JdbcClient.create(sample.context().getBean(DataSource.class))
			.sql("select coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)), 0)::bigint "
					+ "from pg_replication_slots where slot_name = ?")
			.param(database.slotName())
			.query(Long.class)
			.single();
	}

	/** A sample of item 1: its own database, relay on or off, and its variant. */
	private record WritePathVariant(String subject, TestDatabase database, boolean relay, Class<?>[] sources) {
	}

	private void writePathFigures(String subject, List<ClosedLoad.Result> rounds, double rate) {
		add(Figure.of(1, subject, "throughput", rate, "/s"));
		// closed loop at saturation: service times, not latencies at a given rate
		// the second round's percentiles: both rounds are warm, the second the latest
		ClosedLoad.Result last = rounds.get(rounds.size() - 1);
		add(Figure.of(1, subject, "p50", last.latencies().percentileMillis(50), "ms"));
		add(Figure.of(1, subject, "p99", last.latencies().percentileMillis(99), "ms"));
		long failed = rounds.stream().mapToLong(ClosedLoad.Result::failed).sum();
		if (failed > 0) {
			add(Figure.of(1, subject, "failed", failed, ""));
		}
	}

	// 2. Commit to Kafka at a light and a heavy rate, this module against Modulith's
	// registry.
	private void commitToKafka(SampleInstance outbox) throws Exception {
		Outbox writer = outbox.context().getBean(Outbox.class);
		TransactionTemplate transactions = new TransactionTemplate(
				outbox.context().getBean(PlatformTransactionManager.class));
		CommitToKafka.EventWriter outboxWriter = (key, clock) -> transactions.executeWithoutResult((status) -> {
			clock.stampCommitOf(key);
			writer.publish("Latency", key, new LatencyProbe(key, "user-" + key + "@latency.example.com"));
		});
		long pollInterval = outbox.context().getBean(OutboxProperties.class).relay().pollInterval().toMillis();
		latencyFigures("outbox (WAL relay, poll-interval " + pollInterval + " ms)", outboxWriter,
				SampleInstance.TOPIC_PREFIX + "Latency");

		TestDatabase peerDatabase = database("bench_peer");
		try (ModulithPeer peer = ModulithPeer.start(peerDatabase, this.kafka.bootstrapServers(), Map.of())) {
			latencyFigures("Modulith registry, defaults", peer::write, ModulithPeer.TOPIC);
		}
		JdbcClient.create(dataSource(peerDatabase)).sql("delete from event_publication").update();
		// the knobs that matter: no producer linger (Kafka 4 waits 5 ms by default), and
		// completed publications deleted rather than updated
		Map<String, Object> tuning = Map.of("spring.kafka.producer.properties.linger.ms", 0,
				"spring.modulith.events.completion-mode", "delete");
		try (ModulithPeer peer = ModulithPeer.start(peerDatabase, this.kafka.bootstrapServers(), tuning)) {
			latencyFigures("Modulith registry, tuned", peer::write, ModulithPeer.TOPIC);
		}
		long open = JdbcClient.create(dataSource(peerDatabase))
			.sql("select count(*) from event_publication where completion_date is null")
			.query(Long.class)
			.single();
		add(Figure.of(2, "Modulith registry, tuned", "publications left incomplete", open, ""));
	}

	private void latencyFigures(String subject, CommitToKafka.EventWriter writer, String topic) throws Exception {
		String bootstrap = this.kafka.bootstrapServers();
		// warm until the heavy load's median settles (within the tolerance, or 0.5 ms)
		Warmup.Result warmup = Warmup.until(subject, this.settings.warmupTolerance(), 0.5,
				this.settings.warmupMaxWindows(), Warmup.JitClock.THIS_JVM,
				() -> CommitToKafka.run(writer, bootstrap, topic, this.settings.heavyRate(), this.settings.warmup(), 10)
					.toConsumer()
					.percentileMillis(50));
		add(warmup.figure(2, subject, this.settings.warmupTolerance()));
		for (int rate : new int[] { this.settings.lightRate(), this.settings.heavyRate() }) {
			CommitToKafka.Result result = CommitToKafka.run(writer, bootstrap, topic, rate, this.settings.measure(),
					10);
			String at = subject + " @" + rate + "/s";
			boolean heavy = rate == this.settings.heavyRate();
			double p50 = result.toConsumer().percentileMillis(50);
			double p99 = result.toConsumer().percentileMillis(99);
			// the load each latency was measured at, and how far behind the relay was
			add(Figure.of(2, at, "commits achieved", result.achievedRate(), "/s"));
			add(Figure.of(2, at, "schedule→commit p99", result.scheduleToCommit().percentileMillis(99), "ms"));
			Figure p50Figure = Figure.of(2, at, "commit→consumer p50", p50, "ms");
			Figure p99Figure = Figure.of(2, at, "commit→consumer p99", p99, "ms");
			if (heavy && subject.startsWith("outbox")) {
				p50Figure = p50Figure.against("≤ 10 ms", p50 <= 10);
				p99Figure = p99Figure.against("≤ 50 ms", p99 <= 50);
			}
			add(p50Figure);
			add(p99Figure);
			add(Figure.of(2, at, "commit→broker p50", result.toBroker().percentileMillis(50), "ms"));
			add(Figure.of(2, at, "commit→broker p99", result.toBroker().percentileMillis(99), "ms"));
			add(Figure.of(2, at, "not yet consumed at last commit", result.behindAtLastCommit(), "events"));
			add(Figure.of(2, at, "last commit→last consumed", result.drainMillis(), "ms"));
			add(Figure.of(2, at, "missing of " + result.committed() + " events", result.missing(), "")
				.against("0", result.missing() == 0));
		}
	}

	// 3. Drain a backlog into Kafka, against the same engine merely counting, and against
	// PostgreSQL's own decoding (pg_recvlogical): the physical limit.
	private void catchUp(SampleInstance outbox, TestDatabase database) throws Exception {
		CatchUp.Result result = CatchUp.run(outbox, database, this.kafka.bootstrapServers(), this.settings);
		String subject = String.format("backlog of %,d events", this.settings.backlog());
		add(result.warmup().figure(3, "relay draining backlogs", this.settings.warmupTolerance()));
		add(Figure.of(3, subject, "pg_recvlogical into /dev/null (limit)", result.decoded(), "/s"));
		add(Figure.of(3, subject, "relay into Kafka", result.published(), "/s")
			.against("≥ 40,000/s", result.published() >= 40_000));
		if (!Double.isNaN(result.decoded())) {
			double ofLimit = 100 * result.published() / result.decoded();
			add(Figure.of(3, subject, "relay vs pg_recvlogical", ofLimit, "%").against("≥ 50 %", ofLimit >= 50));
		}
		add(Figure.of(3, subject, "engine only counting", result.counted(), "/s"));
		double ratio = 100 * result.published() / result.counted();
		add(Figure.of(3, subject, "Kafka vs counting", ratio, "%").against("≥ 80 %", ratio >= 80));
		add(Figure.of(3, subject, "writing the backlog (SQL)", this.settings.backlog() / result.writeSeconds(), "/s"));
	}

	// 4. Sign-up to mail accepted, and mail-relay's throughput into smtp-sink against a
	// bare client's (the SMTP limit).
	private void mail(SampleInstance outbox) throws Exception {
		int mailboxPort = freePort();
		int mails = this.settings.mails();
		int window = Math.max(500, mails / 2);
		byte @Nullable [] renderedMail;
		TestDatabase e2eLedger = database("bench_mail_e2e");
		try (TimedMailbox mailbox = new TimedMailbox(mailboxPort);
				MailRelays relay = MailRelays.start("mail-relay-e2e", e2eLedger, this.kafka.bootstrapServers(),
						mailboxPort, this.settings.output(), PARTITIONS, SampleInstance.TOPIC_PREFIX + "User")) {
			String warming = "mail-relay, " + PARTITIONS + " listener threads, GreenMail";
			add(Warmup
				.until(warming, this.settings.warmupTolerance(), 0, this.settings.warmupMaxWindows(),
						Warmup.JitClock.THIS_JVM.and(relay::compilingMillis),
						() -> drainMailBacklog(outbox, dataSource(e2eLedger), "User", window))
				.figure(4, warming, this.settings.warmupTolerance()));
			SignupRequests requests = new SignupRequests(outbox.baseUrl(), "e2e.example.com");
			for (int rate : this.settings.mailRates()) {
				endToEndMail(requests, mailbox, rate);
			}
			renderedMail = mailbox.anyMail().orElse(null);
		}

		int sinkPort = freePort();
		double limit = Double.NaN;
		try (SmtpSink sink = SmtpSink.start(sinkPort, 0)) {
			if (renderedMail != null) {
				SmtpAnchor anchor = new SmtpAnchor(sinkPort, renderedMail);
				String subject = "bare Jakarta Mail client, 1 connection, smtp-sink";
				add(Warmup
					.until(subject, this.settings.warmupTolerance(), 0, this.settings.warmupMaxWindows(),
							Warmup.JitClock.THIS_JVM, () -> anchor.send(this.settings.warmup()))
					.figure(4, subject, this.settings.warmupTolerance()));
				limit = anchor.send(this.settings.measure());
				add(Figure.of(4, subject, "mails (limit)", limit, "/s"));
			}
			else {
				logger.warn("No mail of mail-relay's was captured: no SMTP limit measured");
			}
			// One listener thread, and one per partition (mail-relay's default, 3): each
			// its own JVM, ledger, topic and group, the first gone before the second
			// starts.
			for (int concurrency : new int[] { 1, PARTITIONS }) {
				mailThroughput(outbox, sinkPort, concurrency, mails, window, limit);
			}
		}
	}

	private void mailThroughput(SampleInstance outbox, int sinkPort, int concurrency, int mails, int window,
			double limit) throws Exception {
		TestDatabase ledger = database("bench_mail_" + concurrency);
		DataSource ledgerSource = dataSource(ledger);
		String aggregate = MAIL_AGGREGATE + concurrency;
		String subject = String.format("mail-relay, %d listener thread(s), backlog of %,d, smtp-sink", concurrency,
				mails);
		try (MailRelays relay = MailRelays.start("mail-relay-sink-" + concurrency, ledger,
				this.kafka.bootstrapServers(), sinkPort, this.settings.output(), concurrency,
				SampleInstance.TOPIC_PREFIX + aggregate)) {
			add(Warmup
				.until(subject, this.settings.warmupTolerance(), 0, this.settings.warmupMaxWindows(),
						relay::compilingMillis, () -> drainMailBacklog(outbox, ledgerSource, aggregate, window))
				.figure(4, subject, this.settings.warmupTolerance()));
			MachineCpu machine = MachineCpu.now();
			Duration cpuBefore = relay.cpuTime();
			double rate = drainMailBacklog(outbox, ledgerSource, aggregate, mails);
			double cpuMillis = relay.cpuTime().minus(cpuBefore).toNanos() / 1e6;
			double busy = machine.busyPercentSince();
			Figure rateFigure = Figure.of(4, subject, "mails", rate, "/s");
			add((concurrency == PARTITIONS) ? rateFigure.against("≥ 2,000/s (default)", rate >= 2_000) : rateFigure);
			if (!Double.isNaN(limit)) {
				double perThread = 100 * rate / concurrency / limit;
				add(Figure.of(4, subject, "per thread vs bare client", perThread, "%")
					.against("≥ 60 %", perThread >= 60));
			}
			add(Figure.of(4, subject, "mail-relay CPU per mail", cpuMillis * 1000 / mails, "µs"));
			add(Figure.of(4, subject, "machine busy (all processes)", busy, "%"));
		}
	}

	/** Sign-ups at a steady rate, and when the SMTP server accepted the mail of each. */
	private void endToEndMail(SignupRequests requests, TimedMailbox mailbox, int rate) throws Exception {
		SteadyLoad.run(requests, rate, this.settings.warmup());
		SteadyLoad load = SteadyLoad.run(requests, rate, this.settings.measure());
		try {
			Awaitility.await("mails of the measured sign-ups")
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> mailbox.acceptedAt().keySet().containsAll(load.createdAt().keySet()));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			logger.warn("Not every mail arrived within 120 s");
		}
		Latencies endToEnd = new Latencies();
		long missing = 0;
		for (Map.Entry<String, Long> sent : load.createdAt().entrySet()) {
			Long accepted = mailbox.acceptedAt().get(sent.getKey());
			if (accepted == null) {
				missing++;
			}
			else {
				endToEnd.recordNanos(accepted - sent.getValue());
			}
		}
		String subject = "sign-up → mail @" + rate + "/s (GreenMail, " + PARTITIONS + " listener threads)";
		add(Figure.of(4, subject, "p50", endToEnd.percentileMillis(50), "ms"));
		add(Figure.of(4, subject, "p99", endToEnd.percentileMillis(99), "ms"));
		// a sign-up not answered 201 (overload: the client's 30 s time-out) owes no mail
		add(Figure.of(4, subject, "sign-ups not answered 201, of " + load.sent(), load.failed(), ""));
		add(Figure
			.of(4, subject, "mails missing, of " + load.createdAt().size() + " sign-ups answered 201", missing, "")
			.against("0", missing == 0));
	}

	/**
	 * Writes a backlog of sign-up events of {@code aggregate} and measures how fast their
	 * mails are sent, from the first in the ledger to the last.
	 */
	private static double drainMailBacklog(SampleInstance outbox, DataSource ledgerSource, String aggregate,
			int mails) {
		long before = sentMails(ledgerSource);
		Backlog.write(outbox.context().getBean(DataSource.class), aggregate, "mail.example.com", mails);
		long[] first = { 0 };
		Awaitility.await(mails + " mails into smtp-sink")
			.atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				long sent = sentMails(ledgerSource) - before;
				if (sent > 0 && first[0] == 0) {
					first[0] = System.nanoTime();
				}
				return sent >= mails;
			});
		return mails / ((System.nanoTime() - first[0]) / 1e9);
	}

	private static long sentMails(DataSource ledger) {
		return JdbcClient.create(ledger).sql("select count(*) from sent_mail").query(Long.class).single();
	}

	// 5. Sign-ups while SMTP is fast, slow, down: outbox against a send in the request.
	private void smtpTrouble(SampleInstance outbox) throws Exception {
		int smtpPort = freePort();
		this.sink = SmtpSink.start(smtpPort, 0);
		SampleInstance naive = own(SampleInstance.start(database("bench_naive"), this.kafka.bootstrapServers(), false,
				Map.of("bench.smtp-port", smtpPort, "logging.level.org.apache.catalina.core", "off"),
				OutboxVariants.MailInRequest.class));
		// the outbox's mails go through mail-relay with one listener thread:
		// the sign-ups' p99 is the figure here, not the mail rate
		this.mailRelay = MailRelays.start("mail-relay-smtp-trouble", database("bench_mail_trouble"),
				this.kafka.bootstrapServers(), smtpPort, this.settings.output(), 1,
				SampleInstance.TOPIC_PREFIX + "User");
		SignupRequests outboxRequests = new SignupRequests(outbox.baseUrl(), "smtp.example.com");
		SignupRequests naiveRequests = new SignupRequests(naive.baseUrl(), "smtp.example.com");
		int rate = this.settings.outageRate();
		Duration duration = this.settings.outageDuration();
		// warm until the median settles (within the tolerance, or 0.5 ms), SMTP fast
		for (Map.Entry<String, SignupRequests> variant : Map
			.of("mail sent in the request", naiveRequests, "outbox", outboxRequests)
			.entrySet()) {
			add(Warmup
				.until(variant.getKey() + " @" + rate + "/s", this.settings.warmupTolerance(), 0.5,
						this.settings.warmupMaxWindows(), Warmup.JitClock.THIS_JVM,
						() -> SteadyLoad.run(variant.getValue(), rate, this.settings.warmup())
							.latencies()
							.percentileMillis(50))
				.figure(5, variant.getKey(), this.settings.warmupTolerance()));
		}
		double outboxFast = Double.NaN;
		// fast twice: how far the p99 moves with nothing changed, the resolution of
		// the ±10 % check
		for (String state : List.of("fast", "fast again", "slow", "down")) {
			if (this.sink != null) {
				this.sink.close();
				this.sink = null;
			}
			if (!state.equals("down")) {
				this.sink = SmtpSink.start(smtpPort, state.equals("slow") ? this.settings.smtpDelaySeconds() : 0);
			}
			String label = switch (state) {
				case "fast" -> "SMTP fast";
				case "fast again" -> "SMTP fast again";
				case "slow" -> "SMTP slow (" + this.settings.smtpDelaySeconds() + " s/mail)";
				default -> "SMTP down";
			};
			// both samples share this JVM: each window waits for the other's last
			// request (with SMTP slow, the in-request one works on long after its
			// clients gave up)
			naive.awaitNoRequestInProgress(DRAIN_TIMEOUT);
			MachineCpu outboxStart = MachineCpu.now();
			SteadyLoad withOutbox = SteadyLoad.run(outboxRequests, rate, duration);
			double outboxBusy = outboxStart.busyPercentSince();
			outbox.awaitNoRequestInProgress(DRAIN_TIMEOUT);
			SteadyLoad inRequest = SteadyLoad.run(naiveRequests, rate, duration);
			double outboxP99 = withOutbox.latencies().percentileMillis(99);
			long samples = withOutbox.latencies().count();
			Figure outboxFigure = Figure.of(5, "outbox", "sign-up p99, " + label, outboxP99, "ms");
			if (state.equals("fast")) {
				outboxFast = (samples >= MIN_P99_SAMPLES) ? outboxP99 : Double.NaN;
			}
			else if (samples < MIN_P99_SAMPLES || Double.isNaN(outboxFast)) {
				outboxFigure = outboxFigure.unchecked("not checked: < 2,000 samples");
			}
			else {
				double change = 100 * (outboxP99 - outboxFast) / outboxFast;
				outboxFigure = outboxFigure.against("within ±10 % of fast", Math.abs(change) <= 10);
			}
			add(outboxFigure);
			add(Figure.of(5, "mail sent in the request", "sign-up p99, " + label,
					inRequest.latencies().percentileMillis(99), "ms"));
			add(Figure.of(5, "outbox", "sign-up p50, " + label, withOutbox.latencies().percentileMillis(50), "ms"));
			add(Figure.of(5, "mail sent in the request", "sign-up p50, " + label,
					inRequest.latencies().percentileMillis(50), "ms"));
			add(Figure.of(5, "outbox", "machine busy (all processes), " + label, outboxBusy, "%"));
			add(Figure.of(5, "outbox", "answered 201 (p99's samples), " + label, samples, ""));
			add(Figure.of(5, "outbox", "failed of " + withOutbox.sent() + ", " + label, withOutbox.failed(), ""));
			add(Figure.of(5, "mail sent in the request", "failed of " + inRequest.sent() + ", " + label,
					inRequest.failed(), ""));
			add(Figure.of(5, "load generator", "sender late p99, " + label, Math
				.max(withOutbox.senderDelay().percentileMillis(99), inRequest.senderDelay().percentileMillis(99)),
					"ms"));
		}
	}

	/**
	 * Longest wait for a variant's left-over requests: they hold a pooled connection each
	 * until SMTP answers or its 5 s time-out.
	 */
	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

	/** Samples a p99 needs to be more than a few worst requests. */
	private static final long MIN_P99_SAMPLES = 2_000;

	// 6. What an idle relay costs, by poll interval: only when asked for
	// (--bench.only=6).
	private void idleCpu() throws Exception {
		Duration window = this.settings.measure();
		for (int millis : this.settings.idlePollIntervals()) {
			TestDatabase database = database("bench_idle");
			Map<String, Object> properties = new LinkedHashMap<>(this.settings.outbox());
			properties.put("outbox.relay.poll-interval", millis + "ms");
			SampleInstance[] sample = new SampleInstance[1];
			double share = IdleCpu.shareOfOneCore(() -> {
				sample[0] = SampleInstance.start(database, this.kafka.bootstrapServers(), true, properties);
				return sample[0];
			}, () -> {
				awaitLeading(sample[0]);
				awaitRelayCaughtUp(sample[0], "idle" + millis + ".probe.example.com");
			}, window);
			add(Figure.of(6, "idle relay, poll-interval " + millis + " ms", "CPU of the sample's threads", share,
					"% of a core"));
		}
		add(Figure.of(6, "sample without relay", "CPU of the sample's threads", IdleCpu.shareOfOneCore(
				() -> SampleInstance.start(database("bench_idle"), this.kafka.bootstrapServers(), false, Map.of()),
				() -> {
				}, window), "% of a core"));
	}

	// 7. What the event row adds to the sign-up's transaction, by the outbox table's
	// layout: PostgreSQL alone, layouts in turn for several rounds, medians reported.
	private void eventRowLayouts() throws Exception {
		List<EventRowLayouts.Layout> layouts = EventRowLayouts.Layout.all();
		EventRowLayouts bench = EventRowLayouts.create(database("bench_layouts"), layouts, this.settings.layoutRows(),
				LAYOUT_CONNECTIONS);
		for (int i = 0; i < layouts.size(); i++) {
			bench.measure(i, layouts.get(i), this.settings.warmup());
		}
		Duration window = this.settings.measure().dividedBy(2);
		List<List<EventRowLayouts.Window>> windows = new ArrayList<>();
		layouts.forEach((layout) -> windows.add(new ArrayList<>()));
		for (int round = 0; round < this.settings.layoutRounds(); round++) {
			// each round starts one layout further on: a layout's place in a round
			// moved its figure in a run without this
			for (int turn = 0; turn < layouts.size(); turn++) {
				int i = (round + turn) % layouts.size();
				EventRowLayouts.Window measured = bench.measure(i, layouts.get(i), window);
				windows.get(i).add(measured);
				logger.info("7 | {} | round {}: {}/s, {} B of WAL, {} µs of PostgreSQL CPU a sign-up",
						layouts.get(i).name(), round + 1, String.format("%,.0f", measured.perSecond()),
						String.format("%,.0f", measured.walBytesPerTransaction()),
						String.format("%,.0f", measured.backendMicrosPerTransaction()));
			}
		}
		List<EventRowLayouts.Window> baseline = windows.get(layouts.indexOf(EventRowLayouts.Layout.NO_EVENT));
		for (int i = 0; i < layouts.size(); i++) {
			String subject = layouts.get(i).name();
			List<EventRowLayouts.Window> own = windows.get(i);
			List<Double> ofBaseline = new ArrayList<>();
			for (int round = 0; round < own.size(); round++) {
				ofBaseline.add(100 * own.get(round).perSecond() / baseline.get(round).perSecond());
			}
			add(Figure.of(7, subject, "sign-ups/s", median(own, EventRowLayouts.Window::perSecond), "/s"));
			add(Figure.of(7, subject, "vs no event row, same round", median(ofBaseline), "%"));
			add(Figure.of(7, subject, "WAL per sign-up", median(own, EventRowLayouts.Window::walBytesPerTransaction),
					"B"));
			add(Figure.of(7, subject, "PostgreSQL CPU per sign-up",
					median(own, EventRowLayouts.Window::backendMicrosPerTransaction), "µs"));
			add(Figure.of(7, subject, "machine CPU per sign-up",
					median(own, EventRowLayouts.Window::machineMicrosPerTransaction), "µs"));
		}
	}

	private static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> figure) {
		return median(values.stream().map(figure::applyAsDouble).toList());
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * Connections of item 7's closed loop: enough to keep both cores of the documented
	 * machine busy while each waits for its commit.
	 */
	private static final int LAYOUT_CONNECTIONS = 4;

	/** Partitions of each topic the benchmark reads. */
	private static final int PARTITIONS = 3;

	/**
	 * Aggregate type (and topic) of item 4's backlogs, one per listener-thread setting.
	 */
	private static final String MAIL_AGGREGATE = "MailBacklog";

	private void createTopics() throws Exception {
		try (Admin admin = this.kafka.admin()) {
			Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
			admin
				.createTopics(List.of(
						new NewTopic(SampleInstance.TOPIC_PREFIX + "Latency", PARTITIONS, (short) 1)
							.configs(appendTime),
						new NewTopic(ModulithPeer.TOPIC, PARTITIONS, (short) 1).configs(appendTime),
						new NewTopic(SampleInstance.TOPIC_PREFIX + CatchUp.AGGREGATE, PARTITIONS, (short) 1),
						new NewTopic(SampleInstance.TOPIC_PREFIX + "User", PARTITIONS, (short) 1),
						new NewTopic(SampleInstance.TOPIC_PREFIX + MAIL_AGGREGATE + 1, PARTITIONS, (short) 1),
						new NewTopic(SampleInstance.TOPIC_PREFIX + MAIL_AGGREGATE + PARTITIONS, PARTITIONS, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * Signs up once, when nothing else is written, and waits until the sample's relay has
	 * had that event acknowledged by Kafka: the relay streams, and has published all that
	 * was committed before (it publishes in commit order).
	 */
	private static void awaitRelayCaughtUp(SampleInstance sample, String domain) {
		SignupRequests probe = new SignupRequests(sample.baseUrl(), domain);
		int status = probe.send(probe.nextEmail());
		if (status != 201) {
			throw new IllegalStateException("The probe sign-up was answered " + status);
		}
		UUID last = JdbcClient.create(sample.context().getBean(DataSource.class))
			.sql("select id from outbox_event order by created_at desc, id desc limit 1")
			.query(UUID.class)
			.single();
		RelayStatistics statistics = sample.context().getBean(OutboxRelay.class).statistics();
		Awaitility.await("the relay publishing the probe sign-up")
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> statistics.lastAcknowledged() != null && last.equals(statistics.lastAcknowledged().eventId()));
	}

	private void awaitLeading(SampleInstance sample) {
		OutboxRelay relay = sample.context().getBean(OutboxRelay.class);
		Awaitility.await("the relay leading")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(100))
			.until(relay::isLeader);
	}

	private TestDatabase database(String prefix) {
		TestDatabase database = TestPostgres.createDatabase(prefix);
		this.resources.add(database);
		return database;
	}

	private static DataSource dataSource(TestDatabase database) {
		return new org.springframework.jdbc.datasource.DriverManagerDataSource(database.jdbcUrl(),
				TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
	}

	private SampleInstance own(SampleInstance sample) {
		this.resources.add(sample);
		return sample;
	}

	private void add(Figure figure) {
		this.report.add(figure);
		logger.info("{} | {} | {} = {} {}", figure.item(), figure.subject(), figure.metric(), figure.formattedValue(),
				figure.unit());
	}

	private void section(int item, String name, Step step) {
		if (!this.settings.runs(item)) {
			return;
		}
		logger.info("=== {} {}", item, name);
		try {
			step.run();
		}
		catch (Exception ex) {
			logger.error("Benchmark section '{}' failed; its figures are missing", name, ex);
		}
	}

	private void close() {
		List<AutoCloseable> all = new ArrayList<>();
		all.add(this.mailRelay);
		all.add(this.sink);
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			all.add(this.resources.get(i));
		}
		for (AutoCloseable resource : all) {
			if (resource == null) {
				continue;
			}
			try {
				resource.close();
			}
			catch (Exception ex) {
				logger.warn("Could not close {}", resource, ex);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

	/** The event of the commit-to-Kafka measurement. */
	record LatencyProbe(String id, String email) {
	}

}
