using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Search;

public enum SearchKind
{
    /// <summary>A message's text; the owner is its conversation.</summary>
    Message,
    /// <summary>A customer's name and identities; the owner is the customer.</summary>
    Customer,
}

/// <summary>
/// Text to search, already reduced to its search key (Arabic and Persian letter variants, digits,
/// diacritics and zero-width joiners folded by Hamdel.Text's SearchNormalizer), so both databases
/// search exactly the same text: SQLite through an FTS5 trigram index, PostgreSQL through a
/// pg_trgm GIN index.
/// </summary>
internal sealed class SearchEntry
{
    /// <summary>Integer key: FTS5 indexes rows by integer rowid.</summary>
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public SearchKind Kind { get; init; }
    /// <summary>The conversation (for messages) or the customer.</summary>
    public Guid OwnerId { get; set; }
    /// <summary>The message, for message entries.</summary>
    public Guid? SourceId { get; init; }
    public required string Text { get; set; }
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public const string Table = "search_entries";

    public void Configure(EntityTypeBuilder<SearchEntry> builder)
    {
        builder.ToTable(Table);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.HasIndex(e => new { e.WorkspaceId, e.Kind, e.OwnerId });
        builder.HasIndex(e => e.SourceId);
    }
}
