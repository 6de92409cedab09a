using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hamdel.Server.Infrastructure.Data;

internal sealed class SqliteHamdelDbContext(DbContextOptions<SqliteHamdelDbContext> options) : HamdelDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no date type, and EF cannot compare or order DateTimeOffset stored as text.
        // Every instant Hamdel stores is UTC, so it is kept as UTC ticks: exact, sortable, indexable.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
