package io.github.outbox.mailrelay;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the effect of an event (a mail, an SMS) happen at most once per event id, through
 * a ledger table keyed by the event id: the row is inserted and the effect happens in one
 * transaction. A failed effect leaves no row behind, and a second delivery of the same
 * event waits for the first one's transaction, then skips. Only a crash between the
 * effect and the commit repeats it.
 * <p>
 * A ledger table has at least {@code event_id uuid primary key} and
 * {@code event_type text}.
 */
@Component
public class EventLedger {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	EventLedger(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Claims the event in the table and, if the claim is new, runs the effect, both in
	 * one transaction; an exception from the effect rolls the claim back and is rethrown.
	 * @param table the ledger table
	 * @param event the event
	 * @param columns the row's further columns by name, for example the recipient
	 * @param effect what happens once per event id
	 * @return {@code false} if the event was claimed before: the effect did not run
	 */
	public boolean once(String table, ReceivedEvent event, Map<String, ?> columns, Runnable effect) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			if (!claim(table, event, columns)) {
				return false;
			}
			effect.run();
			return true;
		}));
	}

	/**
	 * Records the event in the table, in the caller's transaction. When another
	 * transaction is recording the same event, this waits until that one ends.
	 * @return {@code false} if the event was recorded before
	 */
	boolean claim(String table, ReceivedEvent event, Map<String, ?> columns) {
		Map<String, Object> row = new TreeMap<>(columns);
		row.put("event_id", event.id());
		row.put("event_type", event.type());
		row.keySet().forEach(EventLedger::requireName);
		String sql = "insert into " + requireName(table) + " (" + String.join(", ", row.keySet()) + ") values ("
				+ row.keySet().stream().map((name) -> ":" + name).collect(Collectors.joining(", "))
				+ ") on conflict (event_id) do nothing";
		return this.jdbc.sql(sql).params(row).update() == 1;
	}

	// names only come from code, never from an event; checked all the same, as they are
	// part of the statement
	private static String requireName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not a plain table or column name");
		}
		return name;
	}

}
