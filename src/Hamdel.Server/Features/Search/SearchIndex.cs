using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Search;

/// <summary>
/// Finds conversations or customers whose text contains every word of a query, after both went
/// through the same normalisation (<see cref="SearchText"/>): «کیک» finds «كيك», «۱۲۳» finds «123».
/// SQLite answers from an FTS5 trigram index, PostgreSQL from a pg_trgm GIN index; words shorter
/// than three letters, which trigrams cannot index, are matched by a scan of the candidate rows.
/// </summary>
internal sealed class SearchIndex(HamdelDbContext db)
{
    /// <summary>Most owners a search returns (the list it feeds is paged separately).</summary>
    public const int MaxMatches = 500;

    public async Task<List<Guid>> FindAsync(Guid workspaceId, SearchKind kind, string query, int limit, CancellationToken cancellationToken)
    {
        var words = SearchText.Of(query).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(8).ToList();
        if (words.Count == 0)
        {
            return [];
        }
        var indexed = words.Where(w => w.Length >= 3).ToList();
        var entries = db.SearchEntries.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && e.Kind == kind);
        if (indexed.Count > 0 && db.Database.IsSqlite())
        {
            // FTS5 phrase per word: all must occur. Quotes inside a word are doubled, as FTS5 wants.
            var match = string.Join(" ", indexed.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM search_fts WHERE search_fts MATCH {match}");
            entries = entries.Where(e => ids.Contains(e.Id));
        }
        else
        {
            // LIKE '%word%' is what a pg_trgm index answers (strpos would scan).
            foreach (var word in indexed)
            {
                var pattern = Like(word);
                entries = entries.Where(e => EF.Functions.Like(e.Text, pattern, "\\"));
            }
        }
        foreach (var word in words.Where(w => w.Length < 3))
        {
            var pattern = Like(word);
            entries = entries.Where(e => EF.Functions.Like(e.Text, pattern, "\\"));
        }
        return await entries
            .Select(e => e.OwnerId)
            .Distinct()
            // Ids are version-7 GUIDs, stored so that their order is their creation order: when
            // more than `limit` match, the newest are the ones kept, the same ones every time.
            .OrderByDescending(ownerId => ownerId)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    private static string Like(string word) =>
        "%" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
