using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure.Data;

internal static class DataServiceCollectionExtensions
{
    /// <summary>Registers the database chosen by <c>Hamdel:Database:Provider</c>.</summary>
    public static IHostApplicationBuilder AddHamdelData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HamdelOptions>().BindConfiguration(HamdelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataDirectory = ResolveDataDirectory(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(dataDirectory);

        // A page cut from an unordered query returns different rows from run to run: in
        // development (and so in every test) that is an error, in production a logged warning.
        var development = builder.Environment.IsDevelopment();
        void Strict(WarningsConfigurationBuilder w)
        {
            if (development)
            {
                w.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning);
            }
        }

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(options.ConnectionString, dataDirectory);
                var pragmas = new SqlitePragmaInterceptor(options.SqliteSynchronous);
                builder.Services.AddDbContextPool<HamdelDbContext, SqliteHamdelDbContext>((services, o) => o
                    .UseSqlite(sqlite, s => s.MigrationsHistoryTable("__ef_migrations_history"))
                    .UseSnakeCaseNamingConvention()
                    .ConfigureWarnings(Strict)
                    .AddInterceptors(pragmas, services.GetRequiredService<Events.OutboxWakeInterceptor>()));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                        ["Hamdel:Database:ConnectionString is required when Hamdel:Database:Provider is Postgres (e.g. \"Host=127.0.0.1;Database=hamdel;Username=hamdel;Password=...\")."]);
                }
                builder.Services.AddDbContextPool<HamdelDbContext, PostgresHamdelDbContext>((services, o) => o
                    .UseNpgsql(options.ConnectionString, n => n.MigrationsHistoryTable("__ef_migrations_history"))
                    .UseSnakeCaseNamingConvention()
                    .ConfigureWarnings(Strict)
                    .AddInterceptors(services.GetRequiredService<Events.OutboxWakeInterceptor>()));
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                    [$"Hamdel:Database:Provider must be Sqlite or Postgres, not '{options.Provider}'."]);
        }

        builder.Services.AddHealthChecks().AddDbContextCheck<HamdelDbContext>("database", tags: ["ready"]);
        return builder;
    }

    public static string ResolveDataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{HamdelOptions.Section}:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path));
    }

    private static string SqliteConnectionString(string? configured, string dataDirectory)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(dataDirectory, "hamdel.db")}"
            : configured);
        if (!Path.IsPathRooted(csb.DataSource) && csb.Mode != SqliteOpenMode.Memory)
        {
            csb.DataSource = Path.Combine(dataDirectory, csb.DataSource);
        }
        csb.Pooling = true;
        csb.DefaultTimeout = 30;
        return csb.ToString();
    }

    /// <summary>Applies pending migrations and, for SQLite, switches the file to WAL mode.</summary>
    public static async Task MigrateHamdelDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the file, so setting it once is enough; it lets readers work
            // while a writer commits.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }
        // A first start on an empty PostgreSQL database would otherwise log a failed query against the
        // not-yet-existing history table as an error, which looks alarming and is not.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Sets the per-connection SQLite settings every time a pooled connection is opened.</summary>
    private sealed class SqlitePragmaInterceptor(string synchronous) : DbConnectionInterceptor
    {
        private readonly string _sql = $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the text is built from a validated option, not from input
            command.CommandText = _sql;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the text is built from a validated option, not from input
            command.CommandText = _sql;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
