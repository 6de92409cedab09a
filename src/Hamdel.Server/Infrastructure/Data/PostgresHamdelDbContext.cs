using Hamdel.Server.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Infrastructure.Data;

internal sealed class PostgresHamdelDbContext(DbContextOptions<PostgresHamdelDbContext> options) : HamdelDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Substring search over normalised text: pg_trgm answers LIKE '%word%' from a GIN index.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<SearchEntry>().HasIndex(e => e.Text).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
