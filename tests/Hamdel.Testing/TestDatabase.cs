using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hamdel.Testing;

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A throwaway database for one test server: a SQLite file in a temporary folder, or a fresh
/// database on the PostgreSQL server that test.sh started (HAMDEL_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseKind kind, string dataDirectory, string connectionString, string? adminConnectionString, string? databaseName)
    {
        Kind = kind;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
        _databaseName = databaseName;
    }

    public DatabaseKind Kind { get; }
    public string DataDirectory { get; }
    public string ConnectionString { get; }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("HAMDEL_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "HAMDEL_TEST_POSTGRES is not set. Run the tests through ./test.sh, which starts a throwaway PostgreSQL, "
            + "or set it to a connection string of a server where the user may create databases.");

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hamdel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (kind == DatabaseKind.Sqlite)
        {
            return new TestDatabase(kind, directory, $"Data Source={Path.Combine(directory, "hamdel.db")}", null, null);
        }

        var admin = PostgresServer;
        var name = "hamdel_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(kind, directory, builder.ConnectionString, admin, name);
    }

    /// <summary>A context on this database, for reading what a server process stored.</summary>
    internal Hamdel.Server.Infrastructure.Data.HamdelDbContext OpenContext()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            return new Hamdel.Server.Infrastructure.Data.SqliteHamdelDbContext(
                new DbContextOptionsBuilder<Hamdel.Server.Infrastructure.Data.SqliteHamdelDbContext>()
                    .UseSqlite(ConnectionString).UseSnakeCaseNamingConvention().Options);
        }
        return new Hamdel.Server.Infrastructure.Data.PostgresHamdelDbContext(
            new DbContextOptionsBuilder<Hamdel.Server.Infrastructure.Data.PostgresHamdelDbContext>()
                .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing server is left for the OS to clean up.
        }
    }
}
