package io.github.outbox.relay;

import java.nio.ByteBuffer;
import java.sql.Connection;
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
 * engine creates it by class name; it connects as the relay's role to the database the
 * engine streams from, which it reads from the engine properties.
 */
public class JdbcOffsetBackingStore extends MemoryOffsetBackingStore {

	private static final String SELECT = "select offset_key, offset_value from outbox_relay_offset";

	private static final String UPSERT = """
			insert into outbox_relay_offset (offset_key, offset_value, updated_at) values (?, ?, now())
			on conflict (offset_key) do update set offset_value = excluded.offset_value, updated_at = now()""";

	private final Converter keyConverter = KafkaConnectUtil.converterForOffsetStore();

	private final Map<String, Set<Map<String, Object>>> connectorPartitions = new HashMap<>();

	private final RelayConnection connection = new RelayConnection(this::open);

	/** Set by {@link #configure}, which the engine calls first. */
	private @Nullable ReplicationTarget target;

	@Override
	public void configure(WorkerConfig config) {
		super.configure(config);
		this.target = EngineProperties.target(config.originalsStrings());
	}

	@Override
	public synchronized void start() {
		super.start();
		Map<ByteBuffer, ByteBuffer> loaded = new HashMap<>();
		try (PreparedStatement select = this.connection.get().prepareStatement(SELECT);
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				byte[] key = rows.getBytes(1);
				byte[] value = rows.getBytes(2);
				loaded.put(ByteBuffer.wrap(key), (value != null) ? ByteBuffer.wrap(value) : null);
				OffsetUtils.processPartitionKey(key, value, this.keyConverter, this.connectorPartitions);
			}
		}
		catch (SQLException ex) {
			this.connection.close();
			throw new ConnectException("Cannot read the relay's offsets from outbox_relay_offset", ex);
		}
		this.data = loaded;
	}

	@Override
	public synchronized void stop() {
		super.stop();
		this.connection.close();
	}

	/**
	 * Stores all offsets in one transaction; a failure leaves the previous ones in place
	 * and fails the engine's flush, so nothing is acknowledged that was not stored.
	 */
	@Override
	protected void save() {
		try {
			Connection con = this.connection.get();
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
			this.connection.close();
			throw new ConnectException("Cannot store the relay's offsets in outbox_relay_offset", ex);
		}
	}

	@Override
	public Set<Map<String, Object>> connectorPartitions(String connectorName) {
		return this.connectorPartitions.getOrDefault(connectorName, Set.of());
	}

	private Connection open() throws SQLException {
		ReplicationTarget current = this.target;
		if (current == null) {
			throw new SQLException("The offset store was not configured");
		}
		Connection opened = current.connect();
		opened.setAutoCommit(false);
		return opened;
	}

}
