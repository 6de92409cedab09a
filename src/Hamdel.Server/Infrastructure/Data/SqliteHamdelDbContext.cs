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
        // Ids as 16-byte blobs instead of 36-character text: indexes less than half the size and
        // cheaper comparisons. Big-endian, so byte order is the order of the text form, which for
        // version-7 ids is creation order (cursor paging relies on it).
        configurationBuilder.Properties<Guid>().HaveConversion<BigEndianGuidConverter>();
        configurationBuilder.Properties<Guid?>().HaveConversion<BigEndianGuidConverter>();
    }

    private sealed class BigEndianGuidConverter() : ValueConverter<Guid, byte[]>(
        v => v.ToByteArray(true),
        v => new Guid(v, true));

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
