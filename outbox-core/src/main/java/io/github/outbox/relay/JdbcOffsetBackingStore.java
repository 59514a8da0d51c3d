package io.github.outbox.relay;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetUtils;
import org.jspecify.annotations.Nullable;

import io.debezium.embedded.KafkaConnectUtil;

/**
 * Keeps the engine's offsets in a table of the outbox database, written in one
 * transaction per flush, so that they survive a crash as durably as the outbox rows do.
 * <p>
 * Written here because Debezium publishes no JDBC offset store for its 3.6 line. The
 * engine creates it by class name; its settings come from the engine properties under
 * {@code outbox.offsets.jdbc.*}.
 */
public class JdbcOffsetBackingStore extends MemoryOffsetBackingStore {

	static final String URL = "outbox.offsets.jdbc.url";

	static final String USER = "outbox.offsets.jdbc.user";

	static final String PASSWORD = "outbox.offsets.jdbc.password";

	private static final String SELECT = "select offset_key, offset_value from outbox_relay_offset";

	private static final String UPSERT = """
			insert into outbox_relay_offset (offset_key, offset_value, updated_at) values (?, ?, now())
			on conflict (offset_key) do update set offset_value = excluded.offset_value, updated_at = now()""";

	private final Converter keyConverter = KafkaConnectUtil.converterForOffsetStore();

	private final Map<String, Set<Map<String, Object>>> connectorPartitions = new HashMap<>();

	private String url = "";

	private String user = "";

	private String password = "";

	private @Nullable Connection connection;

	@Override
	public void configure(WorkerConfig config) {
		super.configure(config);
		Map<String, String> originals = config.originalsStrings();
		this.url = required(originals, URL);
		this.user = required(originals, USER);
		this.password = required(originals, PASSWORD);
	}

	@Override
	public synchronized void start() {
		super.start();
		Map<ByteBuffer, ByteBuffer> loaded = new HashMap<>();
		try (PreparedStatement select = connection().prepareStatement(SELECT); ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				byte[] key = rows.getBytes(1);
				byte[] value = rows.getBytes(2);
				loaded.put(ByteBuffer.wrap(key), (value != null) ? ByteBuffer.wrap(value) : null);
				OffsetUtils.processPartitionKey(key, value, this.keyConverter, this.connectorPartitions);
			}
		}
		catch (SQLException ex) {
			closeConnection();
			throw new ConnectException("Cannot read the relay's offsets from outbox_relay_offset", ex);
		}
		this.data = loaded;
	}

	@Override
	public synchronized void stop() {
		super.stop();
		closeConnection();
	}

	/**
	 * Stores all offsets in one transaction; a failure leaves the previous ones in place
	 * and fails the engine's flush, so nothing is acknowledged that was not stored.
	 */
	@Override
	protected void save() {
		try {
			Connection con = connection();
			try (PreparedStatement upsert = con.prepareStatement(UPSERT)) {
				for (Map.Entry<ByteBuffer, ByteBuffer> entry : this.data.entrySet()) {
					byte[] key = entry.getKey().array();
					byte[] value = (entry.getValue() != null) ? entry.getValue().array() : null;
					upsert.setBytes(1, key);
					upsert.setBytes(2, value);
					upsert.addBatch();
					OffsetUtils.processPartitionKey(key, value, this.keyConverter, this.connectorPartitions);
				}
				upsert.executeBatch();
				con.commit();
			}
			catch (SQLException ex) {
				con.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			closeConnection();
			throw new ConnectException("Cannot store the relay's offsets in outbox_relay_offset", ex);
		}
	}

	@Override
	public Set<Map<String, Object>> connectorPartitions(String connectorName) {
		return this.connectorPartitions.getOrDefault(connectorName, Set.of());
	}

	private Connection connection() throws SQLException {
		Connection current = this.connection;
		if (current == null || current.isClosed()) {
			current = DriverManager.getConnection(this.url, this.user, this.password);
			current.setAutoCommit(false);
			this.connection = current;
		}
		return current;
	}

	private void closeConnection() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				// Closing a broken connection: nothing is left to release.
			}
		}
	}

	private static String required(Map<String, String> config, String key) {
		String value = config.get(key);
		if (value == null) {
			throw new ConnectException("Missing engine property " + key);
		}
		return value;
	}

}
