using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hamdel.Server.Infrastructure.Data;

// Used only by `dotnet ef migrations add`, one factory per migration set:
//   dotnet ef migrations add Name --project src/Hamdel.Server --context SqliteHamdelDbContext -o Infrastructure/Data/Migrations/Sqlite
//   dotnet ef migrations add Name --project src/Hamdel.Server --context PostgresHamdelDbContext -o Infrastructure/Data/Migrations/Postgres

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHamdelDbContext>
{
    public SqliteHamdelDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteHamdelDbContext>()
        .UseSqlite("Data Source=design.db", s => s.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention()
        .Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHamdelDbContext>
{
    public PostgresHamdelDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgresHamdelDbContext>()
        .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention()
        .Options);
}
