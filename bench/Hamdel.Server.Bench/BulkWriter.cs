using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hamdel.Server.Bench;

/// <summary>
/// The fastest plain way to put rows into each database, used as the anchor the API is compared
/// with: prepared INSERTs in one transaction on SQLite, binary COPY on PostgreSQL.
/// </summary>
internal abstract class BulkWriter : IAsyncDisposable
{
    public static async Task<BulkWriter> OpenAsync(BenchDatabase database) =>
        database.IsSqlite ? await SqliteWriter.OpenAsync(database.ConnectionString) : await PostgresWriter.OpenAsync(database.ConnectionString);

    /// <summary>Writes rows given in the application's own types (Guid, DateTimeOffset, enums as text, ...).</summary>
    public abstract Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows);

    public abstract Task CommitAsync();

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteWriter(SqliteConnection connection, SqliteTransaction transaction) : BulkWriter
    {
        public static async Task<BulkWriter> OpenAsync(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync();
            }
            return new SqliteWriter(connection, connection.BeginTransaction());
        }

        public override async Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Column names quoted: some are SQL words ("group").
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            command.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = Sqlite(row[i]);
                }
                await command.ExecuteNonQueryAsync();
            }
        }

        /// <summary>Values as SQLiteHamdelDbContext stores them: ids as big-endian blobs, instants as UTC ticks.</summary>
        private static object Sqlite(object? value) => value switch
        {
            null => DBNull.Value,
            Guid g => g.ToByteArray(bigEndian: true),
            DateTimeOffset d => d.UtcTicks,
            Enum e => e.ToString(),
            bool b => b ? 1 : 0,
            _ => value,
        };

        public override Task CommitAsync() => transaction.CommitAsync();

        public override async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private sealed class PostgresWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : BulkWriter
    {
        public static async Task<BulkWriter> OpenAsync(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return new PostgresWriter(connection, await connection.BeginTransactionAsync());
        }

        public override async Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows)
        {
            await using var import = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await import.StartRowAsync();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null:
                            await import.WriteNullAsync();
                            break;
                        case DateTimeOffset d:
                            await import.WriteAsync(d.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                            break;
                        case Enum e:
                            await import.WriteAsync(e.ToString(), NpgsqlTypes.NpgsqlDbType.Text);
                            break;
                        case string s:
                            await import.WriteAsync(s, NpgsqlTypes.NpgsqlDbType.Text);
                            break;
                        default:
                            await import.WriteAsync(value);
                            break;
                    }
                }
            }
            await import.CompleteAsync();
        }

        public override Task CommitAsync() => transaction.CommitAsync();

        public override async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

/// <summary>A fresh database for one benchmark: a SQLite file in a temporary folder, or a new PostgreSQL database.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    /// <summary>Every row a query returns, with its column names: what a run wrote, to load again raw.</summary>
    public static async Task<(string[] Columns, List<object?[]> Rows)> ReadAllAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var values = new object?[columns.Length];
            reader.GetValues(values!);
            rows.Add([.. values.Select(v => v is DBNull ? null : v)]);
        }
        return (columns, rows);
    }

    private readonly string? _admin;
    private readonly string? _name;

    private BenchDatabase(bool sqlite, string directory, string connectionString, string? admin, string? name)
    {
        IsSqlite = sqlite;
        Directory = directory;
        ConnectionString = connectionString;
        _admin = admin;
        _name = name;
    }

    public bool IsSqlite { get; }
    public string Directory { get; }
    public string ConnectionString { get; }
    public string Provider => IsSqlite ? "Sqlite" : "Postgres";

    public static async Task<BenchDatabase> CreateAsync(string provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hamdel-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return new BenchDatabase(true, directory, $"Data Source={Path.Combine(directory, "hamdel.db")};Pooling=true", null, null);
        }
        var admin = Environment.GetEnvironmentVariable("HAMDEL_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("HAMDEL_BENCH_POSTGRES is not set; run through ./bench.sh, which starts a throwaway PostgreSQL.");
        var name = "hamdel_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        // No command timeout: loading a million rows (and building their indexes) on a busy machine takes minutes.
        return new BenchDatabase(false, directory, new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString, admin, name);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsSqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Fresh planner statistics, as a running system would have.</summary>
    public async Task AnalyzeAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_admin is not null)
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
